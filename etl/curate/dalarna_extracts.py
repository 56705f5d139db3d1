"""``dalarna_extracts.csv``: SCB/Kolada/Reglab extracts committed by Region Dalarna -> indicator values.

Which (indicator, breakdown) of the extracts feeds which catalogue indicator is the
analyst mapping ``mappings/dalarna_indicators.csv``; rows it does not name are not
imported. County codes are SCB's (``SCB:17``) and become NUTS codes.
"""

from __future__ import annotations

from pathlib import Path

from etl import mappings
from etl.curate.common import is_arithmetic, num, read_csv
from etl.curate.sources import SourceRegistry, original_publisher, table_ids_in

FILE = "dalarna_extracts.csv"
#: (reference indicator, breakdown) -> catalogue indicator id
INDICATORS: dict[tuple[str, str], str] = {
    (r["reference_indicator"], r["breakdown"]): r["indicator_id"] for r in mappings.read("dalarna_indicators")}


def scb_to_nuts(regions: list[dict[str, str]]) -> dict[str, str]:
    return {f"SCB:{r['scb_code']}": r["region_code"] for r in regions if r["level"] == "county"}


def candidates(ref: Path, sources: SourceRegistry, regions: list[dict[str, str]]) -> list[dict[str, str]]:
    """One indicator-value row per mapped extract row with a value."""
    scb_map = scb_to_nuts(regions)
    region_codes = {r["region_code"] for r in regions}
    out = []
    for x in read_csv(ref / FILE):
        ind = INDICATORS.get((x["indicator"], x["breakdown"]))
        if is_arithmetic(x["indicator"]) or not ind or not x["value"].strip():
            continue
        region = scb_map.get(x["region_code"], x["region_code"])
        if region not in region_codes:
            raise ValueError(f"{FILE}: unknown region {x['region_code']!r}")
        flag = "caution" if "caution" in x["note"].lower() else ""
        sid = sources.add(
            x["retrieved_from"], f"{x['original_source']} (extract committed by Region Dalarna)",
            publisher=original_publisher(x["original_source"]),
            table_id=table_ids_in(x["original_source"]),
            via=f"shared/reference/{FILE}",
            note="Copied from a data file in a public Region Dalarna repository at the commit in the URL.",
        )
        out.append({"region_code": region, "indicator_id": ind, "year": x["year"], "value": num(x["value"]),
                    "flag": flag, "source_id": sid, "note": x["note"]})
    return out
