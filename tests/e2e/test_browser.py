"""In a real browser: every page renders without an exception; screenshots at 1280×720."""

from __future__ import annotations

import pytest

from app.registry import PAGES
from tests.e2e.conftest import SHOTS, wait_for_app


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


def test_charts_carry_a_source_line(server, browser):
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.goto(f"{server}/indikatorer?indicator=reglab_innovation_index")
    wait_for_app(page)
    svg_text = page.locator("[data-testid='stPlotlyChart']").first.text_content()
    page.close()
    assert "Reglab" in svg_text or "Källa" in svg_text
