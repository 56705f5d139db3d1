"""Validate funding rows: programme, project, regions (all of them, never split), amount
kind, amount and currency, years; a project gets its S3 theme by the analyst's keyword
rule (``etl.mappings.funding_theme``). Amounts of different kinds are never added."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from etl import vocabulary
from etl.load.cells import region_lookup, required_text
from etl.load.problems import Invalid, Problem
from etl.load.validate.sources import SourceInfo, sources_for
from etl.mappings import funding_theme
from etl.rows import Parsed, cell, norm, parse_numbers


def validate(parsed: Parsed, con, source: SourceInfo) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    f, problems = parsed.frame.copy(), []
    lookup, names = region_lookup(con)
    programme = required_text(f, "programme", parsed, problems)
    project = required_text(f, "project", parsed, problems)
    kind = required_text(f, "amount_kind", parsed, problems, set(vocabulary.STATED_AMOUNT_KINDS))
    regions = f["region_codes"].map(cell)
    codes = regions.map(lambda v: [lookup.get(norm(x.strip())) for x in v.replace(",", ";").split(";")
                                   if x.strip()])
    for idx in f.index:
        if not codes[idx] or None in codes[idx]:
            problems.append(Problem(parsed.sheet, int(f.at[idx, "excel_row"]), f["region_codes_col"][idx],
                                    regions[idx], "unknown_region"))
    amount, missing, bad = parse_numbers(f["amount"]) if "amount" in f else (pd.Series(np.nan, index=f.index),) * 3
    currency = f["currency"].map(cell).str.upper() if "currency" in f else pd.Series("", index=f.index)
    for idx in f.index[(amount.notna()) & (kind != "share_pct") & ~currency.isin(vocabulary.CURRENCIES)]:
        problems.append(Problem(parsed.sheet, int(f.at[idx, "excel_row"]), f.get("currency_col", {}).get(idx),
                                currency[idx], "bad_choice", {"allowed": ", ".join(vocabulary.CURRENCIES)}))
    years = {}
    for name in ("year_start", "year_end"):
        raw = f[name].map(cell) if name in f else pd.Series("", index=f.index)
        years[name] = pd.to_numeric(raw.where(raw != ""), errors="coerce")
        for idx in f.index[(raw != "") & years[name].isna()]:
            problems.append(Problem(parsed.sheet, int(f.at[idx, "excel_row"]), f[f"{name}_col"][idx], raw[idx],
                                    "bad_year"))
    source_ids, sources = sources_for(f, parsed, source, problems)
    if problems:
        raise Invalid(problems)

    def text_col(name):
        return f[name].map(cell) if name in f else ""

    themes = text_col("theme") if "theme" in f else [""] * len(f)

    if "ref" in f:  # a fetched record's own id (diarienummer, CORDIS project + organisation): a
        # re-fetch with new figures replaces the row instead of adding a second one
        fid = [("fund_" + hashlib.sha1("\x1f".join([p, r]).encode()).hexdigest()[:10])
               for p, r in zip(programme, f["ref"].map(cell))]
    else:
        fid = [("fund_" + hashlib.sha1("\x1f".join([p, j, k, str(a), s]).encode()).hexdigest()[:10])
               for p, j, k, a, s in zip(programme, project, kind, amount, source_ids)]
    rows = pd.DataFrame({
        "funding_id": fid, "programme": programme, "programme_period": text_col("programme_period"),
        "level": "project", "project": project, "beneficiary": text_col("beneficiary"), "theme": text_col("theme"),
        "s3_theme_id": [funding_theme(t, p) or None for t, p in zip(themes, project)],
        "year_start": years["year_start"].astype("Int32"),
        "year_end": years["year_end"].astype("Int32"), "amount": amount,
        "currency": currency.where(amount.notna() & (kind != "share_pct"), None),
        "amount_kind": kind.where(amount.notna(), "not_stated"), "amount_basis": "total", "is_approx": False,
        "amount_note": text_col("amount_note") if "amount_note" in f else "uploaded", "conflict_group": None,
        "source_id": source_ids, "evidence": text_col("evidence") if "evidence" in f else "",
        "region_codes": codes.map(lambda c: ";".join(c)), "excel_row": f["excel_row"]})
    return rows, sources, 0

