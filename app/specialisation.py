"""Specialisering / Specialisation: declared S3 priorities against measured specialisation.

The LQ and Krugman numbers come from the warehouse views (``v_location_quotient``,
``v_krugman_index``). This module arranges them: a theme × county matrix of declared
areas, the LQ and employment-change charts of a chosen dataset, and for each declared
area the LQs of the industries that contain its NACE codes -- saying plainly when the
data is coarser than the area.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from app import charts, fmt, queries
from app.i18n import col, t
from etl.vocabulary import NMS_COUNTIES, SWEDEN

#: NACE Rev.2 / SNI 2007 divisions (first two digits) per section.
SECTION_DIVISIONS = {
    "A": range(1, 4), "B": range(5, 10), "C": range(10, 34), "D": range(35, 36), "E": range(36, 40),
    "F": range(41, 44), "G": range(45, 48), "H": range(49, 54), "I": range(55, 57), "J": range(58, 64),
    "K": range(64, 67), "L": range(68, 69), "M": range(69, 76), "N": range(77, 83), "O": range(84, 85),
    "P": range(85, 86), "Q": range(86, 89), "R": range(90, 94), "S": range(94, 97), "T": range(97, 99),
    "U": range(99, 100),
}
#: Finer classifications first when a county has several datasets for the same year.
CLASSIFICATION_PREFERENCE = ["SCB_GROUPS16", "NACE_A10", "SCB_SECTORS3"]


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
        hits = industries[industries.nace_sections.fillna("").str.split(";").map(lambda xs: s in xs)]
        if hits.empty:
            continue
        narrowest = hits.assign(width=hits.nace_sections.str.count(";")).sort_values("width").iloc[0]
        rows.append(narrowest)
    if not rows:
        return industries.iloc[0:0]
    return pd.DataFrame(rows).drop_duplicates(subset=["industry_code"])


def theme_matrix(areas: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Rows: shared themes; columns: counties; cells: the county's area names in that theme."""
    names = queries.regions().set_index("region_code")[col("name", lang)]
    themes = queries.themes()
    area_col = col("area", lang)
    data = {}
    for code in NMS_COUNTIES:
        mine = areas[areas.region_code == code]
        data[names[code]] = [
            "; ".join(mine[mine.theme_id == th][area_col]) for th in themes.theme_id]
    out = pd.DataFrame(data, index=themes[col("name", lang)])
    out.index.name = t("s3.theme", lang)
    return out[(out != "").any(axis=1)]


@dataclass
class Statement:
    region_code: str
    area: str
    text: str
    lq: float | None


