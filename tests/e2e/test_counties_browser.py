"""In a real browser with the network blocked (#19): the explorer's Karta tab draws the 21
counties from the bundled boundaries, and nothing outside the dashboard is needed."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from tests.e2e.conftest import SHOTS, wait_for_app

pytestmark = pytest.mark.browser

#: How many county polygons the map has drawn (MapLibre's rendered features of the choropleth).
DRAWN = """() => {
    const gds = [...document.querySelectorAll('.js-plotly-plot')].filter(g => g._fullLayout && g._fullLayout.map);
    if (!gds.length) return -1;
    const m = gds[0]._fullLayout.map._subplot.map;
    if (!m.loaded()) return -2;
    const fills = m.getStyle().layers.filter(l => l.type === 'fill').map(l => l.id);
    const drawn = new Set(m.queryRenderedFeatures({layers: fills})
                           .map(f => JSON.stringify(f.properties && f.properties.ct)));
    return drawn.size;
}"""


@pytest.mark.parametrize("indicator", ["population", "grp_per_capita", "unemployment_rate"])
def test_the_county_map_draws_with_the_network_blocked(server, browser, indicator):
    local = urlparse(server).hostname
    blocked: list[str] = []

    def only_local(route):
        host = urlparse(route.request.url).hostname
        if host in (local, "localhost", "127.0.0.1"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.route("**/*", only_local)
    page.goto(f"{server}/indikatorer?indicator={indicator}&lang=sv")
    wait_for_app(page)
    page.get_by_role("tab", name="Karta").click()
    wait_for_app(page)
    drawn = -1
    for _ in range(40):                 # MapLibre draws after the tab is shown
        drawn = page.evaluate(DRAWN)
        if drawn >= 21:
            break
        page.wait_for_timeout(250)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"e2e-map-{indicator}-offline.png"), full_page=False)
    assert page.locator("[data-testid='stException']").count() == 0
    page.close()
    assert drawn == 21, f"{drawn} counties drawn; blocked requests: {blocked[:5]}"
