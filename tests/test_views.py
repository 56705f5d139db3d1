"""Views that never mislead (#16), the page side of #14 and staff-only history (#17).

AppTest runs the real entry point against the bundled warehouse; the chart and export
checks run the builders on their own. Each test names the item it guards."""

from __future__ import annotations

import io
import re

import openpyxl
import pandas as pd
import pytest

from app import charts, export, indicators, overview
from app.registry import PAGES
from etl import users
from tests.test_pages import open_page

NMS_NAMES_SV = ["Värmlands län", "Dalarnas län", "Gävleborgs län"]


def _texts(at) -> list[str]:
    """Every text a viewer reads outside tables: markdown, captions, notes, headings, cards, labels."""
    out = []
    for kind in ("markdown", "caption", "info", "warning", "error", "success", "title", "header", "subheader"):
        out += [e.value for e in getattr(at, kind)]
    out += [f"{m.label} {m.value}" for m in at.metric]
    for kind in ("selectbox", "multiselect", "slider", "toggle", "text_input", "button", "radio"):
        out += [w.label for w in getattr(at, kind)]
    out += [str(getattr(w, "help", "") or "") for w in at.markdown]
    return [t.replace("\\", "") for t in out]  # escaped markdown reads without its backslashes


# --- #14: the overview on one year, with a rank among the 21 ----------------------------------


def test_overview_every_county_card_has_its_rank_among_the_21_and_each_row_one_year(warehouse):
    rows = overview.build(2005, 2100, "sv")
    assert len(rows) == len(overview.HEADLINE_INDICATORS)
    for row in rows:
        assert row.year is not None, row.indicator_id
        assert {c.year for c in row.cards} == {row.year}, row.indicator_id  # every card on the row's year
        counties = [c for c in row.cards if c.region_code != "SE"]
        assert len(counties) == 3, row.indicator_id
        for card in counties:
            assert re.match(r"Rang \d+ av 21 län \(1 = (högst|bäst|lägst \(bäst\))\)", card.rank_text), card.rank_text


def test_overview_page_says_which_direction_a_rank_runs_and_names_regions_without_values(warehouse):
    at = open_page()
    captions = " ".join(c.value for c in at.caption).replace("\\", "")
    assert "Rang 12 av 21 län (1 = högst)" in captions  # population: the largest, not the best
    assert "(1 = lägst (bäst))" in captions  # unemployment: lower is better
    assert "Ingen uppgift för Sverige." in captions  # Reglab's index has no value for Sweden
    assert "uppgift finns för" not in captions  # no "data for 21 of 21" text
    # Reglab's 2021 ranking is disputed: the flag and why
    assert "ifrågasatt uppgift" in captions and "motsäger" in captions


def test_a_newer_value_is_a_note_not_a_card(warehouse):
    rows = {r.indicator_id: r for r in overview.build(2005, 2100, "en")}
    pop = rows["population"]
    assert pop.year == 2023
    vr = next(c for c in pop.cards if c.region_code == "SE311")
    assert vr.year == 2023 and vr.newer.startswith("Newer value 2024:")


def test_flag_reasons_drop_the_curation_file_and_unknown_flags_are_named():
    note = ("DISPUTED: Reglab's 2021 index puts Blekinge 8th (88.3) while its summary disagrees: the 2021 values "
            "are disputed (regional_stats.md). More text.")
    assert overview.flag_reason(note) == ("Reglab's 2021 index puts Blekinge 8th (88.3) while its summary disagrees: "
                                          "the 2021 values are disputed.")
    assert overview.flag_reason("no flag prefix here") == ""
    assert "disputed" in overview.flag_explanation("disputed", note, "en")
    assert overview.flag_explanation("disputed", note, "sv").startswith("Ifrågasatt")  # no English note in Swedish
    assert "made_up" in overview.flag_explanation("made_up", None, "sv")  # never dropped


# --- #16.2: a page honours the filters it shows, or does not show them --------------------------


def test_the_overview_honours_the_region_and_year_filters(warehouse):
    at = open_page(regions=["SE311", "SE"], years=["2005", "2015"])
    labels = [m.label for m in at.metric]
    assert labels and all(lbl.startswith(("Värmlands län", "Sverige")) for lbl in labels), labels
    years = {int(lbl.rsplit("· ", 1)[1]) for lbl in labels}
    assert max(years) <= 2015


#: Pages that show the same regions and years whatever the selection (so they show no filters).
FIXED_PAGES = ["utmaningar", "over-gransen", "workshop", "kallor"]


def test_the_registry_says_which_pages_show_which_filters():
    shown = {p.url_path: getattr(p, "filters", ("regions", "years")) for p in PAGES}
    assert all(shown[p] == () for p in FIXED_PAGES)
    assert shown["oversikt"] == shown["indikatorer"] == shown["finansiering"] == ("regions", "years")


