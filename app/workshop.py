"""Workshop sequences: an ordered list of saved views that a facilitator steps through.

A view is a page plus the URL state that reproduces it (the same query parameters a
copied link carries), a title and speaker notes. The sequence is saved and loaded as a
small JSON file to reuse at the next workshop. Pure functions over a list of views; the
sequence in the session and the show's navigation are in ``app/state.py``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from urllib.parse import parse_qs, urlparse

from app.i18n import t
from app.registry import PAGES

FORMAT = "nms-workshop/1"
MAX_FILE_BYTES = 200_000
MAX_VIEWS = 100
SKIP_PARAMS = {"present", "embed", "embed_options"}


@dataclass
class View:
    page: str                       # the page's url_path
    title: str
    notes: str = ""
    params: dict[str, list[str]] = field(default_factory=dict)


class WorkshopFileError(ValueError):
    pass


def page_spec(url_path: str):
    return next((p for p in PAGES if p.url_path == url_path), None)


def from_link(link: str) -> tuple[str | None, dict[str, list[str]]]:
    """The page and parameters of a copied dashboard link (any host)."""
    parsed = urlparse(link.strip())
    path = parsed.path.strip("/").split("/")[-1] if parsed.path.strip("/") else ""
    spec = page_spec(path) if path else next((p for p in PAGES if p.default), None)
    params = {k: v for k, v in parse_qs(parsed.query).items() if k not in SKIP_PARAMS}
    return (spec.url_path if spec else None), params


def move(vs: list[View], i: int, delta: int) -> None:
    """Swap view ``i`` with its neighbour ``i + delta`` (nothing at either end)."""
    j = i + delta
    if 0 <= j < len(vs):
        vs[i], vs[j] = vs[j], vs[i]


def remove(vs: list[View], i: int) -> None:
    if 0 <= i < len(vs):
        vs.pop(i)


def dumps(vs: list[View]) -> bytes:
    return json.dumps({"format": FORMAT, "views": [asdict(v) for v in vs]}, ensure_ascii=False,
                      indent=2).encode("utf-8")


def loads(data: bytes) -> list[View]:
    """Parse a saved workshop file; raise WorkshopFileError with a sentence if it is not one."""
    if len(data) > MAX_FILE_BYTES:
        raise WorkshopFileError("too_big")
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise WorkshopFileError("not_json") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or not isinstance(doc.get("views"), list):
        raise WorkshopFileError("not_workshop")
    out = []
    for raw in doc["views"][:MAX_VIEWS]:
        if not isinstance(raw, dict) or page_spec(str(raw.get("page", ""))) is None:
            raise WorkshopFileError("bad_view")
        params = raw.get("params") or {}
        if not isinstance(params, dict):
            raise WorkshopFileError("bad_view")
        out.append(View(page=str(raw["page"]), title=str(raw.get("title", ""))[:200],
                        notes=str(raw.get("notes", ""))[:5000],
                        params={str(k): [str(x) for x in (v if isinstance(v, list) else [v])][:50]
                                for k, v in params.items() if k not in SKIP_PARAMS}))
    return out


def page_titles(lang: str) -> dict[str, str]:
    """The title of each page by its URL path."""
    return {p.url_path: t(p.title_key, lang) for p in PAGES}


def describe(view: View, titles: dict[str, str]) -> str:
    """'Indikatorer — indicator=rd_intensity · regions=SE311,SE' for under a step."""
    params = " · ".join(f"{k}={','.join(vals)}" for k, vals in view.params.items())
    return titles.get(view.page, view.page) + (f" — {params}" if params else "")
