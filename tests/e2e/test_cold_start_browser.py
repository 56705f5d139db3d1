"""The first visitor of a freshly started dashboard who follows a link to a page gets that
page, not Streamlit's "Page not found" box, even when nobody warmed the server first (the
page files are not in a folder named pages/: see app/registry.py)."""

from __future__ import annotations

import os

import pytest

from tests.e2e.conftest import start_server, stop_server, wait_for_app

pytestmark = pytest.mark.browser


def test_a_link_to_a_page_works_for_the_first_visitor_of_a_fresh_server(warehouse, browser, tmp_path):
    proc, url = start_server({**os.environ, "NMS_DB": str(warehouse)}, tmp_path / "streamlit.log", warm=False)
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(f"{url}/indikatorer?indicator=unemployment_rate&lang=en")
        wait_for_app(page)
        page.wait_for_timeout(500)
        assert page.get_by_text("Page not found").count() == 0, "Streamlit's 'Page not found' box"
        assert page.get_by_role("heading", name="Indicators").count() == 1
        page.close()
    finally:
        stop_server(proc)
