"""The challenge × county matrix: how each county compares on a challenge's evidence.

The rule (stated on the page, tested on synthetic tables):

1. For each evidence indicator, take the county's latest value.
2. If all 21 counties have a value that year, use the county's rank: 1–7 *better*,
   8–14 *similar*, 15–21 *worse* (rank 1 = best, by the indicator's direction).
3. Otherwise, if Sweden has a value that year, compare with Sweden: more than 5 %
   better *better*, more than 5 % worse *worse*, else *similar*.
4. Otherwise the indicator cannot be assessed (*missing*).
5. The cell is the mean of the assessed indicators (better = +1, similar = 0,
   worse = −1): above +1/3 *better*, below −1/3 *worse*, else *similar*; *missing*
   (grey) when no indicator could be assessed. Missing data is never green.
"""

from __future__ import annotations

import math

import pandas as pd

SCORES = {"better": 1, "similar": 0, "worse": -1}
THRESHOLD_PCT = 5.0
COLOURS = {"better": "#2E7D32", "similar": "#F2C94C", "worse": "#C62828", "missing": "#BDBDBD"}


def _present(x) -> bool:
    return x is not None and not (isinstance(x, float) and math.isnan(x)) and not pd.isna(x)


def assess(value, higher_is_better, rank=None, n_counties=None, se_value=None) -> str:
    """One indicator for one county: 'better', 'similar', 'worse' or 'missing'."""
    if not _present(value) or not _present(higher_is_better):
        return "missing"
    if _present(rank) and _present(n_counties) and int(n_counties) == 21:
        if rank <= 7:
            return "better"
        return "similar" if rank <= 14 else "worse"
    if _present(se_value) and se_value != 0:
        diff = (value - se_value) / abs(se_value) * 100
        if not bool(higher_is_better):
            diff = -diff
        if diff > THRESHOLD_PCT:
            return "better"
        return "worse" if diff < -THRESHOLD_PCT else "similar"
    return "missing"


def basis(rank=None, n_counties=None, se_value=None) -> str:
    """What the assessment compared against: 'rank', 'sweden' or ''."""
    if _present(rank) and _present(n_counties) and int(n_counties) == 21:
        return "rank"
    return "sweden" if _present(se_value) else ""


def combine(assessments: list[str]) -> str:
    scored = [SCORES[a] for a in assessments if a in SCORES]
    if not scored:
        return "missing"
    mean = sum(scored) / len(scored)
    if mean > 1 / 3:
        return "better"
    return "worse" if mean < -1 / 3 else "similar"


def matrix(challenges: pd.DataFrame, evidence: pd.DataFrame, counties: list[str]) -> pd.DataFrame:
    """Long table: one row per (challenge, county, indicator) with its assessment, plus
    the combined cell colour per (challenge, county) in column ``cell``."""
    rows = []
    for ch in challenges.itertuples():
        for county in counties:
            for ind in ch.indicator_ids:
                hit = evidence[(evidence.indicator_id == ind) & (evidence.region_code == county)]
                if hit.empty:
                    rows.append({"challenge_id": ch.challenge_id, "region_code": county, "indicator_id": ind,
                                 "assessment": "missing", "basis": ""})
                    continue
                e = hit.iloc[0]
                rows.append({"challenge_id": ch.challenge_id, "region_code": county, "indicator_id": ind,
                             "year": int(e.year), "value": e.value, "rank": e["rank"], "se_value": e.se_value,
                             "assessment": assess(e.value, e.higher_is_better, e["rank"], e.n_counties, e.se_value),
                             "basis": basis(e["rank"], e.n_counties, e.se_value)})
            if len(ch.indicator_ids) == 0:
                rows.append({"challenge_id": ch.challenge_id, "region_code": county, "indicator_id": None,
                             "assessment": "missing", "basis": ""})
    long = pd.DataFrame(rows)
    cells = long.groupby(["challenge_id", "region_code"])["assessment"].agg(lambda s: combine(list(s)))
    return long.merge(cells.rename("cell"), on=["challenge_id", "region_code"])
