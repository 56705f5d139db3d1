"""SCB's county population 31 December 2023 and 2024 (``scb_population/``) -> indicator values.

Eurostat's series (``eurostat_nuts``) ends with 31 December 2022. These rows extend the
same statistic: Eurostat's population for Sweden *is* SCB's BE0101 count on 31 December
(Eurostat's source for Sweden is SCB; its "1 January t+1" is SCB's "31 December t"), and
the county values the same kinds of pages print for 2015-2022 equal Eurostat's exactly.
Population on 31 December is a register count that SCB publishes once and does not
revise, so there is no vintage to mix. The route (which page printed the value) is kept
per value as its source.

Rows are quoted on stored pages, some of them twice. Per (county, year) one is kept: a
primary page (Regionfakta or SCB table) before a secondary one (Wikipedia, news quoting
SCB) before a page-header banner (which can lag a year); then the first URL. Values that
disagree stop the curation. 2023 must sum exactly to Sweden (all 21 counties are there);
2024 has 16 counties and Sweden and is kept as such (ranks and sums need all 21, so the
views leave 2024 out of both).

The municipal rows (``population_municipalities_nms.csv``) are imported for the 41
municipalities of the three counties (``municipal_values``), by the same rules; where all
of a county's municipalities have a year, they must sum exactly to the county's value on
the same file. Years in which a municipality has no value stay missing.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from etl import vocabulary
from etl.curate.common import num, read_csv
from etl.curate.sources import SourceRegistry

FOLDER = "scb_population"
FILE = "population_counties_2023_2024.csv"
MUNICIPAL_FILE = "population_municipalities_nms.csv"
TIERS = ("[primary]", "[secondary]", "[primary (page header)]")
LICENCE = "CC0 1.0 (SCB open data)"


def _tier(note: str) -> int:
    for i, tier in enumerate(TIERS):
        if note.startswith(tier):
            return i
    raise ValueError(f"{FOLDER}/{FILE}: a note must start with one of {TIERS}: {note[:60]!r}")


def _value_row(code: str, year: str, rows: list[dict], file: str, sources) -> tuple[dict, str]:
    """One population value from the pages that print it (they must agree): the best-tier page
    is the route recorded as its source. Returns the warehouse row and the page's tier."""
    values = {r["value"] for r in rows}
    if len(values) > 1:
        raise ValueError(f"{FOLDER}/{file}: pages disagree on {code} {year}: {sorted(values)}")
    x = min(rows, key=lambda r: (_tier(r["note"]), r["retrieved_from"]))
    url, page_date = _page(x["retrieved_from"])
    tier = TIERS[_tier(x["note"])].strip("[]")
    sid = sources.add(
        url, x["original_source"], publisher="SCB (Statistiska centralbyrån)", table_id="BE0101",
        via=f"{tier} page quoting SCB; shared/reference/{FOLDER}/{file}",
        note=(f"SCB's population on 31 December as printed on this page ({page_date or 'page date not shown'}). "
              "The day the page was read was not recorded."),
        licence=LICENCE, retrieved_on="")
    row = {"region_code": code, "indicator_id": "population", "year": year, "value": num(x["value"]),
           "flag": "", "source_id": sid, "note": " ".join(f"{x['note']} ({len(rows)} page(s) agree)".split())[:300]}
    return row, tier


def _page(retrieved_from: str) -> tuple[str, str]:
    """'URL (page date: Senast uppdaterad 2025-02-21)' -> (URL, 'Senast uppdaterad 2025-02-21')."""
    m = re.match(r"^(\S+)\s*\(page date: (.*)\)\s*$", retrieved_from.strip())
    return (m.group(1), m.group(2)) if m else (retrieved_from.strip(), "")


