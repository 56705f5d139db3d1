"""Across the border (#20): Norway's border regions never cross the 2020 county reform, the
key-area mapping covers every current S3 area and Sverige-Norge project, LQs use each
region's own country, and the page runs in both languages."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from app import border
from etl import vocabulary as v
from etl.build import SQL_DIR
from etl.curate import key_areas
from tests.conftest import DATA
from tests.test_pages import open_page

OLD, NEW = set(v.BORDER_NO_OLD) - set(v.BORDER_NO_NEW), set(v.BORDER_NO_NEW) - set(v.BORDER_NO_OLD)


def test_no_region_has_values_outside_the_years_its_boundaries_hold(con):
    """No series crosses the reform: every value lies within its region's valid years."""
    bounded = con.execute("SELECT count(*) FROM region WHERE valid_from IS NOT NULL OR valid_to IS NOT NULL"
                          ).fetchone()[0]
    assert bounded >= len(OLD | NEW), "the region model has lost the reform's valid years"
    outside = con.execute("""
        SELECT v.region_code, v.indicator_id, v.year FROM v_indicator_value v JOIN region r USING (region_code)
        WHERE v.year < coalesce(r.valid_from, v.year) OR v.year > coalesce(r.valid_to, v.year)
        UNION ALL
        SELECT e.region_code, e.industry_code, e.year FROM employment e JOIN region r USING (region_code)
        WHERE e.year < coalesce(r.valid_from, e.year) OR e.year > coalesce(r.valid_to, e.year)""").fetchall()
    assert outside == []
    # ... and the two sides really are on either side of 2019/2020.
    last_old = con.execute(f"SELECT max(year) FROM indicator_value WHERE region_code IN "
                           f"({', '.join('?' * len(OLD))})", list(OLD)).fetchone()[0]
    first_new = con.execute(f"SELECT min(year) FROM indicator_value WHERE region_code IN "
                            f"({', '.join('?' * len(NEW))})", list(NEW)).fetchone()[0]
    assert last_old == 2019 and first_new == 2020


def test_the_build_refuses_a_value_outside_its_regions_years(data_copy):
    """Innlandet's GDP for 2015 (old boundaries under the new code) must not get in."""
    from etl import build

    path = data_copy / "indicator_values.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + f"{v.INNLANDET},gdp_mio_eur,2015,16206.41,,src_x,synthetic test row\n", encoding="utf-8")
    sources = data_copy / "sources.csv"
    sources.write_text(sources.read_text(encoding="utf-8") + "src_x,Test,Synthetic test source,,https://example.org,,,,\n",
                       encoding="utf-8")
    with pytest.raises(build.BuildFailed, match="boundaries hold"):
        build.build(data_copy, data_copy.parent / "w.duckdb", log=lambda *a, **k: None)


@pytest.mark.parametrize("bounds", border.BOUNDS)
def test_no_chart_line_joins_old_and_new_codes(warehouse, bounds):
    """Each chart of a boundary choice draws regions of that set only (plus Sweden's counties and
    the two benchmarks), one trace per region code: an old and a new code never share a chart."""
    from app import queries

    names = queries.region_names("en")
    regions = border.shown_regions(border.default_regions(bounds))
    values = queries.border_values(border.INDICATORS, regions)
    span = border.period(bounds, queries.region_boundaries())
    sections = [border.population_section(values, regions, bounds, span, names, "en"),
                *[border.gdp_section(values, m, regions, bounds, span, names, "en") for m in border.GDP_MEASURES]]
    codes = {names[c]: c for c in names}
    drawn = [codes[tr.name] for s in sections if s.panel for tr in s.panel.figure.data]
    assert drawn, "nothing was drawn"
    other = NEW if bounds == "old" else OLD
    assert not set(drawn) & other
    assert set(drawn) <= {*v.BORDER_SE, *border.NORWEGIAN[bounds], *border.BENCHMARKS}
    # one trace per region and chart: no region drawn as two lines
    for s in sections:
        if s.panel:
            names_in = [tr.name for tr in s.panel.figure.data]
            assert len(names_in) == len(set(names_in))
    # and every year shown lies within the set's years
    years = {int(x) for s in sections if s.panel for tr in s.panel.figure.data for x in tr.x if x == x}
    assert years and all(span[0] <= y <= span[1] for y in years)


def test_a_choice_from_the_other_boundary_set_is_never_drawn():
    assert border.chosen_norwegian("new", [v.HEDMARK_OPPLAND, v.INNLANDET]) == [v.INNLANDET]
    assert border.chosen_norwegian("old", [v.VIKEN, v.OSTFOLD]) == [v.OSTFOLD]


