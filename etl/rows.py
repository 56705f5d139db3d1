"""The long-rows contract that file formats, connectors and the loader share.

A file format (``etl/formats``) or a connector (``etl/fetch``) turns what it read into
``Parsed``: one kind of data (indicator values, employment, funding) as a long frame,
one row per value, every row with the place it came from (``excel_row``; for each field
``<field>_col``, the Excel column letter or the JSON/CSV field name), so that the loader
(``etl/load``) can name the sheet, row and column of any problem. Cells stay as found
(text or numbers) until the loader validates them with the helpers here.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pandas as pd


@dataclass
class Sheet:
    """One sheet of a spreadsheet, or a CSV file: rows of cells as read."""
    name: str
    rows: list[list]


@dataclass
class Parsed:
    """Long rows for one kind of data, with where each came from."""
    kind: str                           # indicator_value | employment | funding
    layout: str                         # template | scb_wide | kolada | cordis | kohesio | <source>_api
    sheet: str
    frame: pd.DataFrame                 # columns per kind + excel_row, and *_col letters
    title: str = ""                     # title rows of an export (e.g. the SCB table name)
    notes: list[str] = field(default_factory=list)
    #: Readings the loader chose where a cell allowed a choice, and what it left out on
    #: purpose: (message key, values), shown in the preview and by the CLI.
    readings: list[tuple[str, dict]] = field(default_factory=list)


# --- cells ---------------------------------------------------------------------------------


def col_letter(i: int) -> str:
    """Zero-based column index -> Excel's letters: 0 -> 'A', 27 -> 'AB'."""
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def norm(text) -> str:
    """Lower-case, no accents, no punctuation: 'Värde' -> 'varde', 'Region-kod' -> 'regionkod'."""
    t = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]", "", t)


def cell(v) -> str:
    """A cell as trimmed text; Excel's whole floats without '.0' (2021.0 -> '2021'); None -> ''."""
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


#: What statistical offices write for a missing value (SCB: '..'; others '-', ':', 'x'):
#: read as missing, never as zero.
MISSING_SYMBOLS = {"..", ".", "-", "–", "—", "…", ":", "x", "X"}
SPACES = str.maketrans("", "", " \u00a0\u202f\u2009")

# Numbers written as text. Each form is read only where it has one reading:
#: '1.234,5' or '1.234.567' -- points group thousands, a comma marks decimals (Swedish, German)
EURO_GROUPED = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")
#: '1,234.5' or '1,234,567' -- commas group thousands, a point marks decimals (English)
ENGLISH_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
#: '1,234' or '1.234': three digits after one separator could be a decimal or a thousands group.
AMBIGUOUS = re.compile(r"^[+-]?[1-9]\d{0,2}[.,]\d{3}$")
DECIMAL_COMMA = re.compile(r"^[+-]?\d*,\d+$")
PLAIN = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def _number_text(text: str, convention: str | None) -> float | None:
    """One cell's text as a number, or None when it is not one or has two readings.
    ``convention`` ('euro', 'english' or None) is what the rest of the column shows."""
    if AMBIGUOUS.match(text):
        if convention == "euro":
            return float(text.replace(".", "").replace(",", "."))
        if convention == "english":
            return float(text.replace(",", ""))
        return None
    if EURO_GROUPED.match(text) and (text.count(".") > 1 or "," in text):
        return float(text.replace(".", "").replace(",", "."))
    if ENGLISH_GROUPED.match(text) and (text.count(",") > 1 or "." in text):
        return float(text.replace(",", ""))
    if DECIMAL_COMMA.match(text):
        return float(text.replace(",", "."))
    if PLAIN.match(text):
        return float(text)
    return None


def _convention(texts) -> str | None:
    """Which separators a column uses, judged from its unambiguous cells; None if it shows
    neither or both."""
    euro = english = False
    for t in texts:
        if AMBIGUOUS.match(t):
            continue
        if (EURO_GROUPED.match(t) and (t.count(".") > 1 or "," in t)) or DECIMAL_COMMA.match(t):
            euro = True
        elif (ENGLISH_GROUPED.match(t) and (t.count(",") > 1 or "." in t)) or (
                "." in t and PLAIN.match(t) and not re.search(r"\.\d{3}$", t)):
            english = True
    return "euro" if euro and not english else "english" if english and not euro else None


