"""Eurostat's Statistics API answers (JSON-stat 2.0) -> indicator rows.

``value`` is a sparse object: absent cells are missing, never zero, and are not loaded.
Status letters become flags: p provisional, e estimated, b break in series, u low reliability.
"""

from __future__ import annotations

from etl.formats import jsonstat
from etl.rows import Parsed, long_frame

LICENCE = "CC BY 4.0 (© European Union, Eurostat)"
PUBLISHER = "Eurostat"
FLAGS = {"p": "preliminary", "e": "estimated", "b": "break", "u": "low_precision"}


def flags(status) -> str | None:
    """Eurostat status letters ('p', 'be', 'e p') -> our flags ('preliminary', 'break;estimated')."""
    if not isinstance(status, str):
        return None
    out = [FLAGS[c] for c in status.lower() if c in FLAGS]
    return ";".join(dict.fromkeys(out)) or None


def records(doc: dict, dataset: str, indicator: str, url: str) -> list[dict]:
    frame = jsonstat.decode(doc)
    time_dim = "time" if "time" in frame else (doc.get("role", {}).get("time") or ["time"])[0]
    title = f"Eurostat {dataset}: {doc.get('label') or dataset}"
    out = []
    for row in frame.itertuples(index=False):
        r = row._asdict()
        if r["value"] != r["value"]:  # NaN: not in the sparse value object -> missing, not loaded
            continue
        out.append({"region": r["geo"], "indicator": indicator, "year": r[time_dim], "value": r["value"],
                    "flag": flags(r["status"]), "excel_row": int(r["position"]) + 1, "source_url": url,
                    "source_publisher": PUBLISHER, "source_title": title, "source_table_id": dataset})
    return out


def parsed(rows: list[dict], datasets: list[str]) -> Parsed:
    frame = long_frame(rows, {"region": "geo", "indicator": "dataset", "year": "time", "value": "value",
                              "flag": "status", "source_url": "value", "source_publisher": "value",
                              "source_title": "value", "source_table_id": "value"})
    return Parsed("indicator_value", "eurostat_api", ",".join(datasets), frame)
