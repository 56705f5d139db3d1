"""Build the warehouse from the bundled files in ``data/`` (the "publish" step).

The build is all-or-nothing: it validates every file first, builds a brand-new
version file, runs the warehouse checks on it, and only then moves the pointer.
If anything fails, the version is deleted and the current warehouse is untouched.
Same inputs give the same content (``load_batch.loaded_at``/``loaded_by`` aside).
"""

from __future__ import annotations

import getpass
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from etl import checks, datafiles, exchange_rates, warehouse
from etl.load import replay

SQL_DIR = Path(__file__).resolve().parent / "sql"
DATA_DIR = warehouse.PROJECT_ROOT / "data"


class BuildFailed(Exception):
    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("\n".join(messages))


@dataclass
class BuildResult:
    version: Path
    batch_id: str
    counts: dict[str, int]
    checksum: str


def input_fingerprint(data_dir: Path) -> str:
    h = hashlib.sha256()
    for spec in datafiles.SPECS:
        h.update(spec.file.encode())
        h.update((data_dir / spec.file).read_bytes())
    h.update(exchange_rates.ecb_file().read_bytes())
    return h.hexdigest()


def _insert(con, table: str, df: pd.DataFrame, columns: list[str]) -> int:
    frame = df[columns]
    con.register("incoming", frame)
    try:
        cols = ", ".join(columns)
        con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM incoming")
    finally:
        con.unregister("incoming")
    return len(frame)


def _funding_regions(funding: pd.DataFrame) -> pd.DataFrame:
    rows = [(fid, code.strip()) for fid, codes in zip(funding["funding_id"], funding["region_codes"], strict=True)
            for code in str(codes).split(";") if code.strip()]
    return pd.DataFrame(rows, columns=["funding_id", "region_code"]).drop_duplicates()


def load_tables(con, tables: dict[str, pd.DataFrame], batch_id: str) -> dict[str, int]:
    """Insert the validated data files into an empty schema; returns rows per table."""
    counts: dict[str, int] = {}
    for spec in datafiles.SPECS:
        df = tables[spec.file].copy()
        columns = [c for c in spec.columns if c not in ("region_codes",)]
        if spec.table in ("indicator_value", "employment", "specialisation", "funding"):
            df["batch_id"] = batch_id
            columns.append("batch_id")
        counts[spec.table] = _insert(con, spec.table, df, columns)
    fr = _funding_regions(tables["funding.csv"])
    counts["funding_region"] = _insert(con, "funding_region", fr, ["funding_id", "region_code"])
    return counts


def build(data_dir: Path = DATA_DIR, pointer: Path | None = None, log=print, *,
          discard_loads: bool = False) -> BuildResult:
    """Build from ``data_dir``. Uploads and fetches the current warehouse holds are replayed
    on top, in order (``etl.load.replay``); if they no longer fit (a check fails), the build
    stops and names them, unless ``discard_loads``: then they are left out and marked in the
    history as undone by this build."""
    data_dir, pointer = Path(data_dir), warehouse.db_path(pointer)
    log(f"[1/5] Reading and validating data files in {data_dir}")
    tables = datafiles.read_all(data_dir)
    log(f"      {len(tables)} files, {datafiles.count_rows(tables)} rows, all valid")

    log("[2/5] Computing annual ECB exchange rates")
    rates, last_date = exchange_rates.annual_averages()
    ecb_source = exchange_rates.source_row(last_date)
    sources = tables["sources.csv"]
    tables["sources.csv"] = pd.concat(
        [sources, pd.DataFrame([ecb_source]).astype({"retrieved_on": "datetime64[us]"})], ignore_index=True)
    rates_df = pd.DataFrame(rates).assign(source_id=ecb_source["source_id"])
    log(f"      {len(rates_df)} annual rates, ECB file up to {last_date}")

    fingerprint = input_fingerprint(data_dir)
    batch_id = f"build-{fingerprint[:12]}"
    log("[3/5] Loading into a new warehouse version")
    with warehouse.new_version(pointer, fingerprint[:8], copy_current=False) as (con, version):
        con.execute("BEGIN")
        con.execute((SQL_DIR / "schema.sql").read_text(encoding="utf-8"))
        counts = load_tables(con, tables, batch_id)
        counts["exchange_rate"] = _insert(con, "exchange_rate", rates_df,
                                          ["year", "base", "quote", "rate", "n_days", "source_id"])
        con.execute((SQL_DIR / "views.sql").read_text(encoding="utf-8"))
        con.execute(
            "INSERT INTO load_batch (batch_id, kind, loaded_at, loaded_by, file_name, sha256, "
            "rows_inserted, note) VALUES (?, 'build', ?, ?, ?, ?, ?, ?)",
            [batch_id, datetime.now(UTC).replace(tzinfo=None), getpass.getuser(),
             "data/", fingerprint, sum(counts.values()), "bundled data set (python -m etl build)"])
        # Read inside the writer lock: a load that finished before it is carried over, one
        # that waits for it is applied on top of this version.
        old = warehouse.current_target(pointer)
        carried: list[str] = []
        if old is not None and discard_loads:
            gone = replay.discard(con, old, batch_id)
            if gone:
                log(f"      {len(gone)} accepted loads left out (--discard-loads): {', '.join(gone)}")
        elif old is not None:
            carried = replay.replay(con, old)
            if carried:
                log(f"      {len(carried)} accepted loads carried over: {', '.join(carried)}")
        log("[4/5] Running warehouse checks")
        failures = checks.run_checks(con)
        if failures and carried:
            raise BuildFailed([*failures, f"The accepted loads {', '.join(carried)} do not fit the new data set. "
                               "Undo them first, or build with --discard-loads to leave them out (they stay in "
                               "the history, marked as undone by the build)."])
        if failures:
            raise BuildFailed(failures)
        con.execute("COMMIT")
        checksum = warehouse.content_checksum(con, {"load_batch": {"loaded_at", "loaded_by"}})
        log(f"[5/5] Publishing {version.name} as {pointer}")
    log(f"Done: {sum(counts.values())} rows in {len(counts)} tables; content checksum {checksum[:12]}")
    return BuildResult(version=version, batch_id=batch_id, counts=counts, checksum=checksum)
