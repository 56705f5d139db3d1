"""In a real browser at 1280×720: in presentation mode each view's main chart (or the
overview's grid) is fully inside the viewport, with its title, axis and source line, and
the headline figures are larger than in normal mode."""

from __future__ import annotations

import re

import pytest

from app import charts
from tests.e2e.conftest import SHOTS, wait_for_app

pytestmark = pytest.mark.browser

W, H = 1280, 720
#: How a source line begins (app/sources.py): one source, several, or a derived measure's inputs.
SOURCE_LABEL = {"sv": re.compile(r"^(Källa|Källor|Beräknat från): "),
                "en": re.compile(r"^(Source|Sources|Computed from): ")}
#: (name, URL path and query): every view with a main chart, and the overview's grid.
CHART_VIEWS = [
    ("indikatorer", "indikatorer?indicator=rd_intensity"),
    ("indikatorer-index", "indikatorer?indicator=grp_per_capita&mode=index"),
    ("specialisering", "specialisering"),
    ("finansiering", "finansiering"),
    ("utmaningar", "utmaningar"),
]


def _open(browser, server, path: str, lang: str = "sv"):
    page = browser.new_page(viewport={"width": W, "height": H})
    sep = "&" if "?" in path else "?"
    page.goto(f"{server}/{path}{sep}present=1&lang={lang}")
    wait_for_app(page)
    return page


def _inside(box, what: str) -> None:
    assert box is not None, f"{what}: not drawn"
    assert box["y"] >= 0 and box["y"] + box["height"] <= H, f"{what} is outside 0..{H}: {box}"
    assert box["x"] >= 0 and box["x"] + box["width"] <= W, f"{what} is outside 0..{W}: {box}"


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("name,path", CHART_VIEWS, ids=[v[0] for v in CHART_VIEWS])
def test_the_main_chart_with_title_axis_and_source_fits_1280x720(server, browser, name, path, lang):
    page = _open(browser, server, path, lang)
    main = page.locator(".st-key-present-main")
    chart = main.locator("[data-testid='stPlotlyChart']").first
    # the browser reports its viewport and the chart is rerun at the height that leaves room
    expected = H - charts.PRESENT_RESERVED
    page.wait_for_function(
        "h => { const s = document.querySelector('.st-key-present-main .main-svg');"
        " return s && Math.abs(s.getBoundingClientRect().height - h) < 2; }", arg=expected, timeout=20_000)
    wait_for_app(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"e2e-present-{name}-{lang}-{W}x{H}.png"))
    box = chart.bounding_box()
    _inside(box, "the chart")
    title = chart.locator(".gtitle").first.bounding_box()
    _inside(title, "the chart's title")
    assert title["y"] >= box["y"], "the title is cut off at the top of the chart"
    ticks = chart.locator(".xtick text")
    assert ticks.count() > 0, "no axis labels"
    for i in range(ticks.count()):
        _inside(ticks.nth(i).bounding_box(), f"x-axis label {ticks.nth(i).text_content()!r}")
    source = chart.locator(".annotation-text").filter(has_text=SOURCE_LABEL[lang])
    assert source.count() >= 1, "no source line in the chart"
    _inside(source.first.bounding_box(), "the source line")
    assert page.evaluate("document.scrollingElement.scrollTop") == 0
    page.close()


def test_the_overview_grid_fits_and_its_figures_are_larger_than_in_normal_mode(server, browser):
    page = _open(browser, server, "")
    grid = page.locator(".st-key-present-main .nms-grid")
    _inside(grid.bounding_box(), "the headline grid")
    assert grid.locator("tbody tr").count() == 6
    present_px = grid.locator(".val").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    page.screenshot(path=str(SHOTS / f"e2e-present-oversikt-{W}x{H}.png"))
    page.close()
    page = browser.new_page(viewport={"width": W, "height": H})
    page.goto(server)
    wait_for_app(page)
    normal_px = page.get_by_test_id("stMetricValue").first.evaluate(
        "e => parseFloat(getComputedStyle(e.querySelector('*') || e).fontSize)")
    page.close()
    assert present_px > normal_px, (present_px, normal_px)
