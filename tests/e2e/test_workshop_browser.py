"""In a real browser: presentation mode and a workshop show, stepping with the arrow keys."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import SHOTS, wait_for_app

pytestmark = pytest.mark.browser


def _click(page, locator, attempts: int = 4):
    """Click once the app has settled; Streamlit briefly marks a re-running tree inert."""
    for attempt in range(attempts):
        try:
            locator.scroll_into_view_if_needed(timeout=5_000)
            locator.click(timeout=5_000)
            break
        except Exception:
            if attempt == attempts - 1:
                SHOTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(SHOTS / "e2e-click-failure.png"))
                raise
            _settle(page)
    _settle(page)


def _add_current_view(page):
    _click(page, page.get_by_role("button", name="Lägg till vyn i workshop"))


def _settle(page):
    wait_for_app(page)
    page.wait_for_timeout(800)
    wait_for_app(page)


def test_presentation_mode_hides_the_sidebar_and_uses_large_type(server, browser):
    for w, h in [(1280, 720), (1920, 1080)]:
        page = browser.new_page(viewport={"width": w, "height": h})
        page.goto(f"{server}/indikatorer?indicator=reglab_innovation_index&present=1")
        _settle(page)
        assert not page.locator("[data-testid='stSidebar']").is_visible()
        assert not page.locator("[data-testid='stToolbar']").is_visible()
        size = page.locator("[data-testid='stWidgetLabel'] p").first.evaluate(
            "e => parseFloat(getComputedStyle(e).fontSize)")
        assert size >= 22
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"e2e-present-{w}x{h}.png"))
        page.close()


def test_a_workshop_steps_forward_and_back(server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(f"{server}/indikatorer?indicator=rd_intensity")
    _settle(page)
    _add_current_view(page)
    _click(page, page.get_by_role("link", name="Utmaningar"))
    _add_current_view(page)
    _click(page, page.get_by_role("link", name="Workshop"))
    assert page.get_by_role("button", name="Starta visningen").count() == 1
    _click(page, page.get_by_role("button", name="Starta visningen"))
    page.wait_for_url("**/indikatorer?*present=1*", timeout=20_000)
    _settle(page)
    assert "indicator=rd_intensity" in page.url
    assert page.get_by_text("1/2 · ").is_visible()
    page.keyboard.press("ArrowRight")
    page.wait_for_url("**/utmaningar*", timeout=20_000)
    _settle(page)
    assert page.get_by_text("2/2 · ").is_visible()
    page.keyboard.press("ArrowLeft")
    page.wait_for_url("**/indikatorer*", timeout=20_000)
    page.close()
