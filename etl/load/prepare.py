"""A file (or rows a connector fetched) -> validated rows, ready to preview and commit.

``prepare`` refuses unsafe files (``etl.formats.safety``), reads the sheets, finds the
table (``etl.formats.detect``) and validates it; ``prepare_path`` does the same for a
file on disk, including CORDIS files too large for the upload page; ``prepare_parsed``
validates rows already in long form. Each raises ``Invalid`` with every problem (sheet,
Excel row, column, value and what to do); nothing is written.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import stat
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from etl import formats, warehouse
from etl.formats import cordis, kolada, safety, scb
from etl.load.problems import Invalid, Problem
from etl.load.validate import plausible, validate
from etl.load.validate.sources import SourceInfo
from etl.rows import Parsed

#: The formats that keep only rows located in Norra Mellansverige, by layout -> their name in messages.
REGIONAL_EXPORTS = {"cordis": "CORDIS", "kohesio": "Kohesio"}


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
    #: readings chosen where a cell allowed a choice, rows left out on purpose: (message key, values)
    readings: list = dataclasses.field(default_factory=list)
    #: implausible but possible values (a change beyond the indicator's bound): Problems that
    #: need an explicit confirmation before commit
    warnings: list = dataclasses.field(default_factory=list)


def open_warehouse(pointer: Path):
    """A read-only connection to the current warehouse; Invalid when there is none."""
    target = warehouse.current_target(pointer)
    if target is None:
        raise Invalid([Problem(None, None, None, None, "no_warehouse")])
    return warehouse.connect_read_only(target)


def _open_in_background(pointer: Path) -> Future:
    """``open_warehouse`` on another thread: it overlaps the parse (calamine lets go of the
    GIL while it reads a sheet). Whoever does not hand the future on closes what it opens."""
    pool = ThreadPoolExecutor(1, thread_name_prefix="open-warehouse")
    try:
        return pool.submit(open_warehouse, pointer)
    finally:
        pool.shutdown(wait=False)


def _close_when_opened(opened: Future) -> None:
    def close(done: Future) -> None:
        if not done.cancelled() and done.exception() is None:
            done.result().close()
    opened.add_done_callback(close)


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
    if "blank_cells" in frame.attrs:      # noted while the frame was built (formats.template.frame)
        return bool(frame.attrs["blank_cells"])
    cols = [c for c in frame.columns if not c.endswith("_col") and c != "excel_row"]
    return bool((frame[cols].to_numpy(dtype=object) == "").any())


def _refuse_if_empty(parsed: Parsed, where: str | None = None) -> None:
    """A table without rows says why: an export with nothing in Norra Mellansverige, or no data rows."""
    where = where or parsed.sheet
    if parsed.frame.empty and parsed.layout in REGIONAL_EXPORTS:
        raise Invalid([Problem(where, None, None, None, "no_nms_rows",
                               {"source": REGIONAL_EXPORTS[parsed.layout], "why": "; ".join(parsed.notes) or "0"})])
    if parsed.frame.empty:
        raise Invalid([Problem(where, None, None, None, "no_rows", {"sheet": parsed.sheet})])


def prepare(name: str, data: bytes, pointer: Path | None = None, *, indicator: str | None = None,
            source: SourceInfo | None = None, progress=lambda step, detail="": None) -> Prepared:
    """Check and parse a file into validated rows; raise Invalid with every problem."""
    pointer = warehouse.db_path(pointer)
    progress("check")
    opened = _open_in_background(pointer)
    try:
        parsed = _read_table(name, data, progress)
    except BaseException:
        _close_when_opened(opened)
        raise
    return prepare_parsed(parsed, name, hashlib.sha256(data).hexdigest(), pointer, indicator=indicator,
                          source=source, progress=progress, opened=opened)


def _read_table(name: str, data: bytes, progress) -> Parsed:
    """The file's table, after the safety checks; Invalid when there is none or it is unsafe."""
    # One pause of the collector from reading to the tables found; the sheets' row lists are
    # let go before it runs again, so no collection has to walk millions of them.
    with _no_gc():
        try:
            kind = safety.kind_of(name, data)
            if kind == "xlsx":
                safety.check_xlsx(data)
                safety.check_dimensions(data)
            progress("parse")
            sheets = formats.read(name, data, kind)
        except safety.FileRefused as err:
            raise Invalid([Problem(None, None, None, None, err.key, err.values)]) from None
        except Exception:  # a reader choking on a damaged file
            raise Invalid([Problem(None, None, None, None, "corrupt_xlsx" if name.lower().endswith(".xlsx")
                                   else "encoding")]) from None
        tables = formats.detect(sheets)
        sheet_names = ", ".join(f"'{s.name}'" for s in sheets)
        del sheets
    if not tables:
        raise Invalid([Problem(None, None, None, None, "no_table", {"sheets": sheet_names})])
    parsed = next((t for t in tables if not t.frame.empty), tables[0])  # the template has empty sheets
    _refuse_if_empty(parsed)
    if kind == "xlsx" and _has_blank_cells(parsed.frame):
        # A formula Excel never calculated reads as an empty cell: only then scan the XML for one.
        formulas = safety.scan_sheets(data)
        if formulas:
            raise Invalid([Problem(s, r, None, None, "formula_no_value", {"sheet": s, "cell": c})
                           for s, c, r in formulas])
    return parsed


