"""Where the counties stand (#19): the arithmetic of shift-share, most similar counties and
ranking on small synthetic tables (named as such, never shipped as data), then the same on
the warehouse built from the bundled data, the map's geometry, and the views in AppTest."""

from __future__ import annotations

import json
import math

import pandas as pd
import plotly.graph_objects as go
import pytest

from app import charts, maps, ranking, shiftshare, similar
from etl.vocabulary import N_COUNTIES, NMS_COUNTIES, SWEDEN
from tests.test_pages import open_page, url_values

# --- shift-share on a synthetic table ---------------------------------------------------------

#: Synthetic: two industries, Sweden and two regions, two years.
SYNTHETIC_EMPLOYMENT = pd.DataFrame(
    [(r, y, i, v) for r, y, i, v in [
        ("SE", 2000, "X", 100.0), ("SE", 2010, "X", 120.0),     # industry X grows 20 %
        ("SE", 2000, "Y", 100.0), ("SE", 2010, "Y", 90.0),      # industry Y shrinks 10 %
        ("R1", 2000, "X", 10.0), ("R1", 2010, "X", 15.0),
        ("R1", 2000, "Y", 30.0), ("R1", 2010, "Y", 24.0),
        ("R2", 2000, "X", 5.0), ("R2", 2010, "X", 6.0),
        ("R2", 2000, "Y", 5.0),                                  # R2's Y has no 2010 value
    ]], columns=["region_code", "year", "industry_code", "employed"])


def test_shift_share_components_sum_to_the_actual_change_and_match_the_formulas():
    d = shiftshare.decompose(SYNTHETIC_EMPLOYMENT, 2000, 2010, ["R1", "R2"], ["X", "Y"])
    assert d.growth == pytest.approx(0.05)                        # (120 + 90) / (100 + 100) - 1
    by = d.by_industry.set_index(["region_code", "industry_code"])
    x = by.loc[("R1", "X")]
    assert x.national == pytest.approx(10 * 0.05)
    assert x.mix == pytest.approx(10 * (0.20 - 0.05))
    assert x.regional == pytest.approx(10 * (0.50 - 0.20))        # R1's X grew 50 %, Sweden's X 20 %
    y = by.loc[("R1", "Y")]
    assert (y.national, y.mix, y.regional) == pytest.approx((1.5, 30 * (-0.10 - 0.05), 30 * (-0.20 + 0.10)))
    parts = d.by_industry[list(shiftshare.COMPONENTS)].sum(axis=1)
    assert parts.to_numpy() == pytest.approx(d.by_industry.change.to_numpy())
    totals = d.totals.set_index("region_code")
    assert totals.loc["R1", list(shiftshare.COMPONENTS)].sum() == pytest.approx(15 + 24 - 40)
    # R2's Y lacks a year: named as not decomposed, and R2's total is only what could be decomposed
    assert d.missing == [("R2", "Y")]
    assert totals.loc["R2", "change"] == pytest.approx(1.0)


def test_shift_share_names_an_industry_sweden_lacks_instead_of_dividing_by_it():
    emp = SYNTHETIC_EMPLOYMENT[~((SYNTHETIC_EMPLOYMENT.region_code == "SE")
                                 & (SYNTHETIC_EMPLOYMENT.industry_code == "Y")
                                 & (SYNTHETIC_EMPLOYMENT.year == 2010))]
    d = shiftshare.decompose(emp, 2000, 2010, ["R1"], ["X", "Y"])
    assert ("SE", "Y") in d.missing and d.industries == ["X"]
    assert d.growth == pytest.approx(0.20)


def test_the_industries_used_partition_the_economy():
    a10 = {"A": "A", "B-E": "B;C;D;E", "C": "C", "F": "F", "G-I": "G;H;I", "G-J": "G;H;I;J", "J": "J",
           "K": "K", "K-N": "K;L;M;N", "L": "L", "M_N": "M;N", "O-Q": "O;P;Q", "O-U": "O;P;Q;R;S;T;U",
           "R-U": "R;S;T;U"}
    chosen = shiftshare.partition({c: shiftshare.sections(s) for c, s in a10.items()})
    # C lies inside B-E, whose other sections have no row: B-E is used; the other aggregates are covered
    assert chosen == sorted(["A", "B-E", "F", "G-I", "J", "K", "L", "M_N", "O-Q", "R-U"])
    used = [shiftshare.sections(a10[c]) for c in chosen]
    assert sum(len(s) for s in used) == len(frozenset().union(*used)), "no section counted twice"


