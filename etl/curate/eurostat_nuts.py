"""Eurostat's regional series for every Swedish county (``eurostat_nuts/``) -> indicator values
and employment by industry (NACE A*10).

One source and one vintage per series, complete for all 21 counties, the eight NUTS2
regions (riksområden) and Sweden:

* population 31 December 1999-2022 (``demo_r_gind3``; Eurostat's "1 January t+1"); Norway's
  border regions come from the Norwegian files of the same folder (``norway.py``)
* GRP in MSEK and million EUR, EUR per inhabitant and PPS per inhabitant (EU27 = 100),
  2000-2021 (``nama_10r_3gdp``). GRP per inhabitant in SEK is *not* imported: the
  warehouse computes it from GRP and population (``v_indicator_value``).
* population density 1990-2018 (``demo_r_d3dens``)
* education attainment and training participation 2000-2019 for NUTS2 and Sweden only
  (``edat_lfse_04``, ``trng_lfse_04``; Labour Force Survey, not published for counties)
* employment by NACE A*10 2000-2017 (``nama_10r_3empers``), with the 2018 totals of the
  same file. The later-vintage 2018 file (``employment_by_industry_2018_vintage2026.csv``)
  and the 2018 GVA file are left out: one year of another vintage must not be spliced on.

The publisher is Eurostat (its source for Sweden is SCB); the route is a copy stored by
Data Commons at a fixed commit ("via Data Commons"). Which reference series feeds which
indicator is the analyst table ``mappings/eurostat_nuts_series.csv``.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from etl import mappings, vocabulary
from etl.curate import employment as employment_step
from etl.curate.common import num, read_csv
from etl.curate.sources import SourceRegistry

FOLDER = "eurostat_nuts"
EMPLOYMENT_FILE = "employment_by_industry_nama_10r_3empers_2000_2018.csv"
LEFT_OUT_FILES = {
    "employment_by_industry_2018_vintage2026.csv": "2018 in a later vintage (Eurostat data update 2026-07-31): "
    "splicing it onto the 2000-2017 series would join two vintages (Sweden 2018: 5 186.1 thousand there vs "
    "5 096 in the main file)",
    "gva_by_industry_2018_vintage2026.csv": "one year of GVA by industry in the same later vintage; no series",
    "ris_statements_secondary.csv": "secondary statements about RIS groups, not index values",
}
LICENCE = "CC BY 4.0 (© European Union, Eurostat reuse policy)"
SERIES = mappings.read("eurostat_nuts_series")

#: Eurostat's own page for each table (the figures there are today's vintage).
EUROSTAT_PAGE = "https://ec.europa.eu/eurostat/databrowser/view/{table}/default/table"


def eurostat_source(sources: SourceRegistry, ref_row: dict[str, str], table_id: str, title: str) -> str:
    """One source per (table, copy): publisher Eurostat, route Data Commons at its commit."""
    copy = ref_row["retrieved_from"]
    commit = copy.rpartition("@")[2][:7]
    return sources.add(
        copy, title, publisher="Eurostat", table_id=table_id,
        via=f"via Data Commons (datacommonsorg/data at commit {commit}); shared/reference/{FOLDER}",
        note=(f"Eurostat's table: {EUROSTAT_PAGE.format(table=table_id)} (shows today's vintage). "
              "Copied from Data Commons' stored extract at the commit in the URL; Data Commons' "
              "unit multiplications were divided back. The retrieval date was not recorded."),
        licence=LICENCE, retrieved_on="")


def _regions(regions: list[dict[str, str]]) -> set[str]:
    """The regions the warehouse knows (``data/regions.csv``): Sweden, its NUTS2 regions and
    counties (and Norway's border regions, curated by ``norway.py``)."""
    return {r["region_code"] for r in regions}


def indicator_values(ref: Path, sources: SourceRegistry, regions: list[dict[str, str]],
                     decisions: list[str]) -> list[dict[str, str]]:
    known = _regions(regions)
    by_file = defaultdict(list)
    for s in SERIES:
        by_file[s["file"]].append(s)
    out: list[dict[str, str]] = []
    left_out: defaultdict[tuple[str, str, str], int] = defaultdict(int)
    elsewhere: defaultdict[str, set[str]] = defaultdict(set)
    for file, series in sorted(by_file.items()):
        wanted = {(s["indicator"], s["breakdown"]): s for s in series}
        for x in read_csv(ref / FOLDER / file):
            spec = wanted.get((x["indicator"], x.get("breakdown", "")))
            if spec is None:
                left_out[(file, x["indicator"], x.get("breakdown", ""))] += 1
                continue
            if x["region_code"] not in known:
                elsewhere[file].add(x["region_code"])
                left_out[(file, "regions the warehouse does not hold", "")] += 1
                continue
            if not x["value"].strip():
                left_out[(file, x["indicator"], "empty value")] += 1
                continue
            sid = eurostat_source(sources, x, spec["table_id"], spec["title"])
            out.append({"region_code": x["region_code"], "indicator_id": spec["indicator_id"], "year": x["year"],
                        "value": num(x["value"]), "flag": "", "source_id": sid,
                        "note": " ".join(x["note"].split())[:300]})
    for (file, what, detail), n in sorted(left_out.items()):
        if what == "regions the warehouse does not hold":
            codes = sorted(elsewhere[file])
            shown = ", ".join(codes[:8]) + (f" and {len(codes) - 8} more" if len(codes) > 8 else "")
            decisions.append(f"- `{FOLDER}/{file}`: {n} rows for regions the warehouse does not hold "
                             f"(NUTS1, Extra-Regio, other Norwegian regions: {shown}) not imported.")
        else:
            decisions.append(f"- `{FOLDER}/{file}`: {n} rows of `{what}`{' (' + detail + ')' if detail else ''} "
                             "not imported: no catalogue indicator is mapped to it "
                             "(`mappings/eurostat_nuts_series.csv`).")
    for file, why in LEFT_OUT_FILES.items():
        decisions.append(f"- `{FOLDER}/{file}` is not imported: {why}.")
    _check_sums(out, regions, decisions)
    return out


def _check_sums(values: list[dict[str, str]], regions: list[dict[str, str]], decisions: list[str]) -> None:
    """The 21 counties sum to Sweden's population exactly, every year (eurostat_nuts.md).
    A file that breaks this is not the file the reference describes: stop."""
    counties = {r["region_code"] for r in regions if r["level"] == "county"}
    pop: defaultdict[str, dict[str, int]] = defaultdict(dict)
    for v in values:
        if v["indicator_id"] == "population":
            pop[v["year"]][v["region_code"]] = int(v["value"])
    for year, by_region in sorted(pop.items()):
        got = sum(n for code, n in by_region.items() if code in counties)
        if counties <= set(by_region) and got != by_region.get(vocabulary.SWEDEN):
            raise ValueError(f"{FOLDER}: the 21 counties' population {year} sums to {got}, "
                             f"Sweden's is {by_region.get(vocabulary.SWEDEN)}")
    decisions.append(f"- Population 31 Dec {min(pop)}–{max(pop)} (Eurostat demo_r_gind3): the 21 counties sum "
                     "exactly to Sweden in every year (checked when curating).")


def employment(ref: Path, sources: SourceRegistry, regions: list[dict[str, str]],
               decisions: list[str]) -> tuple[list[dict], list[dict]]:
    """NACE A*10 employment, thousand persons in the file, stored as persons."""
    known = {code for code in _regions(regions) if code.startswith(vocabulary.SWEDEN)}
    rows = []
    industries: dict[str, dict[str, str]] = {}
    skipped: defaultdict[str, int] = defaultdict(int)
    for x in read_csv(ref / FOLDER / EMPLOYMENT_FILE):
        code = x["breakdown"].removeprefix("nace_r2=").split(" ", 1)[0]
        if x["region_code"] not in known:
            skipped[x["region_code"]] += 1
            continue
        if not x["value"].strip():
            skipped["empty value"] += 1
            continue
        sid = eurostat_source(sources, x, "nama_10r_3empers",
                      "Eurostat nama_10r_3empers: employment (thousand persons) by NUTS 3 region and "
                      "NACE Rev. 2 A*10 (SCB regional accounts)")
        flag = ""
        if code in employment_step.LOW_PRECISION_A10 and x["region_code"] in {
                r["region_code"] for r in regions if r["level"] == "county"}:
            flag = "low_precision"
        rows.append({"region_code": x["region_code"], "year": x["year"], "classification": "NACE_A10",
                     "industry_code": code, "employed": num(str(round(float(x["value"]) * 1000, 3))),
                     "basis": employment_step.BASIS["NACE_A10"], "flag": flag, "source_id": sid})
        industries.setdefault(code, employment_step.industry("NACE_A10", code, ""))
    if skipped:
        decisions.append(f"- `{FOLDER}/{EMPLOYMENT_FILE}`: {sum(skipped.values())} rows not imported: "
                         + ", ".join(f"{what} ({n})" for what, n in sorted(skipped.items()))
                         + " (the warehouse holds Sweden, NUTS2 and counties).")
    years = sorted({r["year"] for r in rows if r["industry_code"] != "TOTAL"})
    decisions.append(f"- Employment by industry: Eurostat nama_10r_3empers (NACE A*10) for all 21 counties, "
                     f"the NUTS2 regions and Sweden, {years[0]}–{years[-1]} (one vintage), with the 2018 totals "
                     "of the same file. It replaces the Eurostat rows of `employment_by_industry.csv` "
                     "(five regions, 2006–2017, identical values). County values for J, K, L and R-U carry "
                     "`low_precision` (whole thousands).")
    return rows, [industries[c] for c in sorted(industries)]


#: The reference series these files replace: (reference file, reference indicator) -> catalogue id.
REPLACED = {
    ("regional_stats.csv", "population_31dec"): "population",  # incl. Innlandet 1 Jan 2018, 2020, 2023
    ("dalarna_extracts.csv", "population_31dec"): "population",
    ("dalarna_extracts.csv", "grp_msek"): "grp_msek",
    ("regional_stats.csv", "grp_per_capita"): "grp_per_capita",
    ("regional_stats.csv", "grp_per_capita_preliminary"): "grp_per_capita",
    ("regional_stats.csv", "grp_per_employed"): "grp_per_employed",
    ("regional_stats.csv", "grp_per_employed_preliminary"): "grp_per_employed",
}
WHY_REPLACED = {
    "population": "stitched from Kolada, Regionfakta, Tillväxtverket and SCB pages for a few counties and years",
    "grp_msek": "Region Dalarna's extract of SCB's spring-2023 release for 2008–2020 plus SCB's preliminary first "
                "estimate for Dalarna 2021 (119 186, unflagged; Eurostat's current figure is 123 565)",
    "grp_per_capita": "five SCB releases read off Regionfakta pages and a personal blog (2013, preliminary); "
                      "now computed from Eurostat's GRP and population",
    "grp_per_employed": "several SCB releases read off Regionfakta pages and a blog; SCB's own table is fetched "
                        "with `python -m etl fetch scb`",
}


def replaced_series(ref: Path, regions: list[dict[str, str]], values: list[dict[str, str]],
                    decisions: list[str]) -> None:
    """Say which stitched reference series the Eurostat files replace, and how the old figures
    compare with the new ones where both exist (they are not imported)."""
    by_scb = {f"SCB:{r['scb_code']}": r["region_code"] for r in regions if r["scb_code"]}
    new = {(v["region_code"], v["indicator_id"], v["year"]): float(v["value"]) for v in values}
    old: defaultdict[str, dict[tuple[str, str, str], float]] = defaultdict(dict)
    for (file, indicator), target in REPLACED.items():
        for x in read_csv(ref / file):
            if x["indicator"] != indicator or x.get("breakdown", "") or not x["value"].strip():
                continue
            region = by_scb.get(x["region_code"], x["region_code"])
            old[target][(region, target, x["year"])] = float(x["value"])
    for target, rows in sorted(old.items()):
        both = [k for k in rows if k in new]
        same = sum(1 for k in both if abs(rows[k] - new[k]) < 0.5)
        worst = max((abs(rows[k] / new[k] - 1) for k in both if new[k]), default=0)
        compare = (f"; where Eurostat has the same region and year ({len(both)}), {same} are equal and the "
                   f"largest difference is {worst:.1%}" if both else "")
        decisions.append(f"- `{target}`: the {len(rows)} reference values ({WHY_REPLACED[target]}) are not imported"
                         f"{compare}. One series from one source and vintage replaces them.")