def parse_numbers(values: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Excel numbers stay numbers; text: spaces as thousands separators, a decimal comma or
    point, thousands grouped with points or commas where only one reading is possible
    ('1.234,5'; '1,234' only when the column's other cells show which separator is the
    decimal one). Infinite or overflowing values ('inf', '1e400') are bad, never numbers.
    Returns (numbers, is_missing_symbol_or_blank, is_bad). Vectorised: only cells that are
    not plain numbers take the slow path."""
    kind = pd.api.types.infer_dtype(values, skipna=True)
    numbers = pd.Series(np.nan, index=values.index, dtype="float64")
    if kind in ("floating", "integer", "mixed-integer-float", "empty"):   # Excel numbers only: fast path
        native = values.notna()
    elif kind in ("string", "bytes"):
        native = pd.Series(False, index=values.index)
    else:
        native = values.map(lambda v: isinstance(v, (int, float)) and not isinstance(v, bool), na_action="ignore")
        native = native.fillna(False).astype(bool)
    if native.any():
        numbers[native] = values[native].astype("float64")
    todo = ~native & values.notna()
    missing = pd.Series(False, index=values.index)
    bad = pd.Series(False, index=values.index)
    if todo.any():
        text = values[todo].map(lambda v: str(v).translate(SPACES).strip())
        symbol = text.isin(MISSING_SYMBOLS) | (text == "")
        distinct = text[~symbol].unique()
        convention = _convention(distinct)
        lookup = {t: _number_text(t, convention) for t in distinct}
        parsed = text.map(lambda t: np.nan if t in MISSING_SYMBOLS or t == "" or lookup.get(t) is None
                          else lookup[t]).astype("float64")
        numbers.loc[parsed.index] = parsed
        missing.loc[symbol.index] = symbol
        bad.loc[parsed.index] = ~symbol & parsed.isna()
    infinite = ~np.isfinite(numbers) & numbers.notna()
    bad |= infinite
    numbers = numbers.where(~infinite)
    missing |= values.isna()
    return numbers, missing, bad


#: A year written as text: exactly four digits. '2021/22', '2021-22' (split years), '2021M03'
#: (a month), '2021K1' (a quarter), '2031A' and '2034,7' are not years.
YEAR_TEXT = re.compile(r"^\d{4}$")
SPLIT_YEAR = re.compile(r"^\d{4}\s*[/–-]\s*\d{2}(\d{2})?$")
SUB_YEAR = re.compile(r"^\d{4}\s*[MKQH]\d{1,2}$", re.I)
#: Excel counts days from 1899-12-30: a year typed into a date-formatted cell shows as 1905.
EXCEL_EPOCH = datetime.date(1899, 12, 30)


def parse_years(values: pd.Series, first: int, last: int) -> tuple[pd.Series, pd.Series, dict]:
    """Year cells -> (years as float, problem key per bad cell or None, notes).

    Whole numbers and four-digit texts in ``first``..``last`` are years. A date-formatted
    cell whose Excel day number is a year in that range (2035 typed, shown as 1905-07-27) is
    read as that number, and said so in the notes ({'year_from_date': n}). Anything else is
    refused with a key that says why: 'split_year', 'sub_year', 'year_is_date', 'bad_year'.
    """
    def one(v):
        if isinstance(v, bool) or v is None:
            return None, "bad_year", False
        if isinstance(v, datetime.datetime):
            v = v.date()
        if isinstance(v, datetime.date):
            serial = (v - EXCEL_EPOCH).days
            if first <= serial <= last:
                return float(serial), None, True
            return None, "year_is_date", False
        if isinstance(v, (int, float)):
            if v != v or v != int(v) or not first <= v <= last:
                return None, "bad_year", False
            return float(v), None, False
        t = str(v).strip()
        if YEAR_TEXT.match(t) and first <= int(t) <= last:
            return float(t), None, False
        if SPLIT_YEAR.match(t):
            return None, "split_year", False
        if SUB_YEAR.match(t):
            return None, "sub_year", False
        return None, "bad_year", False

    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    results = [one(u) for u in uniques]
    years = np.array([r[0] if r[0] is not None else np.nan for r in results], dtype="float64")[codes]
    keys = np.array([r[1] for r in results], dtype=object)[codes] if len(results) else np.array([], dtype=object)
    from_date = np.array([r[2] for r in results], dtype=bool)[codes] if len(results) else np.array([], dtype=bool)
    notes = {"year_from_date": int(from_date.sum())} if from_date.any() else {}
    return (pd.Series(years, index=values.index), pd.Series(keys, index=values.index, dtype=object), notes)


# --- records -> long frame ----------------------------------------------------------------------


def long_frame(records: list[dict], fields: dict[str, str]) -> pd.DataFrame:
    """Records -> the frame the validators expect: one column per field, ``excel_row``
    = the record's number in its file or answer, ``<field>_col`` = the JSON/CSV field it
    came from (so a problem names the record and the field)."""
    df = pd.DataFrame.from_records(records) if records else pd.DataFrame(columns=[*fields, "excel_row"])
    for name, origin in fields.items():
        if name not in df:
            df[name] = ""
        df[name] = df[name].astype(object)
        df[f"{name}_col"] = origin
    if "excel_row" not in df:
        df["excel_row"] = range(1, len(df) + 1)
    return df.reset_index(drop=True)


#: The funding fields every funding format fills (the upload validator's columns plus
#: ``ref``, the record's own id, which keeps a re-fetched row's id stable).
FUNDING_FIELDS = ("ref", "programme", "programme_period", "project", "beneficiary", "region_codes", "theme",
                  "year_start", "year_end", "amount", "currency", "amount_kind", "amount_note", "evidence",
                  "source_url", "source_publisher", "source_title", "source_table_id")


def funding_frame(records: list[dict], origins: dict[str, str]) -> pd.DataFrame:
    """Funding records -> validator frame; ``origins`` names the source field of each column."""
    return long_frame(records, {k: origins.get(k, k) for k in FUNDING_FIELDS})


def number_problem(raw) -> str:
    """Why a value cell is not a number: 'ambiguous_number' ('1,234': a decimal or a thousands
    group?), 'not_finite' ('inf', '1e400') or 'bad_number'."""
    t = str(raw).translate(SPACES).strip()
    if AMBIGUOUS.match(t):
        return "ambiguous_number"
    try:
        if not np.isfinite(float(t.replace(",", "."))):
            return "not_finite"
    except ValueError:
        pass
    return "bad_number"
