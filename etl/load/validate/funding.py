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
from etl.rows import Parsed, cell, norm, number_problem, parse_numbers, parse_years


def validate(parsed: Parsed, con, source: SourceInfo) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    f = parsed.frame.copy()
    problems: list[Problem] = []
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
    if "amount" in f:
        amount, missing, bad = parse_numbers(f["amount"])
    else:
        amount, bad = pd.Series(np.nan, index=f.index), pd.Series(False, index=f.index)
    currency = f["currency"].map(cell).str.upper() if "currency" in f else pd.Series("", index=f.index)
    for idx in f.index[(amount.notna()) & (kind != "share_pct") & ~currency.isin(vocabulary.CURRENCIES)]:
        problems.append(Problem(parsed.sheet, int(f.at[idx, "excel_row"]), f.get("currency_col", {}).get(idx),
                                currency[idx], "bad_choice", {"allowed": ", ".join(vocabulary.CURRENCIES)}))
    for idx in f.index[bad]:
        problems.append(Problem(parsed.sheet, int(f.at[idx, "excel_row"]), f["amount_col"][idx],
                                cell(f.at[idx, "amount"]), number_problem(f.at[idx, "amount"])))
    money = amount.notna() & (kind != "share_pct")
    for idx in f.index[money & (amount < 0)]:
        problems.append(Problem(parsed.sheet, int(f.at[idx, "excel_row"]), f["amount_col"][idx],
                                cell(f.at[idx, "amount"]), "negative"))
    for idx in f.index[amount.notna() & (kind == "share_pct") & ((amount < 0) | (amount > 100))]:
        problems.append(Problem(parsed.sheet, int(f.at[idx, "excel_row"]), f["amount_col"][idx],
                                cell(f.at[idx, "amount"]), "share_range"))
    years = {}
    for name in ("year_start", "year_end"):
        raw = f[name] if name in f else pd.Series("", index=f.index, dtype=object)
        given = raw.map(cell) != ""
        years[name], why, _ = parse_years(raw.where(given, None), vocabulary.FIRST_YEAR, vocabulary.LAST_YEAR)
        years[name] = years[name].where(given)
        for idx in f.index[given & years[name].isna()]:
            problems.append(Problem(parsed.sheet, int(f.at[idx, "excel_row"]), f[f"{name}_col"][idx],
                                    cell(raw[idx]), why[idx]))
    for idx in f.index[years["year_end"] < years["year_start"]]:
        problems.append(Problem(parsed.sheet, int(f.at[idx, "excel_row"]), f["year_end_col"][idx],
                                cell(f.at[idx, "year_end"]), "years_reversed",
                                {"start": int(years["year_start"][idx])}))
    # a foreign amount is converted at its start year's ECB rate: that rate must exist
    rates = {(int(y), q) for y, q in con.execute("SELECT year, quote FROM exchange_rate").fetchall()}
    quote = currency.map({"EUR": "SEK"}).fillna(currency)
    foreign = money & currency.isin(["EUR", "NOK"]) & years["year_start"].notna()
    for idx in f.index[foreign]:
        if (int(years["year_start"][idx]), quote[idx]) not in rates:
            problems.append(Problem(parsed.sheet, int(f.at[idx, "excel_row"]), f["year_start_col"][idx],
                                    cell(f.at[idx, "year_start"]), "no_rate", {"currency": currency[idx]}))
    source_ids, sources = sources_for(f, parsed, source, problems)

    def text_col(name):
        return f[name].map(cell) if name in f else ""

    # A row's identity is what identifies the project, never its figures: a corrected amount
    # replaces the row instead of adding a second one. A fetched record has its own id (ref).
    beneficiary = text_col("beneficiary") if "beneficiary" in f else pd.Series("", index=f.index)
    if "ref" in f:  # diarienummer, CORDIS project + organisation: ids kept as they were
        fid = [("fund_" + hashlib.sha1("\x1f".join([p, r]).encode()).hexdigest()[:10])
               for p, r in zip(programme, f["ref"].map(cell), strict=True)]
    else:
        fid = [("fund_" + hashlib.sha1("\x1f".join(["upload", p, j, b, k]).encode()).hexdigest()[:16])
               for p, j, b, k in zip(programme, project, beneficiary, kind, strict=True)]
    fid = pd.Series(fid, index=f.index, dtype=object)
    dup = fid.duplicated(keep=False)
    if dup.any():
        first = f["excel_row"][dup].groupby(fid[dup]).transform("min")
        for idx in first.index[f["excel_row"][dup] != first]:
            problems.append(Problem(parsed.sheet, int(f.at[idx, "excel_row"]), None, None, "duplicate_funding",
                                    {"first": int(first[idx])}))
    if problems:
        raise Invalid(problems)

    themes = text_col("theme") if "theme" in f else [""] * len(f)

    rows = pd.DataFrame({
        "funding_id": fid, "programme": programme, "programme_period": text_col("programme_period"),
        "level": "project", "project": project, "beneficiary": text_col("beneficiary"), "theme": text_col("theme"),
        "s3_theme_id": [funding_theme(t, p) or None for t, p in zip(themes, project, strict=True)],
        "year_start": years["year_start"].astype("Int32"),
        "year_end": years["year_end"].astype("Int32"), "amount": amount,
        "currency": currency.where(amount.notna() & (kind != "share_pct"), None),
        "amount_kind": kind.where(amount.notna(), "not_stated"), "amount_basis": "total", "is_approx": False,
        "amount_note": text_col("amount_note") if "amount_note" in f else "uploaded", "conflict_group": None,
        "source_id": source_ids, "evidence": text_col("evidence") if "evidence" in f else "",
        # sorted and each once, as the stored regions are compared (etl.load.batches._stored)
        "region_codes": codes.map(lambda c: ";".join(sorted(set(c)))), "excel_row": f["excel_row"]})
    return rows, sources, 0

