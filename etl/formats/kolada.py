"""Kolada's formats: the website's exports and the v3 API's JSON (``values`` per KPI,
region and period, one value per gender).

Exports come in two shapes, as .xlsx or .csv:

* long (the API's fields, ``kpi;municipality;period;gender;value``, or Swedish headers):
  the template's long shape, read by ``etl.formats.template``;
* wide (``read_wide``): a title naming the KPI ("N01982 Invånare 25-64 år ..."), a
  header row "Kommun | Kön | 2021 | 2022", one row per region (and sex).

The KPI id (e.g. N01982) names the indicator through the catalogue's ``kolada_id``. Only
the total of both sexes (T, Totalt) is loaded; the validator counts the rows for women and
men it leaves out, and refuses a file that has no total. A value with status "Missing"
stays missing.
"""

from __future__ import annotations

import re

from etl.formats import scb
from etl.rows import Parsed, Sheet, cell, col_letter, long_frame, norm

LICENCE = "CC BY 4.0 (Kolada, RKA)"
PUBLISHER = "Kolada (RKA)"
#: Header texts (normalised) of the export's KPI column: a long table with one is Kolada's.
KPI_HEADERS = {"kpi", "kpiid", "nyckeltal"}
#: A Kolada KPI id: N (or U) and five digits.
KPI_ID = re.compile(r"\b([NU]\d{5})\b")
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


def read_wide(sheet: Sheet) -> Parsed | None:
    """A wide Kolada export as long indicator rows, or None when the sheet is not one.

    It is Kolada's when its title names one KPI id or its header has a "Kön" column; the
    KPI becomes every row's indicator (its cell named as where it came from). A title
    naming several KPIs gives no indicator: the validator then asks for one."""
    wide = scb.find_wide(sheet)
    if not wide:
        return None
    header_row, year_cols, label_col, gender_col = wide
    title_cells = [(r, c, cell(v)) for r, row in enumerate(sheet.rows[:header_row]) for c, v in enumerate(row)
                   if KPI_ID.search(cell(v))]
    kpis = {m for _, _, t in title_cells for m in KPI_ID.findall(t)}
    kpi_col = next((i for i, v in enumerate(sheet.rows[header_row][:label_col]) if norm(cell(v)) in KPI_HEADERS),
                   None)
    if gender_col is None and not kpis and kpi_col is None:
        return None
    frame, title, notes = scb.wide_frame(sheet, header_row, year_cols, label_col, gender_col)
    if frame.empty:
        return None
    if kpi_col is not None:
        frame["indicator"] = [cell(sheet.rows[r - 1][kpi_col]) if kpi_col < len(sheet.rows[r - 1]) else ""
                              for r in frame.excel_row]
        frame["indicator_col"] = col_letter(kpi_col)
    elif len(kpis) == 1:
        r, c, _ = title_cells[0]
        frame["indicator"] = next(iter(kpis))
        frame["indicator_col"] = f"{col_letter(c)}{r + 1}"
    return Parsed("indicator_value", "kolada", sheet.name, frame, title, notes)
