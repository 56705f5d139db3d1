"""The long-rows contract that file formats, connectors and the loader share.

A file format (``etl/formats``) or a connector (``etl/fetch``) turns what it read into
``Parsed``: one kind of data (indicator values, employment, funding) as a long frame,
one row per value, every row with the place it came from (``excel_row``; for each field
``<field>_col``, the Excel column letter or the JSON/CSV field name), so that the loader
(``etl/load``) can name the sheet, row and column of any problem. Cells stay as found
(text or numbers) until the loader validates them with the helpers here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

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
