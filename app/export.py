"""Downloads: exactly the table shown, as CSV or XLSX, safe to open in Excel.

Text cells that start with = + - @ (or a tab / carriage return) would run as a
formula when a colleague opens the file (OWASP "CSV injection"); they get a leading
apostrophe. Real numbers are left alone, so -5 stays the number -5.

Numbers are rounded to the decimals the table shows (the indicator's), never written
with float noise (``0,9171619009708738``) or a stray ``,0`` on a count. The XLSX has a
header row in bold that stays in view, column widths that fit, a number format per
column and, on a second sheet, the full source notes (publisher, table, URL, retrieval
date, definition), one per line, never cut short.
"""

from __future__ import annotations

import io
import re

import pandas as pd
from openpyxl.styles import Alignment, Font

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
MAX_WIDTH = 60
#: Characters Excel does not allow in a sheet name.
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def neutralise(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if s.dtype == object or isinstance(s.dtype, pd.StringDtype):
            out[col] = s.map(lambda v: "'" + v if isinstance(v, str) and v.startswith(TRIGGERS) else v)
    out.columns = [("'" + c if isinstance(c, str) and c.startswith(TRIGGERS) else c) for c in out.columns]
    return out


def rounded(df: pd.DataFrame, decimals: dict[str, int] | None = None) -> pd.DataFrame:
    """Numbers as the table shows them: each column in ``decimals`` rounded to its decimals
    (0 decimals: a whole number, no ',0'); float columns whose values are all whole become integers."""
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if not pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s):
            continue
        d = (decimals or {}).get(col)
        if d is not None:
            s = s.astype("Float64").round(d)
            out[col] = s.astype("Int64") if d == 0 else s
        elif pd.api.types.is_float_dtype(s) and s.dropna().map(float.is_integer).all() and s.notna().any():
            out[col] = s.astype("Int64")
    return out


def to_csv(df: pd.DataFrame, lang: str = "sv", decimals: dict[str, int] | None = None) -> bytes:
    """Swedish Excel expects ; between fields and a decimal comma; English uses , and ."""
    safe = neutralise(rounded(df, decimals))
    if lang == "sv":
        text = safe.to_csv(index=False, sep=";", decimal=",")
    else:
        text = safe.to_csv(index=False)
    return ("\ufeff" + text).encode("utf-8")  # BOM so Excel reads UTF-8 (å, ä, ö)


def read_csv(data: bytes, lang: str = "sv") -> pd.DataFrame:
    """Read back a file written by ``to_csv`` (used by tests and by users' scripts)."""
    text = data.decode("utf-8-sig")
    if lang == "sv":
        return pd.read_csv(io.StringIO(text), sep=";", decimal=",")
    return pd.read_csv(io.StringIO(text))


def sheet_name(name: str) -> str:
    """A readable sheet name: 'grp_per_capita_value' -> 'Grp per capita value' (≤ 31 characters)."""
    text = _SHEET_BAD.sub(" ", str(name)).replace("_", " ").strip()
    text = re.sub(r"\s+", " ", text)[:31].strip() or "Data"
    return text[0].upper() + text[1:]


def number_format(decimals: int | None, integer: bool) -> str | None:
    if decimals is None:
        return "#,##0" if integer else None
    return "#,##0" if decimals == 0 else "#,##0." + "0" * decimals


def _safe_text(line: str) -> str:
    return "'" + line if line.startswith(TRIGGERS) else line


def to_xlsx(df: pd.DataFrame, sheet: str = "data", notes: list[str] | None = None,
            decimals: dict[str, int] | None = None, notes_sheet: str = "Källor") -> bytes:
    """An .xlsx with the table (number formats, widths, bold frozen header) and the source
    notes on their own sheet. Strings never become formulas."""
    buf = io.BytesIO()
    safe = neutralise(rounded(df, decimals))
    name = sheet_name(sheet)
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        safe.to_excel(writer, sheet_name=name, index=False)
        ws = writer.sheets[name]
        ws.freeze_panes = "A2"
        for j, col in enumerate(safe.columns, start=1):
            header = ws.cell(row=1, column=j)
            header.font = Font(bold=True)
            header.alignment = Alignment(wrap_text=True, vertical="top")
            s = safe[col]
            fmt = None
            if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
                fmt = number_format((decimals or {}).get(col), pd.api.types.is_integer_dtype(s))
                if "year" in str(col).lower() or str(col) in ("År", "Year"):
                    fmt = "0"  # a year is not a thousand-separated number
            for i in range(2, len(safe) + 2):
                cell = ws.cell(row=i, column=j)
                if cell.data_type == "f":  # never a formula (neutralise already prefixed it)
                    cell.data_type = "s"
                if fmt and isinstance(cell.value, int | float):
                    cell.number_format = fmt
            widest = max([len(str(col))] + [len(str(v)) for v in s.dropna().astype(str).head(500)])
            ws.column_dimensions[header.column_letter].width = min(MAX_WIDTH, max(8, widest + 2))
        if notes:
            ns = writer.book.create_sheet(sheet_name(notes_sheet))
            for i, line in enumerate(notes, start=1):
                cell = ns.cell(row=i, column=1)
                cell.value = _safe_text(str(line))
                cell.data_type = "s"
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            ns.column_dimensions["A"].width = 120
    return buf.getvalue()