def indicator_values(ref: Path, sources: SourceRegistry, regions: list[dict[str, str]],
                     decisions: list[str], eurostat: list[dict[str, str]]) -> list[dict[str, str]]:
    by_scb = {r["scb_code"]: r["region_code"] for r in regions if r["scb_code"]}
    counties = {r["region_code"] for r in regions if r["level"] == "county"}
    candidates = defaultdict(list)
    for x in read_csv(ref / FOLDER / FILE):
        if x["indicator"] != "population_31dec":
            continue
        code = by_scb.get(x["region_code"])
        if code is None:
            raise ValueError(f"{FOLDER}/{FILE}: unknown SCB region code {x['region_code']!r}")
        candidates[(code, x["year"])].append(x)

    out = []
    routes: defaultdict[str, defaultdict[str, int]] = defaultdict(lambda: defaultdict(int))
    eurostat_years = {v["year"] for v in eurostat if v["indicator_id"] == "population"}
    for (code, year), rows in sorted(candidates.items()):
        if year in eurostat_years:
            raise ValueError(f"{FOLDER}/{FILE}: {year} is already in Eurostat's series; one source per year")
        row, tier = _value_row(code, year, rows, FILE, sources)
        out.append(row)
        routes[year][tier] += 1

    by_year: defaultdict[str, dict[str, int]] = defaultdict(dict)
    for v in out:
        by_year[v["year"]][v["region_code"]] = int(v["value"])
    for year, got in sorted(by_year.items()):
        have = sorted(counties & set(got))
        if len(have) == len(counties):
            total = sum(got[c] for c in counties)
            if total != got.get(vocabulary.SWEDEN):
                raise ValueError(f"{FOLDER}/{FILE}: the 21 counties sum to {total} in {year}, "
                                 f"Sweden is {got.get(vocabulary.SWEDEN)}")
            check = "the 21 counties sum exactly to Sweden"
        else:
            missing = sorted({r['name_en'] for r in regions if r['region_code'] in counties - set(got)})
            check = f"{len(have)} of 21 counties (missing: {', '.join(missing)}), so no sum check and no rank"
        route = ", ".join(f"{n} from {t} pages" for t, n in sorted(routes[year].items()))
        decisions.append(f"- Population 31 Dec {year}: SCB BE0101 as quoted on stored pages ({route}); {check}.")
    decisions.append(
        "- Population is one statistic throughout: Eurostat's demo_r_gind3 values for Sweden are SCB's BE0101 "
        "counts on 31 December (Eurostat's source for Sweden is SCB), and SCB does not revise them; the "
        "reference found the pages' 2015–2022 county values equal to Eurostat's on all 58 overlaps. So 2023–2024 "
        "extend the series rather than stitch another statistic onto it. Route per year: 1999–2022 Eurostat via "
        "Data Commons; 2023–2024 SCB via the page named on each value.")
    return out


def municipal_values(ref: Path, sources: SourceRegistry, regions: list[dict[str, str]],
                     decisions: list[str]) -> list[dict[str, str]]:
    """Population 31 December of the municipalities in ``regions`` (level ``municipality``)."""
    municipalities = {r["scb_code"]: r for r in regions if r["level"] == "municipality"}
    candidates, county_rows = defaultdict(list), {}
    for x in read_csv(ref / FOLDER / MUNICIPAL_FILE):
        if x["indicator"] != "population_31dec":
            continue
        if x["region_code"] in municipalities:
            candidates[(municipalities[x["region_code"]]["region_code"], x["year"])].append(x)
        elif len(x["region_code"]) == 4:
            raise ValueError(f"{FOLDER}/{MUNICIPAL_FILE}: municipality {x['region_code']!r} is not in regions.csv")
        elif len(x["region_code"]) == 2:
            county_rows[(x["region_code"], x["year"])] = int(num(x["value"]))
    out = []
    for (code, year), rows in sorted(candidates.items()):
        out.append(_value_row(code, year, rows, MUNICIPAL_FILE, sources)[0])
    by_county_year: defaultdict[tuple, dict] = defaultdict(dict)
    for v in out:
        by_county_year[(v["region_code"][:2], v["year"])][v["region_code"]] = int(v["value"])
    complete = []
    for (county, year), got in sorted(by_county_year.items()):
        n = sum(1 for c in municipalities if c[:2] == county)
        if len(got) == n and (county, year) in county_rows:
            if sum(got.values()) != county_rows[(county, year)]:
                raise ValueError(f"{FOLDER}/{MUNICIPAL_FILE}: the municipalities of county {county} sum to "
                                 f"{sum(got.values())} in {year}, the county is {county_rows[(county, year)]}")
            complete.append(f"{county} {year}")
    years = sorted({y for _, y in by_county_year})
    all_years = [y for y in years if sum(len(by_county_year.get((c, y), {})) for c in {k[:2] for k in municipalities})
                 == len(municipalities)]
    decisions.append(
        f"- Population 31 Dec of the {len(municipalities)} municipalities of the three counties: SCB BE0101 as quoted "
        f"on stored pages (`{FOLDER}/{MUNICIPAL_FILE}`), {len(out)} values; complete counties sum exactly to the "
        f"county on the same file ({', '.join(complete)}). Years in which all {len(municipalities)} have a value: "
        f"{', '.join(all_years) or 'none'}; missing values stay missing.")
    return out
