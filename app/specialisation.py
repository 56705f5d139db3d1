"""Specialisering / Specialisation: declared S3 priorities against measured specialisation.

The LQ and Krugman numbers come from the warehouse views (``v_location_quotient``,
``v_krugman_index``). This module arranges them: a theme × county matrix of declared
areas, the LQ and employment-change charts of a chosen dataset, and for each declared
area the LQs of the industries that contain its NACE codes -- saying plainly when the
data is coarser than the area.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from app import charts, db, fmt, queries, sources, text
from app.i18n import classification_name as i18n_classification, col, flag_text, t
from etl.vocabulary import NMS_COUNTIES, SWEDEN

#: NACE Rev.2 / SNI 2007 divisions (first two digits) per section.
SECTION_DIVISIONS = {
    "A": range(1, 4), "B": range(5, 10), "C": range(10, 34), "D": range(35, 36), "E": range(36, 40),
    "F": range(41, 44), "G": range(45, 48), "H": range(49, 54), "I": range(55, 57), "J": range(58, 64),
    "K": range(64, 67), "L": range(68, 69), "M": range(69, 76), "N": range(77, 83), "O": range(84, 85),
    "P": range(85, 86), "Q": range(86, 89), "R": range(90, 94), "S": range(94, 97), "T": range(97, 99),
    "U": range(99, 100),
}


def section_of(nace_code: str) -> str | None:
    """'16' -> 'C', '58.21' -> 'J'."""
    try:
        division = int(str(nace_code).strip().split(".")[0])
    except ValueError:
        return None
    return next((s for s, divs in SECTION_DIVISIONS.items() if division in divs), None)


def sections_of(nace_codes: str) -> list[str]:
    out: list[str] = []
    for code in str(nace_codes or "").split(";"):
        s = section_of(code)
        if s and s not in out:
            out.append(s)
    return out


def covering_industries(sections: list[str], industries: pd.DataFrame) -> pd.DataFrame:
    """For each section, the narrowest industry of the dataset that contains it."""
    rows = []
    for s in sections:
        hits = industries[industries.nace_sections.fillna("").str.split(";").map(lambda xs, s=s: s in xs)]
        if hits.empty:
            continue
        narrowest = hits.assign(width=hits.nace_sections.str.count(";")).sort_values("width").iloc[0]
        rows.append(narrowest)
    if not rows:
        return industries.iloc[0:0]
    return pd.DataFrame(rows).drop_duplicates(subset=["industry_code"])


def theme_matrix(areas: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Rows: shared themes; columns: counties; cells: the county's area names in that theme."""
    names = queries.region_names(lang)
    themes = queries.themes()
    # one pass over the areas (in their order), not a filter per theme and county
    cells = areas.groupby(["theme_id", "region_code"], sort=False)[col("area", lang)].agg("; ".join)
    data = {names[code]: [cells.get((th, code), "") for th in themes.theme_id] for code in NMS_COUNTIES}
    out = pd.DataFrame(data, index=themes[col("name", lang)])
    out.index.name = t("s3.theme", lang)
    return out[(out != "").any(axis=1)]


@dataclass
class Statement:
    region_code: str
    area: str
    text: str
    lq: float | None


