"""The page registry: the one place that lists the dashboard's pages.

The page files live in ``app_pages/``, not ``pages/``: Streamlit takes a ``pages/`` folder
beside the main script for its old page folder and answers the first link to a page after
each server start with "Page not found".

To add a page: write ``app_pages/<name>.py`` (thin: read widgets, call functions, draw),
add its title to ``app/i18n.py`` and a line below. The URL path is stable across
languages so links keep working.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from app.i18n import t

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class PageSpec:
    url_path: str
    file: str
    title_key: str
    icon: str
    section: str  # i18n key of the navigation section
    default: bool = False
    #: The shared sidebar filters the page honours; the shell shows only these.
    filters: tuple[str, ...] = ("regions", "years")


PAGES: list[PageSpec] = [
    PageSpec("oversikt", "app_pages/overview.py", "page.overview", ":material/dashboard:", "nav.data", default=True),
    PageSpec("indikatorer", "app_pages/indicators.py", "page.indicators", ":material/show_chart:", "nav.data"),
    # the measured part follows the chosen counties; years come from the employment dataset
    PageSpec("specialisering", "app_pages/specialisation.py", "page.specialisation", ":material/hub:", "nav.data",
             filters=("regions",)),
    # funding: the chosen counties (projects in several counties when they include one) and years
    PageSpec("finansiering", "app_pages/funding.py", "page.funding", ":material/payments:", "nav.data",
             filters=("regions", "years")),
    # the challenges are the three counties' joint strategy: always the three counties and Sweden
    # the most similar counties: its own county and indicators, always among the 21 counties
    PageSpec("mest-lika", "app_pages/similar.py", "page.similar", ":material/join_inner:", "nav.data", filters=()),
    PageSpec("utmaningar", "app_pages/challenges.py", "page.challenges", ":material/flag:", "nav.data", filters=()),
    # the border view has its own choices (Swedish and Norwegian regions, boundary set)
    PageSpec("over-gransen", "app_pages/border.py", "page.border", ":material/compare_arrows:", "nav.data", filters=()),
    PageSpec("workshop", "app_pages/workshop.py", "page.workshop", ":material/co_present:", "nav.about", filters=()),
    PageSpec("kallor", "app_pages/sources.py", "page.sources", ":material/menu_book:", "nav.about", filters=()),
]

#: Staff pages: the login page for everyone, the upload page only for a logged-in user.
#: A page left out of st.navigation cannot be reached by URL.
LOGIN = PageSpec("logga-in", "app_pages/login.py", "page.login", ":material/login:", "nav.staff")
UPLOAD = PageSpec("ladda-upp", "app_pages/upload.py", "page.upload", ":material/upload_file:", "nav.staff")


def filters_of(url_path: str) -> tuple[str, ...]:
    """The filters the page at ``url_path`` honours ("" is the default page, as Streamlit reports it)."""
    spec = next((p for p in PAGES + [LOGIN, UPLOAD] if p.url_path == url_path or (not url_path and p.default)), None)
    return spec.filters if spec is not None and spec in PAGES else ()


def navigation(logged_in: bool = False) -> dict[str, list[st.Page]]:
    sections: dict[str, list[st.Page]] = {}
    for spec in PAGES + [UPLOAD if logged_in else LOGIN]:
        page = st.Page(ROOT / spec.file, title=t(spec.title_key), icon=spec.icon,
                       url_path=spec.url_path, default=spec.default)
        sections.setdefault(t(spec.section), []).append(page)
    bench_path = os.environ.get("NMS_BENCH_REFERENCE")  # set by bench/browser.py only: its one-chart page
    if bench_path:
        sections[t(PAGES[0].section)].append(st.Page(ROOT / "bench/reference_page.py", title="Bench",
                                                     url_path=bench_path, visibility="hidden"))
    return sections
