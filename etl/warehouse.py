"""Where the warehouse lives, and how a new version replaces the old one.

A DuckDB file can be open by one read-write process or by many read-only ones, and
the dashboard keeps its file open. So the warehouse is a set of immutable versioned
files plus a pointer:

    data/warehouse.duckdb                  -> symlink to the current version
    data/warehouse.versions/<id>.duckdb    immutable versions

Writers (build, upload, undo, fetch) never modify the current file. They build a new
version next to it, check it, and then move the symlink atomically (``os.replace``).
Readers open the symlink's target read-only and reconnect when the target changes.
A writer's lock (``flock`` on ``<pointer>.lock``) makes concurrent writers run one
after the other, so none of them is lost or half-applied.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import time
from datetime import UTC, datetime
from pathlib import Path

import duckdb

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = PROJECT_ROOT / "data" / "warehouse.duckdb"
KEEP_VERSIONS = 5
#: How long a writer waits for the previous one before giving up with a sentence.
LOCK_TIMEOUT = 120.0

#: Connection settings for every connection the project opens: no network, bounded.
DUCKDB_CONFIG: dict[str, str | int | float | list[str]] = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "threads": 2,
    "memory_limit": "1GB",
}


def db_path(path: str | os.PathLike | None = None) -> Path:
    """The pointer path: --db, else $NMS_DB, else data/warehouse.duckdb."""
    return Path(path or os.environ.get("NMS_DB") or DEFAULT_DB)


def versions_dir(pointer: Path) -> Path:
    return pointer.with_name(pointer.stem + ".versions")


def current_target(pointer: Path) -> Path | None:
    """The version file the pointer names now, or None if no warehouse exists."""
    pointer = Path(pointer)
    if pointer.is_symlink():
        target = pointer.parent / os.readlink(pointer)
        return target if target.exists() else None
    return pointer if pointer.exists() else None


def new_version_path(pointer: Path, tag: str) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    vdir = versions_dir(pointer)
    vdir.mkdir(parents=True, exist_ok=True)
    return vdir / f"{stamp}-{tag}.duckdb"


class WriterBusy(TimeoutError):
    """Another writer held the lock longer than the wait allows."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        super().__init__(f"Another load has held the warehouse for over {seconds:.0f} s; "
                         "wait for it to finish and try again.")


@contextlib.contextmanager
def writer_lock(pointer: Path, timeout: float | None = None):
    """Serialise writers across processes. Waits for the previous writer to finish, at most
    ``timeout`` seconds (default ``LOCK_TIMEOUT``), then raises WriterBusy."""
    timeout = LOCK_TIMEOUT if timeout is None else timeout
    pointer.parent.mkdir(parents=True, exist_ok=True)
    lock_path = pointer.with_name(pointer.name + ".lock")
    with open(lock_path, "a+") as fh:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise WriterBusy(timeout) from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def publish(pointer: Path, version: Path) -> None:
    """Point ``pointer`` at ``version`` atomically, then prune old versions."""
    pointer = Path(pointer)
    if pointer.exists() and not pointer.is_symlink():
        # A plain file from an older layout: keep it as a version so nothing is lost.
        legacy = new_version_path(pointer, "legacy")
        shutil.move(pointer, legacy)
    tmp = pointer.with_name(pointer.name + ".next")
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    os.symlink(os.path.relpath(version, pointer.parent), tmp)
    os.replace(tmp, pointer)
    prune(pointer)


def prune(pointer: Path, keep: int = KEEP_VERSIONS) -> None:
    """Delete all but the newest ``keep`` versions (never the current one).

    Processes that still have an old version open keep reading it: on Linux an
    unlinked file lives until its last handle closes.
    """
    current = current_target(pointer)
    files = sorted(versions_dir(pointer).glob("*.duckdb"))
    for old in files[:-keep]:
        if current is not None and old.resolve() == current.resolve():
            continue
        with contextlib.suppress(FileNotFoundError):
            old.unlink()
            old.with_name(old.name + ".wal").unlink(missing_ok=True)


@contextlib.contextmanager
def new_version(pointer: Path, tag: str, *, copy_current: bool = True):
    """Write a new warehouse version and publish it, all under the writer lock.

    Yields ``(connection, version_path)``: a read-write connection to a private copy of
    the current version (or an empty file). If the block raises, the copy is deleted and
    the current warehouse is untouched; otherwise it is checkpointed and published."""
    pointer = Path(pointer)
    with writer_lock(pointer):
        remove_leftovers(pointer)
        current = current_target(pointer)
        if copy_current and current is None:
            raise FileNotFoundError(f"No warehouse at {pointer}; run: python -m etl build")
        version = new_version_path(pointer, tag)
        tmp = version.with_name(version.name + ".tmp")
        if copy_current and current is not None:
            shutil.copyfile(current, tmp)
        con = connect_new(tmp)
        try:
            yield con, version
            con.execute("CHECKPOINT")
        except BaseException:
            con.close()
            tmp.unlink(missing_ok=True)
            tmp.with_name(tmp.name + ".wal").unlink(missing_ok=True)
            raise
        con.close()
        tmp.rename(version)
        publish(pointer, version)


def remove_leftovers(pointer: Path) -> list[Path]:
    """Delete the unfinished version files (``*.duckdb.tmp`` and their WAL) of writers that
    were killed or ran out of disk. Called with the writer lock held: only a writer holding
    the lock creates one, so any found then belongs to no live process."""
    vdir = versions_dir(pointer)
    gone = []
    for leftover in [*vdir.glob("*.duckdb.tmp"), *vdir.glob("*.duckdb.tmp.wal")] if vdir.exists() else []:
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
            gone.append(leftover)
    return gone


def connect_read_only(target: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(target), read_only=True, config=dict(DUCKDB_CONFIG))


def connect_new(target: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(target), config=dict(DUCKDB_CONFIG))


def content_checksum(con: duckdb.DuckDBPyConnection, exclude_columns: dict[str, set[str]] | None = None) -> str:
    """A checksum of every base table's content, order-independent.

    Used by tests and by ``etl build`` to show that two builds are the same and that a
    failed load left the warehouse unchanged. ``exclude_columns`` drops columns such as
    ``load_batch.loaded_at`` that record when, not what.
    """
    exclude_columns = exclude_columns or {}
    tables = [r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY table_name").fetchall()]
    h = hashlib.sha256()
    for table in tables:
        cols = [r[0] for r in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index",
            [table]).fetchall()]
        cols = [c for c in cols if c not in exclude_columns.get(table, set())]
        col_list = ", ".join(f'"{c}"' for c in cols)
        # Table and column names come from the catalogue, not from user input.
        digest = con.execute(
            f'SELECT count(*), coalesce(bit_xor(hash(({col_list}))), 0) FROM "{table}"').fetchone()
        h.update(f"{table}:{cols}:{digest}".encode())
    return h.hexdigest()
