"""Every page runs in Swedish and English, and shows what the warehouse holds.

AppTest runs the real entry point (dashboard.py) against a warehouse built from the
bundled data (fixture ``warehouse``), so these tests exercise pages, queries and views.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from app import export
from app.i18n import t
from app.registry import PAGES
from tests.conftest import ROOT

TIMEOUT = 60


#: Chart panels whose open tab is kept in the link (``state.url_tabs``): panel key -> URL key.
URL_TABS = {"explorer": "tab"}


def open_page(page_file: str | None = None, tables: tuple[str, ...] = (), **params) -> AppTest:
    """Run the entry point with ``params`` in the URL and switch to ``page_file``. A chart
    panel draws only its open tab: ``tables`` names the panels (their ``key``) whose Tabell
    tab to open, as a viewer's click does."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    for key in tables:  # a panel whose open tab is in the link opens its table from the link
        if key in URL_TABS:
            params.setdefault(URL_TABS[key], "table")
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page_file:
        at.switch_page(str(ROOT / page_file)).run()
    if in_session := [key for key in tables if key not in URL_TABS]:
        for key in in_session:
            at.session_state[f"{key}-tabs"] = t("common.table", params.get("lang", "sv"))
        at.run()
    return at


def open_page_keeping_downloads(monkeypatch, page_file: str | None = None, tables: tuple[str, ...] = (), **params
                                ) -> tuple[AppTest, list[tuple[str, object]]]:
    """``open_page``, and the (file name, callable) of every download made when clicked: the
    callable is what a click runs (AppTest cannot click a download)."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    files: list[tuple[str, object]] = []
    real = MediaFileManager.add_deferred

    def keep(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        files.append((file_name or "", data_callable))
        return real(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", keep)
    return open_page(page_file, tables, **params), files


def url_values(at: AppTest, key: str) -> list[str]:
    value = at.query_params[key]
    return [value] if isinstance(value, str) else list(value)


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.url_path)
def test_every_page_runs_without_exception(warehouse, page, lang):
    at = open_page(None if page.default else page.file, lang=lang)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title, "each page has a title"


def test_overview_shows_the_three_counties_and_sweden_with_warehouse_numbers(warehouse, con):
    at = open_page()
    labels = [m.label for m in at.metric]
    for name in ["Värmlands län", "Dalarnas län", "Gävleborgs län", "Sverige"]:
        assert any(label.startswith(name) for label in labels), name
    # population on the common year of the four regions, not each region's latest year
    year = con.execute("""SELECT common_year FROM v_indicator_common_year
                          WHERE indicator_id = 'population'""").fetchone()[0]
    pop = con.execute("""SELECT value FROM v_indicator_value WHERE indicator_id = 'population'
        AND region_code = 'SE311' AND year = ?""", [year]).fetchone()[0]
    card = next(m for m in at.metric if m.label == f"Värmlands län · {year}")
    assert card.value == f"{int(pop):,}".replace(",", "\u00a0")


def test_overview_in_english_uses_english_names_and_number_format(warehouse, con):
    at = open_page(lang="en")
    assert at.title[0].value == "Overview"
    cards = [(m.label, m.value) for m in at.metric]
    # Sweden's population with a comma between thousands (Swedish would be 10 587 710) ...
    year = con.execute("""SELECT common_year FROM v_indicator_common_year
                          WHERE indicator_id = 'population'""").fetchone()[0]
    pop = con.execute("""SELECT value FROM v_indicator_value WHERE indicator_id = 'population'
        AND region_code = 'SE' AND year = ?""", [year]).fetchone()[0]
    assert (f"Sweden · {year}", f"{int(pop):,}") in cards
    # ... and a decimal point (Swedish would be a decimal comma).
    (rate, year, decimals) = con.execute("""SELECT v.value, v.year, i.decimals FROM v_indicator_value v
        JOIN indicator i USING (indicator_id) WHERE indicator_id = 'unemployment_rate' AND region_code = 'SE'
        ORDER BY year DESC LIMIT 1""").fetchone()
    sweden = [v for label, v in cards if label == f"Sweden · {year}"]
    assert f"{rate:.{decimals}f}" in sweden and "." in f"{rate:.{decimals}f}"
    assert not any("\u00a0" in v for _, v in cards)


def test_overview_names_the_regions_without_values(warehouse):
    at = open_page()
    captions = " ".join(c.value for c in at.caption)
    assert "Ingen uppgift för Sverige" in captions  # e.g. Reglab's index has no value for Sweden


def test_explorer_table_equals_the_warehouse_rows(warehouse, con):
    at = open_page("app_pages/indicators.py", tables=("explorer",), indicator="unemployment_rate",
                   regions=["SE311", "SE312", "SE313", "SE"], years=["2005", "2024"])
    assert not at.exception
    shown = at.dataframe[0].value
    expected = con.execute("""SELECT region_code, year, value FROM v_indicator_value
        WHERE indicator_id = 'unemployment_rate' AND region_code IN ('SE311', 'SE312', 'SE313', 'SE')
        ORDER BY region_code, year""").df()
    got = shown.iloc[:, [1, 2, 3]].copy()
    got.columns = ["region_code", "year", "value"]
    got = got.sort_values(["region_code", "year"]).reset_index(drop=True)
    assert got.region_code.tolist() == expected.region_code.tolist()
    assert got.year.astype(int).tolist() == expected.year.tolist()
    assert got.value.tolist() == pytest.approx(expected.value.tolist())


def test_csv_download_equals_the_table_shown_rounded_as_shown(warehouse, con, monkeypatch):
    """The download holds the table's rows, numbers rounded to the indicator's decimals (#16:
    no 0,9171619009708738, no 279334,0)."""
    produced: list[tuple[pd.DataFrame, bytes, str]] = []
    real = export.to_csv

    def spy(df, lang="sv", decimals=None):
        data = real(df, lang, decimals)
        produced.append((df, data, lang))
        return data

    monkeypatch.setattr(export, "to_csv", spy)
    at, files = open_page_keeping_downloads(monkeypatch, "app_pages/indicators.py", tables=("explorer",),
                                            indicator="reglab_innovation_index", regions=["SE311", "SE312"])
    shown = at.dataframe[0].value.reset_index(drop=True)
    assert not produced, "a file is made when its button is clicked, not on every run"
    for file_name, make in files:  # what clicking each CSV button makes
        if file_name.endswith(".csv"):
            make()
    _, data, lang = next(p for p in reversed(produced) if p[0].columns.tolist() == shown.columns.tolist())
    downloaded = export.read_csv(data, lang)
    decimals = con.execute("SELECT decimals FROM indicator WHERE indicator_id = ?",
                           ["reglab_innovation_index"]).fetchone()[0]
    assert downloaded.columns.tolist() == shown.columns.tolist()
    assert len(downloaded) == len(shown) > 0
    value_col = shown.columns[3]
    assert downloaded[value_col].tolist() == pytest.approx(shown[value_col].round(decimals).tolist())
    assert downloaded.iloc[:, 1].tolist() == shown.iloc[:, 1].tolist()
    text = data.decode("utf-8-sig")
    assert not re.search(rf"\d,\d{{{decimals + 1},}}", text), "more decimals than the indicator has"


def test_a_chart_panel_draws_only_its_open_tab(warehouse):
    """#22: the table and its downloads are drawn when their tab is opened, not on every run."""
    def downloads(at):
        return [b for b in at.get("download_button") if "explorer-" in str(b.proto.id)]

    at = open_page("app_pages/indicators.py", indicator="unemployment_rate", regions=["SE311", "SE312"])
    assert len(at.get("plotly_chart")) == 2  # the series and the comparison
    assert not at.dataframe and not downloads(at)
    at = open_page("app_pages/indicators.py", tables=("explorer",), indicator="unemployment_rate",
                   regions=["SE311", "SE312"])
    assert len(at.get("plotly_chart")) == 1  # the comparison's chart; the series as a table
    assert len(at.dataframe) == 1 and len(at.dataframe[0].value) > 0
    assert {str(b.proto.id).rsplit("-", 1)[-1] for b in downloads(at)} == {"csv", "xlsx"}


