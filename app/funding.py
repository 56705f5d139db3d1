"""Funding arithmetic that must never go wrong, as pure functions over the funding table.

* Amount kinds are never added together: every total is for one ``amount_kind``.
* Only project rows with a total amount count in totals (not programme envelopes,
  decision rounds, calls, per-year or maximum amounts).
* A project spanning several counties is counted once, under "several counties",
  never split between them.
* Figures that contradict each other (``conflict_group``) are shown, never summed.
* Currency conversion uses the ECB annual rate of the project's start year (in SQL).
"""

from __future__ import annotations

import pandas as pd

NMS_COUNTIES = ["SE311", "SE312", "SE313"]
MULTI = "MULTI"


def countable(df: pd.DataFrame, amount_kind: str) -> pd.DataFrame:
    """Rows that may be summed for one amount kind. Figures in a conflict group are left
    out: summing one of two contradicting figures would silently pick it."""
    return df[(df.level == "project") & (df.amount_kind == amount_kind) & (df.amount_basis == "total")
              & df.amount.notna() & (df.conflict_group.fillna("") == "")]


def bucket(df: pd.DataFrame) -> pd.Series:
    """County for single-county rows in NMS, 'MULTI' for several regions touching NMS, else None."""
    def one(row):
        regions = list(row.region_codes)
        if len(regions) == 1 and regions[0] in NMS_COUNTIES:
            return regions[0]
        if len(regions) > 1 and any(r in NMS_COUNTIES for r in regions):
            return MULTI
        return None
    return df.apply(one, axis=1) if len(df) else pd.Series(dtype=object)


def totals(df: pd.DataFrame, amount_kind: str, currency: str) -> pd.DataFrame:
    """Sum per programme, period and county bucket for one amount kind, in SEK or EUR.
    Also counts the projects and those whose amount could not be converted."""
    rows = countable(df, amount_kind).copy()
    rows["bucket"] = bucket(rows)
    rows = rows[rows.bucket.notna()]
    col = "amount_sek" if currency == "SEK" else "amount_eur"
    grouped = rows.groupby(["programme", "programme_period", "bucket"], dropna=False).agg(
        amount=(col, lambda s: s.sum(min_count=1)), n_projects=("funding_id", "nunique"),
        n_unconverted=(col, lambda s: int(s.isna().sum()))).reset_index()
    return grouped


def per_inhabitant(total_by_county: pd.Series, population: pd.DataFrame) -> pd.Series:
    pop = population.set_index("region_code").population
    return total_by_county / pop.reindex(total_by_county.index)


def alignment(df: pd.DataFrame, declared: pd.DataFrame, amount_kind: str, currency: str) -> pd.DataFrame:
    """Per county: the share of its single-county project funding (one amount kind) that goes
    to themes the county has declared. Multi-county projects are left out (not split)."""
    rows = countable(df, amount_kind).copy()
    rows["bucket"] = bucket(rows)
    rows = rows[rows.bucket.isin(NMS_COUNTIES)]
    col = "amount_sek" if currency == "SEK" else "amount_eur"
    rows = rows[rows[col].notna()]
    own = declared.groupby("region_code").theme_id.apply(set).to_dict()
    rows["aligned"] = [bool(t) and t in own.get(b, set()) for t, b in zip(rows.s3_theme_id.fillna(""), rows.bucket)]
    rows["classified"] = rows.s3_theme_id.fillna("") != ""
    out = rows.groupby("bucket").apply(lambda g: pd.Series({
        "total": g[col].sum(), "aligned": g.loc[g.aligned, col].sum(),
        "unclassified": g.loc[~g.classified, col].sum(), "n_projects": g.funding_id.nunique(),
    }), include_groups=False)
    out["share_aligned"] = out.aligned / out.total
    return out.reindex(NMS_COUNTIES).rename_axis("region_code").reset_index()


def unmatched(df: pd.DataFrame) -> pd.DataFrame:
    rows = df[(df.level == "project")].copy()
    rows["bucket"] = bucket(rows)
    return rows[rows.bucket.notna() & (rows.s3_theme_id.fillna("") == "")].drop_duplicates("project")


def sankey_links(df: pd.DataFrame, amount_kind: str, currency: str) -> pd.DataFrame:
    """programme -> county bucket -> S3 theme ('' = unclassified), summed for one amount kind."""
    rows = countable(df, amount_kind).copy()
    rows["bucket"] = bucket(rows)
    col = "amount_sek" if currency == "SEK" else "amount_eur"
    rows = rows[rows.bucket.notna() & rows[col].notna()]
    rows["theme"] = rows.s3_theme_id.fillna("")
    first = rows.groupby(["programme", "bucket"])[col].sum().reset_index()
    first.columns = ["source", "target", "value"]
    second = rows.groupby(["bucket", "theme"])[col].sum().reset_index()
    second.columns = ["source", "target", "value"]
    first["stage"], second["stage"] = 0, 1
    return pd.concat([first, second], ignore_index=True)
