"""Indikatorer / Indicator explorer: one indicator, chosen regions and years, shown as
values, as an index (base year = 100) or per capita, with notes on what is missing.

Regions are compared on one year: below the series, the chosen regions on the latest
year in which all of them that have the indicator have a value, with their rank among
the 21 counties (or, for an indicator published only per riksområde, among the eight).
Flagged values (break, disputed, …) carry their flag and reason in chart, table and
download; parts that do not add up to a total (``indicator_relation``) say so."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from app import charts, db, measures, overview, queries, sources
from app.i18n import col, flag_text, t
from etl.vocabulary import NMS, SWEDEN

MODES = ("value", "index", "per_capita")
#: The indicator the page shows when the link names none.
DEFAULT_INDICATOR = "grp_per_capita"
AGGREGATE_LEVELS = ("country", "nuts2")


@dataclass
class View:
    indicator_id: str
    name: str
    unit: str
    description: str
    decimals: int
    chart_df: pd.DataFrame          # region_code, year, value, flag_text
    table: pd.DataFrame             # what the Table tab shows and the downloads contain
    source_ids: list
    is_derived: bool
    derivation: str | None
    notes: list[str] = field(default_factory=list)
    coverage: str = ""
    source_line: str = ""
    mode: str = "value"
    regions: tuple[str, ...] = ()   # the regions shown (NUTS2 regions for a NUTS2-only indicator)
    level: str = "county"           # what ranks are among: 'county' or 'nuts2'
    secondary: tuple[str, ...] = ()  # regions drawn against the right-hand axis
    secondary_unit: str = ""
    compare: pd.DataFrame | None = None   # the regions on the common year, with rank
    compare_year: int | None = None
    source_notes: list[str] = field(default_factory=list)
    compare_note: str = ""


def per_capita_allowed(meta: pd.Series) -> bool:
    return bool(meta.additive) and pd.notna(meta.per_capita_scale)


def modes_for(meta: pd.Series) -> list[str]:
    """The ways this indicator can be shown (per capita only for additive counts)."""
    return [m for m in MODES if m != "per_capita" or per_capita_allowed(meta)]


def nuts2_only(meta: pd.Series) -> bool:
    """Published per riksområde (NUTS2), not per county: e.g. education from the Labour Force Survey."""
    return (pd.isna(meta.n_counties) or int(meta.n_counties) == 0) and pd.notna(meta.get("n_nuts2")) \
        and int(meta.n_nuts2) > 0


def shown_regions(meta: pd.Series, regions) -> tuple[list[str], str]:
    """The regions to show and what ranks are among. A NUTS2-only indicator shows Norra
    Mellansverige against the other riksområden and Sweden, whatever counties are chosen."""
    if nuts2_only(meta):
        return [*queries.nuts2_regions(), SWEDEN], "nuts2"
    return list(regions), "county"


def available_years(indicator_id: str, regions, year_from: int, year_to: int) -> list[int]:
    meta = queries.indicator(indicator_id)
    regions, _ = shown_regions(meta, regions)
    df = queries.values(indicator_id, regions, year_from, year_to)
    return sorted(df.year.unique().tolist())


def relation_notes(indicator_id: str, lang: str) -> list[str]:
    """Where the indicator is a part that does not add up to its whole (or the whole of such
    parts): the recorded note in English, the catalogue's sentence in Swedish."""
    rel = queries.relations(indicator_id)
    rel = rel[~rel.comparable.astype(bool)]
    if rel.empty:
        return []
    inds = queries.indicators().set_index("indicator_id")
    out = []
    for r in rel.itertuples():
        part, whole = inds.loc[r.indicator_id, col("name", lang)], inds.loc[r.related_indicator_id, col("name", lang)]
        out.append(t("ind.not_parts", lang, part=part, whole=whole)
                   + (f" {r.note}" if lang == "en" and isinstance(r.note, str) else ""))
    return out


def derivation_text(derivation, lang: str) -> str | None:
    """The recorded formula with indicator ids and region codes replaced by their names."""
    if not isinstance(derivation, str) or not derivation:
        return None
    inds = queries.indicators()
    names = dict(zip(inds.indicator_id, inds[col("name", lang)], strict=True))
    out = derivation
    for ind_id in sorted(names, key=len, reverse=True):
        out = re.sub(rf"\b{re.escape(ind_id)}\b", names[ind_id], out)
    out = out.replace("(SE same year)", t("ind.sweden_same_year", lang))
    out = out.replace("(year − 1)", t("ind.year_before", lang))
    return out.replace("(year)", t("ind.this_year", lang))


