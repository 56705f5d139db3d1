"""In a real browser (#22): a chart panel draws its table when the Tabell tab is opened, and a
download button makes its file when clicked (not on every run)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import wait_for_app

pytestmark = pytest.mark.browser


def test_the_table_tab_draws_the_table_and_its_csv_downloads(server, browser):
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.goto(f"{server}/indikatorer?indicator=unemployment_rate&regions=SE311&regions=SE312&lang=sv")
    wait_for_app(page)
    panel = page.locator(".st-key-_tabs_tab_sv")  # the explorer keeps its open tab in the link (state.url_tabs)
    assert panel.get_by_test_id("stPlotlyChart").count() == 1
    assert panel.get_by_test_id("stDataFrame").count() == 0  # not drawn while its tab is closed
    panel.get_by_role("tab", name="Tabell").click()
    panel.get_by_test_id("stDataFrame").wait_for(state="visible", timeout=30_000)
    wait_for_app(page)
    assert panel.get_by_test_id("stPlotlyChart").count() == 0
    assert "tab=table" in page.url
    with page.expect_download(timeout=30_000) as download:
        panel.get_by_role("button", name="Ladda ner CSV").click()
    data = open(download.value.path(), "rb").read().decode("utf-8-sig")
    assert data.splitlines()[0].startswith("Region;kod;År")  # the table's columns, Swedish CSV
    assert len(data.splitlines()) > 2
    page.close()
