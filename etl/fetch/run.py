"""``python -m etl fetch SOURCE``: fetch everything first, validate it all, then load
(fetch -> formats -> load).

Nothing is written to the warehouse until every request has succeeded, every answer
matched its request and every row has passed the same validation as an upload; each
table's rows are then committed as one batch (kind "fetch") that history lists and undo
reverses. The raw responses stay in data/snapshots whatever happens, so a failed run can
be inspected, and ``from_snapshots`` runs the same transform and checks again on them
without the network. A connector that fetches independent tables (Eurostat) may report a
table as failed and still hand back the others: ``Results.failed`` names them.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from etl import load, warehouse
from etl.fetch import cordis, eurostat, kohesio, kolada, scb, snapshot, vinnova
from etl.fetch.base import AnswerMismatch, Batch, Context
from etl.fetch.http import FetchError

__all__ = ["AnswerMismatch", "Context", "FetchError", "Results", "SOURCES", "run"]

SOURCES = {
    "scb": (scb.fetch, "SCB Statistikdatabasen (PxWebApi 2): population, GRP, employment by industry, R&D"),
    "kolada": (kolada.fetch, "Kolada v3: the KPIs the indicator catalogue names"),
    "eurostat": (eurostat.fetch, "Eurostat: regional GDP (EUR), GERD % of GDP, high-tech employment"),
    "vinnova": (vinnova.fetch, "Vinnova open data: projects led from the three counties, incl. Vinnväxt"),
    "cordis": (cordis.fetch, "CORDIS: Horizon 2020 and Horizon Europe participations in SE31"),
    "kohesio": (kohesio.fetch, "Kohesio: ERDF projects 2021-2027 in SE31"),
}


class Results(list):
    """(Prepared, CommitResult or None) per batch; ``failed``: table -> why it was not loaded."""

    def __init__(self, items=(), failed: dict[str, str] | None = None):
        super().__init__(items)
        self.failed = dict(failed or {})


def prepare(batch: Batch, pointer: Path, progress) -> load.Prepared:
    digest = hashlib.sha256("".join(s.sha256 for s in batch.snapshots).encode()).hexdigest()
    paths = ", ".join(str(s.path.relative_to(s.path.parents[2])) for s in batch.snapshots[:20])
    more = f" (+{len(batch.snapshots) - 20} more)" if len(batch.snapshots) > 20 else ""
    return load.prepare_parsed(batch.parsed, f"fetch {batch.label}", digest, pointer, licence=batch.licence,
                                 note=f"{batch.parsed.kind} from {batch.label}; snapshots: {paths}{more}",
                                 progress=progress)


def run(source: str, pointer=None, *, since: int | None = None, since_date: str | None = None,
        tables: list[str] | None = None, dry_run: bool = False, user: str = "", progress=print,
        session=None, sleep=None, from_snapshots: Path | str | None = None, base_url: str | None = None) -> Results:
    """Fetch ``source`` (or replay its snapshots in ``from_snapshots``), validate, and
    (unless ``dry_run``) commit. Raises FetchError (AnswerMismatch when an answer does not
    match its request) or load.Invalid; in both cases the warehouse is unchanged."""
    pointer = warehouse.db_path(pointer)
    if warehouse.current_target(pointer) is None:
        raise load.Invalid([load.Problem(None, None, None, None, "no_warehouse")])
    if source not in SOURCES:
        raise FetchError(f"Unknown source '{source}'; choose one of {', '.join(SOURCES)}.")
    replay = None
    if from_snapshots is not None:
        replay = snapshot.Replay(Path(from_snapshots), source)
        more = f" (the folder holds {replay.runs} fetches; this is the newest)" if replay.runs > 1 else ""
        progress(f"{source}: replaying {len(replay.by_key)} stored answers from {replay.folder}{more}; "
                 "no network is used")
    fn = SOURCES[source][0]
    ctx = Context(snapshot.snapshot_dir(pointer), pointer, progress, since, since_date, session, sleep,
                  {"tables": tables or []}, replay=replay, base_url=base_url)
    batches = fn(ctx)
    if not batches:
        if not ctx.failed:
            progress(f"{source}: the answers held no rows for Norra Mellansverige; nothing to load.")
        return Results(failed=ctx.failed)
    for b in batches:
        for why, n in b.skipped.items():
            if n:
                progress(f"{source}: {n} records left out ({why})")
    prepared = [prepare(b, pointer, lambda step, detail="": None) for b in batches]  # validate all first
    results = Results(failed=ctx.failed)
    for p in prepared:
        # The publisher's own API, its answers checked against the request: its revisions stand,
        # but a large change is said, never passed over.
        for w in p.warnings:
            progress(f"{source}: large change, loaded as published: {w.text('en')}")
        results.append((p, None if dry_run else load.commit(p, pointer, user=user, kind="fetch",
                                                                accept_warnings=True)))
    return results