def declared_vs_measured(areas: pd.DataFrame, dataset: pd.DataFrame, src: str, lang: str
                         ) -> tuple[list[Statement], pd.DataFrame]:
    """One statement per current area with the LQ of the industries containing it, for every
    county on the same footing: ``dataset`` holds the LQs of one dataset and year for the
    three counties (``queries.location_quotients``), ``src`` names it."""
    names = queries.regions().set_index("region_code")[col("name", lang)]
    statements: list[Statement] = []
    records = []
    if dataset is None:
        dataset = pd.DataFrame(columns=["region_code", "nace_sections"])
    usable = dataset[dataset.nace_sections.fillna("") != ""] if not dataset.empty else dataset
    for code in NMS_COUNTIES:
        mine = usable[usable.region_code == code] if not usable.empty else usable
        for area in areas[(areas.region_code == code) & (areas.status == "current")].itertuples():
            area_name = getattr(area, col("area", lang))
            sections = sections_of(area.nace_codes)
            if not sections:
                statements.append(Statement(code, area_name, t("s3.dm.no_codes", lang, area=area_name), None))
                continue
            hits = covering_industries(sections, mine) if not mine.empty else mine
            if hits.empty:
                statements.append(Statement(code, area_name, t("s3.dm.no_data", lang, area=area_name,
                                                                 county=names[code]), None))
                continue
            parts = []
            for h in hits.itertuples():
                ind_name = getattr(h, col("name", lang))
                part = t("s3.dm.part", lang, lq=fmt.number(h.lq, 2, lang), industry=ind_name)
                short = ("" if pd.isna(h.lq_rank)
                         else t("s3.lq_rank_short", lang, rank=int(h.lq_rank), n=int(h.n_ranked)))
                extras = [x for x in (short,
                                      flag_text(h.flag, lang)) if x]
                if extras:
                    part += f" ({', '.join(extras)})"
                parts.append(part)
                records.append({
                    t("s3.col.county", lang): names[code], t("s3.col.area", lang): area_name,
                    t("s3.col.nace", lang): area.nace_codes.replace(";", ", "),
                    t("s3.col.industry", lang): f"{industry_code(h.industry_code)} {ind_name}",
                    t("common.year", lang): int(h.year), "LQ": float(h.lq),
                    t("s3.col.lq_rank", lang): lq_rank_text(h.lq_rank, h.n_ranked, lang),
                    t("s3.col.employed", lang): float(h.employed), t("common.source", lang): src,
                })
            text = t("s3.dm.statement", lang, area=area_name, county=names[code], year=int(hits.year.iloc[0]),
                     source=src, parts="; ".join(parts))
            text += " " + t("s3.dm.coarse", lang, codes=area.nace_codes.replace(";", ", "))
            statements.append(Statement(code, area_name, text, float(hits.lq.iloc[0])))
    table = pd.DataFrame.from_records(records)
    return statements, table


# --- what the page draws -------------------------------------------------------------------

MATRIX_FILL = "#E8F0F8"


@dataclass
class AreaCard:
    """One declared area, as an expander: title, strategy, and what is known about it."""
    title: str
    strategy: str
    description: str
    lines: list[str]


def area_cards(areas: pd.DataFrame, region_code: str, lang: str) -> list[AreaCard]:
    out = []
    for a in areas[areas.region_code == region_code].itertuples():
        status = t(f"s3.status.{a.status}", lang) + ("" if a.status_verified else f", {t('s3.unverified', lang)}")
        lines = []
        if a.clusters:
            lines.append(f"**{t('s3.clusters', lang)}:** {text.md(a.clusters)}")
        if a.nace_codes:
            lines.append(f"**{t('s3.nace', lang)}:** {text.md(a.nace_codes.replace(';', ', '))}")
        lines.append(f"{t('common.source', lang)}: {sources.link(a.publisher, a.source_url)}")
        period = f" ({a.period})" if re.search(r"\d{4}", str(a.period or "")) else ""  # not "adoption year not found"
        out.append(AreaCard(f"{getattr(a, col('area', lang))} · {status}", f"{a.strategy}{period}",
                            a.description, lines))
    return out


def measured_counties(regions, with_data) -> tuple[list[str], list[str], list[str]]:
    """(chosen counties, those with employment data, those without) of a region selection."""
    chosen = [r for r in regions if r != SWEDEN]
    return chosen, [r for r in chosen if r in with_data], [r for r in chosen if r not in with_data]


def datasets_for(datasets: pd.DataFrame, counties: list[str]) -> pd.DataFrame:
    """The employment datasets that cover at least one of the counties."""
    return datasets[datasets.regions.map(lambda rs: any(r in list(rs) for r in counties))]


def classification_name(code: str, lang: str) -> str:
    """How readers know a classification (not the warehouse's code)."""
    return i18n_classification(code, lang)


def dataset_labels(datasets: pd.DataFrame, lang: str) -> dict:
    return {i: f"{r.publisher} {r.table_id or ''} · {classification_name(r.classification, lang)}"
               f" · {r.first_year}–{r.last_year}" for i, r in datasets.iterrows()}


