"""A workshop step's view rebuilt outside the browser: the page's main chart (or, for
the overview, its headline figures) from the step's URL parameters, by the same view
functions the pages call. The defaults are the pages' own (the module constants)."""

from __future__ import annotations

from dataclasses import dataclass, field

import plotly.graph_objects as go

from app import (
    challenges,
    funding,
    indicators,
    maps,
    overview,
    queries,
    ranking,
    similar,
    sources,
    specialisation as s3,
)
from app.state import default_years
from etl.vocabulary import DEFAULT_REGIONS, LANGS, NMS_COUNTIES, SWEDEN


@dataclass
class Content:
    """What a slide shows of a view: a chart, or rows of headline figures, or neither."""
    figure: go.Figure | None = None
    source_line: str = ""
    headline: list = field(default_factory=list)     # overview.Row objects


def _one(params: dict[str, list[str]], key: str, default, allowed=None):
    values = params.get(key)
    value = values[-1] if values else None
    if value is None or (allowed is not None and value not in allowed):
        return default
    return value


def language(params: dict[str, list[str]], default: str) -> str:
    return _one(params, "lang", default, LANGS)


def filters(params: dict[str, list[str]]) -> tuple[list[str], int, int]:
    """Regions and years as the page would read them from the link (invalid -> default)."""
    known = set(queries.regions_with_data().region_code)
    regions = [r for r in params.get("regions", []) if r in known] or list(DEFAULT_REGIONS)
    lo, hi = queries.year_bounds()
    year_from, year_to = default_years()
    years = params.get("years", [])
    try:
        y0, y1 = int(years[0]), int(years[-1])
        if lo <= y0 <= y1 <= hi:
            year_from, year_to = y0, y1
    except (IndexError, ValueError):
        pass
    return regions, year_from, year_to


def indicator_view(params, lang: str) -> Content:
    regions, year_from, year_to = filters(params)
    inds = queries.indicators()
    indicator_id = _one(params, "indicator", indicators.DEFAULT_INDICATOR, set(inds.indicator_id))
    mode = _one(params, "mode", "value", indicators.modes_for(inds.set_index("indicator_id").loc[indicator_id]))
    base = _one(params, "base", None)
    if _one(params, "tab", "chart") in ("ranking", "map"):  # the explorer's Rangordning / Karta tab
        return standing_view(params, indicator_id, regions, year_to, lang)
    view = indicators.build(indicator_id, regions, year_from, year_to, lang, mode,
                            int(base) if base and base.isdigit() else None)
    panel = indicators.panel(view, lang, large=True)
    return Content(panel.figure if panel else None, view.source_line)


def standing_view(params, indicator_id: str, regions, year_to: int, lang: str) -> Content:
    """All 21 counties in the link's year (``cy``): the ranking bars, or the map."""
    years = ranking.county_years(indicator_id)
    cy = _one(params, "cy", None)
    year = int(cy) if cy and cy.isdigit() and int(cy) in years else ranking.default_year(indicator_id, year_to)
    if year is None:
        return Content()
    names = queries.region_names(lang)
    ids = sorted({s for ids in queries.county_values(indicator_id, year).source_ids for s in ids})
    if _one(params, "tab", "chart") == "map":
        panel = maps.map_panel(indicator_id, year, names, lang, large=True)
    else:
        panel = ranking.bars_panel(ranking.build(indicator_id, year, regions, lang), names, lang, large=True)
    return Content(panel.figure if panel else None, sources.line(ids, lang))


def challenge_view(params, lang: str) -> Content:
    names = queries.region_names(lang)
    ch = queries.challenges()
    with_ev = challenges.with_evidence(ch)
    ev = queries.evidence(challenges.evidence_indicators(with_ev), [*NMS_COUNTIES, SWEDEN])
    long = challenges.matrix(with_ev, ev, list(NMS_COUNTIES))
    line = sources.line([s for ids in ev.source_ids for s in ids], lang)
    panel = challenges.matrix_panel(ch, long, queries.indicators().set_index("indicator_id"), names, line, lang,
                                    large=True)
    return Content(panel.figure, line)


def funding_view(params, lang: str) -> Content:
    regions, year_from, year_to = filters(params)
    kind = _one(params, "kind", funding.DEFAULT_KIND, funding.PROJECT_KINDS)
    currency = _one(params, "cur", funding.DEFAULT_CURRENCY, funding.AMOUNT_COLUMNS)
    sel = funding.selection(regions, year_from, year_to)
    every = queries.funding()
    panel, _, _ = funding.main_panel(every, sel, kind, currency, queries.region_names(lang), lang, large=True)
    line = funding.source_line(funding.select(every, sel), kind, lang)
    return Content(panel.figure if panel else None, line)


def specialisation_view(params, lang: str) -> Content:
    """The LQ chart as the page first shows it: the first data set, its latest year."""
    regions, _, _ = filters(params)
    names = queries.region_names(lang)
    _, counties, _ = s3.measured_counties(regions, set(queries.employment_regions()))
    datasets = s3.datasets_for(queries.employment_datasets(), counties)
    if datasets.empty:
        return Content()
    ds = datasets.iloc[0]
    year = int(list(ds.years)[-1])
    line = sources.line([ds.source_id], lang)
    lq = queries.location_quotients(ds.classification, ds.source_id, year, counties)
    panel, _, _ = s3.lq_panel(lq, names, year, ds.classification, line, lang, large=True)
    return Content(panel.figure, line)


def overview_view(params, lang: str) -> Content:
    regions, year_from, year_to = filters(params)
    rows = overview.build(year_from, year_to, lang, regions)
    return Content(None, overview.table_source_line(rows, lang), rows)


def similar_view(params, lang: str) -> Content:
    """The most similar counties: the county, indicators and weights of the link."""
    names = queries.region_names(lang)
    counties = queries.regions()
    county = _one(params, "county", similar.DEFAULT_COUNTY, set(counties[counties.level == "county"].region_code))
    options = similar.candidates(lang)
    chosen = [i for i in params.get("sim", []) if i in options] or \
        [i for i in similar.DEFAULT_INDICATORS if i in options]
    weights = {}
    for i in chosen:
        try:
            weights[i] = float(_one(params, f"w_{i}", "1.0"))
        except ValueError:
            weights[i] = 1.0
        weights[i] = weights[i] if weights[i] in similar.WEIGHTS else 1.0
    result = similar.build(county, chosen, weights)
    panel = similar.panel(result, county, names, options, lang, large=True)
    return Content(panel.figure if panel else None, sources.line(result.source_ids, lang))


BUILDERS = {
    "mest-lika": similar_view,
    "oversikt": overview_view,
    "indikatorer": indicator_view,
    "specialisering": specialisation_view,
    "finansiering": funding_view,
    "utmaningar": challenge_view,
}


def content(page: str, params: dict[str, list[str]], lang: str) -> Content:
    """The main content of a page's view; empty for pages without one (sources, workshop)."""
    builder = BUILDERS.get(page)
    return builder(params, lang) if builder else Content()

