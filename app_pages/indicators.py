"""Indikatorer / Indicator explorer: any indicator, any regions, as chart and table."""

import streamlit as st

from app import components, indicators, maps, queries, ranking, sources, state, text
from app.i18n import col, t
from etl.vocabulary import N_COUNTIES

f = state.current()
st.title(t("ind.title"))
slot = components.main_slot(f.present)  # presentation mode: the chart first, the choices below

inds = queries.indicators()
labels = dict(zip(inds.indicator_id, inds[col("name")], strict=True))
c1, c2, c3 = st.columns([3, 2, 1])
state.from_url("indicator", indicators.DEFAULT_INDICATOR, lambda raw: raw[-1], lambda v: v in labels)
indicator_id = c1.selectbox(t("ind.choose"), list(labels), format_func=labels.get, key="indicator")
state.to_url("indicator", indicators.DEFAULT_INDICATOR)
modes = indicators.modes_for(inds.set_index("indicator_id").loc[indicator_id])
mode = state.segmented(c2, t("ind.mode"), modes, "mode", "value", format_func=lambda m: t(f"ind.mode.{m}"))
county_years = ranking.county_years(indicator_id)  # the ranking and map tabs: one year, all 21 counties
county_year = ranking.default_year(indicator_id, f.year_to)
if county_years:
    state.choice("cy", county_years, county_year, lambda raw: int(raw[-1]))
    county_year = c3.selectbox(t("rk.year"), county_years[::-1], key="cy")
    state.to_url("cy", ranking.default_year(indicator_id, f.year_to))
base_year = None
if mode == "index":
    years = indicators.available_years(indicator_id, f.regions, f.year_from, f.year_to)
    if years:
        state.choice("base", years, years[0], lambda raw: int(raw[-1]))
        base_year = st.selectbox(t("ind.base_year"), years, key="base")
        state.to_url("base", years[0])

if not f.regions:
    st.info(t("ind.no_selection"))
    st.stop()

view, panel, compare = indicators.shown(indicator_id, f.regions, f.year_from, f.year_to, f.lang, mode, base_year,
                                       f.present)
state.view_title(indicators.step_title(view, queries.region_names(f.lang), f.regions, f.year_from, f.year_to, f.lang))
names = queries.region_names(f.lang)


def standing() -> None:
    """Rangordning: all 21 counties in the chosen year, and the chosen counties' rank over time."""
    r = ranking.build(indicator_id, county_year, f.regions, f.lang)
    st.caption(t("rk.values_note") if mode != "value" else t("rk.method", n=N_COUNTIES))
    if r.year is None:
        st.info(t("rk.not_all", year=county_year, years=", ".join(map(str, r.years))) if r.years else t("rk.no_year"))
    for key, p in (("rank-bars", ranking.bars_panel(r, names, f.lang, f.present)),
                   ("rank-history", ranking.history_panel(r, names, f.lang, f.present))):
        if p is not None:
            components.chart_panel(p, key=key, main=f.present)


def county_map() -> None:
    """Karta: the 21 counties filled by value in the chosen year, the three outlined."""
    try:
        p = maps.map_panel(indicator_id, county_year, names, f.lang, f.present)
    except maps.GeometryUnavailable:
        st.warning(t("map.unavailable"))
        return
    if p is not None:
        components.chart_panel(p, key="map", main=f.present)
    muni, coverage = maps.municipal_panel(indicator_id, names, f.lang, f.present)
    if muni is not None:  # where municipal values exist (e.g. the bundled population)
        st.subheader(t("map.muni_head"))
        st.caption(coverage)
        components.chart_panel(muni, key="map-municipal")


extra = [("ranking", t("ind.tab.ranking"), standing), ("map", t("ind.tab.map"), county_map)] if county_years else []
with slot or st.container():
    if panel is None:  # an empty frame of axes says nothing: say so in words instead
        st.warning(t("common.no_data"))
    else:
        components.chart_panel(panel, key="explorer", main=f.present, extra=extra, tab_key="tab")
        if state.open_tab("tab") in ("ranking", "map"):  # a workshop step of the open tab says so
            tab = t("ind.tab.map") if state.open_tab("tab") == "map" else t("ind.tab.ranking")
            state.view_title(f"{view.name} · {tab} {county_year}")

for note in view.notes:
    st.info(text.md(note), icon=":material/info:")
if compare is not None:
    st.subheader(t("ind.compare"))
    st.caption(view.compare_note)
    components.chart_panel(compare, key="explorer-compare")
st.markdown(f"**{t('common.definition')}.** {text.md(view.description)}  \n"
            f"**{t('common.unit')}:** {text.md(view.unit)}")
if view.derivation:
    st.caption(t("ind.derived", formula=text.md(view.derivation)))
if view.coverage:
    st.caption(view.coverage + " " + t("chart.note_gaps"))
st.markdown(sources.links(view.source_ids))
