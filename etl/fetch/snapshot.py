"""Raw responses kept as dated snapshots, each with its origin (OWID's snapshot step).

    data/snapshots/<source>/<YYYY-MM-DD>/<HHMMSSffffff>-<name>.<ext>
    data/snapshots/<source>/<YYYY-MM-DD>/<HHMMSSffffff>-<name>.<ext>.meta.json

The metadata file records the URL, method, query or body, the time of retrieval (UTC),
the SHA-256 and size of the bytes, the HTTP status and content type, and the licence.
Snapshots are never rewritten; the transform reads the bytes back from the file, so
what was loaded can always be traced to exactly what the API sent.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path


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

    def read(self) -> bytes:
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


def save(root: Path, source: str, name: str, content: bytes, *, url: str, method: str = "GET", query=None,
         status: int = 200, content_type: str = "", licence: str = "", ext: str = "json") -> Snapshot:
    now = datetime.now(timezone.utc)
    folder = root / source / now.strftime("%Y-%m-%d")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{now.strftime('%H%M%S%f')}-{_safe(name)}.{ext}"
    tmp = path.with_suffix(path.suffix + ".part")
    tmp.write_bytes(content)
    os.replace(tmp, path)
    snap = Snapshot(path, source, name, url, method, query, now.isoformat(timespec="seconds"),
                    hashlib.sha256(content).hexdigest(), len(content), status, content_type, licence)
    path.with_name(path.name + ".meta.json").write_text(json.dumps(snap.meta(), ensure_ascii=False, indent=2) + "\n",
                                                        encoding="utf-8")
    return snap


def load_meta(path: Path) -> dict:
    return json.loads(Path(str(path) + ".meta.json").read_text(encoding="utf-8"))
