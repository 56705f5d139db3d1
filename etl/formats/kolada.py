"""Kolada's formats: the website's export (long: region, KPI, year, gender, value) and the
v3 API's JSON (``values`` per KPI, region and period, one value per gender).

The export has the template's long shape (``etl.formats.template`` reads it); its KPI
column (the id, e.g. N01982) names the indicator through the catalogue's ``kolada_id``.
Only gender total (T) is kept; a value with status "Missing" stays missing.
"""

from __future__ import annotations

from etl.rows import Parsed, long_frame

LICENCE = "CC BY 4.0 (Kolada, RKA)"
PUBLISHER = "Kolada (RKA)"
#: Header texts (normalised) of the export's KPI column: a long table with one is Kolada's.
KPI_HEADERS = {"kpi", "kpiid", "nyckeltal"}
#: Rows of a page are numbered page * PAGE_ROWS + n, so a problem names page and record.
PAGE_ROWS = 100_000


def records(doc: dict, page: int, kpi_map: dict[str, str], url: str) -> list[dict]:
    """One page of the API's answer -> indicator rows (gender total only)."""
    out = []
    for n, item in enumerate(doc.get("values", []), 1):
        for v in item.get("values", []):
            if str(v.get("gender", "T")).upper() != "T":
                continue
            value = v.get("value")
            out.append({"region": item.get("municipality"), "indicator": item.get("kpi"), "year": item.get("period"),
                        "value": "" if value is None or v.get("status") == "Missing" else value,
                        "excel_row": page * PAGE_ROWS + n, "source_url": url, "source_publisher": PUBLISHER,
                        "source_title": f"Kolada {item.get('kpi')} ({kpi_map.get(item.get('kpi'), '')})",
                        "source_table_id": item.get("kpi")})
    return out


def parsed(rows: list[dict]) -> Parsed:
    frame = long_frame(rows, {"region": "municipality", "indicator": "kpi", "year": "period", "value": "value",
                              "source_url": "value", "source_publisher": "value", "source_title": "value",
                              "source_table_id": "value"})
    return Parsed("indicator_value", "kolada", "kolada", frame)
