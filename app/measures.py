"""Presentation transforms of indicator series: index (base year = 100) and per capita.

Pure pandas functions, so they are unit-tested without Streamlit. A value that cannot
be computed (no base-year value, no population) becomes missing -- never zero.
"""

from __future__ import annotations

import pandas as pd


def to_index(df: pd.DataFrame, base_year: int) -> tuple[pd.DataFrame, list[str]]:
    """value / value(base_year) × 100 per region. Returns (frame, regions without a base value)."""
    base = df[df.year == base_year].set_index("region_code")["value"]
    missing = sorted(set(df.region_code) - set(base[base.notna() & (base != 0)].index))
    out = df[~df.region_code.isin(missing)].copy()
    out["value"] = out["value"] / out["region_code"].map(base) * 100
    return out, missing


def per_capita(df: pd.DataFrame, population: pd.DataFrame, scale: float) -> pd.DataFrame:
    """value × scale / population for the same region and year; missing population -> missing."""
    merged = df.merge(population, on=["region_code", "year"], how="left")
    merged["value"] = merged["value"] * scale / merged["population"]
    return merged.drop(columns=["population"])
