"""Översikt / Overview: the headline figures of the three counties and Sweden -- latest
value, change, rank, or why it is missing -- as view models the page draws."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from app import fmt, queries, sources
from app.i18n import col, flag_text, t
from etl.vocabulary import DEFAULT_REGIONS, SWEDEN

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
    note: str = ""                  # the caption under the card: why missing, rank, flags

    @property
    def label(self) -> str:
        return self.region_name if self.year is None else f"{self.region_name} · {self.year}"


@dataclass
class Row:
    indicator_id: str
    name: str
    unit: str
    description: str
    cards: list[Card]
    source_ids: list
    is_derived: bool
    source_line: str = ""


def _note(card: Card, lang: str) -> str:
    note = card.missing_reason or card.rank_text
    flags = flag_text(card.flag, lang)
    if flags:
        note = f"{note} · {flags}" if note else flags
    return note


def build(year_from: int, year_to: int, lang: str, regions=DEFAULT_REGIONS) -> list[Row]:
    inds = queries.indicators().set_index("indicator_id")
    names = queries.regions().set_index("region_code")[col("name", lang)]
    latest = queries.headline(HEADLINE_INDICATORS, regions, year_to)
    trend = queries.trend(HEADLINE_INDICATORS, regions, year_from, year_to)
    coverage = queries.coverage_for(HEADLINE_INDICATORS, regions)
    rows = []
    for ind_id in HEADLINE_INDICATORS:
        meta = inds.loc[ind_id]
        decimals = int(meta.decimals)
        hib = meta.higher_is_better
        delta_color = "off" if pd.isna(hib) else ("normal" if bool(hib) else "inverse")
        cards, source_ids = [], []
        for code in regions:
            hit = latest[(latest.indicator_id == ind_id) & (latest.region_code == code)]
            spark = trend[(trend.indicator_id == ind_id) & (trend.region_code == code)].value.dropna().tolist()
            if hit.empty:
                cov = coverage[(coverage.indicator_id == ind_id) & (coverage.region_code == code)]
                reason = (t("overview.missing_none", lang, region=names.get(code, code)) if cov.empty
                          else t("overview.missing_later", lang, year=year_to, first=int(cov.first_year.iloc[0])))
                cards.append(Card(code, names.get(code, code), None, fmt.MISSING, None, None, None, "off",
                                  "", reason, None, []))
                continue
            r = hit.iloc[0]
            source_ids.append(list(r.source_ids))
            delta = since = None
            if pd.notna(r.prev_value):
                delta = fmt.metric_delta(r.value - r.prev_value, decimals, lang)
                since = t("overview.change", lang, year=int(r.prev_year))
            if code == SWEDEN or names.get(code) is None:
                rank_text = ""
            elif pd.notna(r["rank"]):
                rank_text = t("overview.rank", lang, rank=int(r["rank"]), n=int(r.n_counties))
            else:
                rank_text = t("overview.no_rank", lang, n=int(meta.n_counties) if pd.notna(meta.n_counties) else 0)
            cards.append(Card(code, names.get(code, code), float(r.value), fmt.number(r.value, decimals, lang),
                              int(r.year), delta, since, delta_color, rank_text, None,
                              None if pd.isna(r.flag) else str(r.flag), spark))
        for card in cards:
            card.note = _note(card, lang)
        rows.append(Row(ind_id, meta[col("name", lang)], meta[col("unit", lang)], meta[col("description", lang)],
                        cards, source_ids, meta.kind == "derived",
                        sources.line(source_ids, lang, derived=meta.kind == "derived")))
    return rows


def table(rows: list[Row], lang: str) -> pd.DataFrame:
    """The overview's numbers as one table (what the download contains)."""
    records = []
    for row in rows:
        for c in row.cards:
            records.append({
                t("ind.choose", lang): row.name, t("common.unit", lang): row.unit,
                t("common.region", lang): c.region_name, t("common.year", lang): c.year,
                t("common.value", lang): c.value,
                t("common.flag", lang): flag_text(c.flag, lang) or (c.missing_reason or ""),
            })
    df = pd.DataFrame.from_records(records)
    df[t("common.year", lang)] = df[t("common.year", lang)].astype("Int64")
    return df


def table_source_line(rows: list[Row], lang: str) -> str:
    return sources.line([s for r in rows for s in r.source_ids], lang)


def download_name(lang: str) -> str:
    return "oversikt" if lang == "sv" else "overview"


def step_title(names: dict[str, str], year_to: int, lang: str, regions=DEFAULT_REGIONS) -> str:
    """What a workshop step of this view shows: 'Översikt · Värmlands län, … · t.o.m. 2024'."""
    return " · ".join([t("overview.title", lang), ", ".join(names.get(c, c) for c in regions),
                       t("overview.step_year", lang, year=year_to)])