# --- most similar counties on a synthetic table -------------------------------------------------

#: Synthetic: four regions, three indicators; "b" misses region D in 2020, "c" is the same everywhere.
SYNTHETIC_INDICATORS = pd.DataFrame(
    [(i, r, y, v) for i, r, y, v in [
        ("a", "A", 2020, 1.0), ("a", "B", 2020, 2.0), ("a", "C", 2020, 3.0), ("a", "D", 2020, 6.0),
        ("b", "A", 2020, 10.0), ("b", "B", 2020, 30.0), ("b", "C", 2020, 20.0),
        ("b", "A", 2019, 10.0), ("b", "B", 2019, 30.0), ("b", "C", 2019, 20.0), ("b", "D", 2019, 40.0),
        ("c", "A", 2020, 5.0), ("c", "B", 2020, 5.0), ("c", "C", 2020, 5.0), ("c", "D", 2020, 5.0),
    ]], columns=["indicator_id", "region_code", "year", "value"])
REGIONS = ["A", "B", "C", "D"]


def test_similarity_distance_is_the_weighted_rms_of_z_score_differences():
    r = similar.compare(SYNTHETIC_INDICATORS, "A", {"a": 1.0}, REGIONS)
    values = pd.Series([1.0, 2.0, 3.0, 6.0], index=REGIONS)
    z = (values - values.mean()) / values.std(ddof=0)
    assert r.year == 2020 and r.used == ["a"]
    assert r.distance["B"] == pytest.approx(abs(z["B"] - z["A"]))
    assert r.distance["D"] == pytest.approx(abs(z["D"] - z["A"]))
    assert list(r.nearest(2).index) == ["B", "C"]
    assert "A" not in r.distance.index, "the county itself is not among its most similar"


def test_similarity_weights_and_missing_values_are_handled_openly():
    # the year most indicators share for all regions: 2020 (a and c) over 2019 (b alone)
    r = similar.compare(SYNTHETIC_INDICATORS, "A", {"a": 2.0, "b": 1.0, "c": 1.0}, REGIONS)
    assert r.year == 2020 and r.used == ["a"]
    assert r.left_out["b"] == ("year", {"year": 2020, "years": "2019"})   # D has no 2020 value: never filled
    assert r.left_out["c"] == ("no_spread", {"year": 2020})
    r0 = similar.compare(SYNTHETIC_INDICATORS, "A", {"a": 0.0, "b": 1.0}, REGIONS)
    assert r0.left_out["a"] == ("weight", {}) and r0.year == 2019 and r0.used == ["b"]
    # two indicators: weights change the distance as sqrt(sum w d^2 / sum w)
    two = SYNTHETIC_INDICATORS[SYNTHETIC_INDICATORS.year == 2019].assign(indicator_id="b").pipe(
        lambda b: pd.concat([b, SYNTHETIC_INDICATORS[SYNTHETIC_INDICATORS.indicator_id == "a"].assign(year=2019)]))
    rw = similar.compare(two, "A", {"a": 3.0, "b": 1.0}, REGIONS)
    da = rw.z.loc["B", "a"] - rw.z.loc["A", "a"]
    db = rw.z.loc["B", "b"] - rw.z.loc["A", "b"]
    assert rw.distance["B"] == pytest.approx(math.sqrt((3 * da ** 2 + db ** 2) / 4))


def test_year_ranges_are_written_short():
    assert similar.year_ranges([1992, 1993, 1994, 2011, 2013, 2014]) == "1992–1994, 2011, 2013, 2014"


# --- ranking -----------------------------------------------------------------------------------


