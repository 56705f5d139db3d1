"""Raw responses kept as dated snapshots, each with its origin (OWID's snapshot step), and
replayed from them without the network.

    data/snapshots/<source>/<YYYY-MM-DD>/<HHMMSSffffff>-<name>.<ext>
    data/snapshots/<source>/<YYYY-MM-DD>/<HHMMSSffffff>-<name>.<ext>.meta.json

The metadata file records the URL asked for and the URL answered, method, query or body,
the time of retrieval (UTC), the fetch run it belongs to, the SHA-256 and size of the
bytes, the HTTP status and content type, and the licence. Snapshots are never rewritten;
the transform reads the bytes back from the file, so what was loaded can always be traced
to exactly what the API sent.

``Replay`` answers a connector's requests from stored snapshots instead of the network
(``python -m etl fetch SOURCE --from-snapshots DIR``): the same request finds the same
bytes, so the transform and every check run again on exactly what was fetched.
"""

from __future__ import annotations

import builtins
import hashlib
import json
import os
import re
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import requests

from etl.fetch.http import FetchError


class ReplayError(FetchError):
    """The snapshots cannot answer a request; the message is one sentence for the user."""


@dataclass
class Snapshot:
    path: Path
    source: str
    name: str
    url: str
    method: str
    query: dict | list | str | None
    retrieved_at: str
    sha256: str
    bytes: int
    status: int
    content_type: str
    licence: str
    request_url: str = ""       # the URL asked for (``url`` is the one that answered)
    run: str = ""               # the fetch run the snapshot belongs to

    def read(self) -> builtins.bytes:           # the field ``bytes`` (the size) hides the type here
        return self.path.read_bytes()

    def meta(self) -> dict:
        d = asdict(self)
        d["path"] = self.path.name
        return d


def snapshot_dir(pointer: Path) -> Path:
    """Snapshots live beside the warehouse: data/snapshots (or $NMS_SNAPSHOTS)."""
    return Path(os.environ.get("NMS_SNAPSHOTS") or Path(pointer).parent / "snapshots")


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_")[:80] or "response"


def new_run() -> str:
    """An id for one fetch: the UTC time it started (sorts in time order)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def save(root: Path, source: str, name: str, content: bytes, *, url: str, method: str = "GET", query=None,
         status: int = 200, content_type: str = "", licence: str = "", ext: str = "json", request_url: str = "",
         run: str = "") -> Snapshot:
    now = datetime.now(UTC)
    folder = root / source / now.strftime("%Y-%m-%d")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{now.strftime('%H%M%S%f')}-{_safe(name)}.{ext}"
    tmp = path.with_suffix(path.suffix + ".part")
    tmp.write_bytes(content)
    os.replace(tmp, path)
    snap = Snapshot(path, source, name, url, method, query, now.isoformat(timespec="seconds"),
                    hashlib.sha256(content).hexdigest(), len(content), status, content_type, licence,
                    request_url or url, run)
    path.with_name(path.name + ".meta.json").write_text(json.dumps(snap.meta(), ensure_ascii=False, indent=2) + "\n",
                                                        encoding="utf-8")
    return snap


def load_meta(path: Path) -> dict:
    return json.loads(Path(str(path) + ".meta.json").read_text(encoding="utf-8"))


# --- replay -----------------------------------------------------------------------------------


def request_key(method: str, url: str, params=None, body=None) -> tuple[str, str, str]:
    """What identifies a request: method, the full URL with its query string (as requests
    builds it), and the JSON body in a canonical form."""
    prepared = requests.Request(method.upper(), url, params=params).prepare().url
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False) if body is not None else ""
    return method.upper(), prepared or url, canonical


class _Answer:
    """The part of ``requests.Response`` the polite client reads, from a snapshot."""

    def __init__(self, snap: Snapshot, content: bytes):
        self.snapshot, self.content = snap, content
        self.status_code, self.url = snap.status or 200, snap.url
        self.headers = {"Content-Type": snap.content_type}

    def iter_content(self, size: int):
        for i in range(0, len(self.content), size):
            yield self.content[i:i + size]

    def close(self):
        pass


class Replay:
    """The snapshots of one fetch of ``source`` under ``folder`` (a date folder, the source's
    folder or the whole snapshot store), ready to answer the same requests again."""

    def __init__(self, folder: Path, source: str):
        folder = Path(folder)
        if not folder.is_dir():
            raise ReplayError(f"There is no snapshot folder {folder}; give the folder a fetch wrote its snapshots "
                              f"to, e.g. data/snapshots/{source}/<date>.")
        snaps = []
        for meta_path in sorted(folder.rglob("*.meta.json")):
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            if meta.get("source") != source:
                continue
            path = meta_path.with_name(meta_path.name[:-len(".meta.json")])
            fields = {k: meta.get(k, "") for k in Snapshot.__dataclass_fields__ if k != "path"}
            snaps.append(Snapshot(path, **fields))
        if not snaps:
            raise ReplayError(f"{folder} holds no snapshots of {source}; give the folder a fetch of {source} wrote "
                              "its snapshots to.")
        runs = sorted({s.run for s in snaps})
        #: the newest fetch in the folder (snapshots written before runs were recorded count as one)
        self.run = runs[-1]
        self.runs = len(runs)
        self.source = source
        self.folder = folder
        self.by_key: dict[tuple[str, str, str], Snapshot] = {}
        for s in sorted((s for s in snaps if s.run == self.run), key=lambda s: (s.retrieved_at, s.path.name)):
            self.by_key[self._key(s)] = s      # the newest of equal requests wins

    @staticmethod
    def _key(s: Snapshot) -> tuple[str, str, str]:
        body = s.query.get("body") if isinstance(s.query, dict) and s.method.upper() == "POST" else None
        return s.method.upper(), s.request_url or s.url, (json.dumps(body, sort_keys=True, ensure_ascii=False)
                                                          if body is not None else "")

    def answer(self, method: str, url: str, params=None, body=None) -> _Answer:
        key = request_key(method, url, params, body)
        snap = self.by_key.get(key)
        if snap is None:
            raise ReplayError(f"The snapshots in {self.folder} hold no answer to {method.upper()} {key[1]}; replay "
                              "needs the snapshots of one whole fetch (the same options, the same source).")
        content = snap.path.read_bytes() if snap.path.exists() else b""
        if not snap.path.exists() or hashlib.sha256(content).hexdigest() != snap.sha256:
            raise ReplayError(f"The snapshot {snap.path.name} is missing or was changed after it was written "
                              "(its SHA-256 differs from its .meta.json); replay refused.")
        return _Answer(snap, content)

    def holds(self, method: str, url: str, params=None, body=None) -> bool:
        """Did the fetch being replayed ask this? (A decision the fetch took from the state of
        the warehouse, which may have changed since, is taken again from what it asked.)"""
        return request_key(method, url, params, body) in self.by_key

    def session(self) -> ReplaySession:
        return ReplaySession(self)


class ReplaySession:
    """Stands in for a ``requests.Session``: every request is answered from the snapshots."""

    def __init__(self, replay: Replay):
        self.replay = replay
        self.headers: dict[str, str] = {}

    def request(self, method, url, params=None, json=None, **_kw) -> _Answer:
        return self.replay.answer(method, url, params, json)
