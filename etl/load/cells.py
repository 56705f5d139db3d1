"""Cell-level helpers the validators share: regions by any name, suggestions, text columns.

All work on distinct values where they can: a 200,000-row upload has a few dozen
distinct regions, so each is looked up once.
"""

from __future__ import annotations

import difflib

import numpy as np
import pandas as pd

from etl import vocabulary
from etl.load.problems import Problem
from etl.rows import Parsed, cell, norm

#: What a file may call Sweden as a whole.
SWEDEN_ALIASES = ("Riket", "Hela riket", "Sverige", "Sweden", "Totalt", "Samtliga län")


def region_lookup(con) -> tuple[dict[str, str], dict[str, str]]:
    """Normalised label -> region code, and code -> display name for suggestions."""
    regions = con.execute("SELECT region_code, scb_code, name_sv, name_en FROM region").fetchall()
    lookup, names = {}, {}
    for code, scb, sv, en in regions:
        names[code] = sv
        for label in (code, sv, en, sv.replace(" län", ""), f"{scb} {sv}" if scb else None,
                      f"{scb.zfill(4)} {sv}" if scb else None):
            if label:
                lookup[norm(label)] = code
        if scb:
            lookup[norm(scb)] = code
            lookup[norm(scb.zfill(4))] = code      # Kolada's county ids: 0017
    for alias in SWEDEN_ALIASES:
        for prefix in ("", "00 ", "0000 "):       # SCB's "00 Riket", Kolada's "0000 Riket"
            lookup[norm(prefix + alias)] = vocabulary.SWEDEN
    return lookup, names


def suggest(value: str, choices: dict[str, str]) -> str | None:
    """The closest of ``choices`` (normalised label -> what to show) to a misspelt value."""
    hit = difflib.get_close_matches(norm(value), list(choices), n=1, cutoff=0.6)
    return choices[hit[0]] if hit else None


def map_unique(series: pd.Series, fn) -> pd.Series:
    """Apply ``fn`` once per distinct value; keeps object dtype (no slow string inference)."""
    codes, uniques = pd.factorize(series, use_na_sentinel=False)
    mapped = np.empty(len(uniques), dtype=object)
    mapped[:] = [fn(u) for u in uniques]
    return pd.Series(mapped[codes], index=series.index, dtype=object)


def map_values(series: pd.Series, mapping: pd.DataFrame) -> pd.DataFrame:
    """Each of ``mapping``'s number columns looked up by ``series`` (``series.map(column)``),
    once per distinct value; NaN where a value is missing or not in ``mapping``. A
    200,000-row column of a few ids maps in milliseconds."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    found = mapping.reindex(uniques).to_numpy(dtype=float)
    found = np.vstack([found, np.full((1, found.shape[1]), np.nan)])   # code -1 (missing) -> NaN
    return pd.DataFrame(found[codes], columns=mapping.columns, index=series.index)


def text(series: pd.Series) -> pd.Series:
    """Cells as trimmed text, computed once per distinct value (fast on large files)."""
    return map_unique(series, cell)


def letters(f: pd.DataFrame, name: str) -> pd.Series:
    """The column letter (or source field) of each row's ``name`` cell; None when not known."""
    return f[f"{name}_col"] if f"{name}_col" in f else pd.Series([None] * len(f), index=f.index)


def required_text(f: pd.DataFrame, name: str, parsed: Parsed, problems: list[Problem], allowed=None) -> pd.Series:
    """A text column that must be filled in (and, given ``allowed``, be one of those)."""
    s = f[name].map(cell) if name in f else pd.Series([""] * len(f), index=f.index)
    colletter = letters(f, name)
    for idx in f.index[s == ""]:
        problems.append(Problem(parsed.sheet, int(f.at[idx, "excel_row"]), colletter[idx], None, "required",
                                {"column": name}))
    if allowed is not None:
        for idx in f.index[(s != "") & ~s.isin(allowed)]:
            problems.append(Problem(parsed.sheet, int(f.at[idx, "excel_row"]), colletter[idx], s[idx], "bad_choice",
                                    {"allowed": ", ".join(sorted(allowed))}))
    return s
