"""Cheap checks on an uploaded file, before any parser touches it.

Size, type by content (not by name), macros, zip bombs (declared sizes in the zip's
central directory), sheet dimensions, and formulas without a cached value. Every
refusal is a ``FileRefused`` with a message key and values for the UI and the CLI.
"""

from __future__ import annotations

import io
import os
import re
import struct
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from zlib_ng import zlib_ng

MAX_MB_DEFAULT = 50
MAX_UNCOMPRESSED = 400 * 1024 * 1024
MAX_RATIO = 120
MAX_ENTRIES = 2000
MAX_ROWS = 1_000_000
MAX_COLS = 200
#: More XML per declared cell than this means the sheet holds more than its <dimension> says.
MAX_CELL_BYTES = 400
#: The largest file ``python -m etl load`` reads from disk when it is a CORDIS zip or
#: organization.csv (larger than the upload page takes); checked before reading.
MAX_BULK_BYTES = 1024 * 1024 * 1024


def max_bytes() -> int:
    return int(float(os.environ.get("NMS_UPLOAD_MAX_MB", MAX_MB_DEFAULT)) * 1024 * 1024)


@dataclass
class FileRefused(Exception):
    key: str
    values: dict = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.key} {self.values}"


def kind_of(name: str, data: bytes) -> str:
    """'xlsx' or 'csv', judged by content; refuse anything else with a reason."""
    if not data:
        raise FileRefused("empty")
    if len(data) > max_bytes():
        raise FileRefused("too_big", {"mb": round(len(data) / 1024 / 1024, 1), "max": max_bytes() // 1024 // 1024})
    ext = os.path.splitext(name.lower())[1]
    if ext in (".xlsm", ".xlsb", ".xls"):
        raise FileRefused("format_" + ext.lstrip("."))
    if data[:4] == b"PK\x03\x04":
        if ext not in (".xlsx", ""):
            raise FileRefused("zip_not_xlsx", {"ext": ext})
        return "xlsx"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise FileRefused("format_xls")
    if ext == ".xlsx":
        raise FileRefused("renamed_xlsx")
    if b"\x00" in data[:4096]:
        raise FileRefused("binary")
    return "csv"


def check_xlsx(data: bytes) -> None:
    """Refuse macros, zip bombs and corrupt archives using only the central directory."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError):
        raise FileRefused("corrupt_xlsx") from None
    names = {i.filename for i in infos}
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise FileRefused("macros")
    if any(n.lower().startswith("xl/externallinks/") for n in names):
        # values cached from other workbooks ('=[1]Blad1!A1'): not data of this file
        raise FileRefused("external_links")
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/worksheets/") for n in names):
        raise FileRefused("corrupt_xlsx")
    if len(infos) > MAX_ENTRIES:
        raise FileRefused("zip_bomb")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED:
        raise FileRefused("zip_bomb")
    for i in infos:
        if i.compress_size and i.file_size / i.compress_size > MAX_RATIO and i.file_size > 1_000_000:
            raise FileRefused("zip_bomb")


_DIM = re.compile(rb'<dimension ref="(?:[A-Z]+\d+:)?([A-Z]+)(\d+)"')
_HAS_VALUE = re.compile(rb"<v>[^<]+</v>")
_CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>]*?(?:/>|>(.*?)</c>)', re.S)


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


def sheet_names(data: bytes) -> dict[str, str]:
    """Worksheet XML path -> sheet name, from xl/workbook.xml and its relationships."""
    zf = zipfile.ZipFile(io.BytesIO(data))
    wb = zf.read("xl/workbook.xml")
    rels = zf.read("xl/_rels/workbook.xml.rels") if "xl/_rels/workbook.xml.rels" in zf.namelist() else b""
    targets = dict(re.findall(rb'Id="([^"]+)"[^>]*Target="([^"]+)"', rels)) | {
        k: v for v, k in re.findall(rb'Target="([^"]+)"[^>]*Id="([^"]+)"', rels)}
    out = {}
    for name, rid in re.findall(rb'<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"', wb):
        target = targets.get(rid, b"").decode()
        path = target.lstrip("/") if target.startswith("/") else "xl/" + target
        out[path] = name.decode("utf-8")
    return out


def check_dimensions(data: bytes) -> None:
    """Refuse sheets larger than the caps: first by the declared ``<dimension>`` (the first
    4 KB), then by counting the rows actually there, streaming the XML in 4 MB pieces (a
    workbook may declare 2 rows and hold 600,000, or declare none)."""
    zf = zipfile.ZipFile(io.BytesIO(data))
    for path, sheet in sheet_names(data).items():
        if path not in zf.namelist():
            continue
        with zf.open(path) as fh:
            head = fh.read(4096)
        m = _DIM.search(head)
        if m:
            cols, rows = _col_number(m.group(1)), int(m.group(2))
            if rows > MAX_ROWS or cols > MAX_COLS:
                raise FileRefused("too_many_cells", {"sheet": sheet, "rows": rows, "cols": cols,
                                                     "max_rows": MAX_ROWS, "max_cols": MAX_COLS})
            if zf.getinfo(path).file_size <= rows * cols * MAX_CELL_BYTES + 65536:
                continue        # the XML is no larger than the declared cells can fill: the count is true
        if _count_rows(zf, path) > MAX_ROWS + 1:  # + 1: a <rowBreaks> is counted too
            raise FileRefused("too_many_cells", {"sheet": sheet, "rows": f"> {MAX_ROWS}", "cols": "?",
                                                 "max_rows": MAX_ROWS, "max_cols": MAX_COLS})


def _member_pieces(zf: zipfile.ZipFile, path: str, size: int = 1 << 22) -> Iterator[bytes]:
    """A member's uncompressed bytes in pieces of at most ``size``, inflated straight from
    the archive with zlib-ng (about twice as fast as the zlib ``zipfile`` uses). No CRC is
    checked here: calamine checks it when it reads the sheet."""
    info = zf.getinfo(path)
    assert zf.fp is not None
    zf.fp.seek(info.header_offset)
    header = zf.fp.read(30)
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise FileRefused("corrupt_xlsx")
    name_len, extra_len = struct.unpack("<HH", header[26:30])
    zf.fp.seek(info.header_offset + 30 + name_len + extra_len)
    raw = zf.fp.read(info.compress_size)
    if info.compress_type == zipfile.ZIP_STORED:
        yield from (raw[i:i + size] for i in range(0, len(raw), size))
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        inflate = zlib_ng.decompressobj(-15)        # raw deflate, as zip members hold it
        while piece := inflate.decompress(raw, size):
            raw = inflate.unconsumed_tail
            yield piece
    else:                                           # Excel writes only these two
        raise FileRefused("corrupt_xlsx")


def _count_rows(zf: zipfile.ZipFile, path: str) -> int:
    """How many ``<row`` tags a sheet's XML holds, streamed in 4 MB pieces; stops once past
    the cap. Each piece is counted once, and the 3 bytes either side of each boundary once
    more, so a tag split between pieces is counted once. The only other element whose tag
    starts so is the sheet's one optional ``<rowBreaks>``: the count is the rows or one
    more, which is exact enough for a guard before parsing (``check_shape`` applies the cap
    exactly after it)."""
    rows, tail = 0, b""
    for piece in _member_pieces(zf, path):
        rows += piece.count(b"<row") + (tail + piece[:3]).count(b"<row")
        tail = (tail + piece[-3:])[-3:]
        if rows > MAX_ROWS + 1:
            break
    return rows


def check_shape(name: str, rows: list[list]) -> None:
    """Refuse a sheet or CSV file (as read) with more rows or columns than the caps."""
    width = max(map(len, rows), default=0)
    if len(rows) > MAX_ROWS or width > MAX_COLS:
        raise FileRefused("too_many_cells", {"sheet": name, "rows": len(rows), "cols": width,
                                             "max_rows": MAX_ROWS, "max_cols": MAX_COLS})


def scan_sheets(data: bytes) -> list[tuple[str, str, int]]:
    """Find formulas without a cached value: (sheet, cell, row) for each, at most 50.
    (Sheet sizes are checked before parsing, by ``check_dimensions``.)"""
    zf = zipfile.ZipFile(io.BytesIO(data))
    names = sheet_names(data)
    missing = []
    for path, sheet in names.items():
        if path not in zf.namelist():
            continue
        xml = zf.read(path)
        if b"<f" not in xml:
            continue
        for col, row, body in _CELL.findall(xml):
            if body and b"<f" in body and not _HAS_VALUE.search(body):
                missing.append((sheet, (col + row).decode(), int(row)))
                if len(missing) >= 50:
                    return missing
    return missing