def compare_years(years: list[int], year: int) -> tuple[list[int], int]:
    """The years a change can be measured from (latest first) and the default: the earliest."""
    earlier = [y for y in years if y < year]
    return earlier[::-1] or [year], len(earlier) - 1 if earlier else 0


def industry_code(code: str) -> str:
    """An industry code as readers write it: 'M_N' -> 'M–N'."""
    return str(code).replace("_", "–")


def default_choice(datasets: pd.DataFrame, default: pd.DataFrame) -> tuple[int, int | None]:
    """(index of the default dataset in ``datasets``, its year): the latest dataset year with
    all 21 counties, else the first dataset and its latest year."""
    if not default.empty:
        d = default.iloc[0]
        hits = [i for i, (c, s) in enumerate(zip(datasets.classification, datasets.source_id, strict=True))
                if c == d.classification and s == d.source_id]
        if hits:
            return hits[0], int(d.year)
    return 0, None


@db.cached()
def declared_vs_measured_on_one_footing(lang: str) -> tuple[list, pd.DataFrame, str, str]:
    """Declared areas against measured specialisation for the three counties, all measured on
    the default employment dataset and year: (statements, table, source line, footing sentence)."""
    base, src, sentence = footing(queries.default_employment_dataset(), queries.employment_datasets(), lang)
    lq = (queries.location_quotients(base.classification, base.source_id, int(base.year), NMS_COUNTIES)
          if base is not None else None)
    statements, table = declared_vs_measured(queries.s3_areas(False), lq, src, lang)
    return statements, table, src, sentence


def footing(default: pd.DataFrame, datasets: pd.DataFrame, lang: str) -> tuple[pd.Series | None, str, str]:
    """The one dataset and year every county is measured on, its name and a sentence saying so."""
    if default.empty:
        return None, "", ""
    d = default.iloc[0]
    hit = datasets[(datasets.classification == d.classification) & (datasets.source_id == d.source_id)]
    name = (f"{hit.publisher.iloc[0]} {hit.table_id.iloc[0] or ''}".strip() if not hit.empty else "") + \
        f" · {classification_name(d.classification, lang)}"
    return d, name, t("s3.footing", lang, dataset=name, year=int(d.year))


def lq_rank_text(rank, n_ranked, lang: str) -> str:
    """'rang 3 av 21 (1 = mest specialiserat)'; '' where not all 21 counties have the LQ."""
    if rank is None or pd.isna(rank):
        return ""
    return t("s3.lq_rank", lang, rank=int(rank), n=int(n_ranked))


def lq_panel(lq: pd.DataFrame, names: dict[str, str], year: int, classification: str, source_line: str,
             lang: str, large: bool = False, notes: list[str] | None = None
             ) -> tuple[charts.Panel, pd.DataFrame, dict[str, str]]:
    """LQ bars per industry, only industries that can be specialisations (not the total, not
    an unknown industry, not an aggregate beside its own parts), with each county's LQ rank
    among the 21. Returns the panel, the rows shown and the industry labels (the bubble chart
    reuses both)."""
    shown = lq[lq.can_specialise.astype(bool)]
    labels = shown.industry_code.map(industry_code) + " " + shown[col("name", lang)]
    ind_labels = dict(zip(shown.industry_code, labels, strict=True))
    fig = charts.lq_bars(shown, labels=names, industry_labels=ind_labels, title=t("s3.lq_title", lang, year=year),
                         unit=t("s3.lq_unit", lang), source_line=source_line, lang=lang, large=large)
    employed, share, se_share = t("s3.col.employed", lang), t("s3.col.share", lang), t("s3.col.se_share", lang)
    rank = t("s3.col.lq_rank", lang)
    table = pd.DataFrame({
        t("s3.col.county", lang): shown.region_code.map(names),
        "NACE": shown.industry_code.map(industry_code),
        t("s3.col.industry", lang): shown[col("name", lang)],
        employed: shown.employed, share: shown.share, se_share: shown.se_share, "LQ": shown.lq,
        rank: [lq_rank_text(r, n, lang) for r, n in zip(shown.lq_rank, shown.n_ranked, strict=True)],
        t("common.flag", lang): shown.flag.map(lambda f: flag_text(f, lang)),
    })
    panel = charts.Panel(fig, table, {"LQ": 2, share: 3, se_share: 3, employed: 0}, f"lq_{classification}_{year}",
                         notes or [source_line])
    return panel, shown, ind_labels


