"""Issue #14, the data half: complete core series from one source and vintage each, the views
the pages compare on (common year, rank among the 21, LQ rank), the project lists, and one
test per error the issue lists, each failing if the error comes back."""

from __future__ import annotations

import statistics
import subprocess
import sys

import duckdb
import pytest

from app import funding as funding_math
from etl import vocabulary as voc
from etl.build import SQL_DIR
from tests.conftest import ROOT

YEARS = range(2000, 2022)


def _counties(con) -> set[str]:
    return {r[0] for r in con.execute("SELECT region_code FROM region WHERE level = 'county'").fetchall()}


def _values(con, indicator: str) -> dict[tuple[str, int], float]:
    return {(r, y): v for r, y, v in con.execute(
        "SELECT region_code, year, value FROM v_indicator_value WHERE indicator_id = ?", [indicator]).fetchall()}


# --- complete core series ---------------------------------------------------------------


@pytest.mark.parametrize("indicator", ["population", "grp_msek", "grp_per_capita"])
def test_core_series_cover_all_21_counties_and_sweden_2000_2021(con, indicator):
    values = _values(con, indicator)
    wanted = _counties(con) | {voc.SWEDEN}
    missing = [(r, y) for y in YEARS for r in sorted(wanted) if (r, y) not in values]
    assert len(wanted) == 22 and not missing, missing[:10]


def test_the_21_counties_sum_to_swedens_population_every_year(con):
    counties, pop = _counties(con), _values(con, "population")
    years = sorted({y for (_, y) in pop})
    complete = [y for y in years if all((c, y) in pop for c in counties) and (voc.SWEDEN, y) in pop]
    assert set(range(1999, 2024)) <= set(complete)
    for y in complete:
        assert sum(pop[(c, y)] for c in counties) == pop[(voc.SWEDEN, y)], y


def test_each_core_series_is_one_source_per_year(con):
    # population: one publisher's table up to 2022 (Eurostat), SCB's count after; GRP: Eurostat only
    rows = con.execute("""
        SELECT v.indicator_id, v.year, count(DISTINCT s.table_id), any_value(s.publisher)
        FROM indicator_value v JOIN source s USING (source_id) JOIN region r USING (region_code)
        WHERE v.indicator_id IN ('population', 'grp_msek', 'gdp_mio_eur') AND r.level <> 'municipality'
        GROUP BY ALL""").fetchall()
    for indicator, year, n_tables, publisher in rows:
        assert n_tables == 1, (indicator, year)
        assert publisher == ("SCB (Statistiska centralbyrån)" if indicator == "population" and year >= 2023
                             else "Eurostat"), (indicator, year)
    # the municipalities (#19): SCB's BE0101 count only, the statistic Eurostat's county values are
    municipal = con.execute("""
        SELECT DISTINCT v.indicator_id, s.publisher, s.table_id FROM indicator_value v
        JOIN source s USING (source_id) JOIN region r USING (region_code) WHERE r.level = 'municipality'""").fetchall()
    assert municipal == [("population", "SCB (Statistiska centralbyrån)", "BE0101")]


def test_grp_per_capita_is_computed_from_grp_and_mean_population(con):
    assert con.execute("SELECT kind FROM indicator WHERE indicator_id = 'grp_per_capita'").fetchone()[0] == "derived"
    assert con.execute("SELECT count(*) FROM indicator_value WHERE indicator_id = 'grp_per_capita'").fetchone()[0] == 0
    grp, pop, pc = _values(con, "grp_msek"), _values(con, "population"), _values(con, "grp_per_capita")
    for region in ["SE312", "SE"]:
        expected = grp[(region, 2021)] * 1000 / ((pop[(region, 2020)] + pop[(region, 2021)]) / 2)
        assert pc[(region, 2021)] == pytest.approx(expected)
    assert round(pc[("SE", 2013)]) == 398  # SCB's final figure (the blog's preliminary one was 393)


def test_mean_population_is_eurostats_per_inhabitant_definition(con):
    """GRP in EUR over our mean population reproduces Eurostat's own EUR per inhabitant (published
    rounded to 100 EUR): typically within the rounding (the median difference is below 50 EUR; with
    the year-end population instead it is about 100) and always within 1 %, except Uppsala and
    Västmanland before 2007 (Heby's boundary)."""
    eur, sek = _values(con, "gdp_mio_eur"), _values(con, "grp_msek")
    per_capita, per_inh = _values(con, "grp_per_capita"), _values(con, "grp_eur_per_capita")
    # the view's thousand SEK per inhabitant, in EUR at the year's own GRP exchange ratio
    ours = {k: per_capita[k] * 1000 * eur[k] / sek[k] for k in per_inh
            if k in per_capita and not (k[0] in ("SE121", "SE125") and k[1] < 2007)}
    assert len(ours) > 400
    for k, value in ours.items():
        assert value == pytest.approx(per_inh[k], rel=0.01), k
    assert statistics.median(abs(value - per_inh[k]) for k, value in ours.items()) < 50


