"""What every connector shares: the context it runs in and the batches it hands back.

A connector only asks and keeps the answers (``snapshot``); turning an answer into long
rows (``etl.rows.Parsed``) is the job of its format in ``etl.formats``. Every answer is
checked against its request before it is read (``AnswerMismatch``); a connector that
fetches several independent tables records a table that failed in ``Context.failed`` and
hands back the others.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from etl import warehouse
from etl.fetch import http, snapshot
from etl.rows import Parsed


class AnswerMismatch(http.FetchError):
    """An answer does not hold what was asked for (other regions, years or contents, or a
    dimension that was to be left out). The fetch stops; the message names the difference."""


@dataclass
class Context:
    """Where snapshots go, how to talk to the network, how to report progress."""
    snapshots: Path
    pointer: Path | None = None              # the warehouse (connectors that read its catalogue)
    progress: Callable[[str], None] = print
    since: int | None = None                 # first year (statistics) to fetch
    since_date: str | None = None            # first change date (Vinnova)
    session: object | None = None            # a requests.Session (tests mount recorded responses)
    sleep: Callable[[float], None] | None = None
    options: dict = field(default_factory=dict)
    replay: snapshot.Replay | None = None    # answer from stored snapshots instead of the network
    base_url: str | None = None              # --base-url: another installation or a local mirror
    run: str = field(default_factory=snapshot.new_run)
    failed: dict[str, str] = field(default_factory=dict)   # table -> why it failed (the others load)

    def client(self, name: str, limit: http.RateLimit, **kw) -> http.Client:
        extra: dict[str, Any] = {}
        if self.replay is not None:
            extra["session"] = self.replay.session()
        elif self.session is not None:
            extra["session"] = self.session
        if self.sleep is not None or self.replay is not None:
            extra["sleep"] = self.sleep or (lambda seconds: None)   # a replay never waits
        return http.Client(name, limit, progress=self.progress, **extra, **kw)

    def base(self, source: str, default: str) -> str:
        """The source's base URL: ``--base-url``, else $NMS_<SOURCE>_BASE_URL, else the public one."""
        env = f"NMS_{source.upper()}_BASE_URL"
        if self.base_url:
            chosen, why = self.base_url, "--base-url"
        elif os.environ.get(env):
            chosen, why = os.environ[env], env
        else:
            chosen, why = default, ""
        chosen = chosen.strip().rstrip("/")
        if why:
            self.progress(f"{source}: asking {chosen} (from {why}) instead of {default}")
        return chosen

    def keep(self, source: str, name: str, r: http.Response, *, query=None, method: str = "GET",
             licence: str = "", ext: str = "json") -> snapshot.Snapshot:
        """The answer as a snapshot: saved now, or, when replaying, the stored one it came from."""
        if isinstance(r.snapshot, snapshot.Snapshot):
            return r.snapshot
        return snapshot.save(self.snapshots, source, name, r.content, url=r.url, method=method, query=query,
                             status=r.status, content_type=r.content_type, licence=licence, ext=ext,
                             request_url=r.request_url, run=self.run)

    def regions(self) -> list[str]:
        """SCB codes of Sweden and the 21 counties, from the warehouse's ``region`` table
        (``data/regions.csv``): the regions every statistics connector asks for."""
        con = connect(self.pointer)
        try:
            rows = con.execute("""SELECT scb_code FROM region WHERE level IN ('country', 'county')
                                  AND scb_code IS NOT NULL AND scb_code <> '' ORDER BY scb_code""").fetchall()
        finally:
            con.close()
        return [r[0] for r in rows]

    def last_year(self, indicator: str) -> int | None:
        """The last year the warehouse holds a value of ``indicator`` for (any region, any source)."""
        con = connect(self.pointer)
        try:
            row = con.execute("SELECT max(year) FROM indicator_value WHERE indicator_id = ?", [indicator]).fetchone()
        finally:
            con.close()
        return row[0] if row else None


def connect(pointer: Path | None) -> duckdb.DuckDBPyConnection:
    """The current warehouse, read-only (a connector reads its catalogue and regions)."""
    target = warehouse.current_target(warehouse.db_path(pointer))
    if target is None:
        raise http.FetchError(f"There is no warehouse at {warehouse.db_path(pointer)} any more: build it with "
                              "`python -m etl build` and fetch again; nothing was loaded.")
    return warehouse.connect_read_only(target)


@dataclass
class Batch:
    """Rows for one warehouse table, in the long form the upload validators read,
    with the snapshots they were made from."""
    parsed: Parsed
    snapshots: list[snapshot.Snapshot]
    licence: str
    label: str                               # e.g. "scb TAB638, TAB3138"
    skipped: dict[str, int] = field(default_factory=dict)   # why rows were left out -> count


def read_json(snap: snapshot.Snapshot):
    """The snapshot's JSON (a UTF-8 BOM allowed), or None when it is not JSON."""
    try:
        return json.loads(snap.read().decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError):
        return None


def jsonstat_dataset(snap: snapshot.Snapshot, what: str) -> dict:
    """The snapshot as a JSON-stat dataset; AnswerMismatch when it is not one (``what``
    says what was answered, e.g. "SCB answered the data request for TAB638")."""
    doc = read_json(snap)
    if not isinstance(doc, dict) or "id" not in doc:
        raise AnswerMismatch(f"{what} with something that is not a JSON-stat dataset; nothing was loaded "
                             f"(the answer is kept in {snap.path}).")
    return doc


def download(ctx: Context, client: http.Client, source: str, name: str, url: str, *, licence: str, ext: str,
             max_bytes: int) -> snapshot.Snapshot:
    """One large file (a bulk export) straight into a snapshot."""
    r = client.get(url, max_bytes=max_bytes)
    return ctx.keep(source, name, r, licence=licence, ext=ext)
