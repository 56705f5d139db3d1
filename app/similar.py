"""Mest lika län / Most similar counties (#19.3): the counties most like a chosen county on
chosen indicators, compared on standardised values (z-scores) in one common year.

Method: for each indicator used, every county's value in the common year is standardised
against the 21 counties (z = (value − mean) / standard deviation, the population standard
deviation); the distance between two counties is the weighted root mean square of their
z-score differences, sqrt(Σ wᵢ (z_ai − z_bi)² / Σ wᵢ). The common year is the year in which
the most chosen indicators have a value for all 21 counties (the latest such year on a
tie). An indicator is left out, and the page says so, when its weight is 0, when it has no
value for all 21 counties in that year, or when every county has the same value (no spread
to standardise). Nothing is filled in. Pure functions: the language is an argument."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from app import charts, queries, sources
from app.i18n import col, t
from etl.vocabulary import N_COUNTIES, NMS_COUNTIES

#: The indicators the page opens with (all published for the 21 counties in a common year).
DEFAULT_INDICATORS = ["population", "grp_per_capita", "unemployment_rate", "rd_intensity"]
DEFAULT_COUNTY = NMS_COUNTIES[0]
#: How many of the most similar counties are listed.
N_NEAREST = 5
WEIGHTS = (0.0, 0.5, 1.0, 2.0, 3.0)


@dataclass
class Result:
    year: int | None
    used: list[str]
    left_out: dict[str, tuple[str, dict]]       # indicator -> (reason: weight/year/never/no_spread, details)
    values: pd.DataFrame                        # region x indicator: the values used
    z: pd.DataFrame                             # region x indicator: z-scores
    distance: pd.Series                         # region -> distance to the target (target excluded)
    source_ids: list = field(default_factory=list)

    def nearest(self, k: int = N_NEAREST) -> pd.Series:
        return self.distance.sort_values(kind="stable").head(k)


def complete_years(long: pd.DataFrame, counties: list[str]) -> dict[str, list[int]]:
    """Per indicator: the years in which every one of ``counties`` has a value."""
    out: dict[str, list[int]] = {}
    need = set(counties)
    for ind, part in long.dropna(subset=["value"]).groupby("indicator_id"):
        per_year = part.groupby("year").region_code.agg(set)
        out[str(ind)] = sorted(int(y) for y, regs in per_year.items() if need <= regs)
    return out


def year_ranges(years: list[int]) -> str:
    """[1992, 1993, 1994, 2011, 2013] -> '1992–1994, 2011, 2013'."""
    out: list[list[int]] = []
    for y in sorted(years):
        if out and y == out[-1][-1] + 1:
            out[-1].append(y)
        else:
            out.append([y])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in out)


def common_year(years: dict[str, list[int]]) -> int | None:
    """The year in which most indicators are complete; the latest of those on a tie."""
    counts: dict[int, int] = {}
    for ys in years.values():
        for y in ys:
            counts[y] = counts.get(y, 0) + 1
    if not counts:
        return None
    best = max(counts.values())
    return max(y for y, n in counts.items() if n == best)


def compare(long: pd.DataFrame, target: str, weights: dict[str, float], counties: list[str],
            year: int | None = None) -> Result:
    """The distance of every other county to ``target``. ``long``: indicator_id, region_code,
    year, value (and optionally source_ids); ``weights``: indicator -> weight (the chosen
    indicators); ``counties``: the regions compared (the 21 counties)."""
    left: dict[str, tuple[str, dict]] = {}
    weighted = [i for i, w in weights.items() if w > 0]
    for i, w in weights.items():
        if not w > 0:
            left[i] = ("weight", {})
    long = long[long.region_code.isin(counties) & long.indicator_id.isin(weighted)]
    years = complete_years(long, counties)
    if year is None:
        year = common_year({i: years.get(i, []) for i in weighted})
    used = []
    for i in weighted:
        ys = years.get(i, [])
        if year in ys:
            used.append(i)
        elif ys:
            left[i] = ("year", {"year": year, "years": year_ranges(ys)})
        else:
            left[i] = ("never", {"n": len(counties)})
    at = long[(long.year == year) & long.indicator_id.isin(used)]
    values = at.pivot_table(index="region_code", columns="indicator_id", values="value", aggfunc="first")
    values = values.reindex(index=list(counties), columns=used)
    spread = values.std(ddof=0)
    for i in list(used):
        if not spread[i] > 0:
            left[i] = ("no_spread", {"year": year})
            used.remove(i)
    values = values[used]
    z = (values - values.mean()) / values.std(ddof=0)
    if used and target in z.index:
        w = pd.Series({i: float(weights[i]) for i in used})
        diff = (z.drop(index=target) - z.loc[target]) ** 2
        distance = ((diff * w).sum(axis=1) / w.sum()).map(math.sqrt)
    else:
        distance = pd.Series(dtype=float)
    ids = sorted({s for ids in at.get("source_ids", pd.Series(dtype=object)).dropna() for s in ids}) \
        if "source_ids" in at else []
    return Result(year if used else None, used, left, values, z, distance, ids)


def build(target: str, indicator_ids: list[str], weights: dict[str, float]) -> Result:
    counties = queries.regions()
    counties = counties[counties.level == "county"].region_code.tolist()
    long = queries.county_matrix(indicator_ids)
    return compare(long, target, {i: weights.get(i, 1.0) for i in indicator_ids}, counties)


def candidates(lang: str) -> dict[str, str]:
    """Indicators that exist for all 21 counties in some year: id -> name."""
    inds = queries.indicators()
    inds = inds[inds.n_counties.fillna(0).astype(int) == N_COUNTIES]
    return dict(zip(inds.indicator_id, inds[col("name", lang)], strict=True))


def reason_text(reason: str, kw: dict, lang: str) -> str:
    """Why an indicator was left out, as a sentence."""
    if reason == "weight":
        return t("sim.left.weight", lang)
    if reason == "year":
        return t("sim.left.year", lang, year=kw["year"], years=kw["years"])
    if reason == "never":
        return t("sim.left.never", lang, n=kw["n"])
    return t("sim.left.no_spread", lang, year=kw["year"])


def left_out_texts(r: Result, names: dict[str, str], lang: str) -> list[str]:
    return [t("sim.left", lang, name=names.get(i, i), why=reason_text(reason, kw, lang))
            for i, (reason, kw) in r.left_out.items()]


def panel(r: Result, target: str, regions: dict[str, str], ind_names: dict[str, str], lang: str,
          large: bool = False) -> charts.Panel | None:
    """The five nearest counties: distance chart, and a table with their values and distance."""
    if r.year is None or r.distance.empty:
        return None
    near = r.nearest()
    inds = queries.indicators().set_index("indicator_id")
    df = pd.DataFrame({"region_code": near.index, "value": near.to_numpy(),
                       "label": [str(k) for k in range(1, len(near) + 1)]})
    source_line = sources.line(r.source_ids, lang)
    fig = charts.ranking_bars(df, labels=regions, title=t("sim.chart_title", lang, n=len(near),
                                                           county=regions.get(target, target), year=r.year),
                              unit=t("sim.unit", lang), source_line=source_line, lang=lang, decimals=2,
                              highlight=NMS_COUNTIES, large=large)
    rows = [target, *near.index]
    table = pd.DataFrame({
        t("sim.col.order", lang): ["–", *(str(k) for k in range(1, len(near) + 1))],
        t("common.region", lang): [regions.get(c, c) for c in rows],
        t("sim.col.distance", lang): [0.0, *near.to_numpy()],
    })
    decimals = {t("sim.col.distance", lang): 2}
    for i in r.used:
        name = f"{ind_names.get(i, i)} ({inds.loc[i, col('unit', lang)]}, {r.year})"
        table[name] = [r.values.loc[c, i] for c in rows]
        decimals[name] = int(inds.loc[i, "decimals"])
    table[t("common.year", lang)] = r.year
    notes = [t("sim.method", lang, n=N_COUNTIES), *left_out_texts(r, ind_names, lang),
             *sources.notes(r.source_ids, lang)]
    return charts.Panel(fig, table, decimals, f"most_similar_{target}_{r.year}", notes)


def step_title(target: str, regions: dict[str, str], lang: str) -> str:
    return t("sim.step", lang, county=regions.get(target, target))
