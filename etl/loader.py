"""Load an uploaded file into the warehouse: check, validate, preview, commit, undo.

``prepare`` turns a file into validated rows (or a list of every problem, each with
sheet, Excel row, column, value and what to do). ``preview`` compares them with the
current warehouse (new, changed old -> new, unchanged). ``commit`` writes them into a
new warehouse version in one transaction, under the writer lock, recording in
``load_batch`` who loaded what and in ``change_log`` every row it replaced, so that
``undo`` can restore exactly those rows. A failed step leaves the warehouse as it was.
"""

from __future__ import annotations

import contextlib
import difflib
import gc
import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd

from etl import checks, filesafety, messages, readers, warehouse
from etl.mappings import funding_theme

MISSING_SYMBOLS = {"..", ".", "-", "–", "—", "…", ":", "x", "X"}
SPACES = str.maketrans("", "", " \u00a0\u202f\u2009")


@dataclass
class Problem:
    sheet: str | None
    row: int | None
    column: str | None
    value: str | None
    key: str
    values: dict = field(default_factory=dict)
    suggestion: str | None = None

    def message(self, lang: str = "sv") -> str:
        """What is wrong and what to do, without the location."""
        msg = messages.text(self.key, lang, **{"value": self.value, **self.values})
        if self.suggestion:
            msg += messages.text("did_you_mean", lang, suggestion=self.suggestion)
        return msg

    def text(self, lang: str = "sv") -> str:
        where = []
        if self.sheet:
            where.append(("blad" if lang == "sv" else "sheet") + f" '{self.sheet}'")
        if self.row:
            where.append(("rad" if lang == "sv" else "row") + f" {self.row}")
        if self.column:
            where.append(("kolumn" if lang == "sv" else "column") + f" {self.column}")
        msg = messages.text(self.key, lang, **{"value": self.value, **self.values})
        if self.suggestion:
            msg += messages.text("did_you_mean", lang, suggestion=self.suggestion)
        return (", ".join(where) + ": " if where else "") + msg


class Invalid(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(p.text() for p in problems))


@dataclass
class SourceInfo:
    url: str = ""
    publisher: str = ""
    title: str = ""
    table_id: str = ""


@dataclass
class Prepared:
    file_name: str
    sha256: str
    kind: str
    layout: str
    sheet: str
    rows: pd.DataFrame              # validated rows in the target table's columns
    sources: pd.DataFrame           # source rows to add
    skipped_missing: int = 0        # cells with SCB's missing symbols: left missing, never zero
    title: str = ""
    licence: str = ""               # the source's licence, when known (fetches know it)
    note: str = ""                  # for load_batch.note; fetches list their snapshot files


# --- lookups -----------------------------------------------------------------------------


def _con(pointer: Path):
    target = warehouse.current_target(pointer)
    if target is None:
        raise Invalid([Problem(None, None, None, None, "no_warehouse")])
    return warehouse.connect_read_only(target)


def region_lookup(con) -> tuple[dict[str, str], dict[str, str]]:
    """Normalised label -> region code, and code -> display name for suggestions."""
    regions = con.execute("SELECT region_code, scb_code, name_sv, name_en FROM region").fetchall()
    lookup, names = {}, {}
    for code, scb, sv, en in regions:
        names[code] = sv
        for label in (code, sv, en, sv.replace(" län", ""), f"{scb} {sv}" if scb else None):
            if label:
                lookup[readers.norm(label)] = code
        if scb:
            lookup[readers.norm(scb)] = code
            lookup[readers.norm(scb.zfill(4))] = code      # Kolada's county ids: 0017
    for alias in ("Riket", "Hela riket", "Sverige", "Sweden", "Totalt", "Samtliga län"):
        lookup[readers.norm(alias)] = "SE"
    return lookup, names


def _suggest(value: str, choices: dict[str, str]) -> str | None:
    hit = difflib.get_close_matches(readers.norm(value), list(choices), n=1, cutoff=0.6)
    return choices[hit[0]] if hit else None


