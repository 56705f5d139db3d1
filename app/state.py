"""Session and URL state: the language switch, the shared filters, presentation mode and
the workshop show. The one module (with ``app/auth.py``) that touches ``st.session_state``
for the app as a whole; view logic in ``app/`` gets these values as arguments.

The filter widgets are created in the entry point (``dashboard.py``) on every run, so every
page sees the same values. Their values are mirrored into the URL as codes, not as
translated labels, so a copied link reopens the same view in either language:
``?lang=en&regions=SE311&regions=SE&years=2010&years=2021&indicator=rd_intensity``.

(Streamlit's ``bind="query-params"`` writes a widget's *formatted label* into the URL,
e.g. ``regions=Värmlands+län``, which changes with the language; hence this helper.)
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

import streamlit as st

from app import queries, workshop
from app.i18n import col, lang, t
from app.registry import PAGES, ROOT
from etl.vocabulary import DEFAULT_LANG, DEFAULT_REGIONS, LANGS

#: The shared filters a page can honour (``PageSpec.filters`` lists those it does).
FILTERS: tuple[str, ...] = ("regions", "years")
#: Every session key whose value is mirrored in the URL (filled by ``from_url``).
URL_KEYS: set[str] = set()
#: Prefix of the plain session keys that keep each URL-mirrored value as codes. Streamlit
#: forgets a widget's value on a run that does not draw it, and its browser side keeps a
#: select widget's value as the *formatted label*, which a language switch makes stale.
SHADOW = "_url_"


@dataclass(frozen=True)
class Filters:
    regions: tuple[str, ...]
    year_from: int
    year_to: int
    lang: str
    present: bool = False


def from_url(key: str, default: Any, parse: Callable[[list[str]], Any],
             valid: Callable[[Any], bool] = lambda v: True) -> None:
    """Before a widget is drawn: seed its value from the URL (once), else the default."""
    URL_KEYS.add(key)
    if key in st.session_state:
        return
    value = default
    raw = st.query_params.get_all(key)
    if SHADOW + key in st.session_state and valid(st.session_state[SHADOW + key]):
        value = st.session_state[SHADOW + key]  # a page that did not draw the widget kept it
    elif raw:
        try:
            parsed = parse(raw)
        except (TypeError, ValueError):
            parsed = None
        if parsed is not None and valid(parsed):
            value = parsed
    st.session_state[key] = value


def to_url(key: str, default: Any, dump: Callable[[Any], list[str] | str] = str) -> None:
    """After a widget is drawn: write its value to the URL (omitted when it is the default)."""
    value = st.session_state.get(key)
    st.session_state[SHADOW + key] = value
    if value is None or value == default:
        if key in st.query_params:
            del st.query_params[key]
    else:
        st.query_params[key] = dump(value)


def language_switch(container=None) -> str:
    """The SV/EN switch. Call before building the navigation so titles are translated."""
    seed_language()
    (container if container is not None else st.sidebar).segmented_control(
        "Språk / Language", LANGS, key="lang", format_func=str.upper, required=True, label_visibility="collapsed",
        on_change=_keep_view)
    to_url("lang", DEFAULT_LANG)
    # <html lang> follows the UI language (screen readers, hyphenation, the browser's translate offer).
    st.html(f"<script>document.documentElement.lang = {lang()!r};</script>", unsafe_allow_javascript=True)
    return lang()


def _keep_view() -> None:
    """Language-switch callback: put back every URL-mirrored value as codes.

    The browser sends a select widget's value as its label in the old language; the new
    run would not find that label among the new language's labels and fall back to the
    first option (or keep the label itself). Assigning the kept codes before the run makes
    the new run, and the URL, use them."""
    for key in URL_KEYS:
        if key != "lang" and SHADOW + key in st.session_state and st.session_state[SHADOW + key] is not None:
            st.session_state[key] = st.session_state[SHADOW + key]


def reset_url_widgets(keep: Collection[str] = frozenset()) -> None:
    """Forget URL-mirrored widget values so the next run seeds them from the URL again."""
    for key in list(URL_KEYS):
        if key not in keep and key != "lang":
            st.session_state.pop(key, None)
            st.session_state.pop(SHADOW + key, None)


def seed_language() -> None:
    """Take the language from the URL before anything is drawn, so the first widgets of a
    run (the presentation toggle, drawn before the switch) are in that language too."""
    from_url("lang", DEFAULT_LANG, lambda raw: raw[-1], lambda v: v in LANGS)


def presentation_switch(container) -> bool:
    """The presentation-mode toggle (also ``?present=1``)."""
    seed_language()
    from_url("present", False, lambda raw: raw[-1] == "1")
    container.toggle(t("present.toggle"), key="present", help=t("present.help"))
    to_url("present", False, lambda v: "1")
    return bool(st.session_state["present"])


def default_years() -> tuple[int, int]:
    lo, hi = queries.year_bounds()
    return max(lo, 2005), hi


def sidebar_filters(container=None, present: bool = False, show: tuple[str, ...] = FILTERS) -> Filters:
    """The shared filters, in the sidebar (or, in presentation mode, in ``container``).

    ``show``: the filters the page honours (``PageSpec.filters``). A page that does not
    honour a filter does not show it; its value is kept (session and URL) for the pages
    that do, and the sidebar says what the page shows instead."""
    regions_df = queries.regions_with_data()
    names = dict(zip(regions_df.region_code, regions_df[col("name")], strict=True))
    lo, hi = queries.year_bounds()
    from_url("regions", list(DEFAULT_REGIONS), list, lambda v: all(c in names for c in v))
    from_url("years", default_years(), lambda raw: (int(raw[0]), int(raw[-1])),
             lambda v: lo <= v[0] <= v[1] <= hi)
    with container if container is not None else st.sidebar:
        st.markdown(f"**{t('filters.header')}**")
        if "regions" in show:
            st.multiselect(t("filters.regions"), list(names), key="regions", format_func=lambda c: names.get(c, c),
                           help=t("filters.regions.help"), placeholder=t("filters.regions.placeholder"))
        if "years" in show:
            st.slider(t("filters.years"), min_value=lo, max_value=hi, key="years", step=1)
        if show:
            st.caption(t("filters.link"))
        else:
            st.caption(t("filters.none"))
    to_url("regions", list(DEFAULT_REGIONS), list)
    to_url("years", default_years(), lambda v: [str(v[0]), str(v[1])])
    year_from, year_to = st.session_state["years"]
    return Filters(tuple(st.session_state["regions"]), int(year_from), int(year_to), lang(), present)


def current() -> Filters:
    """The filters as set by the entry point on this run."""
    return st.session_state["_filters"]


def choice(key: str, options: list, default: Any, parse: Callable[[list[str]], Any] = lambda raw: raw[-1]) -> None:
    """Before a choice widget is drawn: seed it from the URL, and fall back to ``default``
    when its value is not (or no longer) one of ``options``."""
    from_url(key, default, parse, lambda v: v in options)
    if st.session_state[key] not in options:
        st.session_state[key] = default


def segmented(container, label: str, options, key: str, default: str,
              format_func: Callable[[Any], str] = str) -> str:
    """A segmented control whose value is seeded from and mirrored to the URL."""
    choice(key, list(options), default)
    value = container.segmented_control(label, options, key=key, required=True, format_func=format_func)
    to_url(key, default)
    return value or default


def multichoice(container, label: str, options, key: str, default: list,
                format_func: Callable[[Any], str] = str) -> list:
    """A multiselect whose value is seeded from and mirrored to the URL; a value with any
    code outside ``options`` (e.g. after the options changed) falls back to ``default``."""
    from_url(key, list(default), list, lambda v: all(c in options for c in v))
    if not set(st.session_state[key]) <= set(options):
        st.session_state[key] = list(default)
    value = container.multiselect(label, list(options), key=key, format_func=format_func)
    to_url(key, list(default), list)
    return value


# --- the workshop show ------------------------------------------------------------------
# The sequence (``workshop.View`` objects) lives in the session, so changing a filter
# during the show does not lose it.


def workshop_views() -> list[workshop.View]:
    return st.session_state.setdefault("ws_views", [])


def workshop_file() -> str | None:
    """The id of the uploaded workshop file whose views are loaded, if any."""
    return st.session_state.get("_ws_loaded")


def replace_workshop(views: list[workshop.View], file_id: str) -> None:
    st.session_state["ws_views"] = views
    st.session_state["_ws_loaded"] = file_id


def workshop_step() -> int | None:
    return st.session_state.get("ws_step")


def view_title(text: str) -> None:
    """A page says what it shows (indicator, regions, years): the default title of a step
    made from it. The entry point clears it before each page runs."""
    st.session_state["_view_title"] = workshop.cut(text, workshop.MAX_TITLE)


def add_current_view(page_url_path: str, title: str) -> None:
    """Button callback: add the page being shown, with its URL state, to the sequence.
    The step is titled with what the view shows (else the page's title); the entry point
    confirms it with a toast."""
    if not page_url_path:  # Streamlit reports the default page's path as ""
        page_url_path = next(p.url_path for p in PAGES if p.default)
    params = {k: st.query_params.get_all(k) for k in st.query_params.keys() if k not in workshop.SKIP_PARAMS}
    view = workshop.View(page=page_url_path, title=st.session_state.get("_view_title") or title, params=params)
    workshop_views().append(view)
    st.session_state["_ws_added"] = view.title


def start_show(i: int) -> None:
    """Button callback: show view ``i`` in presentation mode on the next run.

    Runs before the next script run, so it may set widget state (``present``) and
    forget URL-bound widget values, which the target view's URL then re-seeds."""
    vs = workshop_views()
    if not vs:
        return
    i = max(0, min(i, len(vs) - 1))
    st.session_state["ws_step"] = i
    st.session_state["present"] = True
    reset_url_widgets(keep={"present"})
    st.session_state["_ws_nav"] = i


def follow_show() -> None:
    """Call right after ``st.navigation``: switch to the requested view, if any."""
    i = st.session_state.pop("_ws_nav", None)
    if i is None or not workshop_views():
        return
    view = workshop_views()[i]
    spec = workshop.page_spec(view.page)
    st.switch_page(ROOT / spec.file, query_params={**view.params, "present": "1"})


def end_show() -> None:
    """Button callback: leave the show and presentation mode (the sequence is kept)."""
    st.session_state["ws_step"] = None
    st.session_state["present"] = False


def url_tabs(key: str, options: dict[str, str], default: str):
    """Tabs whose open tab is in the URL as a code (``?tab=map``), so a link or a workshop step
    reopens it; ``options``: code -> label. The widget is keyed by language, as its value is
    the label. Returns the tab containers, each with ``.open``."""
    from_url(key, default, lambda raw: raw[-1], lambda v: v in options)
    if st.session_state[key] not in options:
        st.session_state[key] = default
    widget = f"_tabs_{key}_{lang()}"
    labels = list(options.values())
    tabs = st.tabs(labels, default=options[st.session_state[key]], key=widget, on_change="rerun")
    chosen = st.session_state.get(widget)
    st.session_state[key] = next((c for c, label in options.items() if label == chosen), st.session_state[key])
    to_url(key, default)
    return tabs


def open_tab(key: str) -> str | None:
    """The code of the tab ``url_tabs(key, ...)`` has open on this run."""
    return st.session_state.get(key)