@pytest.mark.parametrize("page", [p for p in PAGES if p.url_path in FIXED_PAGES], ids=lambda p: p.url_path)
def test_a_page_that_ignores_the_filters_does_not_show_them(warehouse, page):
    at = open_page(page.file, regions=["SE311", "SE"], years=["2015", "2020"])
    assert not at.exception
    assert not [w for w in at.multiselect if w.key == "regions"]
    assert not [w for w in at.slider if w.key == "years"]
    if not len(at.sidebar):  # AppTest leaves the sidebar out of its tree once the workshop page's form ran
        return
    assert "används inte här" in " ".join(c.value for c in at.sidebar.caption)
    # the selection is kept for the pages that use it
    at.switch_page("app_pages/indicators.py").run()
    assert list(at.multiselect(key="regions").value) == ["SE311", "SE"]
    assert tuple(at.slider(key="years").value) == (2015, 2020)


# --- #16.6: charts --------------------------------------------------------------------------------


def _line(df, **kw):
    return charts.line(df, labels={}, title="T", unit="U", source_line="S", lang="sv", **kw)


def test_years_on_the_axis_are_whole_and_unique():
    df = pd.DataFrame({"region_code": ["A"] * 3, "year": [2020, 2021, 2022], "value": [1.0, 2.0, 3.0]})
    x = _line(df).layout.xaxis
    assert x.tickmode == "linear" and x.dtick == 1 and x.tick0 == 2020 and x.tickformat == "d"
    long = pd.DataFrame({"region_code": ["A"] * 30, "year": range(1990, 2020), "value": range(30)})
    assert _line(long).layout.xaxis.dtick == 5


def test_counties_are_not_flattened_against_sweden(warehouse):
    view = indicators.build("population", ["SE311", "SE312", "SE"], 2005, 2022, "sv")
    assert view.secondary == ("SE",)
    fig = indicators.panel(view, "sv").figure
    axis = {tr.name.split(" (")[0]: tr.yaxis for tr in fig.data}
    assert axis["Sverige"] == "y2" and axis["Värmlands län"] == "y"
    assert "höger axel" in fig.layout.yaxis2.title.text
    # an index view compares growth on one axis: nothing to separate
    assert indicators.build("population", ["SE311", "SE"], 2005, 2022, "sv", "index").secondary == ()


def test_many_regions_keep_the_legend_off_the_title_and_one_region_is_still_named():
    many = pd.DataFrame({"region_code": [f"R{i}" for i in range(21) for _ in range(3)],
                         "year": [2019, 2020, 2021] * 21, "value": [1.0] * 63})
    layout = _line(many).layout
    assert layout.legend.orientation == "v" and layout.legend.x > 1  # to the right of the plot
    assert layout.hovermode == "closest"  # the hover names the one line under the pointer
    assert all("<b>" in tr.hovertemplate for tr in _line(many).data)
    one = pd.DataFrame({"region_code": ["SE311"] * 3, "year": [2019, 2020, 2021], "value": [1.0, 2.0, 3.0]})
    assert _line(one).layout.showlegend is True


def test_a_rank_says_that_lower_is_better(warehouse):
    view = indicators.build("ris_rank", ["SE31"], 2000, 2100, "sv")
    assert "lägre är bättre" in view.unit


# --- #16.7: no internals on viewer pages, each language on its own -----------------------------

INTERNALS = ["nan", "None", "aggregate", "decision_round", "SCB_GROUPS16", "M_N", "AM0210A table", "python -m",
             "shared/reference", ".md)", "NaT"]
ENGLISH_NOTES = ["not stated by the publisher", "adoption year not found", "BREAK:", "DISPUTED:", "CAUTION:",
                 "page quoting", "grp_msek", "population(year"]
SWEDISH = ["Presentationsläge", "Urval", "Regioner", "län", "Källa", "Indikator ", "Rang ", "Sverige"]
#: Official names that stay Swedish in English (the programme calls itself so in its own documents).
PROPER_NAMES = ["Interreg Sverige–Norge", "Interreg Sverige-Norge"]
OWN_PAGES = [p for p in PAGES if p.url_path != "finansiering"]  # the funding page is the funding engineer's


@pytest.mark.parametrize("page", OWN_PAGES, ids=lambda p: p.url_path)
def test_no_internals_and_no_english_notes_in_the_swedish_ui(warehouse, page):
    at = open_page(None if page.default else page.file)
    text = " ".join(_texts(at))
    found = [w for w in INTERNALS + ENGLISH_NOTES if re.search(rf"(?<![\w.]){re.escape(w)}(?![\w])", text)]
    assert not found, found


