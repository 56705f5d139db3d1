"""Headline figures for the overview: latest value, change, rank, or why it is missing."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from app import fmt, queries
from app.i18n import col, flag_text, lang, t

HEADLINE_INDICATORS = [
    "population",
    "grp_per_capita",
    "rd_intensity",
    "unemployment_rate",
    "post_secondary_share_25_64",
    "reglab_innovation_index",
]


@dataclass
class Card:
    region_code: str
    region_name: str
    value: float | None
    value_text: str
    year: int | None
    delta_text: str | None
    delta_since: str | None
    delta_color: str
    rank_text: str
    missing_reason: str | None
    flag: str | None
    sparkline: list[float]


@dataclass
class Row:
    indicator_id: str
    name: str
    unit: str
    description: str
    cards: list[Card]
    source_ids: list
    is_derived: bool


def build(year_from: int, year_to: int, regions=queries.OVERVIEW_REGIONS) -> list[Row]:
    language = lang()
    inds = queries.indicators().set_index("indicator_id")
    names = queries.regions().set_index("region_code")[col("name")]
    latest = queries.headline(HEADLINE_INDICATORS, regions, year_to)
    trend = queries.trend(HEADLINE_INDICATORS, regions, year_from, year_to)
    coverage = queries.coverage_for(HEADLINE_INDICATORS, regions)
    rows = []
    for ind_id in HEADLINE_INDICATORS:
        meta = inds.loc[ind_id]
        decimals = int(meta.decimals)
        hib = meta.higher_is_better
        delta_color = "off" if pd.isna(hib) else ("normal" if bool(hib) else "inverse")
        cards, sources = [], []
        for code in regions:
            hit = latest[(latest.indicator_id == ind_id) & (latest.region_code == code)]
            spark = trend[(trend.indicator_id == ind_id) & (trend.region_code == code)].value.dropna().tolist()
            if hit.empty:
                cov = coverage[(coverage.indicator_id == ind_id) & (coverage.region_code == code)]
                reason = (t("overview.missing_none", region=names.get(code, code)) if cov.empty
                          else t("overview.missing_later", year=year_to, first=int(cov.first_year.iloc[0])))
                cards.append(Card(code, names.get(code, code), None, fmt.MISSING, None, None, None, "off",
                                  "", reason, None, []))
                continue
            r = hit.iloc[0]
            sources.append(list(r.source_ids))
            delta = since = None
            if pd.notna(r.prev_value):
                delta = fmt.metric_delta(r.value - r.prev_value, decimals, language)
                since = t("overview.change", year=int(r.prev_year))
            if code == "SE" or names.get(code) is None:
                rank_text = ""
            elif pd.notna(r["rank"]):
                rank_text = t("overview.rank", rank=int(r["rank"]), n=int(r.n_counties))
            else:
                rank_text = t("overview.no_rank", n=int(meta.n_counties) if pd.notna(meta.n_counties) else 0)
            cards.append(Card(code, names.get(code, code), float(r.value), fmt.number(r.value, decimals, language),
                              int(r.year), delta, since, delta_color, rank_text, None,
                              None if pd.isna(r.flag) else str(r.flag), spark))
        rows.append(Row(ind_id, meta[col("name")], meta[col("unit")], meta[col("description")], cards,
                        sources, meta.kind == "derived"))
    return rows


def table(rows: list[Row]) -> pd.DataFrame:
    """The overview's numbers as one table (what the download contains)."""
    records = []
    for row in rows:
        for c in row.cards:
            records.append({
                t("ind.choose"): row.name, t("common.unit"): row.unit, t("common.region"): c.region_name,
                t("common.year"): c.year, t("common.value"): c.value,
                t("common.flag"): flag_text(c.flag) or (c.missing_reason or ""),
            })
    df = pd.DataFrame.from_records(records)
    df[t("common.year")] = df[t("common.year")].astype("Int64")
    return df