def test_every_current_s3_area_is_mapped_or_explicitly_unmapped():
    """Coverage of the key-area mapping, read from the curated files (data/)."""
    s3 = pd.read_csv(DATA / "specialisations.csv", dtype=str)
    links = pd.read_csv(DATA / "key_area_s3.csv", dtype=str, keep_default_na=False)
    areas = set(pd.read_csv(DATA / "key_areas.csv", dtype=str).key_area_id)
    current = set(s3[s3.status == "current"].area_id)
    assert current and current == set(links.area_id)
    assert set(links.key_area_id) - {""} <= areas
    assert (links.note.str.strip() != "").all(), "every row says why, also the explicitly unmapped"
    assert len(areas) == 7


def test_every_sverige_norge_project_row_has_a_key_area_row_and_no_other_row_has_one():
    funding = pd.read_csv(DATA / "funding.csv", dtype=str, keep_default_na=False)
    links = pd.read_csv(DATA / "key_area_funding.csv", dtype=str, keep_default_na=False)
    sn = {r["funding_id"] for r in funding.to_dict("records") if key_areas.is_sverige_norge(r)}
    assert len(sn) >= 40 and set(links.funding_id) == sn
    assert links.funding_id.is_unique, "one key area per row at most: no amount counts under two"


def test_curation_stops_when_a_current_area_is_not_in_the_mapping(monkeypatch):
    real = key_areas.mappings.read

    def without_first(name):
        rows = real(name)
        return rows[1:] if name == "key_areas_s3" else rows

    monkeypatch.setattr(key_areas.mappings, "read", without_first)
    specs = pd.read_csv(DATA / "specialisations.csv", dtype=str).to_dict("records")
    with pytest.raises(ValueError, match="add a row"):
        key_areas.curate(specs, [], [])


def test_location_quotients_use_each_regions_own_country():
    """Synthetic employment (not real): a Swedish county against SE, a Norwegian county against NO0
    (not against Sweden, and not against NO with its continental shelf)."""
    con = duckdb.connect()
    con.execute((SQL_DIR / "schema.sql").read_text())
    con.execute((SQL_DIR / "views.sql").read_text())
    for code, sections in [("A", "A"), ("C", "C"), ("TOTAL", "A-U")]:
        con.execute("INSERT INTO industry VALUES ('T', ?, ?, ?, ?, false)", [code, code, code, sections])
    cols = "(region_code, level, scb_code, name_sv, name_en, parent_code, sort_order)"
    con.execute(f"INSERT INTO region {cols} VALUES ('SE', 'country', NULL, 'S', 'S', NULL, 0), "
                "('SEX', 'county', NULL, 'X', 'X', 'SE', 1), ('NO', 'country', NULL, 'N', 'N', NULL, 2), "
                "('NO0', 'country', NULL, 'N0', 'N0', NULL, 3), ('NOY', 'neighbour', NULL, 'Y', 'Y', 'NO0', 4)")
    data = {"SE": {"A": 10, "C": 40}, "SEX": {"A": 5, "C": 5}, "NO": {"A": 10, "C": 10},
            "NO0": {"A": 20, "C": 20}, "NOY": {"A": 10, "C": 2}}
    for region, by in data.items():
        src = "se" if region.startswith("SE") else "no"
        for code, n in {**by, "TOTAL": 100}.items():
            con.execute("INSERT INTO employment VALUES (?, 2017, 'T', ?, ?, 'test', NULL, ?, 'b')",
                        [region, code, n, src])
    got = {(r, i): (b, round(lq, 3)) for r, b, i, lq in con.execute(
        "SELECT region_code, benchmark_code, industry_code, lq FROM v_location_quotient_national").fetchall()}
    assert got[("SEX", "A")] == ("SE", 0.5) and got[("SEX", "C")] == ("SE", 0.125)
    assert got[("NOY", "A")] == ("NO0", 0.5) and got[("NOY", "C")] == ("NO0", 0.1)
    assert {r for r, _ in got} == {"SEX", "NOY"}


def test_gdp_from_nok_is_converted_through_the_euro_with_the_same_years_ecb_rates(con):
    nok, sek, converted = con.execute("""
        SELECT g.value, s.rate / n.rate, c.value / g.value FROM indicator_value g
        JOIN exchange_rate n ON n.year = g.year AND n.quote = 'NOK'
        JOIN exchange_rate s ON s.year = g.year AND s.quote = 'SEK'
        JOIN v_indicator_value c ON c.region_code = g.region_code AND c.year = g.year
                                AND c.indicator_id = 'gdp_msek_from_nok'
        WHERE g.indicator_id = 'gdp_mio_nok' AND g.region_code = ? AND g.year = 2019""",
                                      [v.NORWAY_MAINLAND]).fetchone()
    assert converted == pytest.approx(sek)
    assert 0.9 < sek < 1.2  # SEK per NOK in 2019