def test_tied_ranks_are_marked():
    assert ranking.tie_label(pd.Series([1, 2, 2, 4, None])) == ["1", "=2", "=2", "4", ""]


@pytest.mark.parametrize("indicator_id", ["population", "grp_per_capita", "unemployment_rate"])
def test_ranking_of_all_21_follows_the_direction_and_shares_tied_ranks(warehouse, indicator_id):
    year = ranking.default_year(indicator_id, 2100)
    r = ranking.build(indicator_id, year, list(NMS_COUNTIES), "sv")
    df = r.table
    assert len(df) == N_COUNTIES and set(df.n_ranked) == {N_COUNTIES}
    lower_is_better = indicator_id == "unemployment_rate"
    best = df.value.min() if lower_is_better else df.value.max()
    assert set(df[df["rank"] == 1].value) == {best}
    assert r.direction == ("1 = lägst (bäst)" if lower_is_better else "1 = bäst" if indicator_id != "population"
                           else "1 = högst")
    for _value, part in df.groupby("value"):       # equal values share a rank; the next rank is skipped
        assert part["rank"].nunique() == 1
        k = int(part["rank"].iloc[0])
        assert (df["rank"] < k).sum() == k - 1
    panel = ranking.bars_panel(r, {}, "sv")
    assert r.direction in panel.figure.layout.title.text and "21" in panel.figure.layout.title.text
    shapes = panel.figure.layout.shapes
    assert len(shapes) == 1 and shapes[0].x0 == pytest.approx(r.se_value)     # Sweden's line
    colours = dict(zip(df.region_code, panel.figure.data[0].marker.color, strict=True))
    assert all(colours[c] == charts.colour(c) for c in NMS_COUNTIES)
    assert {colours[c] for c in df.region_code if c not in NMS_COUNTIES} == {charts.OTHER_COLOUR}
    hist = ranking.history_panel(r, {}, "sv")
    assert {tr.name for tr in hist.figure.data} == set(NMS_COUNTIES)
    assert list(hist.figure.layout.yaxis.range) == [N_COUNTIES + 0.5, 0.5], "rank 1 at the top"


def test_a_year_without_all_21_counties_is_not_ranked(warehouse):
    years = ranking.county_years("rd_intensity")
    ranked = ranking.rank_years("rd_intensity")
    unranked = [y for y in years if y not in ranked]
    assert unranked, "rd_intensity has years with fewer than 21 counties"
    r = ranking.build("rd_intensity", unranked[-1], list(NMS_COUNTIES), "sv")
    assert r.year is None and ranking.bars_panel(r, {}, "sv") is None


# --- maps --------------------------------------------------------------------------------------


def test_the_bundled_boundaries_hold_every_county_and_municipality(warehouse):
    from app import queries

    regions = queries.regions()
    codes = set(regions[regions.level == "county"].scb_code)
    assert maps.feature_codes("lan") == codes and len(codes) == N_COUNTIES
    assert len(maps.feature_codes("kommun")) == 290


@pytest.mark.parametrize("indicator_id", ["population", "grp_per_capita", "unemployment_rate"])
def test_the_map_shows_21_counties_offline_with_the_three_outlined(warehouse, indicator_id):
    year = ranking.default_year(indicator_id, 2100)
    names = {c: c for c in [*NMS_COUNTIES, SWEDEN]}
    panel = maps.map_panel(indicator_id, year, names, "en")
    fig = panel.figure
    filled = [tr for tr in fig.data if isinstance(tr, go.Choroplethmap) and tr.showscale is not False]
    assert len(filled) == 1 and len(filled[0].locations) == N_COUNTIES
    assert fig.layout.map.style == "white-bg", "a blank style: no tiles fetched"
    assert [layer.color for layer in fig.layout.map.layers] == [charts.colour(c) for c in NMS_COUNTIES]
    sweden = panel.table[panel.table.columns[4]]
    assert len(sweden) == N_COUNTIES and sweden.notna().all()
    assert "Sweden" in fig.layout.title.text or SWEDEN in fig.layout.title.text
    assert all(len(row) == 4 and row[2] and row[3] for row in filled[0].customdata), "value, rank, source on hover"


