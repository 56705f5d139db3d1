"""Validate indicator values: region, indicator, year and value of every row, against the warehouse.

The region may be a NUTS code, an SCB or Kolada code or a name; the indicator a
catalogue id, or a Kolada KPI id (catalogue column ``kolada_id``); only gender totals
are kept. A value must be a number within the indicator's possible range (catalogue
columns ``min_value``, ``max_value``); missing symbols ('..') are counted and left out,
never read as zero. Every problem is collected before ``Invalid`` is raised.
"""

from __future__ import annotations

import datetime

import numpy as np
import pandas as pd

from etl import vocabulary
from etl.formats.kolada import KPI_ID
from etl.load.cells import letters, map_unique, map_values, region_lookup, suggest, text
from etl.load.problems import Invalid, Problem
from etl.load.validate.sources import SourceInfo, sources_for
from etl.rows import Parsed, cell, norm, number_problem, parse_numbers, parse_years

#: Sex cells (normalised) that mean "both sexes" (Kolada exports rows for T, K and M).
TOTAL_GENDER = {"", "t", "tot", "totalt", "total", "alla", "samtliga", "badakonen", "bada"}
#: Sex cells (normalised) for women or men: left out (counted), the warehouse holds totals.
ONE_SEX = {"k", "m", "kvinnor", "kvinna", "man", "men", "women", "female", "male", "f"}


