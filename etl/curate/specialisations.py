"""``specialisations.csv`` (S3 areas per county) -> ``data/specialisations.csv``.

The strategy each area belongs to is ``mappings/strategies.csv``; the shared S3 theme of
each area is the analyst classification ``mappings/area_themes.csv`` (not from a source).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from etl import mappings
from etl.curate.common import read_csv, short, split_urls
from etl.curate.sources import SourceRegistry

FILE = "specialisations.csv"
#: (region code, status in the reference) -> (strategy, period)
STRATEGIES = {(r["region_code"], r["status"]): (r["strategy"], r["period"]) for r in mappings.read("strategies")}
#: Analyst classification of each area into a shared theme (not from a source).
AREA_THEMES = {r["area_en"]: r["theme_id"] for r in mappings.read("area_themes")}
NACE_NOTE = "analyst mapping by the research team; no source states these codes"


def curate_specialisations(ref: Path, sources: SourceRegistry) -> list[dict]:
    out = []
    seen: Counter[str] = Counter()
    for x in read_csv(ref / FILE):
        urls = split_urls(x["source_url"])
        sids = [sources.add(u, f"Page cited for S3 area: {x['area_en']} ({x['region_name']})",
                            via=f"shared/reference/{FILE}") for u in urls]
        status = x["status"]
        strategy, period = STRATEGIES[(x["region_code"], status)]
        base = f"{x['region_code']}-{status.split('-')[0]}-{short(x['area_en'])}"
        seen[base] += 1
        out.append({
            "area_id": base if seen[base] == 1 else f"{base}-{seen[base]}",
            "region_code": x["region_code"], "area_sv": x["area_sv"], "area_en": x["area_en"],
            "status": "current" if status.startswith("current") else "superseded",
            "status_verified": "false" if status.endswith("unverified") else "true",
            "strategy": strategy, "period": period, "theme_id": AREA_THEMES[x["area_en"]],
            "description": x["description"], "clusters": x["clusters"], "nace_codes": x["nace_codes"],
            "nace_note": NACE_NOTE if x["nace_codes"] else "",
            "source_id": sids[0], "other_source_ids": ";".join(sids[1:]),
        })
    return out
