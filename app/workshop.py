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
#: A saved sequence nests four deep ({"views": [{"params": {"k": ["v"]}}]}); anything much
#: deeper is not one, and is refused before the parser recurses into it.
MAX_DEPTH = 8
MAX_TITLE = 200
MAX_NOTES = 5000
MAX_PARAMS = 50
SKIP_PARAMS = {"present", "embed", "embed_options", "presenter", "show"}


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


def nesting_depth(text: str) -> int:
    """How deeply arrays and objects nest in a JSON text, counted without parsing it
    (brackets inside strings do not count). Linear in the text, no recursion."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def _text(value, limit: int) -> str:
    """A title or note: a string (or nothing) no longer than ``limit``; else the file is refused."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise WorkshopFileError("bad_view")
    if len(value) > limit:
        raise WorkshopFileError("too_long")
    return value


def _params(raw) -> dict[str, list[str]]:
    if raw is None:
        return {}
    if not isinstance(raw, dict) or len(raw) > MAX_PARAMS:
        raise WorkshopFileError("bad_view")
    out = {}
    for key, value in raw.items():
        values = value if isinstance(value, list) else [value]
        if len(values) > MAX_PARAMS or not all(isinstance(x, str | int) and not isinstance(x, bool) for x in values):
            raise WorkshopFileError("bad_view")
        if key not in SKIP_PARAMS:
            out[str(key)] = [str(x) for x in values]
    return out


def loads(data: bytes) -> list[View]:
    """Parse a saved workshop file; raise WorkshopFileError with a sentence if it is not one.

    Refused, never cut: a file over MAX_FILE_BYTES, nested deeper than MAX_DEPTH, with more
    than MAX_VIEWS views, or a title or note longer than its limit."""
    if len(data) > MAX_FILE_BYTES:
        raise WorkshopFileError("too_big")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise WorkshopFileError("not_json") from None
    if nesting_depth(text) > MAX_DEPTH:
        raise WorkshopFileError("too_deep")
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError):  # JSONDecodeError, or a number too long to convert
        raise WorkshopFileError("not_json") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or not isinstance(doc.get("views"), list):
        raise WorkshopFileError("not_workshop")
    if len(doc["views"]) > MAX_VIEWS:
        raise WorkshopFileError("too_many")
    out = []
    for raw in doc["views"]:
        if not isinstance(raw, dict) or not isinstance(raw.get("page"), str) or page_spec(raw["page"]) is None:
            raise WorkshopFileError("bad_view")
        out.append(View(page=raw["page"], title=_text(raw.get("title"), MAX_TITLE),
                        notes=_text(raw.get("notes"), MAX_NOTES), params=_params(raw.get("params"))))
    return out



def cut(text: str, limit: int) -> str:
    """A default title no longer than a saved file may hold (an ellipsis where it was cut)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def page_titles(lang: str) -> dict[str, str]:
    """The title of each page by its URL path."""
    return {p.url_path: t(p.title_key, lang) for p in PAGES}


def describe(view: View, titles: dict[str, str]) -> str:
    """'Indikatorer — indicator=rd_intensity · regions=SE311,SE' for under a step."""
    params = " · ".join(f"{k}={','.join(vals)}" for k, vals in view.params.items())
    return titles.get(view.page, view.page) + (f" — {params}" if params else "")
