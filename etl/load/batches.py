"""Loads as batches: preview what a load would change, commit it, list the history, undo.

``commit`` writes validated rows into a new warehouse version in one transaction, under
the writer lock, recording in ``load_batch`` who loaded what and in ``change_log``
every row it replaced, so that ``undo`` can restore exactly those rows. A failed step
leaves the warehouse as it was.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from etl import checks, warehouse
from etl.load.prepare import Prepared, open_warehouse
from etl.load.problems import Invalid, Problem

#: The key of each table a load writes: a row with the same key replaces the old one.
TABLE_KEYS = {"indicator_value": ["region_code", "indicator_id", "year"],
              "employment": ["region_code", "year", "classification", "industry_code", "source_id"],
              "funding": ["funding_id"]}
#: The columns that make a row "changed" when they differ (the first is the row's value).
#: A funding row's regions live in funding_region; they are compared as one sorted 'SE311;SE312' (``_stored``).
VALUE_COLUMNS = {"indicator_value": ["value", "flag", "source_id"], "employment": ["employed", "flag", "source_id"],
                 "funding": ["amount", "currency", "amount_kind", "source_id", "year_start", "year_end",
                             "programme_period", "theme", "region_codes"]}


def _stored(table: str) -> str:
    """The stored rows as an upload is compared with them: a funding row carries its regions
    (from funding_region) as the validated rows do, sorted and joined by ';'."""
    if table != "funding":
        return table
    return ("(SELECT f.*, (SELECT string_agg(r.region_code, ';' ORDER BY r.region_code) FROM funding_region r "
            "WHERE r.funding_id = f.funding_id) AS region_codes FROM funding f)")


def _diff(con, prepared: Prepared) -> pd.DataFrame:
    """Incoming rows with their current values: status new / changed / unchanged."""
    table, keys = prepared.kind, TABLE_KEYS[prepared.kind]
    vals = VALUE_COLUMNS[prepared.kind]
    incoming = to_arrow(prepared.rows)
    con.register("incoming_rows", incoming)
    try:
        on = " AND ".join(f"o.{k} = i.{k}" for k in keys)
        old_cols = ", ".join(f"o.{v} AS old_{v}" for v in vals)
        df = con.execute(f"""SELECT i.*, {old_cols}, (o.{keys[0]} IS NOT NULL) AS exists_
                             FROM incoming_rows i LEFT JOIN {_stored(table)} o ON {on}""").df()
    finally:
        con.unregister("incoming_rows")
    same = np.ones(len(df), dtype=bool)
    what = np.full(len(df), "", dtype=object)
    for v in vals:
        a, b = df[v], df[f"old_{v}"]
        if v == "flag":     # no flag is no flag, whether NULL or empty
            a, b = a.replace("", None), b.replace("", None)
        equal = ((a == b).fillna(False) | (a.isna() & b.isna())).to_numpy(dtype=bool)
        same &= equal
        what = np.where(~equal & df.exists_.to_numpy(dtype=bool), what + np.where(what == "", "", ";") + v, what)
    df["status"] = np.where(~df.exists_, "new", np.where(same, "unchanged", "changed"))
    #: which columns differ from the stored row ('value;source_id'): the preview says what changed
    df["changed"] = np.where(df.status == "changed", what, "")
    return df


def to_arrow(df: pd.DataFrame):
    """DuckDB scans Arrow far faster than pandas object columns."""
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
    con = open_warehouse(warehouse.db_path(pointer))
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
    src = sources.assign(retrieved_on=datetime.now(UTC).date(), licence=licence or "not stated by the uploader",
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


def table_columns(con, table: str) -> list[str]:
    """The table's columns as the warehouse schema (etl/sql/schema.sql) defines them: the one
    place that lists them, so a write or an undo never leaves a column (external_id,
    municipalities, partner_role, list_coverage, ...) behind."""
    return [r[0] for r in con.execute("""SELECT column_name FROM duckdb_columns()
                                         WHERE schema_name = 'main' AND table_name = ? ORDER BY column_index""",
                                      [table]).fetchall()]


@contextlib.contextmanager
def _new_version(pointer: Path, tag: str):
    """``warehouse.new_version``, with a writer that waited too long told so in a sentence."""
    try:
        with warehouse.new_version(pointer, tag) as handle:
            yield handle
    except warehouse.WriterBusy as err:
        raise Invalid([Problem(None, None, None, None, "writer_busy", {"seconds": f"{err.seconds:.0f}"})]) from None


def _refuse_failed_checks(con, changed: set[str] | None = None) -> None:
    """A new version that breaks a warehouse rule is thrown away with a sentence naming the rule.
    Only the rules on the tables this write changed are run: the version it started from passed
    them all."""
    failures = checks.run_checks(con, names_only=True, changed=changed)
    if failures:
        raise Invalid([Problem(None, None, None, None, "warehouse_check", {"check": name}) for name in failures])


def commit(prepared: Prepared, pointer: Path | None = None, *, user: str = "", kind: str = "upload",
           accept_warnings: bool = False, progress=lambda step, detail="": None) -> CommitResult:
    """Apply the rows in one transaction on a new warehouse version, then publish it.
    Rows with plausibility warnings (``prepared.warnings``) are written only with
    ``accept_warnings``: otherwise Invalid, and nothing is written."""
    pointer = warehouse.db_path(pointer)
    if prepared.warnings and not accept_warnings:
        raise Invalid([Problem(None, None, None, None, "warnings_not_accepted", {"n": len(prepared.warnings)}),
                       *prepared.warnings])
    if warehouse.current_target(pointer) is None:
        raise Invalid([Problem(None, None, None, None, "no_warehouse")])
    progress("commit")
    with _new_version(pointer, prepared.sha256[:8]) as (con, version):
        # Stamped inside the lock, so history order is the order loads were applied in.
        stamp = datetime.now(UTC)
        batch_id = f"{kind}-{stamp.strftime('%Y%m%dT%H%M%S%f')}-{prepared.sha256[:8]}"
        con.execute("BEGIN")
        table, keys = prepared.kind, TABLE_KEYS[prepared.kind]
        vals = VALUE_COLUMNS[table]
        con.register("incoming_arrow", to_arrow(prepared.rows))
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
                            FROM incoming_arrow i LEFT JOIN {_stored(table)} o ON {on}""")
        _insert_sources(con, prepared.sources, f"{kind}: {prepared.file_name}", prepared.licence)
        # Rows this load writes carry its batch_id, so undo finds them by batch; the log keeps
        # only the rows they replace.
        key_json = "json_object(" + ", ".join(f"'{k}', c.{k}" for k in keys) + ")"
        on_c = " AND ".join(f"o.{k} = c.{k}" for k in keys)
        con.execute(f"""INSERT INTO change_log SELECT ?, ?, {key_json}, to_json(o) FROM incoming c
                        JOIN {table} o ON {on_c} WHERE c.status = 'changed'""", [batch_id, table])
        incoming_cols = set(prepared.rows.columns)
        columns = table_columns(con, table)
        cols = ", ".join(columns)
        con.execute(f"""DELETE FROM {table} t WHERE EXISTS (SELECT 1 FROM incoming c WHERE c.status = 'changed'
                        AND {" AND ".join(f"t.{k} = c.{k}" for k in keys)})""")
        select = ", ".join("? AS batch_id" if c == "batch_id" else c if c in incoming_cols else f"NULL AS {c}"
                           for c in columns)
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
        counts = ({"new": len(prepared.rows)} if n_existing == 0 else
                  dict(con.execute("SELECT status, count(*) FROM incoming GROUP BY status").fetchall()))
        con.execute("DROP VIEW incoming" if n_existing == 0 else "DROP TABLE incoming")
        con.unregister("incoming_arrow")
        n_new, n_changed, n_same = counts.get("new", 0), counts.get("changed", 0), counts.get("unchanged", 0)
        con.execute("""INSERT INTO load_batch (batch_id, kind, loaded_at, loaded_by, file_name, sha256,
                       rows_inserted, rows_updated, rows_unchanged, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    [batch_id, kind, stamp.replace(tzinfo=None), user or None, prepared.file_name,
                     prepared.sha256, n_new, n_changed, n_same,
                     prepared.note or f"{prepared.kind} ({prepared.layout}, sheet {prepared.sheet})"])
        progress("check_warehouse")
        _refuse_failed_checks(con, {table, "source", "change_log", "load_batch",
                                    *(["funding_region"] if table == "funding" else [])})
        con.execute("COMMIT")
    progress("done")
    return CommitResult(batch_id, n_new, n_changed, n_same, version)


# --- history and undo ----------------------------------------------------------------------------


def history(pointer: Path | None = None) -> pd.DataFrame:
    con = open_warehouse(warehouse.db_path(pointer))
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
    with _new_version(pointer, "undo") as (con, version):
        stamp = datetime.now(UTC)
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
            columns = table_columns(con, table)
            old_df = pd.DataFrame([json.loads(o) for o in grp.old_json]).reindex(columns=columns)
            con.register("old_rows", to_arrow(old_df))
            cols = ", ".join(columns)
            con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM old_rows")
            con.unregister("old_rows")
            n_restored += len(old_df)
        n_removed -= n_restored
        con.execute("""INSERT INTO load_batch (batch_id, kind, loaded_at, loaded_by, file_name, rows_inserted,
                       rows_updated, note) VALUES (?, 'undo', ?, ?, NULL, 0, ?, ?)""",
                    [undo_id, stamp.replace(tzinfo=None), user or None, n_restored + n_removed,
                     f"undid {batch_id}: {n_restored} rows restored, {n_removed} removed"])
        con.execute("UPDATE load_batch SET undone_by = ? WHERE batch_id = ?", [undo_id, batch_id])
        _refuse_failed_checks(con)
        con.execute("COMMIT")
    return CommitResult(undo_id, 0, n_restored + n_removed, 0, version)
