"""Shared filters that persist across pages and live in the URL.

The widgets are created in the entry point (``dashboard.py``) on every run, so every
page sees the same values. Their values are mirrored into the URL as codes, not as
translated labels, so a copied link reopens the same view in either language:
``?lang=en&regions=SE311&regions=SE&years=2010&years=2021&indicator=rd_intensity``.

(Streamlit's ``bind="query-params"`` writes a widget's *formatted label* into the URL,
e.g. ``regions=Värmlands+län``, which changes with the language; hence this helper.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import streamlit as st

from app import queries
from app.i18n import DEFAULT_LANG, LANGS, col, t

DEFAULT_REGIONS = ["SE311", "SE312", "SE313", "SE"]
LANG_LABELS = {"sv": "SV", "en": "EN"}


#: Every session key whose value is mirrored in the URL (filled by ``from_url``).
URL_KEYS: set[str] = set()


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
    if raw:
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
    if value is None or value == default:
        if key in st.query_params:
            del st.query_params[key]
    else:
        st.query_params[key] = dump(value)


def language_switch(container=None) -> str:
    """The SV/EN switch. Call before building the navigation so titles are translated."""
    from_url("lang", DEFAULT_LANG, lambda raw: raw[-1], lambda v: v in LANGS)
    (container if container is not None else st.sidebar).segmented_control("Språk / Language", LANGS, key="lang", format_func=LANG_LABELS.get,
                                 required=True, label_visibility="collapsed")
    to_url("lang", DEFAULT_LANG)
    return language()


def reset_url_widgets(keep: set[str] = frozenset()) -> None:
    """Forget URL-mirrored widget values so the next run seeds them from the URL again."""
    for key in list(URL_KEYS):
        if key not in keep and key != "lang":
            st.session_state.pop(key, None)


def presentation_switch(container) -> bool:
    """The presentation-mode toggle (also ``?present=1``)."""
    from_url("present", False, lambda raw: raw[-1] == "1")
    container.toggle(t("present.toggle"), key="present", help=t("present.help"))
    to_url("present", False, lambda v: "1")
    return bool(st.session_state["present"])


def default_years() -> tuple[int, int]:
    lo, hi = queries.year_bounds()
    return max(lo, 2005), hi


def sidebar_filters(container=None, present: bool = False) -> Filters:
    """The shared filters, in the sidebar (or, in presentation mode, in ``container``)."""
    regions_df = queries.regions_with_data()
    names = dict(zip(regions_df.region_code, regions_df[col("name")]))
    lo, hi = queries.year_bounds()
    from_url("regions", DEFAULT_REGIONS, list, lambda v: all(c in names for c in v))
    from_url("years", default_years(), lambda raw: (int(raw[0]), int(raw[-1])),
             lambda v: lo <= v[0] <= v[1] <= hi)
    with container if container is not None else st.sidebar:
        st.markdown(f"**{t('filters.header')}**")
        st.multiselect(t("filters.regions"), list(names), key="regions", format_func=lambda c: names.get(c, c),
                       help=t("filters.regions.help"))
        st.slider(t("filters.years"), min_value=lo, max_value=hi, key="years", step=1)
        st.caption(t("filters.link"))
    to_url("regions", DEFAULT_REGIONS, list)
    to_url("years", default_years(), lambda v: [str(v[0]), str(v[1])])
    year_from, year_to = st.session_state["years"]
    return Filters(tuple(st.session_state["regions"]), int(year_from), int(year_to), language(), present)


def language() -> str:
    value = st.session_state.get("lang", DEFAULT_LANG)
    return value if value in LANGS else DEFAULT_LANG


def current() -> Filters:
    """The filters as set by the entry point on this run."""
    return st.session_state["_filters"]
