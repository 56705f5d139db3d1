"""``data/indicator_values.csv``: one value per (region, indicator, year) from two reference files.

Where the same (region, indicator, year) comes from both files, the file first in
``SOURCE_PRIORITY`` wins (then a final figure over a preliminary one); a disagreement is
written to ``data/curation_decisions.md``. Values the reference notes doubt
(``mappings/caution_values.csv``) are flagged ``caution``.
"""

from __future__ import annotations

from pathlib import Path

from etl import mappings
from etl.curate import dalarna_extracts, regional_stats
from etl.curate.sources import SourceRegistry

#: When the same (region, indicator, year) is in both files, which wins.
#: Region Dalarna's extracts are copied from SCB/Kolada files directly; the
#: regional_stats rows are often read off secondary pages.
SOURCE_PRIORITY = ("dalarna_extracts", "regional_stats")

#: Values the reference notes flag as doubtful in the source file itself (regional_stats.md:
#: Kolada's 2019 higher-education R&D for Norrbotten and Västerbotten look swapped).
CAUTION = {(r["region_code"], r["indicator_id"], r["year"]) for r in mappings.read("caution_values")}
CAUTION_NOTE = "CAUTION: looks swapped with the neighbouring county in the source file. "


def curate_indicator_values(ref: Path, sources: SourceRegistry, regions: list[dict[str, str]],
                            decisions: list[str]) -> list[dict[str, str]]:
    candidates: dict[tuple[str, str, str], list[dict[str, str]]] = {}
    for origin, rows in (("dalarna_extracts", dalarna_extracts.candidates(ref, sources, regions)),
                         ("regional_stats", regional_stats.candidates(ref, sources, regions))):
        for row in rows:
            key = (row["region_code"], row["indicator_id"], row["year"])
            candidates.setdefault(key, []).append({**row, "_origin": origin})

    out = []
    for key in sorted(candidates):
        rows = sorted(candidates[key], key=lambda r: (SOURCE_PRIORITY.index(r["_origin"]),
                                                      r["flag"] == "preliminary", r["source_id"]))
        chosen = rows[0]
        if len(rows) > 1:
            values = sorted({r["value"] for r in rows})
            if len(values) > 1:
                decisions.append(
                    f"- `{key[1]}` {key[0]} {key[2]}: sources disagree ({', '.join(values)}); "
                    f"kept {chosen['value']} from {chosen['_origin']} ({chosen['source_id']})."
                )
        chosen.pop("_origin")
        if key in CAUTION:
            chosen["flag"] = "caution"
            chosen["note"] = CAUTION_NOTE + chosen["note"]
        chosen["note"] = " ".join(chosen["note"].split())[:300]
        out.append(chosen)
    return out