@pytest.mark.parametrize("page", OWN_PAGES, ids=lambda p: p.url_path)
def test_no_swedish_in_the_english_ui(warehouse, page):
    at = open_page(None if page.default else page.file, lang="en")
    text = " ".join(_texts(at))
    for name in PROPER_NAMES:  # a programme's own name is not translated
        text = text.replace(name, "")
    text = re.sub(r"\]\([^)\s]*\)", "]", text)  # addresses of links are not UI text
    found = [w for w in SWEDISH + INTERNALS if re.search(rf"(?<![\w.]){re.escape(w)}(?![\w])", text)]
    assert not found, found
    if getattr(page, "filters", ("regions",)):
        assert at.multiselect(key="regions").placeholder == "Choose regions"


def test_the_sources_table_has_no_raw_dates_or_english_in_swedish(warehouse):
    at = open_page("app_pages/sources.py")
    table = at.dataframe[0].value
    retrieved = table["Hämtad"]
    assert "ej registrerat" in set(retrieved) and not retrieved.isna().any()
    assert "Väg hit" in table.columns  # the route (a re-export is a route, not the publisher)
    assert any("via Data Commons" in r for r in table["Väg hit"])
    assert not table["Väg hit"].str.contains("shared/").any()
    assert "not stated by the publisher" not in set(table["Licens"])
    coverage = at.dataframe[1].value
    assert "Riksområden (av 8)" in coverage.columns
    gaps = " ".join(m.value for m in at.markdown)
    assert "BRP för riket efter 2008" not in gaps and "python -m" not in gaps


def test_the_known_gaps_on_the_sources_page_are_those_of_docs_data_md():
    from app.i18n import TEXT
    from tests.conftest import ROOT

    doc = (ROOT / "docs" / "data.md").read_text(encoding="utf-8")
    section = doc.split("## Known gaps", 1)[1].split("\n## ", 1)[0]
    n_doc = len(re.findall(r"^- ", section, flags=re.M))
    sv, en = TEXT["src.gaps_text"]
    assert len(re.findall(r"^- ", sv, flags=re.M)) == len(re.findall(r"^- ", en, flags=re.M)) == n_doc


# --- #16.8 / #17.6: the load history stays with staff --------------------------------------------


def test_the_load_history_is_for_staff_only(warehouse, monkeypatch, tmp_path):
    at = open_page("app_pages/sources.py")
    assert not [d for d in at.dataframe if {"loaded_by", "file_name", "sha256"} & set(d.value.columns)]
    assert not [e for e in at.expander if "Inläsningar" in e.label]
    assert any(c.value.startswith("Data senast uppdaterade") for c in at.caption)
    # a logged-in member of staff sees it
    monkeypatch.setenv("NMS_USERS", str(tmp_path / "users.json"))
    users.add_user("anna", "ett-langt-losenord")
    at.session_state["auth_token"] = users.start_session("anna")
    at.switch_page("app_pages/sources.py").run()
    history = [d for d in at.dataframe if "loaded_by" in d.value.columns]
    assert history and {"file_name", "sha256"} <= set(history[0].value.columns)


# --- #16.9: downloads ------------------------------------------------------------------------------


def test_downloads_round_to_the_shown_decimals():
    df = pd.DataFrame({"År": [2020, 2021], "Värde": [0.9171619009708738, 1.25], "Antal": [279334.0, 5.0]})
    csv = export.to_csv(df, "sv", {"Värde": 2}).decode("utf-8-sig")
    assert "0,92" in csv and "0,9171" not in csv
    assert "279334,0" not in csv and "279334" in csv  # a count has no ",0"


def test_xlsx_has_formats_widths_readable_names_and_the_full_source_notes():
    df = pd.DataFrame({"Region": ["Värmlands län", "Sverige"], "År": [2021, 2021],
                       "Värde (procent)": [1.2649, 3.5], "Folkmängd": [283548.0, 10551707.0]})
    notes = [f"Källa {i}: utgivare, tabell, https://example.org/{i} (hämtad: ej registrerat; licens: CC0)"
             for i in range(6)]
    wb = openpyxl.load_workbook(io.BytesIO(export.to_xlsx(df, sheet="rd_intensity_value", notes=notes,
                                                          decimals={"Värde (procent)": 2}, notes_sheet="Källor")))
    assert wb.sheetnames == ["Rd intensity value", "Källor"]
    ws = wb["Rd intensity value"]
    assert ws["C2"].number_format == "#,##0.00" and ws["C2"].value == pytest.approx(1.26)
    assert ws["D2"].number_format == "#,##0" and ws["B2"].number_format == "0"
    assert ws["A1"].font.bold and ws.freeze_panes == "A2"
    assert ws.column_dimensions["A"].width >= len("Värmlands län")
    assert [c.value for c in wb["Källor"]["A"]] == notes  # all six, never "+3"
