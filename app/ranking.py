"""Where the counties stand among all 21 (#19): one indicator in one year as bars of every
county, the three counties in their colours and Sweden as a reference line; and the chosen
counties' rank over time, always "among N" with the direction rank 1 means.

Ranks come from the warehouse (``v_indicator_rank``: SQL ``rank()``, so tied values share
the better rank and the next rank is skipped; only years in which all 21 counties have a
value are ranked). Pure functions: the language is an argument."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from app import charts, overview, queries, sources
from app.i18n import col, flag_text, t
from etl.vocabulary import N_COUNTIES, NMS_COUNTIES, SWEDEN


@dataclass
class Ranking:
    indicator_id: str
    year: int | None
    years: list[int]                  # the years all 21 counties have a value (rankable)
    table: pd.DataFrame               # every county that year: region_code, value, rank, n_ranked, ...
    se_value: float | None
    direction: str                    # '1 = högst' / '1 = bäst' / '1 = lägst (bäst)'
    history: pd.DataFrame             # region_code, year, rank, n_ranked
    source_ids: list
    highlight: tuple[str, ...] = NMS_COUNTIES   # the counties drawn in their colours


def rank_years(indicator_id: str) -> list[int]:
    """Years in which all 21 counties have a value: the only years a rank among 21 exists."""
    df = queries.county_years(indicator_id)
    return [int(y) for y in df[df.all_counties.astype(bool)].year]


def county_years(indicator_id: str) -> list[int]:
    """Years in which at least one county has a value (the map can show those)."""
    return [int(y) for y in queries.county_years(indicator_id).year]


def default_year(indicator_id: str, year_to: int) -> int | None:
    """The latest year all 21 counties have a value within the chosen years, else the latest such
    year, else (no such year) the latest year with any county value."""
    for years in (rank_years(indicator_id), county_years(indicator_id)):
        if years:
            inside = [y for y in years if y <= year_to]
            return (inside or years)[-1]
    return None


def tie_label(ranks: pd.Series) -> list[str]:
    """'3' for a rank held alone, '=3' for a rank shared by tied values."""
    counts = ranks.value_counts()
    return ["" if pd.isna(r) else (f"={int(r)}" if counts[r] > 1 else str(int(r))) for r in ranks]


def build(indicator_id: str, year: int | None, regions, lang: str) -> Ranking:
    years = rank_years(indicator_id)
    if year not in years:  # not all 21 counties have a value that year: no rank (say so)
        year = None
    meta = queries.indicator(indicator_id)
    if year is None:
        empty = pd.DataFrame(columns=["region_code", "value", "rank", "n_ranked"])
        return Ranking(indicator_id, None, years, empty, None, "", empty, [])
    df = queries.county_values(indicator_id, year)
    se = df.se_value.dropna()
    first = df.iloc[0]
    direction = overview.direction(first.rank_order, meta.higher_is_better, lang)
    counties = [c for c in regions if c in set(df.region_code)] or list(NMS_COUNTIES)
    history = queries.rank_history(indicator_id, counties)
    ids = sorted({s for ids in df.source_ids for s in (ids if ids is not None else [])})
    return Ranking(indicator_id, year, years, df.reset_index(drop=True), float(se.iloc[0]) if len(se) else None,
                   direction, history, ids, tuple(counties))


def bars_panel(r: Ranking, names: dict[str, str], lang: str, large: bool = False) -> charts.Panel | None:
    """All 21 counties in rank order, the three highlighted, Sweden as a line."""
    if r.year is None or r.table.empty:
        return None
    meta = queries.indicator(r.indicator_id)
    name, unit, decimals = meta[col("name", lang)], meta[col("unit", lang)], int(meta.decimals)
    df = r.table.assign(label=tie_label(r.table["rank"]))
    source_line = sources.line(r.source_ids, lang, derived=meta.kind == "derived")
    title = t("rk.bars_title", lang, name=name, year=r.year, n=N_COUNTIES, direction=r.direction)
    fig = charts.ranking_bars(df, labels=names, title=title, unit=unit, source_line=source_line, lang=lang,
                              decimals=decimals, reference=r.se_value,
                              reference_label=t("rk.sweden_line", lang, name=names.get(SWEDEN, SWEDEN)),
                              highlight=r.highlight, large=large)
    value_col = f"{t('common.value', lang)} ({unit})"
    table = pd.DataFrame({
        t("rk.col.rank", lang, direction=r.direction): df.label,
        t("common.region", lang): df.region_code.map(lambda c: names.get(c, c)),
        t("common.code", lang): df.region_code,
        t("common.year", lang): r.year,
        value_col: df.value,
        t("common.flag", lang): df.flag.map(lambda f: flag_text(f, lang)),
    })
    notes = [name, unit, t("rk.method", lang, n=N_COUNTIES), *sources.notes(r.source_ids, lang)]
    return charts.Panel(fig, table, {value_col: decimals}, f"{r.indicator_id}_{r.year}_rank", notes)


def history_panel(r: Ranking, names: dict[str, str], lang: str, large: bool = False) -> charts.Panel | None:
    """The chosen counties' rank among the 21 in every rankable year (rank 1 at the top)."""
    h = r.history
    if h.empty or h.year.nunique() < 1:
        return None
    meta = queries.indicator(r.indicator_id)
    name = meta[col("name", lang)]
    source_line = sources.line(r.source_ids, lang, derived=meta.kind == "derived")
    title = t("rk.history_title", lang, name=name, n=N_COUNTIES)
    unit = t("rk.history_unit", lang, n=N_COUNTIES, direction=r.direction)
    fig = charts.rank_lines(h, labels=names, title=title, unit=unit, source_line=source_line, lang=lang,
                            n=N_COUNTIES, large=large)
    rank_col = t("rk.col.rank", lang, direction=r.direction)
    table = pd.DataFrame({
        t("common.region", lang): h.region_code.map(lambda c: names.get(c, c)),
        t("common.year", lang): h.year.astype("Int64"),
        rank_col: h["rank"].astype("Int64"),
        t("rk.col.among", lang): h.n_ranked.astype("Int64"),
    })
    notes = [name, t("rk.method", lang, n=N_COUNTIES), *sources.notes(r.source_ids, lang)]
    return charts.Panel(fig, table, {}, f"{r.indicator_id}_rank_over_time", notes)