def _secondary(meta: pd.Series, regions: list[str], levels: dict[str, str], mode: str) -> tuple[str, ...]:
    """Totals (Sweden, riksområden) beside counties on a count or a sum would flatten the
    counties' lines on one linear axis: they go on a second axis."""
    if mode == "index" or not bool(meta.additive):
        return ()
    aggregates = tuple(c for c in regions if levels.get(c) in AGGREGATE_LEVELS)
    others = [c for c in regions if c not in aggregates]
    return aggregates if aggregates and others else ()


def build(indicator_id: str, regions, year_from: int, year_to: int, lang: str, mode: str = "value",
          base_year: int | None = None) -> View:
    meta = queries.indicator(indicator_id)
    regions, level = shown_regions(meta, regions)
    region_df = queries.regions()
    names = dict(zip(region_df.region_code, region_df[col("name", lang)], strict=True))
    levels = dict(zip(region_df.region_code, region_df.level, strict=True))
    raw = queries.values(indicator_id, regions, year_from, year_to)
    df = raw[["region_code", "year", "value", "flag", "note"]].copy()
    unit = meta[col("unit", lang)]
    decimals = int(meta.decimals)
    notes: list[str] = []
    if level == "nuts2":
        notes.append(t("ind.nuts2_only", lang, nms=names.get(NMS, NMS)))

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
        base_year = base_year if base_year is not None and base_year in set(df.year) else int(df.year.min())
        df, missing = measures.to_index(df, base_year)
        unit = t("ind.index_unit", lang, year=base_year)
        decimals = 1
        if missing:
            notes.append(t("ind.index_missing", lang, year=base_year,
                           regions=", ".join(names.get(c, c) for c in missing)))
    if meta.higher_is_better is False or (pd.notna(meta.higher_is_better) and not bool(meta.higher_is_better)):
        unit = t("ind.lower_better", lang, unit=unit)

    absent = [c for c in regions if c not in set(raw.region_code)]
    if absent:
        notes.append(t("ind.no_values_regions", lang, regions=", ".join(names.get(c, c) for c in absent)))
    flags = flag_text(";".join(sorted({f for f in raw.flag.dropna() if f})), lang)
    if flags:
        notes.append(t("ind.flags", lang, flags=flags))
    notes += relation_notes(indicator_id, lang)

    order = {c: i for i, c in enumerate(regions)}
    df = df.sort_values(["region_code", "year"], key=lambda s: s.map(order) if s.name == "region_code" else s)
    df["flag_text"] = df.flag.map(lambda f: flag_text(f, lang))
    reason = df.apply(lambda r: overview.flag_explanation(r.flag, r.note, lang), axis=1) if not df.empty else []
    table = pd.DataFrame({
        t("common.region", lang): df.region_code.map(lambda c: names.get(c, c)),
        t("common.code", lang): df.region_code,
        t("common.year", lang): df.year.astype("Int64"),
        f"{t('common.value', lang)} ({unit})": df.value,
        t("common.flag", lang): df.flag_text,
        t("common.flag_reason", lang): reason,
    })
    cov = ""
    if pd.notna(meta.n_counties) and int(meta.n_counties) > 0:
        cov = t("ind.coverage", lang, n_counties=int(meta.n_counties), first=int(meta.first_year),
                last=int(meta.last_year))
    is_derived = meta.kind == "derived"
    secondary = _secondary(meta, regions, levels, mode)
    view = View(indicator_id, meta[col("name", lang)], unit, meta[col("description", lang)], decimals,
                df[["region_code", "year", "value", "flag_text"]].reset_index(drop=True), table.reset_index(drop=True),
                list(raw.source_ids), is_derived,
                derivation_text(meta.derivation, lang), notes, cov,
                sources.line(list(raw.source_ids), lang, derived=is_derived), mode, tuple(regions), level,
                secondary, t("ind.secondary_axis", lang, regions=", ".join(names.get(c, c) for c in secondary)))
    view.compare_note = t("ind.compare_note_nuts2", lang) if level == "nuts2" else t("ind.compare_note", lang)
    view.source_notes = [view.name, view.unit, *sources.notes(list(raw.source_ids), lang, view.description)]
    _compare(view, raw, names, lang)
    return view


