"""Workshop sequences: an ordered list of saved views that a facilitator steps through.

A view is a page plus the URL state that reproduces it (the same query parameters a
copied link carries), a title and speaker notes. The sequence lives in the session,
so changing a filter during the show does not lose it; it is saved and loaded as a
small JSON file to reuse at the next workshop.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from urllib.parse import parse_qs, urlparse

import streamlit as st

from app import state
from app.registry import PAGES, ROOT

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


def views() -> list[View]:
    return st.session_state.setdefault("ws_views", [])


def step() -> int | None:
    return st.session_state.get("ws_step")


def page_spec(url_path: str):
    return next((p for p in PAGES if p.url_path == url_path), None)


def current_params() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in st.query_params.keys() if k not in SKIP_PARAMS}


def add_current(page_url_path: str, title: str) -> None:
    """Button callback: add the page being shown, with its URL state, to the sequence."""
    if not page_url_path:  # Streamlit reports the default page's path as ""
        page_url_path = next(p.url_path for p in PAGES if p.default)
    views().append(View(page=page_url_path, title=title, params=current_params()))


def from_link(link: str) -> tuple[str | None, dict[str, list[str]]]:
    """The page and parameters of a copied dashboard link (any host)."""
    parsed = urlparse(link.strip())
    path = parsed.path.strip("/").split("/")[-1] if parsed.path.strip("/") else ""
    spec = page_spec(path) if path else next((p for p in PAGES if p.default), None)
    params = {k: v for k, v in parse_qs(parsed.query).items() if k not in SKIP_PARAMS}
    return (spec.url_path if spec else None), params


def move(i: int, delta: int) -> None:
    vs = views()
    j = i + delta
    if 0 <= j < len(vs):
        vs[i], vs[j] = vs[j], vs[i]


def remove(i: int) -> None:
    vs = views()
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


def request(i: int) -> None:
    """Button callback: show view ``i`` in presentation mode on the next run.

    Runs before the next script run, so it may set widget state (``present``) and
    forget URL-bound widget values, which the target view's URL then re-seeds."""
    vs = views()
    if not vs:
        return
    i = max(0, min(i, len(vs) - 1))
    st.session_state["ws_step"] = i
    st.session_state["present"] = True
    state.reset_url_widgets(keep={"present"})
    st.session_state["_ws_nav"] = i


def navigate_if_requested() -> None:
    """Call right after ``st.navigation``: switch to the requested view, if any."""
    i = st.session_state.pop("_ws_nav", None)
    if i is None or not views():
        return
    view = views()[i]
    spec = page_spec(view.page)
    st.switch_page(ROOT / spec.file, query_params={**view.params, "present": "1"})


def stop() -> None:
    """Button callback: leave the show and presentation mode (the sequence is kept)."""
    st.session_state["ws_step"] = None
    st.session_state["present"] = False