def test_employment_by_industry_covers_all_21_counties_in_one_source(con):
    rows = con.execute("""
        SELECT source_id, year, n_counties FROM v_employment_dataset
        WHERE classification = 'NACE_A10' AND all_counties ORDER BY year""").fetchall()
    assert {r[0] for r in rows} == {rows[0][0]}  # one source
    assert [r[1] for r in rows] == list(range(2000, 2018))


def test_nuts2_education_is_for_riksomraden_not_counties(con):
    for indicator in ["edu_tertiary_share_25_64", "training_participation_25_64"]:
        levels = {r[0] for r in con.execute("""SELECT DISTINCT r.level FROM v_indicator_value v
            JOIN region r USING (region_code) WHERE v.indicator_id = ?""", [indicator]).fetchall()}
        assert levels == {"country", "nuts2"}, indicator
    ranked = con.execute("""SELECT rank, n_ranked FROM v_indicator_rank_nuts2
        WHERE indicator_id = 'edu_tertiary_share_25_64' AND region_code = 'SE31' AND year = 2019""").fetchone()
    assert ranked[1] == 8 and 1 <= ranked[0] <= 8


# --- one year compared, rank among the 21 ---------------------------------------------


def test_common_year_is_the_latest_year_all_shown_regions_have(con):
    common = dict(con.execute("SELECT indicator_id, common_year FROM v_indicator_common_year").fetchall())
    # Gävleborg has no 2024 population: the four default regions compare on 2023
    assert common["population"] == 2023
    assert common["grp_per_capita"] == 2021  # Sweden has 2022, the counties end 2021
    # Reglab has no value for Sweden: the counties compare on their latest year, Sweden is named as missing
    reglab = con.execute("""SELECT common_year, without_values FROM v_indicator_common_year
        WHERE indicator_id = 'reglab_innovation_index'""").fetchone()
    assert reglab == (2021, ["SE"])
    (year,) = con.execute("""SELECT max(year) FROM v_indicator_years
        WHERE indicator_id = 'population' AND list_has_all(region_codes, ?)""", [["SE311", "SE312"]]).fetchone()
    assert year == 2024


def test_rank_says_its_direction_and_among_how_many(con):
    pop = con.execute("""SELECT rank, n_ranked, rank_order FROM v_indicator_rank
        WHERE indicator_id = 'population' AND region_code = 'SE110' AND year = 2023""").fetchone()
    assert pop == (1, 21, "desc")  # Stockholm is the largest: 1 = highest, not "best"
    unemp = con.execute("""SELECT rank_order FROM v_indicator_rank
        WHERE indicator_id = 'unemployment_rate' LIMIT 1""").fetchone()
    assert unemp == ("asc",)
    # no rank in a year where not all 21 counties have a value
    assert con.execute("""SELECT count(*) FROM v_indicator_rank
        WHERE indicator_id = 'population' AND year = 2024""").fetchone()[0] == 0


def test_lq_rank_among_the_21_leaves_out_overlapping_aggregates(con):
    codes = {r[0] for r in con.execute("""SELECT DISTINCT industry_code FROM v_lq_rank
        WHERE classification = 'NACE_A10'""").fetchall()}
    assert "C" in codes and not codes & {"B-E", "TOTAL", "G-J", "K-N", "O-U"}
    per = con.execute("""SELECT industry_code, count(*), max(n_ranked), max(lq_rank) FROM v_lq_rank
        WHERE classification = 'NACE_A10' AND year = 2017 GROUP BY ALL""").fetchall()
    assert all(n == 21 and ranked == 21 for _, n, ranked, _ in per)
    (k,) = con.execute("""SELECT count(*) FROM v_krugman_index WHERE classification = 'NACE_A10'
        AND year = 2017 AND n_ranked = 21 AND krugman_rank BETWEEN 1 AND 21""").fetchone()
    assert k == 21


