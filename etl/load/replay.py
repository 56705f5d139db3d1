"""Carry accepted loads over a rebuild: every upload and fetch the current warehouse holds
is applied again, in the order it was loaded, on top of the freshly built bundled data.

A batch's rows are the rows that still carry its ``batch_id`` plus the rows of it that a
later load replaced (kept whole in ``change_log.old_json``). Replaying a batch writes
them as ``commit`` would: the rows they replace in the new warehouse are logged in
``change_log`` (so undo restores the new bundled values), then written. Sources and the
whole load history are copied, so no accepted batch disappears without a trace. Batches
that were undone are not replayed (their history rows are kept, with ``undone_by``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from etl import warehouse
from etl.load.batches import TABLE_KEYS, table_columns, to_arrow

#: Tables loads write, in the order a batch is applied.
LOADED_TABLES = ("indicator_value", "employment", "funding")


def accepted_batches(old) -> list[str]:
    """Uploads and fetches not undone, oldest first (the order they were applied in)."""
    return [r[0] for r in old.execute("""SELECT batch_id FROM load_batch WHERE kind IN ('upload', 'fetch')
                                         AND undone_by IS NULL ORDER BY loaded_at, batch_id""").fetchall()]


def _batch_rows(old, table: str, batch_id: str, columns: list[str]) -> pd.DataFrame:
    """Every row ``batch_id`` wrote to ``table``: current ones and those a later load replaced."""
    old_cols = [c for c in table_columns(old, table) if c in columns]
    current = old.execute(f"SELECT {', '.join(old_cols)} FROM {table} WHERE batch_id = ?", [batch_id]).df()
    replaced = [json.loads(o) for (o,) in old.execute(
        """SELECT old_json FROM change_log WHERE table_name = ? AND old_json IS NOT NULL
           AND json_extract_string(old_json, '$.batch_id') = ?""", [table, batch_id]).fetchall()]
    frames = [current.reindex(columns=columns)]
    if replaced:
        frames.append(pd.DataFrame(replaced).reindex(columns=columns))
    rows = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    return rows.drop_duplicates(subset=TABLE_KEYS[table], keep="first").reset_index(drop=True)


def _funding_regions(old, funding_ids: list[str]) -> pd.DataFrame:
    if not funding_ids:
        return pd.DataFrame(columns=["funding_id", "region_code"])
    ids = pd.DataFrame({"funding_id": funding_ids})
    old.register("replay_ids", ids)
    try:
        current = old.execute("""SELECT funding_id, region_code FROM funding_region
                                 WHERE funding_id IN (SELECT funding_id FROM replay_ids)""").df()
        logged = old.execute("""SELECT json_extract_string(old_json, '$.funding_id') AS funding_id,
                                       json_extract_string(old_json, '$.region_code') AS region_code
                                FROM change_log WHERE table_name = 'funding_region' AND old_json IS NOT NULL
                                AND json_extract_string(old_json, '$.funding_id') IN
                                    (SELECT funding_id FROM replay_ids)""").df()
    finally:
        old.unregister("replay_ids")
    return pd.concat([current, logged], ignore_index=True).drop_duplicates()


def replay(con, old_path: Path) -> list[str]:
    """Apply the accepted batches of the warehouse at ``old_path`` to ``con`` (a new build,
    inside its transaction); returns their ids. Copies sources and the load history."""
    old = warehouse.connect_read_only(old_path)
    try:
        batches = accepted_batches(old)
        # sources the loads brought (the build's own sources win)
        src_cols = [c for c in table_columns(con, "source") if c in table_columns(old, "source")]
        con.register("old_sources", to_arrow(old.execute(f"SELECT {', '.join(src_cols)} FROM source").df()))
        con.execute(f"""INSERT INTO source ({', '.join(src_cols)}) SELECT {', '.join(src_cols)} FROM old_sources o
                        WHERE NOT EXISTS (SELECT 1 FROM source s WHERE s.source_id = o.source_id)""")
        con.unregister("old_sources")
        # the whole history, builds before this one included (a restored row may name them)
        hist_cols = [c for c in table_columns(con, "load_batch") if c in table_columns(old, "load_batch")]
        con.register("old_history", to_arrow(old.execute(f"SELECT {', '.join(hist_cols)} FROM load_batch").df()))
        con.execute(f"""INSERT INTO load_batch ({', '.join(hist_cols)}) SELECT {', '.join(hist_cols)}
                        FROM old_history o WHERE NOT EXISTS (SELECT 1 FROM load_batch b
                                                             WHERE b.batch_id = o.batch_id)""")
        con.unregister("old_history")
        # change_log of batches not replayed (undone ones, undo batches) stays as it was
        log = old.execute("SELECT * FROM change_log").df()
        keep = log[~log.batch_id.isin(batches)]
        if not keep.empty:
            con.register("old_log", to_arrow(keep))
            con.execute("INSERT INTO change_log SELECT * FROM old_log")
            con.unregister("old_log")
        for batch_id in batches:
            for table in LOADED_TABLES:
                columns = table_columns(con, table)
                rows = _batch_rows(old, table, batch_id, columns)
                if rows.empty:
                    continue
                _apply(con, table, rows, batch_id, columns)
                if table == "funding":
                    regions = _funding_regions(old, rows.funding_id.tolist())
                    con.register("replay_regions", to_arrow(regions))
                    con.execute("""INSERT INTO change_log SELECT ?, 'funding_region', json_object('funding_id',
                                   r.funding_id, 'region_code', r.region_code), to_json(r) FROM funding_region r
                                   WHERE r.funding_id IN (SELECT funding_id FROM replay_regions)""", [batch_id])
                    con.execute("""DELETE FROM funding_region WHERE funding_id IN
                                   (SELECT funding_id FROM replay_regions)""")
                    con.execute("INSERT INTO funding_region "
                                "SELECT DISTINCT funding_id, region_code FROM replay_regions")
                    con.unregister("replay_regions")
        return batches
    finally:
        old.close()


def discard(con, old_path: Path, build_id: str) -> list[str]:
    """Keep the history of the warehouse at ``old_path`` but not its loads' rows: each
    accepted batch is marked as undone by this build (``--discard-loads``). Returns their ids."""
    old = warehouse.connect_read_only(old_path)
    try:
        batches = accepted_batches(old)
        cols = [c for c in table_columns(con, "load_batch") if c in table_columns(old, "load_batch")]
        hist = old.execute(f"SELECT {', '.join(cols)} FROM load_batch").df()
    finally:
        old.close()
    hist.loc[hist.batch_id.isin(batches), "undone_by"] = build_id
    con.register("old_history", to_arrow(hist))
    con.execute(f"""INSERT INTO load_batch ({', '.join(cols)}) SELECT {', '.join(cols)} FROM old_history o
                    WHERE NOT EXISTS (SELECT 1 FROM load_batch b WHERE b.batch_id = o.batch_id)""")
    con.unregister("old_history")
    return batches


def _apply(con, table: str, rows: pd.DataFrame, batch_id: str, columns: list[str]) -> None:
    keys = TABLE_KEYS[table]
    con.register("replay_rows", to_arrow(rows))
    try:
        on = " AND ".join(f"o.{k} = i.{k}" for k in keys)
        key_json = "json_object(" + ", ".join(f"'{k}', o.{k}" for k in keys) + ")"
        con.execute(f"""INSERT INTO change_log SELECT ?, ?, {key_json}, to_json(o) FROM {table} o
                        WHERE EXISTS (SELECT 1 FROM replay_rows i WHERE {on})""", [batch_id, table])
        con.execute(f"DELETE FROM {table} o WHERE EXISTS (SELECT 1 FROM replay_rows i WHERE {on})")
        cols = ", ".join(columns)
        con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM replay_rows")
    finally:
        con.unregister("replay_rows")
