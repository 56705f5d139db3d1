"""Eurostat's Statistics API answers (JSON-stat 2.0) -> indicator rows.

``value`` is a sparse object: absent cells are missing, never zero, and are not loaded.
Status letters become flags, every letter Eurostat documents (``vocabulary.EUROSTAT_STATUS``:
b break, c confidential, d definition differs, e estimated, f forecast, n not significant,
p provisional, r revised, s Eurostat estimate, u low reliability, z not applicable), also
several at once ("bdep"). A letter Eurostat does not document is refused, never dropped.
"""

from __future__ import annotations

from etl import vocabulary
from etl.formats import jsonstat
from etl.rows import Parsed, long_frame

LICENCE = "CC BY 4.0 (© European Union, Eurostat)"
PUBLISHER = "Eurostat"
FLAGS = vocabulary.EUROSTAT_STATUS


class UnknownStatus(ValueError):
    """A status letter Eurostat does not document; the message names it and where it is."""


def flags(status) -> str | None:
    """Eurostat status letters ('p', 'be', 'bdep', 'e p') -> our flags ('preliminary',
    'break;estimated', ...); None without a status. Raises UnknownStatus for a letter
    Eurostat does not document."""
    if not isinstance(status, str) or not status.strip():
        return None
    letters = [c for c in status.lower() if not c.isspace()]
    unknown = [c for c in letters if c not in FLAGS]
    if unknown:
        raise UnknownStatus(f"status '{status}' holds {', '.join(repr(c) for c in dict.fromkeys(unknown))}, "
                            f"which Eurostat does not document (known: {', '.join(FLAGS)})")
    return vocabulary.FLAG_SEPARATOR.join(dict.fromkeys(FLAGS[c] for c in letters))


def records(doc: dict, dataset: str, indicator: str, url: str) -> list[dict]:
    frame = jsonstat.decode(doc)
    time_dim = "time" if "time" in frame else (doc.get("role", {}).get("time") or ["time"])[0]
    title = f"Eurostat {dataset}: {doc.get('label') or dataset}"
    out = []
    for row in frame.itertuples(index=False):
        r = row._asdict()
        if r["value"] != r["value"]:  # NaN: not in the sparse value object -> missing, not loaded
            continue
        try:
            flag = flags(r["status"])
        except UnknownStatus as err:
            raise UnknownStatus(f"{r['geo']} {r[time_dim]}: {err}") from None
        out.append({"region": r["geo"], "indicator": indicator, "year": r[time_dim], "value": r["value"],
                    "flag": flag, "excel_row": int(r["position"]) + 1, "source_url": url,
                    "source_publisher": PUBLISHER, "source_title": title, "source_table_id": dataset})
    return out


def parsed(rows: list[dict], datasets: list[str]) -> Parsed:
    frame = long_frame(rows, {"region": "geo", "indicator": "dataset", "year": "time", "value": "value",
                              "flag": "status", "source_url": "value", "source_publisher": "value",
                              "source_title": "value", "source_table_id": "value"})
    return Parsed("indicator_value", "eurostat_api", ",".join(datasets), frame)