# --- the views ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang,tabs", [("sv", ("Rangordning", "Karta")), ("en", ("Ranking", "Map"))])
def test_explorer_has_ranking_and_map_tabs_kept_in_the_link(warehouse, lang, tabs):
    at = open_page("app_pages/indicators.py", lang=lang, indicator="unemployment_rate", cy="2021", tab="map")
    assert not at.exception, [e.value for e in at.exception]
    labels = [tb.label for tb in at.tabs]
    assert all(tab in labels for tab in tabs)
    specs = [c.proto.spec for c in at.get("plotly_chart")]
    assert sum("choroplethmap" in s for s in specs) == 1, "the open Karta tab draws the map"
    assert url_values(at, "cy") == ["2021"] and url_values(at, "tab") == ["map"]
    at = open_page("app_pages/indicators.py", lang=lang, indicator="unemployment_rate", cy="2021", tab="ranking")
    specs = [c.proto.spec for c in at.get("plotly_chart")]
    assert not any("choroplethmap" in s for s in specs), "a closed tab is not drawn"
    # choosing the Karta tab writes it to the link
    at = open_page("app_pages/indicators.py", lang=lang, indicator="unemployment_rate")
    assert "tab" not in at.query_params
    at.session_state[f"_tabs_tab_{lang}"] = tabs[1]
    at.run()
    assert url_values(at, "tab") == ["map"]
    assert any("2021" in s and f"{N_COUNTIES}" in s and "Sverige" in s or "Sweden" in s for s in specs)


def test_the_workshop_deck_rebuilds_the_map_and_the_ranking(warehouse):
    from reports import views

    for tab, trace in (("map", go.Choroplethmap), ("ranking", go.Bar)):
        content = views.content("indikatorer", {"indicator": ["population"], "tab": [tab], "cy": ["2021"]}, "sv")
        assert any(isinstance(tr, trace) for tr in content.figure.data) and "2021" in content.figure.layout.title.text
        assert content.source_line.startswith("Källa")


def test_explorer_says_why_a_year_is_not_ranked(warehouse):
    unranked = [y for y in ranking.county_years("rd_intensity") if y not in ranking.rank_years("rd_intensity")]
    at = open_page("app_pages/indicators.py", indicator="rd_intensity", cy=str(unranked[-1]), tab="ranking")
    assert not at.exception
    assert any("rangordnas inte" in i.value for i in at.info)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_most_similar_page_lists_five_with_distance_and_the_left_out(warehouse, lang):
    at = open_page("app_pages/similar.py", ("similar",), lang=lang, county="SE312",
                   sim=["population", "unemployment_rate", "population_density"], w_population="0.0")
    assert not at.exception, [e.value for e in at.exception]
    table = at.dataframe[0].value
    assert len(table) == 1 + similar.N_NEAREST and table.iloc[0, 1] in ("Dalarnas län", "Dalarna")
    distances = table.iloc[1:, 2].tolist()
    assert distances == sorted(distances) and all(d >= 0 for d in distances)
    infos = " ".join(i.value for i in at.info)
    assert ("vikten är 0" if lang == "sv" else "its weight is 0") in infos
    assert "1992" in infos                       # population density: the years it has all 21
    at.selectbox(key="county").select("SE313").run()         # a choice made on the page goes into the link
    assert url_values(at, "county") == ["SE313"] and at.dataframe[0].value.iloc[0, 1] in ("Gävleborgs län", "Gävleborg")


def test_specialisation_page_shows_shift_share_that_adds_up(warehouse):
    at = open_page("app_pages/specialisation.py", ("ss-total", "ss-industry"), lang="en", s3_base="2008")
    assert not at.exception, [e.value for e in at.exception]
    assert any(h.value.startswith("Shift-share") for h in at.header)
    total = next(d.value for d in at.dataframe if "Regional effect" in d.value.columns and "Industry" not in d.value)
    parts = total[["National growth", "Industry mix", "Regional effect"]].sum(axis=1)
    assert parts.to_numpy() == pytest.approx(total["Change"].to_numpy())
    at.selectbox(key="s3_base").select(2010).run()
    assert url_values(at, "s3_base") == ["2010"] and not at.exception