def test_index_mode_starts_at_100(warehouse):
    at = open_page("app_pages/indicators.py", tables=("explorer",), indicator="reglab_innovation_index",
                   regions=["SE311"], mode="index", base="2004", years=["2004", "2021"])
    table = at.dataframe[0].value
    first = table[table.iloc[:, 2] == 2004].iloc[0, 3]
    assert first == pytest.approx(100.0)


def test_a_url_with_filters_reopens_the_same_view(warehouse):
    params = dict(lang="en", indicator="rd_intensity", regions=["SE312", "SE"], years=["2010", "2020"])
    at = open_page("app_pages/indicators.py", tables=("explorer",), **params)
    assert at.session_state["lang"] == "en"
    assert at.session_state["indicator"] == "rd_intensity"
    assert list(at.session_state["regions"]) == ["SE312", "SE"]
    assert tuple(at.session_state["years"]) == (2010, 2020)
    # and the URL still carries the view, so copying it gives the same page
    assert url_values(at, "indicator") == ["rd_intensity"]
    assert url_values(at, "regions") == ["SE312", "SE"]
    table = at.dataframe[0].value
    assert set(table.iloc[:, 1]) <= {"SE312", "SE"}
    assert table.iloc[:, 2].between(2010, 2020).all()


def test_changing_a_filter_updates_the_url(warehouse):
    at = open_page("app_pages/indicators.py")
    at.multiselect(key="regions").set_value(["SE313"]).run()
    assert url_values(at, "regions") == ["SE313"]


def test_invalid_url_values_fall_back_to_defaults(warehouse):
    at = open_page("app_pages/indicators.py", indicator="no_such_indicator", regions=["XX"], years=["abc"])
    assert not at.exception
    assert at.session_state["indicator"] == "grp_per_capita"


def test_explorer_says_which_regions_have_no_data(warehouse):
    at = open_page("app_pages/indicators.py", indicator="post_secondary_share_25_64")
    infos = " ".join(i.value for i in at.info)
    assert "Värmlands län" in infos and "Ingen uppgift" in infos
