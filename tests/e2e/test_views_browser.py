"""In a real browser: views that never mislead (#16) and text that stays text (#17).

* The language switch keeps the view (indicator, mode, regions, years) and the URL keeps codes.
* ``<html lang>`` follows the UI language.
* A source name, a value's note, a challenge description and a workshop step holding markdown
  image and link syntax load no outside image and make no link.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import duckdb
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from etl import warehouse as wh
from tests.e2e.conftest import SHOTS, start_server, stop_server, wait_for_app

pytestmark = pytest.mark.browser

EVIL = "evil.example"
IMAGE = f"![pixel](http://{EVIL}/pixel.png)"
LINK = f"[click here](http://{EVIL}/phish)"
BARE = f"http://{EVIL}/bare www.{EVIL} spy@{EVIL}"


def _wait(page, attempts: int = 3) -> None:
    """wait_for_app, patiently: on a busy machine a page can take longer than one timeout."""
    for attempt in range(attempts):
        try:
            wait_for_app(page)
            return
        except (AssertionError, PlaywrightTimeout):
            if attempt == attempts - 1:
                raise


def _switch(page, label: str) -> None:
    page.locator("[data-testid='stSidebar'] button").filter(has_text=label).click()
    try:
        page.wait_for_timeout(500)
        _wait(page)
    except AssertionError:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"e2e-switch-{label}-failure.png"), full_page=True)
        raise


def _chart_title(page) -> str:
    """The first chart's title: the indicator shown."""
    return page.locator("[data-testid='stPlotlyChart'] .gtitle").first.text_content()


def _query(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def test_the_language_switch_keeps_the_view_and_the_url_keeps_codes(server, browser):
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.goto(f"{server}/indikatorer?indicator=unemployment_rate&mode=index&regions=SE311&regions=SE"
              "&years=2015&years=2020")
    _wait(page)
    _switch(page, "EN")
    _switch(page, "SV")
    q = _query(page)
    assert q["indicator"] == ["unemployment_rate"]
    assert q["mode"] == ["index"]
    assert q["regions"] == ["SE311", "SE"]  # codes, never the translated labels
    assert q["years"] == ["2015", "2020"]
    assert "Arbetslöshet" in _chart_title(page)
    # the copied link opens the same view in a fresh browser tab
    copy = browser.new_page(viewport={"width": 1440, "height": 900})
    copy.goto(page.url)
    _wait(copy)
    assert "Arbetslöshet" in _chart_title(copy)
    chips = copy.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").first.inner_text()
    assert "Värmlands län" in chips and "Sverige" in chips and "Dalarnas län" not in chips
    page.close()
    copy.close()


def test_html_lang_follows_the_ui_language(server, browser):
    page = browser.new_page()
    page.goto(f"{server}/?lang=en")
    _wait(page)
    assert page.evaluate("document.documentElement.lang") == "en"
    _switch(page, "SV")
    assert page.evaluate("document.documentElement.lang") == "sv"
    page.close()


# --- text from files stays text -----------------------------------------------------------------


@pytest.fixture(scope="module")
def poisoned(warehouse, tmp_path_factory) -> Path:
    """A copy of the test warehouse whose texts from files carry markdown image and link syntax
    (synthetic: written by this test, never shipped)."""
    p = tmp_path_factory.mktemp("poisoned") / "w.duckdb"
    version = wh.new_version_path(p, "poisoned")
    shutil.copyfile(wh.current_target(warehouse), version)
    con = duckdb.connect(str(version))
    con.execute("UPDATE source SET publisher = ? || publisher, title = title || ? WHERE source_id IN "
                "(SELECT source_id FROM indicator_value WHERE indicator_id = 'reglab_innovation_index')",
                [IMAGE + " ", " " + LINK])
    con.execute("UPDATE indicator_value SET note = ? || note WHERE indicator_id = 'reglab_innovation_index' "
                "AND flag IS NOT NULL", [f"DISPUTED: {IMAGE} {LINK} {BARE}. "])
    con.execute("UPDATE challenge SET description = ? || coalesce(description, '')", [f"{IMAGE} {LINK} {BARE} "])
    con.close()
    wh.publish(p, version)
    return p


@pytest.fixture(scope="module")
def poisoned_server(poisoned, tmp_path_factory):
    log_path = tmp_path_factory.mktemp("poisoned-server") / "streamlit.log"
    proc, url = start_server({**os.environ, "NMS_DB": str(poisoned)}, log_path)
    yield url
    stop_server(proc)


#: Every attribute that loads or links (also inside Plotly's SVG) and names the outside host. (Plotly
#: keeps a label's own text in ``data-unformatted``: text, not a link.)
LOADS_OR_LINKS = ["src", "srcset", "href", "xlink:href", "style", "action", "formaction", "poster", "data",
                  "background"]
OUTSIDE = f"""() => [...document.querySelectorAll('*')].flatMap(e => [...e.attributes]
    .filter(a => {LOADS_OR_LINKS!r}.includes(a.name) && a.value.includes('{EVIL}'))
    .map(a => e.tagName + ' ' + a.name + '=' + a.value))"""


def _assert_text_only(page, requests: list[str], where: str, shown: bool = True) -> None:
    assert page.locator("[data-testid='stException']").count() == 0, where
    assert page.evaluate(OUTSIDE) == [], where  # no <img src>, no <a href>, no xlink:href
    assert not [r for r in requests if EVIL in r], where  # the browser asked the outside host for nothing
    if shown:  # the text is still there, as text (tables draw on a canvas, so not every page has it in the DOM)
        assert EVIL in page.locator("body").inner_text(), where


def test_text_from_files_and_users_is_shown_as_text(poisoned_server, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    for path in ("indikatorer?indicator=reglab_innovation_index&lang=en", "utmaningar", "kallor"):
        page.goto(f"{poisoned_server}/{path}")
        _wait(page)
        _assert_text_only(page, requests, path, shown=path != "kallor")
    # a workshop file with the same syntax in a step's title, notes and link parameters
    step = {"page": "indikatorer", "title": f"Steg {IMAGE} {LINK}", "notes": f"{IMAGE} {LINK} {BARE}",
            "params": {"indicator": [f"{IMAGE}"], "x": [LINK]}}
    path = tmp_path / "workshop.json"
    path.write_text(json.dumps({"format": "nms-workshop/1", "views": [step]}), encoding="utf-8")
    page.goto(f"{poisoned_server}/workshop")
    _wait(page)
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(path))
    _wait(page)
    page.wait_for_timeout(800)
    _wait(page)
    _assert_text_only(page, requests, "workshop")
    page.get_by_role("button", name="Starta visningen").click()
    _wait(page)
    page.wait_for_timeout(800)
    _wait(page)
    popover = page.get_by_role("button", name="Talarmanus")
    if popover.count():
        popover.first.click()
        _wait(page)
    _assert_text_only(page, requests, "workshop show", shown=False)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "e2e-injection-workshop-show.png"))
    page.close()