def krugman_cards(kr: pd.DataFrame, year: int, base: int, names: dict[str, str], lang: str) -> list[charts.Card]:
    """Each county's Krugman index in ``year``, with the change since ``base`` and its rank
    among the 21 counties (1 = the most specialised)."""
    cards = []
    for r in kr[kr.year == year].itertuples():
        prev = kr[(kr.region_code == r.region_code) & (kr.year == base)]
        delta = None if prev.empty or base == year else fmt.metric_delta(r.krugman - prev.krugman.iloc[0], 3, lang)
        caption = (t("s3.krugman_rank", lang, rank=int(r.krugman_rank), n=int(r.n_ranked))
                   if pd.notna(r.krugman_rank) else t("s3.krugman_no_rank", lang))
        cards.append(charts.Card(f"{names[r.region_code]} · {year}", fmt.number(r.krugman, 3, lang), caption=caption,
                                 delta=delta, delta_color="off",
                                 delta_description=t("overview.change", lang, year=base) if delta else None))
    return cards


def bubble_panel(shown: pd.DataFrame, change: pd.DataFrame, names: dict[str, str], ind_labels: dict[str, str],
                 base: int, year: int, source_line: str, lang: str, large: bool = False) -> charts.Panel:
    """LQ against employment change between two years of the same dataset."""
    bub = shown.merge(change, on=["region_code", "industry_code"], how="inner")
    fig = charts.bubble(bub, labels=names, industry_labels=ind_labels,
                        title=t("s3.bubble_title", lang, y0=base, y1=year), unit=t("s3.bubble_unit", lang, y1=year),
                        x_title=t("s3.bubble_x", lang, y1=year), y_title=t("s3.bubble_y", lang),
                        source_line=source_line, lang=lang, large=large)
    employed_from = f"{t('s3.col.employed', lang)} {base}"
    employed_to = f"{t('s3.col.employed', lang)} {year}"
    table = bub.assign(region=bub.region_code.map(names), industry_code=bub.industry_code.map(industry_code))[
        ["region", "industry_code", "lq", "employed_from", "employed_to", "change_pct"]].rename(columns={
            "region": t("s3.col.county", lang), "industry_code": "NACE", "lq": "LQ",
            "employed_from": employed_from, "employed_to": employed_to, "change_pct": t("s3.col.change", lang)})
    return charts.Panel(fig, table, {"LQ": 2, t("s3.col.change", lang): 1, employed_from: 0, employed_to: 0},
                        f"lq_change_{base}_{year}", [source_line])


@db.cached()
def measured(classification: str, source_id: str, year: int, base: int, counties: tuple[str, ...], lang: str,
             large: bool = False) -> tuple[charts.Panel, list[charts.Card], charts.Panel | None]:
    """What the measured part draws for one dataset, year and comparison year: the LQ panel,
    the Krugman cards and, when ``base`` is another year, the LQ against employment change
    (cached in the app by the arguments and warehouse version)."""
    names, regions = queries.region_names(lang), list(counties)
    source_line = sources.line([source_id], lang)
    lq = queries.location_quotients(classification, source_id, year, regions)
    panel, shown, ind_labels = lq_panel(lq, names, year, classification, source_line, lang, large,
                                        sources.notes([source_id], lang))
    krugman = krugman_cards(queries.krugman(classification, source_id, regions), year, base, names, lang)
    bubble = None
    if base != year:
        change = queries.employment_change(classification, source_id, base, year, regions)
        bubble = bubble_panel(shown, change, names, ind_labels, base, year, source_line, lang, large)
    return panel, krugman, bubble


def dm_download_name(lang: str) -> str:
    return "s3_deklarerat_uppmatt" if lang == "sv" else "s3_declared_measured"


def step_title(year: int, county_names: list[str], dataset_label: str, lang: str) -> str:
    """What a workshop step of the LQ chart shows: year, counties, data set."""
    return f"{t('s3.lq_title', lang, year=year)} · {', '.join(county_names)} · {dataset_label}"
