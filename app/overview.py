"""Översikt / Overview: the headline figures of the chosen regions, compared on one year.

Each row (indicator) shows every region on the same year: the latest year up to the year
filter in which every chosen region that has the indicator has a value (the common year,
``queries.common_years``). A region's newer value appears only as a note; the regions that
never have the indicator are named. Counties get their rank among the 21 that year, with
its direction, and every flag that year carries (a rank rests on all 21 values)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from app import db, fmt, queries, sources
from app.i18n import col, flag_text, t
from etl.vocabulary import DEFAULT_REGIONS, EMPLOYMENT_FLAGS, FETCH_FLAGS, SWEDEN, VALUE_FLAGS

KNOWN_FLAGS = {*VALUE_FLAGS, *FETCH_FLAGS, *EMPLOYMENT_FLAGS}

#: Every headline indicator exists for all 21 counties, so each county card has a rank.
HEADLINE_INDICATORS = [
    "population",
    "grp_per_capita",
    "rd_intensity",
    "unemployment_rate",
    "matching_rate",
    "reglab_innovation_index",
]


def direction(rank_order: str, higher_is_better, lang: str) -> str:
    """What rank 1 means: '1 = högst' (no better direction), '1 = bäst', '1 = lägst (bäst)'."""
    if rank_order == "asc":
        return t("rank.dir.lowest_best", lang)
    if pd.isna(higher_is_better):
        return t("rank.dir.highest", lang)
    return t("rank.dir.best", lang)


def rank_text(rank, n_ranked, rank_order: str, higher_is_better, lang: str, level: str = "county") -> str:
    """'Rang 5 av 21 län (1 = högst)'; among the riksområden 'Rang 2 av 8 riksområden (…)'."""
    how = direction(rank_order, higher_is_better, lang)
    if level == "nuts2":
        return t("rank.text_nuts2", lang, rank=int(rank), n=int(n_ranked), direction=how)
    return t("rank.text", lang, rank=int(rank), n=int(n_ranked), direction=how)


_FILE_REF = re.compile(r"\s*\([^()]*\.md\)|;\s*[\w./-]+\.md\b")
_FLAG_PREFIX = re.compile(r"^\s*[A-Z_]+:\s*")


def flag_reason(note) -> str:
    """The reason at the start of a flagged value's note, without the curation file it came
    from: 'DISPUTED: Reglab's 2021 index … disputed (regional_stats.md). …' -> 'Reglab's …
    disputed.' Several notes (' | ') give several reasons."""
    if not isinstance(note, str) or not note.strip():
        return ""
    reasons = []
    for part in note.split(" | "):
        if not _FLAG_PREFIX.match(part):
            continue
        text = _FILE_REF.sub("", _FLAG_PREFIX.sub("", part, count=1))
        first = re.split(r"(?<=[.!?])\s", text.strip(), maxsplit=1)[0].strip()
        if first and first not in reasons:
            reasons.append(first if first.endswith((".", "!", "?")) else first + ".")
    return " ".join(reasons)


def flag_explanation(flags, note, lang: str) -> str:
    """What a flag means for the reader: in English the recorded reason (the notes are written
    in English), in Swedish the catalogue's explanation of each flag."""
    if not isinstance(flags, str) or not flags:
        return ""
    if lang == "en" and (reason := flag_reason(note)):
        return reason
    known = [f for f in dict.fromkeys(flags.split(";")) if f]
    return " ".join(flag_why(f, lang) for f in known)


def flag_why(flag: str, lang: str) -> str:
    return t(f"flag.why.{flag}", lang) if flag in KNOWN_FLAGS else t("common.flag_unknown", lang, flag=flag)


@dataclass
class Card:
    region_code: str
    region_name: str
    value: float | None
    value_text: str
    year: int | None
    delta_text: str | None = None
    delta_since: str | None = None
    delta_color: str = "off"
    rank_text: str = ""
    flags: str = ""                 # the flags of the value and of its rank's year, as text
    flag_note: str = ""             # why (see flag_explanation)
    newer: str = ""                 # "Nyare uppgift: 2024: 583 000"
    sparkline: list[float] = field(default_factory=list)
    reason: str = ""                # the note's recorded reason (for the download)
    note: str = ""                  # the caption under the card

    @property
    def label(self) -> str:
        return self.region_name if self.year is None else f"{self.region_name} · {self.year}"


@dataclass
class Row:
    indicator_id: str
    name: str
    unit: str
    description: str
    decimals: int
    year: int | None
    cards: list[Card]
    without: list[str]              # names of the chosen regions that never have the indicator
    source_ids: list
    is_derived: bool
    source_line: str = ""
    heading: str = ""
    missing_text: str = ""          # "Ingen uppgift för Sverige." (never a card with a dash)


def _caption(card: Card, lang: str) -> str:
    parts = [p for p in (card.rank_text, card.flags and f"{t('common.flag', lang)}: {card.flags}",
                         card.flag_note, card.newer) if p]
    return " · ".join(parts)


