"""Indikatorer / Indicator explorer: one indicator, chosen regions and years, shown as
values, as an index (base year = 100) or per capita, with notes on what is missing."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from app import charts, measures, queries, sources
from app.i18n import col, flag_text, t

MODES = ("value", "index", "per_capita")
#: The indicator the page shows when the link names none.
DEFAULT_INDICATOR = "grp_per_capita"


@dataclass
class View:
    indicator_id: str
    name: str
    unit: str
    description: str
    decimals: int
    chart_df: pd.DataFrame          # region_code, year, value
    table: pd.DataFrame             # what the Table tab shows and the downloads contain
    source_ids: list
    is_derived: bool
    derivation: str | None
    notes: list[str] = field(default_factory=list)
    coverage: str = ""
    source_line: str = ""
    mode: str = "value"


def per_capita_allowed(meta: pd.Series) -> bool:
    return bool(meta.additive) and pd.notna(meta.per_capita_scale)


def modes_for(meta: pd.Series) -> list[str]:
    """The ways this indicator can be shown (per capita only for additive counts)."""
    return [m for m in MODES if m != "per_capita" or per_capita_allowed(meta)]


def available_years(indicator_id: str, regions, year_from: int, year_to: int) -> list[int]:
    df = queries.values(indicator_id, regions, year_from, year_to)
    return sorted(df.year.unique().tolist())


def build(indicator_id: str, regions, year_from: int, year_to: int, lang: str, mode: str = "value",
          base_year: int | None = None) -> View:
    meta = queries.indicator(indicator_id)
    names = queries.regions().set_index("region_code")[col("name", lang)]
    raw = queries.values(indicator_id, regions, year_from, year_to)
    df = raw[["region_code", "year", "value", "flag"]].copy()
    unit = meta[col("unit", lang)]
    decimals = int(meta.decimals)
    notes: list[str] = []

    if mode == "per_capita" and per_capita_allowed(meta):
        pop = queries.population(regions, year_from, year_to)
        df = measures.per_capita(df, pop, float(meta.per_capita_scale))
        unit = meta[col("per_capita_unit", lang)]
        decimals = 0 if meta.per_capita_scale >= 1000 and indicator_id != "new_firms" else 2
        if df.value.isna().any():
            notes.append(t("ind.per_capita_missing", lang))
        df = df.dropna(subset=["value"])
    elif mode == "per_capita":
        notes.append(t("ind.per_capita_na", lang))
    elif mode == "index" and not df.empty:
        base_year = base_year if base_year in set(df.year) else int(df.year.min())
        df, missing = measures.to_index(df, base_year)
        unit = t("ind.index_unit", lang, year=base_year)
        decimals = 1
        if missing:
            notes.append(t("ind.index_missing", lang, year=base_year,
                           regions=", ".join(names.get(c, c) for c in missing)))

    absent = [c for c in regions if c not in set(raw.region_code)]
    if absent:
        notes.append(t("ind.no_values_regions", lang, regions=", ".join(names.get(c, c) for c in absent)))
    flags = flag_text(";".join(sorted({f for f in raw.flag.dropna() if f})), lang)
    if flags:
        notes.append(t("ind.flags", lang, flags=flags))

    order = {c: i for i, c in enumerate(regions)}
    df = df.sort_values(["region_code", "year"], key=lambda s: s.map(order) if s.name == "region_code" else s)
    table = pd.DataFrame({
        t("common.region", lang): df.region_code.map(lambda c: names.get(c, c)),
        t("common.code", lang): df.region_code,
        t("common.year", lang): df.year.astype("Int64"),
        f"{t('common.value', lang)} ({unit})": df.value,
        t("common.flag", lang): df.flag.map(lambda f: flag_text(f, lang)),
    })
    cov = ""
    if pd.notna(meta.n_counties):
        cov = t("ind.coverage", lang, n_counties=int(meta.n_counties), first=int(meta.first_year),
                last=int(meta.last_year))
    is_derived = meta.kind == "derived"
    return View(indicator_id, meta[col("name", lang)], unit, meta[col("description", lang)], decimals,
                df[["region_code", "year", "value"]].reset_index(drop=True), table.reset_index(drop=True),
                list(raw.source_ids), is_derived,
                meta.derivation if isinstance(meta.derivation, str) else None, notes, cov,
                sources.line(list(raw.source_ids), lang, derived=is_derived), mode)


def panel(view: View, lang: str, large: bool = False) -> charts.Panel | None:
    """The chart and table of a view; None when there is nothing to draw (say so in words)."""
    if view.chart_df.empty:
        return None
    regions = queries.regions()
    labels = dict(zip(regions.region_code, regions[col("name", lang)]))
    fig = charts.line(view.chart_df, labels=labels, title=view.name, unit=view.unit,
                      source_line=view.source_line, lang=lang, decimals=view.decimals, large=large)
    return charts.Panel(fig, view.table, {view.table.columns[3]: view.decimals},
                        f"{view.indicator_id}_{view.mode}", [view.name, view.unit, view.source_line])



def step_title(view: View, names: dict[str, str], regions, year_from: int, year_to: int, lang: str) -> str:
    """What a workshop step of this view shows: indicator (and measure), regions, years."""
    what = view.name if view.mode == "value" else f"{view.name} ({view.unit})"
    return " · ".join([what, ", ".join(names.get(c, c) for c in regions), f"{year_from}–{year_to}"])