def validate(parsed: Parsed, con, indicator: str | None, source: SourceInfo
                              ) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    f = parsed.frame  # only read here: each step below makes new columns, never writes into f
    problems: list[Problem] = []
    lookup, names = region_lookup(con)
    inds = con.execute("""SELECT indicator_id, kind, unit_sv, unit_en, name_sv, kolada_id, min_value, max_value,
                                 max_change_pct FROM indicator""").df()
    base = set(inds[inds.kind == "base"].indicator_id)
    ind_choices = {norm(i): i for i in inds.indicator_id}
    ind_choices |= {norm(n): i for n, i in zip(inds.name_sv, inds.indicator_id, strict=True)}
    # Kolada exports name the indicator by its KPI id (N01982): a column of the catalogue.
    kolada = {k: i for k, i in zip(inds.kolada_id, inds.indicator_id, strict=True) if isinstance(k, str) and i in base}

    # sex: keep totals only (Kolada exports rows for T, K, M); count what is left out
    if "gender" in f:
        g = map_unique(f["gender"], lambda v: norm(cell(v)))
        unknown = ~g.isin(TOTAL_GENDER | ONE_SEX)
        for idx in f.index[unknown]:
            problems.append(Problem(parsed.sheet, int(f.at[idx, "excel_row"]), letters(f, "gender")[idx],
                                    cell(f.at[idx, "gender"]), "bad_sex"))
        one_sex = g.isin(ONE_SEX)
        if one_sex.any():
            key = lambda d: (text(d["region"]) + "\x1f" + text(d["year"]) + "\x1f"  # noqa: E731
                             + (text(d["indicator"]) if "indicator" in d else ""))
            keys = key(f)
            no_total = one_sex & ~keys.isin(set(keys[g.isin(TOTAL_GENDER)]))
            for idx in f.index[no_total & ~keys.duplicated()]:
                problems.append(Problem(parsed.sheet, int(f.at[idx, "excel_row"]), letters(f, "gender")[idx],
                                        cell(f.at[idx, "gender"]), "no_total"))
            parsed.readings.append(("reading_sexes_left_out", {"n": int(one_sex.sum())}))
        f = f[g.isin(TOTAL_GENDER)]

    # region: a code or a name as a whole ("20 Dalarnas län" only with Dalarna's own code)
    def find_region(raw):
        v = cell(raw)
        return lookup.get(norm(v)) if v else None

    region = map_unique(f["region"], find_region)
    raw_region = f["region"]
    region_choices = {norm(n): n for n in names.values()} | {norm(c): c for c in names}
    for idx in f.index[region.isna()]:
        v = cell(raw_region[idx])
        problems.append(Problem(parsed.sheet, int(f.at[idx, "excel_row"]), letters(f, "region")[idx], v,
                                "required" if not v else "unknown_region", {"column": "region"},
                                suggestion=suggest(v, region_choices) if v else None))
    # indicator: the file's own column (a catalogue id or a Kolada KPI id); the one asked for
    # at upload must agree with it
    if "indicator" in f:
        def find_indicator(raw):
            v = cell(raw)
            return v if v in base else kolada.get(v.split(" ")[0]) if v else None

        ind = map_unique(f["indicator"], find_indicator)
        for idx in f.index[ind.isna()]:
            v = cell(f.at[idx, "indicator"])
            kpi = KPI_ID.fullmatch(v.split(" ")[0]) if v else None
            why = ("derived_indicator" if v in set(inds.indicator_id) else "required" if not v
                   else "unknown_kpi" if kpi else "unknown_indicator")
            problems.append(Problem(parsed.sheet, int(f.at[idx, "excel_row"]), letters(f, "indicator")[idx], v, why,
                                    {"column": "indicator_id"},
                                    suggestion=suggest(v, ind_choices) if why == "unknown_indicator" else None))
        if indicator is not None:
            for idx in f.index[ind.notna() & (ind != indicator)][:1]:
                problems.append(Problem(parsed.sheet, int(f.at[idx, "excel_row"]), letters(f, "indicator")[idx],
                                        cell(f.at[idx, "indicator"]), "indicator_mismatch",
                                        {"chosen": indicator, "file": ind[idx]}))
    elif indicator is not None and indicator in base:
        ind = pd.Series([indicator] * len(f), index=f.index)
    else:
        problems.append(Problem(parsed.sheet, None, None, indicator, "need_indicator" if indicator is None
                                else "unknown_indicator", suggestion=suggest(indicator or "", ind_choices)))
        raise Invalid(problems)
    # year: whole years only; split years, months and dates are refused with a reason
    year, year_key, year_notes = parse_years(f["year"], vocabulary.FIRST_YEAR, vocabulary.LAST_YEAR)
    # observed values only: a year after this one is a typo or a projection filed as data
    # (the catalogue's projections are filed under the year they were made)
    future = year > datetime.date.today().year
    year_key = year_key.where(~future, "future_year")
    bad_year = year.isna() | future
    for idx in f.index[bad_year]:
        problems.append(Problem(parsed.sheet, int(f.at[idx, "excel_row"]), letters(f, "year")[idx],
                                cell(f.at[idx, "year"]), year_key[idx]))
    parsed.readings += [(f"reading_{k}", {"n": n}) for k, n in year_notes.items()]
    # value
    value, missing, bad = parse_numbers(f["value"])
    for idx in f.index[bad]:
        problems.append(Problem(parsed.sheet, int(f.at[idx, "excel_row"]), letters(f, "value")[idx],
                                cell(f.at[idx, "value"]), number_problem(f.at[idx, "value"])))
    # the indicator's possible range (catalogue columns min_value, max_value)
    catalogue = inds.set_index("indicator_id")
    bounds = map_values(ind, catalogue[["min_value", "max_value"]])
    lo, hi = bounds.min_value, bounds.max_value
    value_col = letters(f, "value")
    for idx in f.index[(lo.notna() & (value < lo)) | (hi.notna() & (value > hi))]:
        problems.append(Problem(parsed.sheet, int(f.at[idx, "excel_row"]), value_col[idx],
                                cell(f.at[idx, "value"]), _range_key(lo[idx], hi[idx]),
                                {"min": f"{lo[idx]:g}", "max": f"{hi[idx]:g}",
                                 "unit_sv": catalogue.unit_sv[ind[idx]], "unit_en": catalogue.unit_en[ind[idx]]}))
    # flags (fetches carry them, e.g. 'break;estimated'): every part one the vocabulary knows
    if "flag" in f:
        allowed = tuple(dict.fromkeys((*vocabulary.VALUE_FLAGS, *vocabulary.FETCH_FLAGS)))
        flags = text(f["flag"].where(f["flag"].notna(), ""))
        unknown = {v for v in flags.unique() if v and not set(v.split(vocabulary.FLAG_SEPARATOR)) <= set(allowed)}
        flag_col = letters(f, "flag")
        for idx in f.index[flags.isin(unknown)]:
            problems.append(Problem(parsed.sheet, int(f.at[idx, "excel_row"]), flag_col[idx], flags[idx],
                                    "bad_choice", {"allowed": ", ".join(allowed)}))
    # sources
    source_ids, sources = sources_for(f, parsed, source, problems)
    rows = pd.DataFrame({"region_code": region, "indicator_id": ind, "year": year, "value": value,
                         "source_id": source_ids, "excel_row": f["excel_row"],
                         "note": text(f["note"]) if "note" in f else "",
                         "flag": f["flag"] if "flag" in f else None}, index=f.index)
    keep = ~missing & rows.region_code.notna() & rows.indicator_id.notna() & ~bad_year & ~bad
    # duplicates within the file
    kept = rows if keep.all() else rows[keep]
    combined = (pd.factorize(kept.region_code)[0].astype(np.int64) * 10_000
                + pd.factorize(kept.indicator_id)[0].astype(np.int64)) * 1_000 + (kept.year.to_numpy() - 1800)
    dup = pd.Series(pd.Series(combined).duplicated(keep=False).to_numpy(), index=kept.index)
    if dup.any():
        d = kept[dup]
        first = d.groupby(["region_code", "indicator_id", "year"]).excel_row.transform("min")
        for idx in d.index[d.excel_row != first]:
            problems.append(Problem(parsed.sheet, int(d.at[idx, "excel_row"]), None, None, "duplicate",
                                    {"first": int(first[idx])}))
    if problems:
        raise Invalid(sorted(problems, key=lambda p: (p.sheet or "", p.row or 0, p.column or "")))
    out = kept      # its own frame (copy-on-write): the columns below are set on it alone
    out["year"] = out.year.astype("int32")
    out["flag"] = out.flag.where(out.flag.notna() & (out.flag != ""), None).astype(object)
    return out, sources, int((missing & ~bad).sum())


def _range_key(lo: float, hi: float) -> str:
    if pd.notna(lo) and pd.notna(hi):
        return "out_of_range"
    if pd.notna(lo):
        return "negative" if lo == 0 else "below_min"
    return "above_max"