def parse_numbers(values: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Excel numbers stay numbers; text: spaces as thousands separators, decimal comma.
    Returns (numbers, is_missing_symbol_or_blank, is_bad). Vectorised: only cells that are
    not plain numbers take the slow path."""
    numbers = pd.to_numeric(values, errors="coerce").astype("float64")
    todo = numbers.isna() & values.notna()
    missing = pd.Series(False, index=values.index)
    bad = pd.Series(False, index=values.index)
    if todo.any():
        text = values[todo].map(lambda v: str(v).translate(SPACES).strip())
        symbol = text.isin(MISSING_SYMBOLS) | (text == "")
        both = text.str.contains(",", regex=False) & text.str.contains(".", regex=False)
        cleaned = text.where(~both, text.str.replace(",", "", regex=False)).str.replace(",", ".", regex=False)
        parsed = pd.to_numeric(cleaned.where(~symbol, None), errors="coerce")
        numbers.loc[parsed.index] = parsed.astype("float64")
        missing.loc[symbol.index] = symbol
        bad.loc[parsed.index] = ~symbol & parsed.isna()
    missing |= values.isna()
    return numbers, missing, bad


def _map_unique(series: pd.Series, fn) -> pd.Series:
    """Apply ``fn`` once per distinct value; keeps object dtype (no slow string inference)."""
    codes, uniques = pd.factorize(series, use_na_sentinel=False)
    mapped = np.empty(len(uniques), dtype=object)
    mapped[:] = [fn(u) for u in uniques]
    return pd.Series(mapped[codes], index=series.index, dtype=object)


def _text(series: pd.Series) -> pd.Series:
    """Cells as trimmed text, computed once per distinct value (fast on large files)."""
    return _map_unique(series, readers._cell)


def _source_id(info: SourceInfo) -> str:
    digest = hashlib.sha1("\x1f".join([info.url.strip(), " ".join(info.title.split())]).encode()).hexdigest()[:10]
    return f"src_{digest}"


# --- validation ---------------------------------------------------------------------------


def _sources_for(frame: pd.DataFrame, parsed: readers.Parsed, default: SourceInfo, problems: list[Problem]
                 ) -> tuple[pd.Series, pd.DataFrame]:
    """A source id per row, and the distinct sources. Works on distinct values only."""
    fallbacks = {"source_url": default.url, "source_publisher": default.publisher,
                 "source_title": default.title or parsed.title or default.publisher,
                 "source_table_id": default.table_id}
    codes, values = [], {}
    for name, fallback in fallbacks.items():
        if name in frame:
            arr = frame[name].to_numpy(dtype=object)
            if len(arr) and (arr == arr[0]).all():  # usual case: one source for the whole file
                c, uniq = np.zeros(len(arr), dtype=np.int64), [arr[0]]
            else:
                c, uniq = pd.factorize(arr, use_na_sentinel=False)
            texts = [readers._cell(u) or fallback for u in uniq]
        else:
            c, texts = np.zeros(len(frame), dtype=np.int64), [fallback]
        codes.append(c)
        values[name] = texts
    combined = np.zeros(len(frame), dtype=np.int64)
    for c, name in zip(codes, fallbacks):
        combined = combined * len(values[name]) + c
    group, firsts = pd.factorize(combined)
    first_rows = [int(np.argmax(group == g)) for g in range(len(firsts))]
    rows = []
    for r in first_rows:
        url, pub, title, table = (values[n][codes[k][r]] for k, n in enumerate(fallbacks))
        rows.append({"url": url, "publisher": pub, "title": title, "table_id": table,
                     "source_id": _source_id(SourceInfo(url, pub, title, table))})
    uniq = pd.DataFrame(rows, columns=["url", "publisher", "title", "table_id", "source_id"])
    ids = pd.Series(uniq.source_id.to_numpy(dtype=object)[group], index=frame.index, dtype=object)
    bad_group = {g: ("no_source" if not (u.url and u.publisher) else
                     "bad_url" if not re.match(r"^https?://", u.url) else None) for g, u in enumerate(uniq.itertuples())}
    if any(bad_group.values()):
        for g, key in bad_group.items():
            if not key:
                continue
            for idx in frame.index[group == g][:200]:
                problems.append(Problem(parsed.sheet, int(frame.at[idx, "excel_row"]),
                                        frame["source_url_col"][idx] if key == "bad_url" and "source_url_col" in frame
                                        else None, uniq.url[g] if key == "bad_url" else None, key))
    uniq = uniq[[not bad_group[g] for g in range(len(uniq))]].drop_duplicates("source_id")
    return ids, uniq


def validate_indicator_values(parsed: readers.Parsed, con, indicator: str | None, source: SourceInfo
                              ) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    f = parsed.frame.copy()
    problems: list[Problem] = []
    lookup, names = region_lookup(con)
    inds = con.execute("""SELECT indicator_id, kind, unit_sv, unit_en, name_sv, kolada_id, min_value, max_value
                          FROM indicator""").df()
    base = set(inds[inds.kind == "base"].indicator_id)
    ind_choices = {readers.norm(i): i for i in inds.indicator_id} | {readers.norm(n): i for n, i in
                                                                    zip(inds.name_sv, inds.indicator_id)}
    # Kolada exports name the indicator by its KPI id (N01982): a column of the catalogue.
    kolada = {k: i for k, i in zip(inds.kolada_id, inds.indicator_id) if isinstance(k, str) and i in base}

    def cols(name):
        return f[f"{name}_col"] if f"{name}_col" in f else pd.Series([None] * len(f), index=f.index)

    # gender: keep totals only (Kolada exports rows for T, K, M)
    if "gender" in f:
        g = _text(f["gender"]).str.upper()
        f = f[g.isin(["", "T", "TOTALT", "ALLA", "SAMTLIGA", "BADA KONEN", "BÅDA KÖNEN"])]

    # region
    def find_region(cell):
        v = readers._cell(cell)
        return lookup.get(readers.norm(v)) or lookup.get(readers.norm(v.split(" ", 1)[-1])) if v else None

    region = _map_unique(f["region"], find_region)
    raw_region = f["region"]
    region_choices = {readers.norm(n): n for n in names.values()} | {readers.norm(c): c for c in names}
    for idx in f.index[region.isna()]:
        v = readers._cell(raw_region[idx])
        problems.append(Problem(parsed.sheet, int(f.at[idx, "excel_row"]), cols("region")[idx], v,
                                "required" if not v else "unknown_region", {"column": "region"},
                                suggestion=_suggest(v, region_choices) if v else None))
    # indicator
    if "indicator" in f and indicator is None:
        def find_indicator(cell):
            v = readers._cell(cell)
            return v if v in base else kolada.get(v.split(" ")[0]) if v else None

        ind = _map_unique(f["indicator"], find_indicator)
        for idx in f.index[ind.isna()]:
            v = readers._cell(f.at[idx, "indicator"])
            key = "derived_indicator" if v in set(inds.indicator_id) else ("required" if not v else "unknown_indicator")
            problems.append(Problem(parsed.sheet, int(f.at[idx, "excel_row"]), cols("indicator")[idx], v, key,
                                    {"column": "indicator_id"},
                                    suggestion=_suggest(v, ind_choices) if key == "unknown_indicator" else None))
    elif indicator is not None and indicator in base:
        ind = pd.Series([indicator] * len(f), index=f.index)
    else:
        problems.append(Problem(parsed.sheet, None, None, indicator, "need_indicator" if indicator is None
                                else "unknown_indicator", suggestion=_suggest(indicator or "", ind_choices)))
        raise Invalid(problems)
    # year
    year = pd.to_numeric(f["year"], errors="coerce")
    text_years = year.isna() & f["year"].notna()
    if text_years.any():  # e.g. "2021 " or SCB's "2021M03"-style labels: take a leading 4-digit year
        raw = _text(f["year"][text_years])
        year.loc[raw.index] = pd.to_numeric(raw.str[:4].where(raw.str.match(r"^\d{4}($|[ -M])")), errors="coerce")
    year = year.where(year == year.round())
    bad_year = year.isna() | (year < 1900) | (year > 2100)
    for idx in f.index[bad_year]:
        problems.append(Problem(parsed.sheet, int(f.at[idx, "excel_row"]), cols("year")[idx],
                                readers._cell(f.at[idx, "year"]), "bad_year"))
    # value
    value, missing, bad = parse_numbers(f["value"])
    for idx in f.index[bad]:
        problems.append(Problem(parsed.sheet, int(f.at[idx, "excel_row"]), cols("value")[idx],
                                readers._cell(f.at[idx, "value"]), "bad_number"))
    # the indicator's possible range (catalogue columns min_value, max_value)
    catalogue = inds.set_index("indicator_id")
    lo, hi = ind.map(catalogue.min_value), ind.map(catalogue.max_value)
    for idx in f.index[(lo.notna() & (value < lo)) | (hi.notna() & (value > hi))]:
        problems.append(Problem(parsed.sheet, int(f.at[idx, "excel_row"]), cols("value")[idx],
                                readers._cell(f.at[idx, "value"]), _range_key(lo[idx], hi[idx]),
                                {"min": f"{lo[idx]:g}", "max": f"{hi[idx]:g}",
                                 "unit_sv": catalogue.unit_sv[ind[idx]], "unit_en": catalogue.unit_en[ind[idx]]}))
    # sources
    source_ids, sources = _sources_for(f, parsed, source, problems)
    rows = pd.DataFrame({"region_code": region, "indicator_id": ind, "year": year, "value": value,
                         "source_id": source_ids, "excel_row": f["excel_row"],
                         "note": _text(f["note"]) if "note" in f else "",
                         "flag": f["flag"] if "flag" in f else None}, index=f.index)
    keep = ~missing & rows.region_code.notna() & rows.indicator_id.notna() & ~bad_year & ~bad
    # duplicates within the file
    kept = rows[keep]
    combined = (pd.factorize(kept.region_code)[0].astype(np.int64) * 10_000
                + pd.factorize(kept.indicator_id)[0].astype(np.int64)) * 1_000 + (kept.year.to_numpy() - 1800)
    dup = pd.Series(pd.Series(combined).duplicated(keep=False).to_numpy(), index=kept.index)
    if dup.any():
        d = rows[keep][dup]
        first = d.groupby(["region_code", "indicator_id", "year"]).excel_row.transform("min")
        for idx in d.index[d.excel_row != first]:
            problems.append(Problem(parsed.sheet, int(d.at[idx, "excel_row"]), None, None, "duplicate",
                                    {"first": int(first[idx])}))
    if problems:
        raise Invalid(sorted(problems, key=lambda p: (p.sheet or "", p.row or 0, p.column or "")))
    out = rows[keep].copy()
    out["year"] = out.year.astype("int32")
    out["flag"] = out.flag.where(out.flag.notna() & (out.flag != ""), None).astype(object)
    return out, sources, int((missing & ~bad).sum())


def _range_key(lo: float, hi: float) -> str:
    if pd.notna(lo) and pd.notna(hi):
        return "out_of_range"
    if pd.notna(lo):
        return "negative" if lo == 0 else "below_min"
    return "above_max"


def _required_text(f, name, parsed, problems, allowed=None):
    s = f[name].map(readers._cell) if name in f else pd.Series([""] * len(f), index=f.index)
    colletter = f[f"{name}_col"] if f"{name}_col" in f else pd.Series([None] * len(f), index=f.index)
    for idx in f.index[s == ""]:
        problems.append(Problem(parsed.sheet, int(f.at[idx, "excel_row"]), colletter[idx], None, "required",
                                {"column": name}))
    if allowed is not None:
        for idx in f.index[(s != "") & ~s.isin(allowed)]:
            problems.append(Problem(parsed.sheet, int(f.at[idx, "excel_row"]), colletter[idx], s[idx], "bad_choice",
                                    {"allowed": ", ".join(sorted(allowed))}))
    return s


def validate_employment(parsed, con, source):
    f, problems = parsed.frame.copy(), []
    lookup, names = region_lookup(con)
    industries = con.execute("SELECT classification, industry_code FROM industry").df()
    region = f["region"].map(readers._cell).map(lambda v: lookup.get(readers.norm(v)))
    for idx in f.index[region.isna()]:
        v = readers._cell(f.at[idx, "region"])
        problems.append(Problem(parsed.sheet, int(f.at[idx, "excel_row"]), f["region_col"][idx], v, "unknown_region",
                                suggestion=_suggest(v, {readers.norm(n): n for n in names.values()})))
    cls = _required_text(f, "classification", parsed, problems, set(industries.classification))
    code = _required_text(f, "industry_code", parsed, problems)
    known = set(zip(industries.classification, industries.industry_code))
    for idx in f.index[(cls != "") & (code != "")]:
        if (cls[idx], code[idx]) not in known and cls[idx] in set(industries.classification):
            problems.append(Problem(parsed.sheet, int(f.at[idx, "excel_row"]), f["industry_code_col"][idx], code[idx],
                                    "bad_choice", {"allowed": ", ".join(sorted(c for k, c in known if k == cls[idx]))}))
    year = pd.to_numeric(f["year"].map(readers._cell), errors="coerce")
    for idx in f.index[year.isna() | (year < 1900) | (year > 2100)]:
        problems.append(Problem(parsed.sheet, int(f.at[idx, "excel_row"]), f["year_col"][idx],
                                readers._cell(f.at[idx, "year"]), "bad_year"))
    employed, missing, bad = parse_numbers(f["employed"])
    for idx in f.index[bad | (employed < 0)]:
        problems.append(Problem(parsed.sheet, int(f.at[idx, "excel_row"]), f["employed_col"][idx],
                                readers._cell(f.at[idx, "employed"]), "bad_number"))
    source_ids, sources = _sources_for(f, parsed, source, problems)
    if problems:
        raise Invalid(problems)
    rows = pd.DataFrame({"region_code": region, "year": year.astype("Int32"), "classification": cls,
                         "industry_code": code, "employed": employed, "basis": "uploaded", "flag": None,
                         "source_id": source_ids, "excel_row": f["excel_row"]})[~missing]
    return rows, sources, int(missing.sum())


AMOUNT_KINDS = {"eu_funding", "total_budget", "national_grant", "co_financing", "programme_budget", "share_pct"}


def validate_funding(parsed, con, source):
    f, problems = parsed.frame.copy(), []
    lookup, names = region_lookup(con)
    programme = _required_text(f, "programme", parsed, problems)
    project = _required_text(f, "project", parsed, problems)
    kind = _required_text(f, "amount_kind", parsed, problems, AMOUNT_KINDS)
    regions = f["region_codes"].map(readers._cell)
    codes = regions.map(lambda v: [lookup.get(readers.norm(x.strip())) for x in v.replace(",", ";").split(";")
                                   if x.strip()])
    for idx in f.index:
        if not codes[idx] or None in codes[idx]:
            problems.append(Problem(parsed.sheet, int(f.at[idx, "excel_row"]), f["region_codes_col"][idx],
                                    regions[idx], "unknown_region"))
    amount, missing, bad = parse_numbers(f["amount"]) if "amount" in f else (pd.Series(np.nan, index=f.index),) * 3
    currency = f["currency"].map(readers._cell).str.upper() if "currency" in f else pd.Series("", index=f.index)
    for idx in f.index[(amount.notna()) & (kind != "share_pct") & ~currency.isin(["SEK", "EUR", "NOK"])]:
        problems.append(Problem(parsed.sheet, int(f.at[idx, "excel_row"]), f.get("currency_col", {}).get(idx),
                                currency[idx], "bad_choice", {"allowed": "SEK, EUR, NOK"}))
    years = {}
    for name in ("year_start", "year_end"):
        raw = f[name].map(readers._cell) if name in f else pd.Series("", index=f.index)
        years[name] = pd.to_numeric(raw.where(raw != ""), errors="coerce")
        for idx in f.index[(raw != "") & years[name].isna()]:
            problems.append(Problem(parsed.sheet, int(f.at[idx, "excel_row"]), f[f"{name}_col"][idx], raw[idx],
                                    "bad_year"))
    source_ids, sources = _sources_for(f, parsed, source, problems)
    if problems:
        raise Invalid(problems)

    def text_col(name):
        return f[name].map(readers._cell) if name in f else ""

    themes = text_col("theme") if "theme" in f else [""] * len(f)

    if "ref" in f:  # a fetched record's own id (diarienummer, CORDIS project + organisation): a
        # re-fetch with new figures replaces the row instead of adding a second one
        fid = [("fund_" + hashlib.sha1("\x1f".join([p, r]).encode()).hexdigest()[:10])
               for p, r in zip(programme, f["ref"].map(readers._cell))]
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


VALIDATORS = {"indicator_value": validate_indicator_values, "employment": validate_employment,
              "funding": validate_funding}
TABLE_KEYS = {"indicator_value": ["region_code", "indicator_id", "year"],
              "employment": ["region_code", "year", "classification", "industry_code", "source_id"],
              "funding": ["funding_id"]}


@contextlib.contextmanager
def _no_gc():
    """Pause the cyclic garbage collector during a bulk read: parsing creates millions of
    short-lived objects and would otherwise trigger many collections (no cycles are made)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _has_blank_cells(frame: pd.DataFrame) -> bool:
    cols = [c for c in frame.columns if not c.endswith("_col") and c != "excel_row"]
    return bool((frame[cols].to_numpy(dtype=object) == "").any())


def prepare(name: str, data: bytes, pointer: Path | None = None, *, indicator: str | None = None,
            source: SourceInfo | None = None, progress=lambda step, detail="": None) -> Prepared:
    """Check and parse a file into validated rows; raise Invalid with every problem."""
    pointer = warehouse.db_path(pointer)
    progress("check")
    try:
        kind = filesafety.kind_of(name, data)
        if kind == "xlsx":
            filesafety.check_xlsx(data)
            filesafety.check_dimensions(data)
        progress("parse")
        with _no_gc():
            sheets = readers.read(name, data, kind)
    except filesafety.FileRefused as err:
        raise Invalid([Problem(None, None, None, None, err.key, err.values)]) from None
    except Invalid:
        raise
    except Exception:  # a reader choking on a damaged file
        raise Invalid([Problem(None, None, None, None, "corrupt_xlsx" if name.lower().endswith(".xlsx")
                               else "encoding")]) from None
    with _no_gc():
        tables = readers.detect(sheets)
    if not tables:
        raise Invalid([Problem(None, None, None, None, "no_table",
                               {"sheets": ", ".join(f"'{s.name}'" for s in sheets)})])
    parsed = next((t for t in tables if not t.frame.empty), tables[0])  # the template has empty sheets
    if parsed.frame.empty and parsed.layout in ("cordis", "kohesio"):
        raise Invalid([Problem(parsed.sheet, None, None, None, "no_nms_rows",
                               {"source": parsed.layout.upper() if parsed.layout == "cordis" else "Kohesio",
                                "why": "; ".join(parsed.notes) or "0"})])
    if parsed.frame.empty:
        raise Invalid([Problem(parsed.sheet, None, None, None, "no_rows", {"sheet": parsed.sheet})])
    if kind == "xlsx" and _has_blank_cells(parsed.frame):
        # A formula Excel never calculated reads as an empty cell: only then scan the XML for one.
        formulas = filesafety.scan_sheets(data)
        if formulas:
            raise Invalid([Problem(s, r, None, None, "formula_no_value", {"sheet": s, "cell": c})
                           for s, c, r in formulas])
    return prepare_parsed(parsed, name, hashlib.sha256(data).hexdigest(), pointer, indicator=indicator,
                          source=source, progress=progress)


def prepare_parsed(parsed: readers.Parsed, name: str, sha256: str, pointer: Path | None = None, *,
                   indicator: str | None = None, source: SourceInfo | None = None, licence: str = "",
                   note: str = "", progress=lambda step, detail="": None) -> Prepared:
    """Validate rows already in long form (from a file or from a fetch); raise Invalid."""
    pointer = warehouse.db_path(pointer)
    progress("validate", f"{len(parsed.frame)}")
    con = _con(pointer)
    try:
        source = source or SourceInfo()
        if parsed.layout == "scb_wide" and not source.publisher and any("scb" in n.lower() for n in parsed.notes):
            source.publisher = "SCB (Statistiska centralbyrån)"
        if parsed.kind == "indicator_value":
            rows, sources, skipped = validate_indicator_values(parsed, con, indicator, source)
        else:
            rows, sources, skipped = VALIDATORS[parsed.kind](parsed, con, source)
    finally:
        con.close()
    return Prepared(name, sha256, parsed.kind, parsed.layout, parsed.sheet,
                    rows.reset_index(drop=True), sources, skipped, parsed.title, licence, note)


# --- preview and commit ------------------------------------------------------------------------

VALUE_COLUMNS = {"indicator_value": ["value", "source_id"], "employment": ["employed", "source_id"],
                 "funding": ["amount", "currency", "amount_kind", "source_id"]}


def _diff(con, prepared: Prepared) -> pd.DataFrame:
    """Incoming rows with their current values: status new / changed / unchanged."""
    table, keys = prepared.kind, TABLE_KEYS[prepared.kind]
    vals = VALUE_COLUMNS[prepared.kind]
    incoming = _arrow(prepared.rows)
    con.register("incoming_rows", incoming)
    try:
        on = " AND ".join(f"o.{k} = i.{k}" for k in keys)
        old_cols = ", ".join(f"o.{v} AS old_{v}" for v in vals)
        df = con.execute(f"""SELECT i.*, {old_cols}, (o.{keys[0]} IS NOT NULL) AS exists_
                             FROM incoming_rows i LEFT JOIN {table} o ON {on}""").df()
    finally:
        con.unregister("incoming_rows")
    same = np.ones(len(df), dtype=bool)
    for v in vals:
        a, b = df[v], df[f"old_{v}"]
        same &= ((a == b) | (a.isna() & b.isna())).to_numpy()
    df["status"] = np.where(~df.exists_, "new", np.where(same, "unchanged", "changed"))
    return df


def _arrow(df: pd.DataFrame):
    """DuckDB scans Arrow far faster than pandas object columns."""
    import pyarrow as pa

    arrays, names = [], []
    for name in df.columns:
        col = df[name]
        if col.dtype == object:
            arrays.append(pa.array(col.to_numpy(), type=pa.string(), from_pandas=True))
        else:
            arrays.append(pa.Array.from_pandas(col))
        names.append(name)
    return pa.Table.from_arrays(arrays, names=names)


def preview(prepared: Prepared, pointer: Path | None = None) -> pd.DataFrame:
    con = _con(warehouse.db_path(pointer))
    try:
        return _diff(con, prepared)
    finally:
        con.close()


@dataclass
class CommitResult:
    batch_id: str
    inserted: int
    updated: int
    unchanged: int
    version: Path | None


def _insert_sources(con, sources: pd.DataFrame, via: str, licence: str = "") -> None:
    if sources.empty:
        return
    src = sources.assign(retrieved_on=datetime.now(timezone.utc).date(), licence=licence or "not stated by the uploader",
                         accessed_via=via, note="")
    con.register("new_sources", src)
    try:
        con.execute("""INSERT INTO source (source_id, publisher, title, table_id, url, retrieved_on, licence,
                                           accessed_via, note)
                       SELECT source_id, publisher, coalesce(nullif(title, ''), publisher), nullif(table_id, ''),
                              url, retrieved_on, licence, accessed_via, note
                       FROM new_sources n WHERE NOT EXISTS (SELECT 1 FROM source s WHERE s.source_id = n.source_id)""")
    finally:
        con.unregister("new_sources")


TABLE_COLUMNS = {
    "funding_region": ["funding_id", "region_code"],
    "indicator_value": ["region_code", "indicator_id", "year", "value", "flag", "source_id", "batch_id", "note"],
    "employment": ["region_code", "year", "classification", "industry_code", "employed", "basis", "flag",
                   "source_id", "batch_id"],
    "funding": ["funding_id", "programme", "programme_period", "level", "project", "beneficiary", "theme",
                "s3_theme_id", "year_start", "year_end", "amount", "currency", "amount_kind", "amount_basis",
                "is_approx", "amount_note", "conflict_group", "source_id", "evidence", "batch_id"],
}


def commit(prepared: Prepared, pointer: Path | None = None, *, user: str = "", kind: str = "upload",
           progress=lambda step, detail="": None) -> CommitResult:
    """Apply the rows in one transaction on a new warehouse version, then publish it."""
    pointer = warehouse.db_path(pointer)
    if warehouse.current_target(pointer) is None:
        raise Invalid([Problem(None, None, None, None, "no_warehouse")])
    progress("commit")
    with warehouse.new_version(pointer, prepared.sha256[:8]) as (con, version):
        # Stamped inside the lock, so history order is the order loads were applied in.
        stamp = datetime.now(timezone.utc)
        batch_id = f"{kind}-{stamp.strftime('%Y%m%dT%H%M%S%f')}-{prepared.sha256[:8]}"
        con.execute("BEGIN")
        table, keys = prepared.kind, TABLE_KEYS[prepared.kind]
        vals = VALUE_COLUMNS[table]
        con.register("incoming_arrow", _arrow(prepared.rows))
        on = " AND ".join(f"o.{k} = i.{k}" for k in keys)
        same = " AND ".join(f"i.{v} IS NOT DISTINCT FROM o.{v}" for v in vals)
        # The whole comparison stays in DuckDB: no 200k-row round trip through pandas.
        (n_existing,) = con.execute(f"SELECT count(*) FROM incoming_arrow i JOIN {table} o ON {on}").fetchone()
        if n_existing == 0:  # all rows are new (the usual bulk case): no temp table needed
            con.execute("CREATE TEMP VIEW incoming AS SELECT *, 'new' AS status FROM incoming_arrow")
        else:
            con.execute(f"""CREATE TEMP TABLE incoming AS
                            SELECT i.*, CASE WHEN o.{keys[0]} IS NULL THEN 'new' WHEN {same} THEN 'unchanged'
                                             ELSE 'changed' END AS status
                            FROM incoming_arrow i LEFT JOIN {table} o ON {on}""")
        _insert_sources(con, prepared.sources, f"{kind}: {prepared.file_name}", prepared.licence)
        # Rows this load writes carry its batch_id, so undo finds them by batch; the log keeps
        # only the rows they replace.
        key_json = "json_object(" + ", ".join(f"'{k}', c.{k}" for k in keys) + ")"
        on_c = " AND ".join(f"o.{k} = c.{k}" for k in keys)
        con.execute(f"""INSERT INTO change_log SELECT ?, ?, {key_json}, to_json(o) FROM incoming c
                        JOIN {table} o ON {on_c} WHERE c.status = 'changed'""", [batch_id, table])
        cols = ", ".join(TABLE_COLUMNS[table])
        con.execute(f"""DELETE FROM {table} t WHERE EXISTS (SELECT 1 FROM incoming c WHERE c.status = 'changed'
                        AND {" AND ".join(f"t.{k} = c.{k}" for k in keys)})""")
        select = ", ".join("? AS batch_id" if c == "batch_id" else c for c in TABLE_COLUMNS[table])
        con.execute(f"INSERT INTO {table} ({cols}) SELECT {select} FROM incoming WHERE status <> 'unchanged'",
                    [batch_id])
        if table == "funding":
            con.execute("""INSERT INTO change_log SELECT ?, 'funding_region', json_object('funding_id', r.funding_id,
                           'region_code', r.region_code), to_json(r) FROM funding_region r
                           WHERE r.funding_id IN (SELECT funding_id FROM incoming WHERE status = 'changed')""",
                        [batch_id])
            con.execute("""DELETE FROM funding_region WHERE funding_id IN
                           (SELECT funding_id FROM incoming WHERE status <> 'unchanged')""")
            con.execute("""INSERT INTO funding_region SELECT DISTINCT funding_id,
                           trim(unnest(string_split(region_codes, ';'))) FROM incoming WHERE status <> 'unchanged'""")
        counts = dict(con.execute("SELECT status, count(*) FROM incoming GROUP BY status").fetchall())
        con.execute("DROP VIEW incoming" if n_existing == 0 else "DROP TABLE incoming")
        con.unregister("incoming_arrow")
        n_new, n_changed, n_same = counts.get("new", 0), counts.get("changed", 0), counts.get("unchanged", 0)
        con.execute("""INSERT INTO load_batch (batch_id, kind, loaded_at, loaded_by, file_name, sha256,
                       rows_inserted, rows_updated, rows_unchanged, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    [batch_id, kind, stamp.replace(tzinfo=None), user or None, prepared.file_name,
                     prepared.sha256, n_new, n_changed, n_same,
                     prepared.note or f"{prepared.kind} ({prepared.layout}, sheet {prepared.sheet})"])
        progress("check_warehouse")
        failures = checks.run_checks(con)
        if failures:
            raise RuntimeError("; ".join(failures))
        con.execute("COMMIT")
    progress("done")
    return CommitResult(batch_id, n_new, n_changed, n_same, version)


# --- history and undo ----------------------------------------------------------------------------


def history(pointer: Path | None = None) -> pd.DataFrame:
    con = _con(warehouse.db_path(pointer))
    try:
        return con.execute("""SELECT batch_id, kind, loaded_at, loaded_by, file_name, rows_inserted, rows_updated,
                                     rows_unchanged, undone_by, note FROM load_batch ORDER BY loaded_at DESC""").df()
    finally:
        con.close()


def undo(batch_id: str, pointer: Path | None = None, *, user: str = "") -> CommitResult:
    """Restore exactly the rows ``batch_id`` replaced (and remove the rows it added)."""
    pointer = warehouse.db_path(pointer)
    if warehouse.current_target(pointer) is None:
        raise Invalid([Problem(None, None, None, None, "no_warehouse")])
    with warehouse.new_version(pointer, "undo") as (con, version):
        stamp = datetime.now(timezone.utc)
        undo_id = f"undo-{stamp.strftime('%Y%m%dT%H%M%S%f')}"
        row = con.execute("SELECT kind, loaded_at, undone_by FROM load_batch WHERE batch_id = ?", [batch_id]).fetchone()
        if row is None:
            raise Invalid([Problem(None, None, None, None, "undo_unknown", {"batch": batch_id})])
        if row[0] == "build":
            raise Invalid([Problem(None, None, None, None, "undo_build")])
        if row[2]:
            raise Invalid([Problem(None, None, None, None, "undo_done", {"batch": batch_id})])
        # A later load that replaced rows this batch wrote must be undone first.
        later = con.execute("""SELECT DISTINCT c.batch_id FROM change_log c JOIN load_batch l USING (batch_id)
                               WHERE json_extract_string(c.old_json, '$.batch_id') = ? AND l.undone_by IS NULL""",
                            [batch_id]).fetchall()
        if later:
            raise Invalid([Problem(None, None, None, None, "undo_later",
                                   {"later": ", ".join(r[0] for r in later)})])
        con.execute("BEGIN")
        n_removed = 0
        for table in ("indicator_value", "employment", "funding"):
            if table == "funding":
                con.execute("""DELETE FROM funding_region WHERE funding_id IN
                               (SELECT funding_id FROM funding WHERE batch_id = ?)""", [batch_id])
            n_removed += con.execute(f"SELECT count(*) FROM {table} WHERE batch_id = ?", [batch_id]).fetchone()[0]
            con.execute(f"DELETE FROM {table} WHERE batch_id = ?", [batch_id])
        changes = con.execute("SELECT table_name, old_json FROM change_log WHERE batch_id = ? AND old_json IS NOT NULL",
                              [batch_id]).df()
        n_restored = 0
        for table, grp in changes.groupby("table_name"):
            old_df = pd.DataFrame([json.loads(o) for o in grp.old_json])[TABLE_COLUMNS[table]]
            con.register("old_rows", _arrow(old_df))
            cols = ", ".join(TABLE_COLUMNS[table])
            con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM old_rows")
            con.unregister("old_rows")
            n_restored += len(old_df)
        n_removed -= n_restored
        con.execute("""INSERT INTO load_batch (batch_id, kind, loaded_at, loaded_by, file_name, rows_inserted,
                       rows_updated, note) VALUES (?, 'undo', ?, ?, NULL, 0, ?, ?)""",
                    [undo_id, stamp.replace(tzinfo=None), user or None, n_restored + n_removed,
                     f"undid {batch_id}: {n_restored} rows restored, {n_removed} removed"])
        con.execute("UPDATE load_batch SET undone_by = ? WHERE batch_id = ?", [undo_id, batch_id])
        failures = checks.run_checks(con)
        if failures:
            raise RuntimeError("; ".join(failures))
        con.execute("COMMIT")
    return CommitResult(undo_id, 0, n_restored + n_removed, 0, version)