def test_most_similar_view_builds_for_the_workshop_deck(warehouse):
    from reports import views

    content = views.content("mest-lika", {"county": ["SE311"]}, "sv")
    assert content.figure is not None and "Värmlands län" in content.figure.layout.title.text


# --- municipalities (the bundled municipal population) -----------------------------------------


def test_the_41_municipalities_are_regions_with_their_county(warehouse, con):
    rows = con.execute("""SELECT m.region_code, m.scb_code, m.parent_code, c.scb_code FROM region m
                          JOIN region c ON c.region_code = m.parent_code WHERE m.level = 'municipality'""").fetchall()
    assert len(rows) == 41 and {p for _, _, p, _ in rows} == set(NMS_COUNTIES)
    assert all(code == scb and scb[:2] == county_scb for code, scb, _, county_scb in rows)
    assert {code for code, *_ in rows} <= maps.feature_codes("kommun")
    # complete counties sum exactly to the county's municipal total on the same file (checked in curation);
    # and the county population of a complete year equals the sum of its municipalities in the warehouse
    (county, year), = con.execute("""
        SELECT m.parent_code, v.year FROM indicator_value v JOIN region m USING (region_code)
        WHERE m.level = 'municipality' AND m.parent_code = 'SE311' AND v.year = 2021 AND v.indicator_id = 'population'
        GROUP BY ALL HAVING count(*) = 16""").fetchall()
    total = con.execute("""SELECT sum(v.value) FROM indicator_value v JOIN region m USING (region_code)
                           WHERE m.parent_code = ? AND m.level = 'municipality' AND v.year = ?
                           AND v.indicator_id = 'population'""", [county, year]).fetchone()[0]
    assert total == con.execute("""SELECT value FROM indicator_value WHERE region_code = ? AND year = ?
                                   AND indicator_id = 'population'""", [county, year]).fetchone()[0]


def test_the_municipal_map_uses_the_year_most_have_and_names_the_missing(warehouse):
    names = {}
    panel, coverage = maps.municipal_panel("population", names, "en")
    fig = panel.figure
    filled = next(tr for tr in fig.data if tr.showscale is not False)
    missing = [tr for tr in fig.data if tr.showscale is False]
    n_with = len(filled.locations)
    year = int(panel.table.iloc[0, 3])
    assert n_with + (len(missing[0].locations) if missing else 0) == 41, "every municipality drawn, none dropped"
    if n_with < 41:                     # the bundled file has no year with all 41: say so, name them
        assert f"{n_with} of 41" in coverage and "no year has values for all" in coverage
        assert all(code in coverage for code in missing[0].locations)
    else:
        assert coverage == f"All 41 municipalities have a value in {year}."
    assert [layer.color for layer in fig.layout.map.layers] == [charts.colour(c) for c in NMS_COUNTIES]
    assert maps.municipal_year(pd.DataFrame({"region_code": ["a", "b", "a", "b", "a"], "year": [1, 1, 2, 2, 3],
                                             "value": [1, 1, 1, None, 1]})) == (1, 2)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_overview_has_a_map_of_the_21_counties_kept_in_the_link(warehouse, lang):
    closed = open_page(None, lang=lang)   # the map is one click away, not drawn on every open
    assert not [c for c in closed.get("plotly_chart") if "choroplethmap" in c.proto.spec]
    assert closed.expander(key="overview-map-box") is not None
    at = open_page(None, lang=lang, omap="population")  # a link with a map opens it
    at.selectbox(key="omap").select("unemployment_rate").run()
    assert not at.exception, [e.value for e in at.exception]
    maps_drawn = [c for c in at.get("plotly_chart") if "choroplethmap" in c.proto.spec]
    title = json.loads(maps_drawn[0].proto.spec)["layout"]["title"]["text"]
    assert len(maps_drawn) == 1 and ("Arbetslöshet" in title or "Unemployment" in title)
    assert url_values(at, "omap") == ["unemployment_rate"]


