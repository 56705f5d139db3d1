"""In a real browser: every page renders without an exception; screenshots at 1280×720."""

from __future__ import annotations

import pytest

from app.registry import PAGES
from tests.e2e.conftest import SHOTS, wait_for_app

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("spec", PAGES, ids=lambda p: p.url_path)
def test_page_renders_in_chromium(server, browser, spec, lang):
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    path = "" if spec.default else spec.url_path
    page.goto(f"{server}/{path}?lang={lang}")
    wait_for_app(page)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("h1").count() >= 1
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"e2e-{spec.url_path}-{lang}-1280x720.png"))
    page.close()


@pytest.mark.parametrize("lang,label", [("sv", "Källa"), ("en", "Source")])
def test_charts_carry_a_source_line(server, browser, con, lang, label):
    """The source line inside the figure names the indicator's publisher (and tables), so a
    downloaded PNG keeps it. Not the title: 'Reglab' is in the indicator's name too."""
    sources = con.execute("""SELECT DISTINCT s.publisher, s.table_id FROM indicator_value v
        JOIN source s USING (source_id) WHERE v.indicator_id = 'reglab_innovation_index'""").fetchall()
    assert len(sources) == 1, "this test expects one source"
    publisher, table = sources[0]
    expected = f"{label}: {publisher}" + (f" ({table})" if table else "")
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.goto(f"{server}/indikatorer?indicator=reglab_innovation_index&lang={lang}")
    wait_for_app(page)
    notes = page.locator("[data-testid='stPlotlyChart']").first.locator(".annotation-text").all_text_contents()
    page.close()
    assert expected in notes