def declared_vs_measured(areas: pd.DataFrame, lang: str) -> tuple[list[Statement], pd.DataFrame]:
    """One statement per current area with the LQ of the industries containing it."""
    names = queries.regions().set_index("region_code")[col("name", lang)]
    statements: list[Statement] = []
    records = []
    for code in NMS_COUNTIES:
        lqs = queries.latest_lq_for_region(code)
        dataset = None
        if not lqs.empty:
            latest = lqs.year.max()
            cands = lqs[lqs.year == latest].classification.unique().tolist()
            best = sorted(cands, key=lambda c: CLASSIFICATION_PREFERENCE.index(c)
                          if c in CLASSIFICATION_PREFERENCE else 99)[0]
            dataset = lqs[(lqs.year == latest) & (lqs.classification == best)]
        for area in areas[(areas.region_code == code) & (areas.status == "current")].itertuples():
            area_name = getattr(area, col("area", lang))
            sections = sections_of(area.nace_codes)
            if not sections:
                statements.append(Statement(code, area_name, t("s3.dm.no_codes", lang, area=area_name), None))
                continue
            if dataset is None or dataset.empty:
                statements.append(Statement(code, area_name, t("s3.dm.no_data", lang, area=area_name,
                                                                 county=names[code]), None))
                continue
            hits = covering_industries(sections, dataset)
            if hits.empty:
                statements.append(Statement(code, area_name, t("s3.dm.no_data", lang, area=area_name,
                                                                 county=names[code]), None))
                continue
            src = f"{hits.publisher.iloc[0]}" + (f" {hits.table_id.iloc[0]}" if isinstance(hits.table_id.iloc[0], str)
                                                 and hits.table_id.iloc[0] else "")
            parts = []
            for h in hits.itertuples():
                ind_name = getattr(h, col("name", lang))
                part = t("s3.dm.part", lang, lq=fmt.number(h.lq, 2, lang), industry=ind_name)
                if h.flag == "low_precision":
                    part += f" ({t('flag.low_precision', lang)})"
                parts.append(part)
                records.append({
                    t("s3.col.county", lang): names[code], t("s3.col.area", lang): area_name,
                    t("s3.col.nace", lang): area.nace_codes,
                    t("s3.col.industry", lang): f"{h.industry_code} {ind_name}",
                    t("common.year", lang): int(h.year), "LQ": float(h.lq),
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
            lines.append(f"**{t('s3.clusters', lang)}:** {a.clusters}")
        if a.nace_codes:
            lines.append(f"**{t('s3.nace', lang)}:** {a.nace_codes.replace(';', ', ')}")
        lines.append(f"{t('common.source', lang)}: [{a.publisher}]({a.source_url})")
        out.append(AreaCard(f"{getattr(a, col('area', lang))} · {status}", f"{a.strategy} ({a.period})",
                            a.description, lines))
    return out


def measured_counties(regions, with_data) -> tuple[list[str], list[str], list[str]]:
    """(chosen counties, those with employment data, those without) of a region selection."""
    chosen = [r for r in regions if r != SWEDEN]
    return chosen, [r for r in chosen if r in with_data], [r for r in chosen if r not in with_data]


def datasets_for(datasets: pd.DataFrame, counties: list[str]) -> pd.DataFrame:
    """The employment datasets that cover at least one of the counties."""
    return datasets[datasets.regions.map(lambda rs: any(r in list(rs) for r in counties))]


def dataset_labels(datasets: pd.DataFrame) -> dict:
    return {i: f"{r.publisher} {r.table_id or ''} · {r.classification} · {r.first_year}–{r.last_year}"
            for i, r in datasets.iterrows()}


def compare_years(years: list[int], year: int) -> tuple[list[int], int]:
    """The years a change can be measured from (latest first) and the default: the earliest."""
    earlier = [y for y in years if y < year]
    return earlier[::-1] or [year], len(earlier) - 1 if earlier else 0


def lq_panel(lq: pd.DataFrame, names: dict[str, str], year: int, classification: str, source_line: str,
             lang: str, large: bool = False) -> tuple[charts.Panel, pd.DataFrame, dict[str, str]]:
    """LQ bars per industry (aggregates left out, except manufacturing). Returns the panel,
    the rows shown and the industry labels (the bubble chart reuses both)."""
    shown = lq[(~lq.is_aggregate) | (lq.industry_code == "C")]
    ind_labels = dict(zip(shown.industry_code, shown.industry_code + " " + shown[col("name", lang)]))
    fig = charts.lq_bars(shown, labels=names, industry_labels=ind_labels, title=t("s3.lq_title", lang, year=year),
                         unit=t("s3.lq_unit", lang), source_line=source_line, lang=lang, large=large)
    employed, share, se_share = t("s3.col.employed", lang), t("s3.col.share", lang), t("s3.col.se_share", lang)
    table = shown.assign(region=shown.region_code.map(names))[
        ["region", "industry_code", col("name", lang), "employed", "share", "se_share", "lq", "flag"]].rename(columns={
            "region": t("s3.col.county", lang), "industry_code": "NACE", col("name", lang): t("s3.col.industry", lang),
            "employed": employed, "share": share, "se_share": se_share, "lq": "LQ", "flag": t("common.flag", lang)})
    panel = charts.Panel(fig, table, {"LQ": 2, share: 3, se_share: 3, employed: 0}, f"lq_{classification}_{year}",
                         [source_line])
    return panel, shown, ind_labels


def krugman_cards(kr: pd.DataFrame, year: int, base: int, names: dict[str, str], lang: str) -> list[charts.Card]:
    """Each county's Krugman index in ``year``, with the change since ``base``."""
    cards = []
    for r in kr[kr.year == year].itertuples():
        prev = kr[(kr.region_code == r.region_code) & (kr.year == base)]
        delta = None if prev.empty or base == year else fmt.metric_delta(r.krugman - prev.krugman.iloc[0], 3, lang)
        cards.append(charts.Card(f"{names[r.region_code]} · {year}", fmt.number(r.krugman, 3, lang), delta=delta,
                                 delta_color="off",
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
    table = bub.assign(region=bub.region_code.map(names))[
        ["region", "industry_code", "lq", "employed_from", "employed_to", "change_pct"]].rename(columns={
            "region": t("s3.col.county", lang), "industry_code": "NACE", "lq": "LQ",
            "employed_from": employed_from, "employed_to": employed_to, "change_pct": t("s3.col.change", lang)})
    return charts.Panel(fig, table, {"LQ": 2, t("s3.col.change", lang): 1, employed_from: 0, employed_to: 0},
                        f"lq_change_{base}_{year}", [source_line])


def dm_download_name(lang: str) -> str:
    return "s3_deklarerat_uppmatt" if lang == "sv" else "s3_declared_measured"


def step_title(year: int, county_names: list[str], dataset_label: str, lang: str) -> str:
    """What a workshop step of the LQ chart shows: year, counties, data set."""
    return f"{t('s3.lq_title', lang, year=year)} · {', '.join(county_names)} · {dataset_label}"
