"""The indicator explorer's data: one indicator, chosen regions and years, shown as
values, as an index (base year = 100) or per capita, with notes on what is missing."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from app import measures, queries
from app.i18n import col, flag_text, t

MODES = ("value", "index", "per_capita")


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


def per_capita_allowed(meta: pd.Series) -> bool:
    return bool(meta.additive) and pd.notna(meta.per_capita_scale)


def available_years(indicator_id: str, regions, year_from: int, year_to: int) -> list[int]:
    df = queries.values(indicator_id, regions, year_from, year_to)
    return sorted(df.year.unique().tolist())


def build(indicator_id: str, regions, year_from: int, year_to: int, mode: str = "value",
          base_year: int | None = None) -> View:
    meta = queries.indicator(indicator_id)
    names = queries.regions().set_index("region_code")[col("name")]
    raw = queries.values(indicator_id, regions, year_from, year_to)
    df = raw[["region_code", "year", "value", "flag"]].copy()
    unit = meta[col("unit")]
    decimals = int(meta.decimals)
    notes: list[str] = []

    if mode == "per_capita" and per_capita_allowed(meta):
        pop = queries.population(regions, year_from, year_to)
        df = measures.per_capita(df, pop, float(meta.per_capita_scale))
        unit = meta[col("per_capita_unit")]
        decimals = 0 if meta.per_capita_scale >= 1000 and indicator_id != "new_firms" else 2
        if df.value.isna().any():
            notes.append(t("ind.per_capita_missing"))
        df = df.dropna(subset=["value"])
    elif mode == "per_capita":
        notes.append(t("ind.per_capita_na"))
    elif mode == "index" and not df.empty:
        base_year = base_year if base_year in set(df.year) else int(df.year.min())
        df, missing = measures.to_index(df, base_year)
        unit = t("ind.index_unit", year=base_year)
        decimals = 1
        if missing:
            notes.append(t("ind.index_missing", year=base_year,
                           regions=", ".join(names.get(c, c) for c in missing)))

    absent = [c for c in regions if c not in set(raw.region_code)]
    if absent:
        notes.append(t("ind.no_values_regions", regions=", ".join(names.get(c, c) for c in absent)))
    flags = flag_text(";".join(sorted({f for f in raw.flag.dropna() if f})))
    if flags:
        notes.append(t("ind.flags", flags=flags))

    order = {c: i for i, c in enumerate(regions)}
    df = df.sort_values(["region_code", "year"], key=lambda s: s.map(order) if s.name == "region_code" else s)
    table = pd.DataFrame({
        t("common.region"): df.region_code.map(lambda c: names.get(c, c)),
        t("common.code"): df.region_code,
        t("common.year"): df.year.astype("Int64"),
        f"{t('common.value')} ({unit})": df.value,
        t("common.flag"): df.flag.map(flag_text),
    })
    cov = ""
    if pd.notna(meta.n_counties):
        cov = t("ind.coverage", n_counties=int(meta.n_counties), first=int(meta.first_year),
                last=int(meta.last_year))
    return View(indicator_id, meta[col("name")], unit, meta[col("description")], decimals,
                df[["region_code", "year", "value"]].reset_index(drop=True), table.reset_index(drop=True),
                list(raw.source_ids), meta.kind == "derived",
                meta.derivation if isinstance(meta.derivation, str) else None, notes, cov)

