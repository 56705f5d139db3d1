"""Downloads: exactly the table shown, as CSV or XLSX, safe to open in Excel.

Text cells that start with = + - @ (or a tab / carriage return) would run as a
formula when a colleague opens the file (OWASP "CSV injection"); they get a leading
apostrophe. Real numbers are left alone, so -5 stays the number -5.
"""

from __future__ import annotations

import io

import pandas as pd

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if s.dtype == object or isinstance(s.dtype, pd.StringDtype):
            out[col] = s.map(lambda v: "'" + v if isinstance(v, str) and v.startswith(TRIGGERS) else v)
    out.columns = [("'" + c if isinstance(c, str) and c.startswith(TRIGGERS) else c) for c in out.columns]
    return out


def to_csv(df: pd.DataFrame, lang: str = "sv") -> bytes:
    """Swedish Excel expects ; between fields and a decimal comma; English uses , and ."""
    safe = neutralise(df)
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


def to_xlsx(df: pd.DataFrame, sheet: str = "data", notes: list[str] | None = None) -> bytes:
    """An .xlsx with the table and, below it, the source lines. Strings never become formulas."""
    buf = io.BytesIO()
    safe = neutralise(df)
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        safe.to_excel(writer, sheet_name=sheet[:31], index=False)
        if notes:
            ws = writer.sheets[sheet[:31]]
            start = len(safe) + 3
            for i, line in enumerate(notes):
                cell = ws.cell(row=start + i, column=1)
                cell.value = "'" + line if line.startswith(TRIGGERS) else line
                cell.data_type = "s"
    return buf.getvalue()