@db.cached()
def build(year_from: int, year_to: int, lang: str, regions=DEFAULT_REGIONS) -> list[Row]:
    """The rows of the overview (cached in the app by the arguments and warehouse version)."""
    regions = list(regions)
    inds = queries.indicators().set_index("indicator_id")
    names = queries.region_names(lang)
    common = queries.common_years(HEADLINE_INDICATORS, regions, year_to).set_index("indicator_id")
    values = queries.series(HEADLINE_INDICATORS, regions, year_to)
    ranks = queries.ranks(HEADLINE_INDICATORS, regions)
    rows = []
    for ind_id in HEADLINE_INDICATORS:
        meta = inds.loc[ind_id]
        decimals = int(meta.decimals)
        hib = meta.higher_is_better
        delta_color = "off" if pd.isna(hib) else ("normal" if bool(hib) else "inverse")
        year = common.common_year.get(ind_id)
        year = None if year is None or pd.isna(year) else int(year)
        having = set(list(common.with_values.get(ind_id, [])))
        without = [names.get(c, c) for c in regions if c not in having]
        cards, source_ids = [], []
        mine = values[values.indicator_id == ind_id]
        for code in regions:
            if code not in having or year is None:  # no common year: the row says so, no card
                continue
            series = mine[mine.region_code == code]
            at = series[series.year == year] if year is not None else series.iloc[0:0]
            if at.empty:  # only when no common year exists up to the year filter
                cards.append(Card(code, names.get(code, code), None, fmt.MISSING, None))
                continue
            r = at.iloc[0]
            source_ids.append(list(r.source_ids))
            card = Card(code, names.get(code, code), float(r.value), fmt.number(r.value, decimals, lang), year,
                        delta_color=delta_color,
                        sparkline=series[series.year.between(year_from, year)].value.dropna().tolist())
            before = series[series.year < year]
            if not before.empty:
                prev = before.iloc[-1]
                card.delta_text = fmt.metric_delta(r.value - prev.value, decimals, lang)
                card.delta_since = t("overview.change", lang, year=int(prev.year))
            flags = r.flag if isinstance(r.flag, str) else ""
            rk = ranks[(ranks.indicator_id == ind_id) & (ranks.region_code == code) & (ranks.year == year)]
            if not rk.empty and code != SWEDEN:
                k = rk.iloc[0]
                card.rank_text = rank_text(k["rank"], k.n_ranked, k.rank_order, k.higher_is_better, lang)
                if isinstance(k.year_flags, str):
                    flags = ";".join(sorted({*flags.split(";"), *k.year_flags.split(";")} - {""}))
            elif code != SWEDEN:
                card.rank_text = t("overview.no_rank", lang, year=year)
            if flags:
                card.flags = flag_text(flags, lang)
                note = r.note
                if not flag_reason(note):  # the rank's year is flagged through other counties' values
                    flagged = mine[(mine.year == year) & mine.note.map(lambda n: bool(flag_reason(n)))]
                    note = flagged.note.iloc[0] if not flagged.empty else note
                card.flag_note = flag_explanation(flags, note, lang)
                card.reason = flag_reason(note)
            newer = series[series.year > year]
            if not newer.empty:
                last = newer.iloc[-1]
                card.newer = t("overview.newer", lang, year=int(last.year),
                               value=fmt.number(last.value, decimals, lang))
            card.note = _caption(card, lang)
            cards.append(card)
        is_derived = meta.kind == "derived"
        name, unit = meta[col("name", lang)], meta[col("unit", lang)]
        heading = t("overview.row", lang, name=name, unit=unit, year=year) if year else f"{name} · {unit}"
        rows.append(Row(ind_id, name, unit, meta[col("description", lang)], decimals, year, cards, without,
                        source_ids, is_derived, sources.line(source_ids, lang, derived=is_derived), heading,
                        t("overview.without", lang, regions=", ".join(without)) if without else ""))
    return rows


def table(rows: list[Row], lang: str) -> pd.DataFrame:
    """The overview's numbers as one table (what the download contains): one line per card,
    and one per region without a value, with its rank, flags and their reason."""
    records = []
    for row in rows:
        for c in row.cards:
            records.append({
                t("ind.choose", lang): row.name, t("common.unit", lang): row.unit,
                t("common.region", lang): c.region_name, t("common.year", lang): c.year,
                t("common.value", lang): None if c.value is None else round(c.value, row.decimals),
                t("overview.col.rank", lang): c.rank_text,
                t("common.flag", lang): c.flags,
                t("common.flag_reason", lang): c.reason or c.flag_note,
                t("overview.col.newer", lang): c.newer,
            })
        for name in row.without:
            records.append({t("ind.choose", lang): row.name, t("common.unit", lang): row.unit,
                            t("common.region", lang): name, t("common.year", lang): None,
                            t("common.value", lang): None, t("overview.col.rank", lang): "",
                            t("common.flag", lang): t("overview.no_value", lang),
                            t("common.flag_reason", lang): "", t("overview.col.newer", lang): ""})
    df = pd.DataFrame.from_records(records)
    df[t("common.year", lang)] = df[t("common.year", lang)].astype("Int64")
    df[t("common.value", lang)] = df[t("common.value", lang)].astype("Float64")
    return df


def table_decimals(rows: list[Row], lang: str) -> int:
    """The table mixes indicators: show the most decimals any of them has."""
    return max((r.decimals for r in rows), default=0)


def table_source_line(rows: list[Row], lang: str) -> str:
    """One source line for all rows together (a slide or a page that shows them as one table)."""
    return sources.line([s for r in rows for s in r.source_ids], lang)


def table_source_notes(rows: list[Row], lang: str) -> list[str]:
    """Every source of every row, in full, and each indicator's definition (for the download)."""
    out = [f"{r.name}: {r.description}" for r in rows]
    return out + sources.notes([s for r in rows for s in r.source_ids], lang)


def download_name(lang: str) -> str:
    return "oversikt" if lang == "sv" else "overview"


def step_title(names: dict[str, str], year_to: int, lang: str, regions=DEFAULT_REGIONS) -> str:
    """What a workshop step of this view shows: 'Översikt · Värmlands län, … · t.o.m. 2024'."""
    return " · ".join([t("overview.title", lang), ", ".join(names.get(c, c) for c in regions),
                       t("overview.step_year", lang, year=year_to)])