def prepare_path(path: Path, pointer: Path | None = None, *, indicator: str | None = None,
                 source: SourceInfo | None = None, progress=lambda step, detail="": None) -> Prepared:
    """A file on disk (``python -m etl load``): a CORDIS zip, or organization.csv with
    project.csv beside it, is read whole (such files are larger than the upload page
    takes); any other file goes through ``prepare``."""
    data = _read_checked(path)
    try:
        found = cordis.read_path(path)
    except cordis.CordisError as err:
        raise Invalid([Problem(path.name, None, None, None, "cordis_file", {"reason": str(err)})]) from None
    if found is None:
        return prepare(path.name, data, pointer, indicator=indicator, source=source, progress=progress)
    parsed, skipped = found
    parsed.notes = [f"{n} {why}" for why, n in skipped.items()]
    _refuse_if_empty(parsed, where=path.name)
    return prepare_parsed(parsed, path.name, hashlib.sha256(data).hexdigest(), pointer, licence=cordis.LICENCE,
                          progress=progress)


def _read_checked(path: Path) -> bytes:
    """The file's bytes, after checking that it is a regular file within the size limit:
    a directory, a device (/dev/zero) or a huge (or sparse) file is refused before any byte
    is read. CORDIS zips and organization.csv may be larger than the upload page allows."""
    try:
        st = path.stat()
    except OSError:
        raise Invalid([Problem(None, None, None, None, "not_a_file", {"path": str(path)})]) from None
    if not stat.S_ISREG(st.st_mode):
        raise Invalid([Problem(None, None, None, None, "not_a_file", {"path": str(path)})])
    bulk = path.name.lower().endswith(".zip") or path.name.lower() == "organization.csv"
    limit = safety.MAX_BULK_BYTES if bulk else safety.max_bytes()
    if st.st_size > limit:
        raise Invalid([Problem(None, None, None, None, "too_big", {"mb": round(st.st_size / 1024 / 1024, 1),
                                                                     "max": limit // 1024 // 1024})])
    if st.st_size == 0:
        raise Invalid([Problem(None, None, None, None, "empty")])
    return path.read_bytes()


def prepare_parsed(parsed: Parsed, name: str, sha256: str, pointer: Path | None = None, *,
                   indicator: str | None = None, source: SourceInfo | None = None, licence: str = "",
                   note: str = "", progress=lambda step, detail="": None, opened: Future | None = None
                   ) -> Prepared:
    """Validate rows already in long form (from a file or from a fetch); raise Invalid.
    ``opened``: the warehouse connection being opened (``_open_in_background``); it is closed here."""
    pointer = warehouse.db_path(pointer)
    progress("validate", f"{len(parsed.frame)}")
    con = opened.result() if opened is not None else open_warehouse(pointer)
    try:
        source = source or SourceInfo()
        if parsed.layout == "scb_wide" and not source.publisher:
            source = dataclasses.replace(source, publisher=scb.publisher_from_notes(parsed.notes))
        if parsed.layout == "kolada" and not source.publisher:
            source = dataclasses.replace(source, publisher=kolada.PUBLISHER)
        rows, sources, skipped = validate(parsed, con, source, indicator)
        warnings = plausible.change_warnings(rows, con, parsed.sheet) if parsed.kind == "indicator_value" else []
    finally:
        con.close()
    return Prepared(name, sha256, parsed.kind, parsed.layout, parsed.sheet,
                    rows.reset_index(drop=True), sources, skipped, parsed.title, licence, note,
                    readings=list(parsed.readings), warnings=warnings)
