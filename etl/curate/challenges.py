"""``challenges.csv`` and the strategies' action areas -> ``data/challenges.csv``,
``data/action_areas.csv`` and ``data/challenge_indicators.csv``.

The action areas (``mappings/action_areas.csv``, an empty name = not found in any
source) are transcribed from the pages in ``mappings/action_area_sources.csv``. Which
indicators evidence each challenge is the analyst mapping
``mappings/challenge_indicators.csv``: only rates and per-capita measures, because a
county total (a count, MSEK) measures size and cannot say whether a county does better
or worse (totals are shown over time only).
"""

from __future__ import annotations

import re
from pathlib import Path

from etl import mappings
from etl.curate.common import read_csv, split_urls
from etl.curate.sources import SourceRegistry

FILE = "challenges.csv"
ACTION_AREAS = mappings.read("action_areas")
#: framework -> (url, title) of the page its action areas are read from
ACTION_AREA_SOURCES = {r["framework"]: (r["url"], r["title"]) for r in mappings.read("action_area_sources")}


def _challenge_indicators() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for r in mappings.read("challenge_indicators"):
        out.setdefault(r["challenge_en"], []).append(r["indicator_id"])
    return out


#: challenge (its English name in the reference) -> indicator ids, in the order shown
CHALLENGE_INDICATORS = _challenge_indicators()


def curate_challenges(ref: Path, sources: SourceRegistry) -> tuple[list[dict], list[dict], list[dict]]:
    areas = []
    for a in ACTION_AREAS:
        url, title = ACTION_AREA_SOURCES[a["framework"]]
        sid = sources.add(url, title, via="shared/reference/s3.md")
        areas.append({"action_area_id": f"{a['framework']}-{a['number']}", "framework": a["framework"],
                      "number": a["number"], "name_sv": a["name_sv"], "name_en": a["name_en"],
                      "description_sv": a["description_sv"], "known": "true" if a["name_sv"] else "false",
                      "source_id": sid})
    challenges, links = [], []
    for i, x in enumerate(read_csv(ref / FILE), start=1):
        urls = split_urls(x["source_url"])
        sids = [sources.add(u, f"Page cited for challenge: {x['challenge_en'][:80]}",
                            via=f"shared/reference/{FILE}") for u in urls]
        action_area_id = ""
        m = re.match(r"Focus Industry action area (\d)", x["action_area"])
        if m:
            action_area_id = f"focus_industry-{m.group(1)}"
        cid = f"C{i:02d}"
        challenges.append({"challenge_id": cid, "scope_region_code": x["scope"], "name_sv": x["challenge_sv"],
                           "name_en": x["challenge_en"], "description": x["description"],
                           "action_area_id": action_area_id, "action_area_note": x["action_area"],
                           "source_id": sids[0], "other_source_ids": ";".join(sids[1:])})
        for rank, ind in enumerate(CHALLENGE_INDICATORS.get(x["challenge_en"], []), start=1):
            links.append({"challenge_id": cid, "indicator_id": ind, "sort_order": rank})
    return challenges, areas, links