def _compare(view: View, raw: pd.DataFrame, names: dict[str, str], lang: str) -> None:
    """The regions on their common year (the latest year all of them that have values share),
    with rank among the 21 counties or the eight riksområden. Shown values, not the raw ones:
    an index or per-capita view is compared as shown."""
    df = view.chart_df
    if df.empty:
        return
    having = set(df.region_code)
    per_year = df.groupby("year").region_code.agg(set)
    common = [y for y, regs in per_year.items() if having <= regs]
    if not common:
        return
    year = int(max(common))
    at = df[df.year == year]
    ranks = queries.rank_at(view.indicator_id, year, list(at.region_code), view.level).set_index("region_code")
    rank_texts = []
    for code in at.region_code:
        if view.mode == "value" and code in ranks.index:  # a rank is of the values, not of an index
            k = ranks.loc[code]
            rank_texts.append(overview.rank_text(k["rank"], k.n_ranked, k.rank_order, k.higher_is_better, lang,
                                                 view.level))
        else:
            rank_texts.append("")
    view.compare_year = year
    view.compare = pd.DataFrame({
        "region_code": at.region_code.to_numpy(), "year": at.year.to_numpy(), "value": at.value.to_numpy(),
        "flag_text": at.flag_text.to_numpy(), "rank_text": rank_texts,
    })


def panel(view: View, lang: str, large: bool = False) -> charts.Panel | None:
    """The chart and table of a view; None when there is nothing to draw (say so in words)."""
    if view.chart_df.empty:
        return None
    labels = queries.region_names(lang)
    fig = charts.line(view.chart_df, labels=labels, title=view.name, unit=view.unit,
                      source_line=view.source_line, lang=lang, decimals=view.decimals, large=large,
                      secondary=view.secondary, secondary_unit=view.secondary_unit,
                      secondary_suffix=t("ind.right_axis", lang))
    return charts.Panel(fig, view.table, {view.table.columns[3]: view.decimals},
                        f"{view.indicator_id}_{view.mode}", view.source_notes)


def compare_panel(view: View, lang: str, large: bool = False) -> charts.Panel | None:
    """The regions side by side on the common year, with their rank (the table)."""
    if view.compare is None or view.compare.region_code.nunique() < 2:
        return None
    labels = queries.region_names(lang)
    c = view.compare
    fig = charts.bar(c, labels=labels, title=t("ind.compare_title", lang, name=view.name, year=view.compare_year),
                     unit=view.unit, source_line=view.source_line, lang=lang, decimals=view.decimals, large=large)
    value_col = f"{t('common.value', lang)} ({view.unit})"
    table = pd.DataFrame({
        t("common.region", lang): c.region_code.map(lambda x: labels.get(x, x)),
        t("common.year", lang): c.year.astype("Int64"),
        value_col: c.value,
        t("overview.col.rank", lang): c.rank_text,
        t("common.flag", lang): c.flag_text,
    })
    return charts.Panel(fig, table, {value_col: view.decimals}, f"{view.indicator_id}_{view.compare_year}",
                        view.source_notes)


@db.cached()
def shown(indicator_id: str, regions: tuple[str, ...], year_from: int, year_to: int, lang: str, mode: str = "value",
          base_year: int | None = None, large: bool = False) -> tuple[View, charts.Panel | None, charts.Panel | None]:
    """The view (``build``), its panel and its comparison panel, cached in the app by the
    arguments and warehouse version."""
    view = build(indicator_id, regions, year_from, year_to, lang, mode, base_year)
    return view, panel(view, lang, large), compare_panel(view, lang, large)


def step_title(view: View, names: dict[str, str], regions, year_from: int, year_to: int, lang: str) -> str:
    """What a workshop step of this view shows: indicator (and measure), regions, years."""
    what = view.name if view.mode == "value" else f"{view.name} ({view.unit})"
    return " · ".join([what, ", ".join(names.get(c, c) for c in regions), f"{year_from}–{year_to}"])