@pytest.fixture
def synthetic():
    """Synthetic (not real) employment: counties R1 and R2 and Sweden; A*10-like codes where
    B-E contains C, plus a TOTAL; region list trimmed to two counties so a rank is possible."""
    con = duckdb.connect()
    con.execute((SQL_DIR / "schema.sql").read_text())
    con.execute((SQL_DIR / "views.sql").read_text())
    for code, sections, agg in [("A", "A", False), ("B-E", "B;C;D;E", False), ("C", "C", True),
                                ("F", "F", False), ("TOTAL", "A-U", True), ("X", "", False)]:
        con.execute("INSERT INTO industry VALUES ('T', ?, ?, ?, ?, ?)", [code, code, code, sections, agg])
    con.execute("INSERT INTO region (region_code, level, scb_code, name_sv, name_en, parent_code, sort_order) "
                "VALUES ('SE', 'country', '00', 'S', 'S', NULL, 0), "
                "('R1', 'county', '01', 'R1', 'R1', 'SE', 1), ('R2', 'county', '02', 'R2', 'R2', 'SE', 2)")
    data = {"R1": {"A": 10, "B-E": 50, "C": 40, "F": 40, "TOTAL": 100},
            "R2": {"A": 30, "B-E": 20, "C": 10, "F": 50, "TOTAL": 100},
            "SE": {"A": 40, "B-E": 70, "C": 50, "F": 90, "TOTAL": 200}}
    for region, by_code in data.items():
        for code, n in by_code.items():
            con.execute("INSERT INTO employment VALUES (?, 2020, 'T', ?, ?, 'test', NULL, 'src', 'b')",
                        [region, code, n])
    yield con
    con.close()


def test_industries_that_overlap_their_parts_are_not_specialisations(synthetic):
    flags = {r[0]: r[1:] for r in synthetic.execute(
        "SELECT industry_code, overlaps_parts, can_specialise FROM v_industry").fetchall()}
    assert flags["B-E"] == (True, False)      # contains C
    assert flags["C"] == (False, True)
    assert flags["TOTAL"][1] is False and flags["X"][1] is False  # total, unknown industry


def test_lq_rank_is_hand_computed(synthetic):
    # A: R1 .1/.2 = 0.5, R2 .3/.2 = 1.5 -> R2 first; C: R1 .4/.25 = 1.6, R2 .1/.25 = 0.4 -> R1 first
    got = {(r, i): (rank, n) for r, i, rank, n in synthetic.execute(
        "SELECT region_code, industry_code, lq_rank, n_ranked FROM v_lq_rank").fetchall()}
    assert got[("R2", "A")] == (1, 2) and got[("R1", "A")] == (2, 2)
    assert got[("R1", "C")] == (1, 2)
    assert not [k for k in got if k[1] in ("B-E", "TOTAL")]


# --- the errors of issue #14, one test each ----------------------------------------------


def test_dalarna_grp_2021_is_eurostats_current_figure_not_scbs_preliminary(con):
    (value, flag, publisher, table) = con.execute("""SELECT v.value, v.flag, s.publisher, s.table_id
        FROM indicator_value v JOIN source s USING (source_id)
        WHERE v.indicator_id = 'grp_msek' AND v.region_code = 'SE312' AND v.year = 2021""").fetchone()
    assert value == pytest.approx(123565, abs=1) and value != 119186
    assert (flag, publisher, table) == (None, "Eurostat", "nama_10r_3gdp")


def test_ktp_science_is_counted_once_in_project_totals(con):
    df = con.execute("SELECT * FROM v_funding_amount").df()
    countable = funding_math.countable(df, "eu_funding")
    eruf = countable[(countable.programme == "ERUF") & countable.programme_period.str.startswith("2014-2020")]
    assert eruf.project.str.contains("KTP Science").sum() == 1
    bundle = df[df.funding_id == "fund_06884300a4"].iloc[0]
    assert bundle.level == "aggregate"


def test_no_value_cites_a_blog_or_a_document_mirror(con):
    bad = con.execute("""SELECT DISTINCT s.url FROM indicator_value v JOIN source s USING (source_id)
        WHERE s.url LIKE '%stigbjorne%' OR s.url LIKE '%spotidoc%'""").fetchall()
    assert bad == []
    assert con.execute("""SELECT count(*) FROM indicator_value WHERE indicator_id = 'rd_total_msek'
        AND region_code = 'SE' AND year = 2013""").fetchone()[0] == 0


