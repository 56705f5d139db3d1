"""``regional_stats.csv``: sourced facts about the counties, SE31 and Sweden -> indicator values.

Which reference indicator feeds which catalogue indicator (and with which flag, e.g.
``preliminary``) is the analyst mapping ``mappings/regional_stats_indicators.csv``. It
never names a ``_derived`` or ``_approx`` row: those are someone's arithmetic, computed
in the warehouse's views instead.
"""

from __future__ import annotations

from pathlib import Path

from etl import mappings
from etl.curate.common import is_arithmetic, num, read_csv
from etl.curate.sources import SourceRegistry

FILE = "regional_stats.csv"
#: reference indicator -> (catalogue indicator id, flag)
INDICATORS: dict[str, tuple[str, str]] = {
    r["reference_indicator"]: (r["indicator_id"], r["flag"]) for r in mappings.read("regional_stats_indicators")}
#: A projection made from a base year is filed under that year, so the year axis stays in
#: the past; the indicator's name says which period it covers.
PROJECTION_BASE_YEAR = {"population_projection_change": "2023"}


def candidates(ref: Path, sources: SourceRegistry, regions: list[dict[str, str]]) -> list[dict[str, str]]:
    """One indicator-value row per mapped reference row with a value."""
    region_codes = {r["region_code"] for r in regions}
    out = []
    for x in read_csv(ref / FILE):
        mapped = INDICATORS.get(x["indicator"])
        if is_arithmetic(x["indicator"]) or not mapped or not x["value"].strip():
            continue
        ind, flag = mapped
        if ind in PROJECTION_BASE_YEAR:
            x = {**x, "year": PROJECTION_BASE_YEAR[ind]}
        if x["region_code"] not in region_codes:
            raise ValueError(f"{FILE}: unknown region {x['region_code']!r}")
        if "caution" in x["evidence"].lower():
            flag = flag or "caution"
        sid = sources.add(x["source_url"], x["source_title"], via=f"shared/reference/{FILE}")
        out.append({"region_code": x["region_code"], "indicator_id": ind, "year": x["year"],
                    "value": num(x["value"]), "flag": flag, "source_id": sid, "note": x["evidence"]})
    return out