def test_project_summary_sums_eu_funding_only_and_never_splits_or_sums_a_conflict():
    """Synthetic project rows (not real)."""
    rows = pd.DataFrame([
        # funding_id, project, county bucket, kind, amount_eur, conflict group, role
        ("a", "P1", "SE311", "eu_funding", 100.0, None, "LP"),
        ("b", "P1", "SE311", "total_budget", 999.0, None, None),
        ("c", "P2", "MULTI", "eu_funding", 50.0, None, None),
        ("d", "P3", "SE311", "eu_funding", 70.0, "grp", None),
        ("e", "P4", "SE311", "eu_funding_applied", 30.0, None, None),   # applied for: another kind, not summed
    ], columns=["funding_id", "project", "county_bucket", "amount_kind", "amount_eur", "conflict_group",
                "partner_role"])
    rows = rows.assign(level="project", amount_basis="total", amount=rows.amount_eur, key_area_id="energi")
    areas = pd.DataFrame({"key_area_id": ["energi"], "name_en": ["Energy"]})
    out = border.project_summary(rows, areas, {"SE311": "Värmland"}, "en").set_index("Counties")
    assert out.loc["Värmland", "EU funding, EUR"] == 100.0        # not 999 or 30 (other kinds), not 70 (conflict)
    assert out.loc["Värmland", "EU amounts not summed"] == 2      # the conflict and the amount applied for
    assert out.loc["Värmland", "Projects"] == 3 and out.loc["Värmland", "Partner rows"] == 1
    assert out.loc["Several counties", "EU funding, EUR"] == 50.0


def test_a_key_area_a10_cannot_separate_gets_a_sentence_not_a_number():
    areas = pd.read_csv(DATA / "key_areas.csv")
    lq = pd.DataFrame({"region_code": ["SE311", "SE311"], "industry_code": ["C", "G-I"], "lq": [1.18, 0.93]})
    table = border.key_area_table(areas, lq, {"SE311": "Värmland"}, "en").set_index("Key area")
    assert table.loc["Manufacturing industry", "What the industry data says"] == "LQ for C: Värmland 1.18"
    transport = table.loc["Transport", "What the industry data says"]
    assert "cannot separate" in transport and "0.93" not in transport
    assert (table["Measurable with A*10"] == "no").sum() == 6


@pytest.mark.parametrize("lang,title,bounds_text", [
    ("sv", "Över gränsen", "Norges länsreform 1 januari 2020"),
    ("en", "Across the border", "Norway's county reform of 1 January 2020"),
])
def test_the_page_runs_in_both_languages_with_sources_and_the_boundary_statement(warehouse, lang, title, bounds_text):
    at = open_page("app_pages/border.py", lang=lang)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value.startswith(title)
    assert bounds_text in at.info[0].value
    assert "Eurostat" in " ".join(m.value for m in at.markdown)   # the open section's sources
    assert any("PyPI" in c.value for c in at.caption), "the view says why there is no map"
    key_areas = open_page("app_pages/border.py", lang=lang, bo_tab="key_areas")
    assert not key_areas.exception and "Interregbarometern" in " ".join(m.value for m in key_areas.markdown)


def test_the_page_keeps_its_choices_in_the_url_and_says_why_employment_is_missing_after_2020(warehouse):
    at = open_page("app_pages/border.py", lang="en", bounds="new", gdp="eur")
    assert not at.exception, [e.value for e in at.exception]
    assert at.query_params["bounds"] == ["new"] or at.query_params["bounds"] == "new"
    infos = " ".join(i.value for i in at.info)
    assert "only for the counties before 2020" in infos
    assert "Innlandet" in at.multiselect(key="norway").value or v.INNLANDET in at.multiselect(key="norway").value



def test_the_project_table_shows_the_display_labels_in_the_language():
    """Synthetic rows (not real): the label columns queries.key_area_projects adds."""
    rows = pd.DataFrame({"key_area_id": [None], "programme_period": ["2014-2020"], "project": ["P"],
                         "project_sv": ["P"], "project_en": ["P"], "beneficiary": ["X (SE owner)"],
                         "beneficiary_sv": ["X (svensk projektägare)"], "beneficiary_en": ["X (SE owner)"],
                         "partner_role": [None], "region_codes": [["SE311"]], "amount": [1.0], "currency": ["EUR"],
                         "amount_kind": ["eu_funding_applied"], "key_area_note": [""], "publisher": ["pub"]})
    areas = pd.DataFrame({"key_area_id": ["energi"], "name_sv": ["Energi"], "name_en": ["Energy"]})
    table = border.project_table(rows, areas, {"SE311": "Värmlands län"}, "sv")
    assert table["Mottagare"].tolist() == ["X (svensk projektägare)"]
    assert table["Slag"].tolist() == ["Sökt EU-stöd"]


def test_the_sections_draw_only_the_open_one_and_keep_it_in_the_link(warehouse):
    """Population and GDP, employment, key areas, boundaries: tabs, only the open one drawn (#22)."""
    at = open_page("app_pages/border.py", lang="en")
    assert not at.exception and len(at.get("plotly_chart")) == 2 and not at.table   # population, GDP
    key_areas = open_page("app_pages/border.py", lang="en", bo_tab="key_areas", emp_year="2015")
    assert not key_areas.exception and not key_areas.get("plotly_chart") and len(key_areas.table) == 2
    assert key_areas.query_params["bo_tab"] in ("key_areas", ["key_areas"])