def test_internationalisation_index_is_credited_to_tillvaxtverket(con):
    publishers = {r[0] for r in con.execute("""SELECT DISTINCT s.publisher FROM indicator_value v
        JOIN source s USING (source_id) WHERE v.indicator_id = 'internationalisation_index'""").fetchall()}
    assert publishers == {"Tillväxtverket"}
    sv, en = con.execute("""SELECT description_sv, description_en FROM indicator
        WHERE indicator_id = 'internationalisation_index'""").fetchone()
    assert "Tillväxtanalys" not in sv + en and "Tillväxtverket" in sv and "Tillväxtverket" in en


def test_interreg_project_sum_is_its_own_kind_and_flagged_against_the_allocation(con):
    rows = con.execute("""SELECT amount, amount_kind, level, conflict_group FROM funding
        WHERE programme = 'Interreg' AND programme_period = '2014-2020' AND amount IN (47000000, 44367967)
        ORDER BY amount""").fetchall()
    (sum_projects, allocation) = rows
    assert sum_projects[1:3] == ("eu_funding_in_projects", "aggregate")  # a sum of project grants, not an allocation
    assert allocation[1:3] == ("eu_funding", "programme")
    assert sum_projects[3] and sum_projects[3] == allocation[3]


def test_rd_by_sector_is_marked_as_not_parts_of_the_rd_total(con):
    rel = dict(con.execute("""SELECT indicator_id, comparable FROM indicator_relation
        WHERE related_indicator_id = 'rd_total_msek' AND relation = 'part_of'""").fetchall())
    assert rel["rd_business_msek"] is False and rel["rd_government_msek"] is False
    # ...because they do not add up: Värmland 2017, 1 193 vs 1 212 MSEK
    parts = con.execute("""SELECT sum(value) FROM indicator_value WHERE region_code = 'SE311' AND year = 2017
        AND indicator_id IN ('rd_business_msek', 'rd_government_msek', 'rd_higher_edu_msek')""").fetchone()[0]
    total = con.execute("""SELECT value FROM indicator_value WHERE region_code = 'SE311' AND year = 2017
        AND indicator_id = 'rd_total_msek'""").fetchone()[0]
    assert (parts, total) == (1193, 1212)


def test_reglab_2021_is_flagged_disputed_on_values_and_ranks(con):
    flags = {r[0] for r in con.execute("""SELECT flag FROM v_indicator_value
        WHERE indicator_id = 'reglab_innovation_index' AND year = 2021""").fetchall()}
    assert flags == {"disputed"}
    assert "disputed" in voc.VALUE_FLAGS
    # the reason travels with the value (chart tooltips, tables, downloads), also into derived values
    notes = {r[0] for r in con.execute("""SELECT note FROM v_indicator_value
        WHERE indicator_id = 'reglab_innovation_index' AND year = 2021""").fetchall()}
    assert all(n.startswith("DISPUTED: ") for n in notes)
    (flag, note) = con.execute("""SELECT flag, note FROM v_indicator_value WHERE indicator_id = 'grp_per_capita'
        AND region_code = 'SE121' AND year = 2006""").fetchone()
    assert flag == "break" and "Heby" in note
    year_flags = {r[0] for r in con.execute("""SELECT year_flags FROM v_indicator_rank
        WHERE indicator_id = 'reglab_innovation_index' AND year = 2021""").fetchall()}
    assert year_flags == {"disputed"}
    assert con.execute("""SELECT count(*) FROM v_indicator_value WHERE indicator_id = 'reglab_innovation_index'
        AND year = 2019 AND flag IS NOT NULL""").fetchone()[0] == 0


def test_licences_follow_the_publisher_not_the_title(con):
    lic = {p: {r[0] for r in con.execute("SELECT DISTINCT licence FROM source WHERE publisher = ?", [p]).fetchall()}
           for p in ["Regionfakta", "Kolada (RKA)", "SCB (Statistiska centralbyrån)", "Eurostat"]}
    assert not [x for x in lic["Regionfakta"] if "CC0" in x] and lic["Regionfakta"]
    assert lic["Kolada (RKA)"] == {"CC BY 4.0 (Kolada, RKA)"}
    assert all("CC0" in x for x in lic["SCB (Statistiska centralbyrån)"])
    assert all(x.startswith("CC BY 4.0") for x in lic["Eurostat"])
    assert con.execute("""SELECT count(*) FROM source WHERE licence LIKE 'CC0%'
        AND publisher NOT IN ('SCB (Statistiska centralbyrån)', 'Vinnova')""").fetchone()[0] == 0


