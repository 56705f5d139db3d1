"""Validate employment rows: region, classification and industry code (from the warehouse's
``industry`` table), year, a count that is a number and not negative, and the flag, if any."""

from __future__ import annotations

import datetime

import pandas as pd

from etl import vocabulary
from etl.load.cells import region_lookup, required_text, suggest
from etl.load.problems import Invalid, Problem
from etl.load.validate.sources import SourceInfo, sources_for
from etl.rows import Parsed, cell, norm, number_problem, parse_numbers, parse_years


def validate(parsed: Parsed, con, source: SourceInfo) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    f, problems = parsed.frame.copy(), []
    lookup, names = region_lookup(con)
    industries = con.execute("SELECT classification, industry_code FROM industry").df()
    region = f["region"].map(cell).map(lambda v: lookup.get(norm(v)))
    for idx in f.index[region.isna()]:
        v = cell(f.at[idx, "region"])
        problems.append(Problem(parsed.sheet, int(f.at[idx, "excel_row"]), f["region_col"][idx], v, "unknown_region",
                                suggestion=suggest(v, {norm(n): n for n in names.values()})))
    cls = required_text(f, "classification", parsed, problems, set(industries.classification))
    code = required_text(f, "industry_code", parsed, problems)
    known = set(zip(industries.classification, industries.industry_code, strict=True))
    for idx in f.index[(cls != "") & (code != "")]:
        if (cls[idx], code[idx]) not in known and cls[idx] in set(industries.classification):
            problems.append(Problem(parsed.sheet, int(f.at[idx, "excel_row"]), f["industry_code_col"][idx], code[idx],
                                    "bad_choice", {"allowed": ", ".join(sorted(c for k, c in known if k == cls[idx]))}))
    year, why, _ = parse_years(f["year"], vocabulary.FIRST_YEAR, vocabulary.LAST_YEAR)
    future = year > datetime.date.today().year            # observed counts only
    why = why.where(~future, "future_year")
    for idx in f.index[year.isna() | future]:
        problems.append(Problem(parsed.sheet, int(f.at[idx, "excel_row"]), f["year_col"][idx],
                                cell(f.at[idx, "year"]), why[idx]))
    employed, missing, bad = parse_numbers(f["employed"])
    for idx in f.index[bad]:
        problems.append(Problem(parsed.sheet, int(f.at[idx, "excel_row"]), f["employed_col"][idx],
                                cell(f.at[idx, "employed"]), number_problem(f.at[idx, "employed"])))
    for idx in f.index[employed < 0]:
        problems.append(Problem(parsed.sheet, int(f.at[idx, "excel_row"]), f["employed_col"][idx],
                                cell(f.at[idx, "employed"]), "negative"))
    # flags (a fetch marks preliminary figures): one the vocabulary knows
    flag = (f["flag"].where(f["flag"].notna(), "").map(cell) if "flag" in f
            else pd.Series("", index=f.index, dtype=object))
    for idx in f.index[(flag != "") & ~flag.isin(vocabulary.EMPLOYMENT_FLAGS)]:
        problems.append(Problem(parsed.sheet, int(f.at[idx, "excel_row"]), f["flag_col"][idx] if "flag_col" in f
                                else None, flag[idx], "bad_choice",
                                {"allowed": ", ".join(vocabulary.EMPLOYMENT_FLAGS)}))
    source_ids, sources = sources_for(f, parsed, source, problems)
    # the same key twice in one file: which value is meant?
    key = pd.DataFrame({"r": region, "y": year, "c": cls, "i": code, "s": source_ids}, index=f.index)
    dup = key.duplicated(keep=False) & region.notna() & year.notna()
    if dup.any():
        first = f["excel_row"][dup].groupby([key.r[dup], key.y[dup], key.c[dup], key.i[dup], key.s[dup]]
                                            ).transform("min")
        for idx in first.index[f["excel_row"][dup] != first]:
            problems.append(Problem(parsed.sheet, int(f.at[idx, "excel_row"]), None, None, "duplicate_employment",
                                    {"first": int(first[idx])}))
    if problems:
        raise Invalid(problems)
    rows = pd.DataFrame({"region_code": region, "year": year.astype("Int32"), "classification": cls,
                         "industry_code": code, "employed": employed, "basis": "uploaded",
                         "flag": flag.where(flag != "", None),
                         "source_id": source_ids, "excel_row": f["excel_row"]})[~missing]
    return rows, sources, int(missing.sum())

