"""Location quotients and the Krugman index, computed by the warehouse views, against a
small hand-computed synthetic table; and the specialisation page in both languages."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from app import specialisation
from etl.build import SQL_DIR
from tests.test_pages import open_page

# Synthetic (not real) employment: region R and Sweden, three industries that partition the economy.
#   R:  A 20, F 30, J 50, TOTAL 100  -> shares .2 .3 .5
#   SE: A 100, F 300, J 600, TOTAL 1000 -> shares .1 .3 .6
#   LQ: A 2.0, F 1.0, J 0.8333;  Krugman = |.2-.1| + |.3-.3| + |.5-.6| = 0.2
SYNTHETIC_EMPLOYMENT = [
    ("R", "A", 20), ("R", "F", 30), ("R", "J", 50), ("R", "TOTAL", 100),
    ("SE", "A", 100), ("SE", "F", 300), ("SE", "J", 600), ("SE", "TOTAL", 1000),
]


@pytest.fixture
def synthetic():
    con = duckdb.connect()
    con.execute((SQL_DIR / "schema.sql").read_text())
    con.execute((SQL_DIR / "views.sql").read_text())
    for code, agg in [("A", False), ("F", False), ("J", False), ("TOTAL", True)]:
        con.execute("INSERT INTO industry VALUES ('NACE_A10', ?, ?, ?, ?, ?)", [code, code, code, code, agg])
    for region, code, n in SYNTHETIC_EMPLOYMENT:
        con.execute("INSERT INTO employment VALUES (?, 2020, 'NACE_A10', ?, ?, 'test', NULL, 'src_test', 'b')",
                    [region, code, n])
    # A second source with different numbers must never be mixed into the first one's LQ.
    con.execute("INSERT INTO employment VALUES ('SE', 2020, 'NACE_A10', 'A', 999, 'test', NULL, 'src_other', 'b')")
    yield con
    con.close()


def test_location_quotients_match_the_hand_computed_table(synthetic):
    lq = dict(synthetic.execute("SELECT industry_code, lq FROM v_location_quotient WHERE region_code = 'R'").fetchall())
    assert lq == pytest.approx({"A": 2.0, "F": 1.0, "J": 50 / 100 / (600 / 1000)})


def test_krugman_index_matches_the_hand_computed_value(synthetic):
    (k, n) = synthetic.execute("SELECT krugman, n_industries FROM v_krugman_index WHERE region_code = 'R'").fetchone()
    assert k == pytest.approx(0.2)
    assert n == 3


def test_sweden_itself_gets_no_lq(synthetic):
    assert synthetic.execute("SELECT count(*) FROM v_location_quotient WHERE region_code = 'SE'").fetchone()[0] == 0


def test_a_dataset_without_totals_gives_no_lq(synthetic):
    synthetic.execute("INSERT INTO industry VALUES ('SNI2007_SECTION', 'A', 'A', 'A', 'A', false)")
    for region, n in [("R", 5), ("SE", 50)]:
        synthetic.execute("INSERT INTO employment VALUES (?, 2020, 'SNI2007_SECTION', 'A', ?, 't', NULL, 'src_x', 'b')",
                          [region, n])
    assert synthetic.execute(
        "SELECT count(*) FROM v_location_quotient WHERE classification = 'SNI2007_SECTION'").fetchone()[0] == 0


@pytest.mark.parametrize("codes,sections", [("02;16;17", ["A", "C"]), ("58.21;62.01", ["J"]), ("", []),
                                            ("55;56;79;93", ["I", "N", "R"])])
def test_nace_divisions_map_to_sections(codes, sections):
    assert specialisation.sections_of(codes) == sections


def test_the_narrowest_containing_industry_is_used():
    industries = pd.DataFrame({"industry_code": ["B-E", "C", "A"], "nace_sections": ["B;C;D;E", "C", "A"]})
    got = specialisation.covering_industries(["C", "D"], industries).industry_code.tolist()
    assert got == ["C", "B-E"]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_page_shows_priorities_lq_and_declared_vs_measured(warehouse, lang):
    at = open_page("app_pages/specialisation.py", lang=lang)
    assert not at.exception
    text = " ".join(m.value for m in at.markdown).replace("\\", "")  # the text is escaped markdown
    # every county on one footing (Eurostat NACE A*10, 2017), with the LQ's rank among the 21
    assert ("LQ 1,32 för Tillverkning (rang 7 av 21) i Dalarnas län (2017" in text) if lang == "sv" else \
           ("LQ 1.32 for Manufacturing (rank 7 of 21) in Dalarna (2017" in text)
    assert len(at.metric) == 3  # Krugman index per county
    assert all(m.label.endswith("· 2017") for m in at.metric)
    ranks = [c.value for c in at.caption if "av 21 län (1 = mest specialiserat)" in c.value.replace("\\", "")
             or "of 21 counties (1 = most specialised)" in c.value.replace("\\", "")]
    assert len(ranks) == 3  # the Krugman index's rank among the 21, per county


def test_page_says_when_a_county_has_no_employment_data(warehouse):
    at = open_page("app_pages/specialisation.py", regions=["NO020"])
    assert not at.exception
    assert "Ingen sysselsättningsdata per bransch för Innlandet" in " ".join(i.value for i in at.info)


def test_sweden_is_not_a_county_to_measure_and_counties_without_data_are_named():
    chosen, counties, missing = specialisation.measured_counties(["SE311", "SE", "SE125"], {"SE311", "SE312"})
    assert (chosen, counties, missing) == (["SE311", "SE125"], ["SE311"], ["SE125"])


def test_change_is_measured_from_an_earlier_year_of_the_same_dataset():
    assert specialisation.compare_years([2008, 2012, 2017], 2017) == ([2012, 2008], 1)  # default: the earliest
    assert specialisation.compare_years([2008, 2012, 2017], 2008) == ([2008], 0)        # nothing earlier


def test_theme_matrix_on_synthetic_areas(warehouse):
    """Synthetic areas (not real S3 priorities) in the warehouse's themes: a cell lists the
    county's areas of that theme in their order, '' where it has none; a theme no county
    declared is left out; an area without a theme is in no row."""
    from etl.vocabulary import NMS_COUNTIES

    first, second, third = NMS_COUNTIES
    areas = pd.DataFrame({
        "region_code": [first, first, second, third, first],
        "theme_id": ["energy", "energy", "bioeconomy", "energy", ""],
        "area_sv": ["Vätgas", "Sol", "Skog", "Vind", "Utan tema"],
        "area_en": ["Hydrogen", "Solar", "Forest", "Wind", "No theme"],
    })
    m = specialisation.theme_matrix(areas, "en")
    names = list(m.columns)
    assert m.index.name == "Theme" and len(names) == 3
    assert list(m.index) == ["Bioeconomy", "Energy"]  # in the themes' order; themes without areas left out
    assert m.loc["Energy"].tolist() == ["Hydrogen; Solar", "", "Wind"]
    assert m.loc["Bioeconomy"].tolist() == ["", "Forest", ""]
    sv = specialisation.theme_matrix(areas, "sv")
    assert sv.loc["Energi"].tolist() == ["Vätgas; Sol", "", "Vind"]