def test_retrieval_dates_are_the_recorded_ones_not_one_date_for_all(con):
    dates = con.execute("""SELECT retrieved_on, count(*) FROM source WHERE publisher <> 'ECB'
        AND retrieved_on IS NOT NULL GROUP BY ALL""").fetchall()
    assert len(dates) >= 2
    assert con.execute("SELECT count(*) FROM source WHERE retrieved_on = DATE '2026-11-22'").fetchone()[0] == 0
    (erdf,) = con.execute("""SELECT DISTINCT s.retrieved_on FROM funding f JOIN source s USING (source_id)
        WHERE f.list_coverage LIKE 'Projektbanken%'""").fetchone()
    assert str(erdf) == "2016-10-14"


def test_grp_for_sweden_exists_and_no_text_says_it_is_missing(con):
    years = [r[0] for r in con.execute("""SELECT year FROM indicator_value
        WHERE indicator_id = 'grp_msek' AND region_code = 'SE' ORDER BY year""").fetchall()]
    assert years == list(range(2000, 2023))
    help_text = subprocess.run([sys.executable, "-m", "etl", "build", "--help"], cwd=ROOT,
                               capture_output=True, text=True, check=True).stdout
    for text in (help_text, (ROOT / "docs" / "data.md").read_text(encoding="utf-8")):
        assert "GRP for Sweden after 2008" not in text


# --- project lists -------------------------------------------------------------------------


def test_project_lists_are_project_rows_with_their_coverage(con):
    erdf = con.execute("""SELECT count(*), count(municipalities), min(year_start), max(year_start),
        any_value(list_coverage) FROM funding WHERE list_coverage LIKE 'Projektbanken%'""").fetchone()
    assert erdf[0] >= 70 and erdf[1] == erdf[0] and (erdf[2], erdf[3]) == (2014, 2016)
    assert "August 2016" in erdf[4]
    partners = con.execute("""SELECT count(*), count(DISTINCT partner_role), bool_and(level = 'project')
        FROM funding WHERE list_coverage LIKE 'Interregbarometern%'""").fetchone()
    assert partners[0] >= 80 and partners[1] == 3 and partners[2]


def test_a_project_in_both_funding_csv_and_a_list_is_counted_once(con):
    df = con.execute("SELECT * FROM v_funding_amount").df()
    countable = funding_math.countable(df, "eu_funding")
    for name in ["ADMA 2016-18", "Klimatsmart Innovation", "Gränsens Smaker"]:
        hits = countable[countable.project.str.startswith(name)]
        assert len(hits) <= 1, name
    # conflicting figures for one project stay visible together, never summed
    expande = df[df.project == "ExpandE"]
    assert len(expande) == 2 and expande.conflict_group.nunique() == 1 and expande.conflict_group.notna().all()


def test_an_amount_without_a_year_is_not_converted(con):
    converted = con.execute("""SELECT count(*) FROM v_funding_amount WHERE year_start IS NULL AND (
        (currency <> 'SEK' AND amount_sek IS NOT NULL) OR (currency <> 'EUR' AND amount_eur IS NOT NULL))""")
    assert converted.fetchone()[0] == 0
    # ...and such amounts exist, shown in their own currency
    assert con.execute("""SELECT count(*) FROM v_funding_amount WHERE year_start IS NULL
        AND currency = 'EUR' AND amount_eur = amount""").fetchone()[0] > 0


def test_the_schemas_amount_kinds_are_the_vocabularys():
    """The funding table's CHECK names the same amount kinds as etl/vocabulary.py (one fact)."""
    import re
    schema = (SQL_DIR / "schema.sql").read_text(encoding="utf-8")
    check = re.search(r"amount_kind\s+VARCHAR NOT NULL CHECK \(amount_kind IN \(([^)]*)\)\)", schema)
    assert check, "the funding table's amount_kind CHECK was not found"
    assert tuple(re.findall(r"'([a-z_]+)'", check.group(1))) == voc.AMOUNT_KINDS



def test_the_schemas_funding_label_fields_are_the_vocabularys():
    import re
    schema = (SQL_DIR / "schema.sql").read_text(encoding="utf-8")
    check = re.search(r"field\s+VARCHAR NOT NULL CHECK \(field IN \(([^)]*)\)\)", schema)
    assert check, "the funding_label table's field CHECK was not found"
    assert tuple(re.findall(r"'([a-z_]+)'", check.group(1))) == voc.FUNDING_LABEL_FIELDS
