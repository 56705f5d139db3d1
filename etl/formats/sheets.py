"""Bytes -> sheets: an .xlsx workbook (read with calamine) or a CSV file (delimiter and
encoding detected). Nothing is interpreted here; ``etl.formats.detect`` finds the tables."""

from __future__ import annotations

import csv
import io
import re

import python_calamine

from etl.formats.safety import FileRefused, check_shape
from etl.rows import Sheet


def read_xlsx(data: bytes) -> list[Sheet]:
    """The workbook's visible sheets. A hidden sheet holding data is refused: its values
    would be read although nobody sees them (and may differ from the visible ones)."""
    wb = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    sheets = []
    for meta in wb.sheets_metadata:
        if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
            continue
        rows = wb.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
        check_shape(meta.name, rows)
        if meta.visible != python_calamine.SheetVisibleEnum.Visible:
            if any(c not in ("", None) for r in rows for c in r):
                raise FileRefused("hidden_sheet", {"sheet": meta.name})
            continue
        sheets.append(Sheet(meta.name, rows))
    return sheets


#: A UTF-8 encoded letter (å: C3 A5): in a file that is not valid UTF-8 it means mixed encodings.
UTF8_SEQUENCE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")


def decode_text(data: bytes) -> str:
    """UTF-8, else Windows Latin-1; a file mixing the two (some lines saved by another
    program) is refused rather than read with garbled letters ('FÃ¶rlag')."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if UTF8_SEQUENCE.search(data):
        raise FileRefused("mixed_encoding")
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise FileRefused("encoding") from None


def read_csv(data: bytes, name: str = "CSV") -> list[Sheet]:
    text = decode_text(data)
    sample = "\n".join(text.splitlines()[:30])
    counts = {d: sample.count(d) for d in (";", ",", "\t")}
    delimiter = max(counts, key=counts.__getitem__) if any(counts.values()) else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    check_shape(name, rows)
    return [Sheet(name, rows)]


def csv_records(data: bytes) -> list[dict[str, str]]:
    """A large CSV export (CORDIS, Kohesio) as dicts by header; ';' or ',' as the first line has more of."""
    text = decode_text(data)
    head = text[:5000].splitlines()[0] if text else ""
    delimiter = ";" if head.count(";") >= head.count(",") else ","
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))