def test_the_county_brief_fills_its_map_slot(warehouse):
    from reports import brief, render

    if reason := render.unavailable(("kaleido", "typst")):
        pytest.skip(f"exports cannot run here ({reason})")
    with render.session():
        png, source_line = brief.map_picture("SE312", "sv")
    assert png.startswith(b"\x89PNG") and source_line.startswith(("Källa", "Beräknat"))


def test_the_municipal_map_sends_only_the_three_counties_municipalities(warehouse):
    panel, _ = maps.municipal_panel("population", {}, "sv")
    sent = {f["properties"][maps.MUNICIPALITY_KEY] for tr in panel.figure.data for f in tr.geojson["features"]}
    assert len(sent) == 41 and all(code[:2] in ("17", "20", "21") for code in sent)


def test_a_workshop_step_of_the_map_tab_is_titled_with_it(warehouse):
    at = open_page("app_pages/indicators.py", indicator="population", tab="map", cy="2021")
    at.button(key=next(b.key for b in at.button if b.label == "Lägg till vyn i workshop")).click().run()
    assert not at.exception
    assert at.session_state["ws_views"][-1].title.endswith("Karta 2021")
    assert at.session_state["ws_views"][-1].params["tab"] == ["map"]


def _synthetic_municipal_reference(tmp_path, county_value: str):
    """A synthetic reference folder: one county with two municipalities and the county's total."""
    folder = tmp_path / "scb_population"
    folder.mkdir(parents=True)
    head = "region_code,region_name,indicator,year,value,unit,original_source,retrieved_from,note\n"
    rows = [("1701", "A"), ("1702", "B")]
    lines = [f"{c},{n},population_31dec,2020,{v},persons,SCB,https://example.org/p (page date: x),[primary] synthetic"
             for (c, n), v in zip(rows, ("100", "50"), strict=True)]
    lines.append(f"17,County,population_31dec,2020,{county_value},persons,SCB,https://example.org/p (page date: x),"
                 "[primary] synthetic")
    (folder / "population_municipalities_nms.csv").write_text(head + "\n".join(lines) + "\n", encoding="utf-8")
    regions = [{"region_code": c, "level": "municipality", "scb_code": c} for c, _ in rows]
    return tmp_path, regions


def test_municipal_population_must_sum_to_its_county(tmp_path):
    from etl.curate import scb_population
    from etl.curate.sources import SourceRegistry

    ref, regions = _synthetic_municipal_reference(tmp_path, "150")
    decisions: list[str] = []
    out = scb_population.municipal_values(ref, SourceRegistry(), regions, decisions)
    assert sorted((r["region_code"], r["value"]) for r in out) == [("1701", "100"), ("1702", "50")]
    assert "17 2020" in decisions[-1]
    bad, regions = _synthetic_municipal_reference(tmp_path / "bad", "151")
    with pytest.raises(ValueError, match="sum to 150 in 2020, the county is 151"):
        scb_population.municipal_values(bad, SourceRegistry(), regions, [])


@pytest.mark.parametrize(("page", "params", "tabs", "other_tab"), [
    ("app_pages/specialisation.py", {"s3_base": "2008"}, "ss-tabs", "ss.tab_industry"),
    ("app_pages/border.py", {"bo_tab": "employment"}, "bo-emp-tabs", "bo.tab_lq"),
    ("app_pages/specialisation.py", {}, "s3-lq-tabs", "s3.tab_bubble"),         # the LQ chart, or size and change
])
def test_charts_that_share_a_question_draw_one_at_a_time(warehouse, page, params, tabs, other_tab):
    """Two charts on one question sit in tabs: the open one is drawn, the other when its tab
    is opened (fewer charts for the browser to draw when the page opens, #22)."""
    from app.i18n import t

    def titles(at):
        return [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]

    at = open_page(page, lang="en", **params)
    assert not at.exception, [e.value for e in at.exception]
    opened = titles(at)
    at.session_state[tabs] = t(other_tab, "en")
    at.run()
    switched = titles(at)
    assert not at.exception and len(opened) == len(switched) and opened != switched, (opened, switched)
