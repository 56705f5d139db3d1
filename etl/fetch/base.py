"""What every connector shares: the context it runs in and the batches it hands back.

A connector only asks and keeps the answers (``snapshot``); turning an answer into long
rows (``etl.rows.Parsed``) is the job of its format in ``etl.formats``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from etl.fetch import http, snapshot
from etl.rows import Parsed


@dataclass
class Context:
    """Where snapshots go, how to talk to the network, how to report progress."""
    snapshots: Path
    pointer: Path | None = None              # the warehouse (connectors that read its catalogue)
    progress: callable = print
    since: int | None = None                 # first year (statistics) to fetch
    since_date: str | None = None            # first change date (Vinnova)
    session: object | None = None            # a requests.Session (tests mount recorded responses)
    sleep: callable = None
    options: dict = field(default_factory=dict)

    def client(self, name: str, limit: http.RateLimit, **kw) -> http.Client:
        extra = {"session": self.session} if self.session is not None else {}
        if self.sleep is not None:
            extra["sleep"] = self.sleep
        return http.Client(name, limit, progress=self.progress, **extra, **kw)


@dataclass
class Batch:
    """Rows for one warehouse table, in the long form the upload validators read,
    with the snapshots they were made from."""
    parsed: Parsed
    snapshots: list[snapshot.Snapshot]
    licence: str
    label: str                               # e.g. "scb TAB638, TAB3138"
    skipped: dict[str, int] = field(default_factory=dict)   # why rows were left out -> count


def download(ctx: Context, client: http.Client, source: str, name: str, url: str, *, licence: str, ext: str,
             max_bytes: int) -> snapshot.Snapshot:
    """One large file (a bulk export) straight into a snapshot."""
    r = client.get(url, max_bytes=max_bytes)
    return snapshot.save(ctx.snapshots, source, name, r.content, url=r.url, content_type=r.content_type,
                         licence=licence, ext=ext)
