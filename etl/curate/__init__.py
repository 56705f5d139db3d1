"""Curate the project's bundled data files from the team's sourced reference facts.

This is the "snapshot -> clean" step. Its input is ``../shared/reference`` (sourced
facts collected by the research team, each row with its URL); its output is the
project's own curated files under ``data/``, which are committed and from which
``python -m etl build`` builds the warehouse. Running it twice gives identical files.

One module per reference file family (``regional_stats``, ``dalarna_extracts`` ->
``indicator_values``; ``employment``; ``specialisations``; ``challenges``; ``funding``;
``eurostat_nuts`` and ``scb_population`` for the core series of one source each;
``funding_lists`` for project lists, matched against ``funding`` so nothing counts twice;
``norway`` for Norway's border regions within their boundaries' valid years; ``key_areas``
for the seven border-region key areas and the classification of S3 areas and projects),
``value_flags`` for the flags and exclusions the reference notes call for, ``sources`` for
the source registry. The analyst's choices are CSV files in ``mappings/`` (see its README),
not code.

What it does, and deliberately does not do:

* It imports facts, not arithmetic. Reference rows whose indicator ends in
  ``_derived`` or ``_approx`` are never mapped; derived measures (per capita, R&D as %
  of GRP, SE31 sums, ranks) are computed in the warehouse's SQL views instead.
* One series per indicator. Where a reference series exists in two vintages, the
  newer one is kept; where the same (region, indicator, year) comes from two
  sources, the first source in ``indicator_values.SOURCE_PRIORITY`` wins. Every
  choice is listed in ``data/curation_decisions.md``.
* Funding amounts are never split or summed here. Each row keeps all its regions,
  its amount kind (EU funding, total budget, national grant, ...) and its source.
* Conflicting published figures for the same thing are kept side by side and
  given a shared ``conflict_group``.

Run: ``python -m etl curate --reference ../shared/reference``.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from etl.curate import eurostat_nuts, funding_lists, key_areas, norway, scb_population, value_flags
from etl.curate.challenges import curate_challenges
from etl.curate.common import read_csv, write_csv
from etl.curate.employment import curate_employment
from etl.curate.funding import curate_funding, labels as funding_labels, report_applied
from etl.curate.indicator_values import curate_indicator_values
from etl.curate.sources import SourceRegistry
from etl.curate.specialisations import curate_specialisations

DATA_DIR = Path(__file__).resolve().parent.parent.parent / "data"

#: The files curate writes, with their columns in order.
FILES = {
    "sources.csv": ["source_id", "publisher", "title", "table_id", "url", "retrieved_on", "licence",
                    "accessed_via", "note"],
    "indicator_values.csv": ["region_code", "indicator_id", "year", "value", "flag", "source_id", "note"],
    "employment.csv": ["region_code", "year", "classification", "industry_code", "employed", "basis", "flag",
                       "source_id"],
    "industries.csv": ["classification", "industry_code", "name_sv", "name_en", "nace_sections", "is_aggregate"],
    "specialisations.csv": ["area_id", "region_code", "area_sv", "area_en", "status", "status_verified",
                            "strategy", "period", "theme_id", "description", "clusters", "nace_codes",
                            "nace_note", "source_id", "other_source_ids"],
    "challenges.csv": ["challenge_id", "scope_region_code", "name_sv", "name_en", "description",
                       "action_area_id", "action_area_note", "source_id", "other_source_ids"],
    "action_areas.csv": ["action_area_id", "framework", "number", "name_sv", "name_en", "description_sv",
                         "known", "source_id"],
    "challenge_indicators.csv": ["challenge_id", "indicator_id", "sort_order"],
    "funding.csv": ["funding_id", "programme", "programme_period", "level", "project", "beneficiary",
                    "region_codes", "theme", "s3_theme_id", "year_start", "year_end", "amount", "currency",
                    "amount_kind",
                    "amount_basis", "is_approx", "amount_note", "conflict_group", "source_id", "evidence",
                    "external_id", "municipalities", "partner_role", "list_coverage"],
    "funding_labels.csv": ["field", "raw", "label_sv", "label_en"],
    "key_areas.csv": ["key_area_id", "name_sv", "name_en", "sort_order", "a10_industries", "a10_separable",
                      "a10_note_sv", "a10_note_en"],
    "key_area_s3.csv": ["area_id", "key_area_id", "note"],
    "key_area_funding.csv": ["funding_id", "key_area_id", "note"],
}

__all__ = ["DATA_DIR", "FILES", "SourceRegistry", "curate"]


def curate(reference: Path, out_dir: Path = DATA_DIR, log=print) -> dict[str, int]:
    """Write the curated files into ``out_dir``; return row counts per file."""
    reference = Path(reference)
    if not (reference / "regional_stats.csv").exists():
        raise FileNotFoundError(
            f"No reference facts at {reference}. Pass --reference pointing at shared/reference.")
    regions = read_csv(DATA_DIR / "regions.csv")
    sources = SourceRegistry()
    decisions: list[str] = []

    log("curate: indicator values")
    values = curate_indicator_values(reference, sources, regions, decisions)
    sections: dict[str, list[str]] = {
        "Core series: one source and one vintage each": [], "Flags and exclusions": [],
        "Employment by industry": [], "Funding: project lists, matches and bundles": [],
        "Norway's border regions": [], "Key areas of the border region": []}
    core, flagged, jobs, money, border, keys = sections.values()
    eurostat = eurostat_nuts.indicator_values(reference, sources, regions, core)
    eurostat_nuts.replaced_series(reference, regions, eurostat, core)
    population = scb_population.indicator_values(reference, sources, regions, core, eurostat)
    population += scb_population.municipal_values(reference, sources, regions, core)
    norwegian = norway.indicator_values(reference, sources, regions, border)
    values = sorted(values + eurostat + population + norwegian,
                    key=lambda v: (v["region_code"], v["indicator_id"], int(v["year"])))
    values = value_flags.exclude_sources(values, sources, flagged)
    value_flags.apply_flags(values, flagged)
    log("curate: employment by industry")
    employment, industries = curate_employment(reference, sources)
    a10, a10_industries = eurostat_nuts.employment(reference, sources, regions, jobs)
    no_a10, no_industries = norway.employment(reference, sources, regions, border)
    known = {x["industry_code"] for x in a10_industries}
    a10_industries += [i for i in no_industries if i["industry_code"] not in known]
    employment = sorted(employment + a10 + no_a10, key=lambda r: (r["classification"], r["region_code"], r["year"],
                                                         r["industry_code"], r["source_id"]))
    industries = sorted(industries + a10_industries, key=lambda r: (r["classification"], r["industry_code"]))
    log("curate: specialisations, challenges, funding")
    specialisations = curate_specialisations(reference, sources)
    challenges, areas, links = curate_challenges(reference, sources)
    funding = curate_funding(reference, sources)
    listed = (funding_lists.erdf_rows(reference, sources, regions)
              + funding_lists.interreg_rows(reference, sources, regions, money))
    funding = funding_lists.merge(funding, listed, money)
    funding_lists.mark_bundles(funding, money)
    funding_lists.report_conflicts(funding, money)
    report_applied(funding, money)
    labels = funding_labels(funding, money)
    key_area_rows, key_s3, key_funding = key_areas.curate(specialisations, funding, keys)

    # Default source per indicator: the source most of its values cite.
    indicators = read_csv(DATA_DIR / "indicators.csv")
    by_ind: dict[str, Counter] = {}
    for v in values:
        by_ind.setdefault(v["indicator_id"], Counter())[v["source_id"]] += 1
    for ind in indicators:
        cited = by_ind.get(ind["indicator_id"])
        ind["default_source_id"] = (sorted(cited.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
                                    if cited else "")

    out_dir.mkdir(parents=True, exist_ok=True)
    unused = value_flags.drop_unused_sources(sources, {
        "values": values, "employment": employment, "specialisations": specialisations,
        "challenges": challenges, "areas": areas, "funding": funding})
    if unused:
        flagged.append(f"- {len(unused)} source(s) that no curated row cites any more are left out of sources.csv.")
    tables = {
        "sources.csv": sorted(sources.rows.values(), key=lambda r: r["source_id"]),
        "indicator_values.csv": values, "employment.csv": employment, "industries.csv": industries,
        "specialisations.csv": specialisations, "challenges.csv": challenges,
        "action_areas.csv": areas, "challenge_indicators.csv": links,
        "funding.csv": sorted(funding, key=lambda r: (r["programme"], r["programme_period"], r["project"],
                                                       r["funding_id"])),
        "funding_labels.csv": labels,
        "key_areas.csv": key_area_rows, "key_area_s3.csv": key_s3, "key_area_funding.csv": key_funding,
    }
    for name, rows in tables.items():
        write_csv(out_dir / name, FILES[name], rows)
    write_csv(out_dir / "indicators.csv", list(indicators[0].keys()), indicators)
    (out_dir / "curation_decisions.md").write_text(
        "# Curation decisions made by `python -m etl curate`\n\n"
        "Every choice curation makes, written by the run itself (do not edit by hand). The analyst "
        "tables behind them are in `etl/curate/mappings/`.\n\n"
        "## Indicator values from regional_stats.csv and dalarna_extracts.csv\n\n"
        "Where two reference rows gave different values for the same region, indicator and year, "
        "the one kept (see `SOURCE_PRIORITY` in `etl/curate/indicator_values.py`):\n\n"
        + ("\n".join(decisions) if decisions else "- none") + "\n"
        + "".join(f"\n## {title}\n\n" + "\n".join(lines) + "\n" for title, lines in sections.items()),
        encoding="utf-8")
    counts = {name: len(rows) for name, rows in tables.items()}
    for name, n in counts.items():
        log(f"  {name}: {n} rows")
    return counts
