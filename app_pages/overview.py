"""Översikt / Overview: the chosen regions side by side, each row on one year."""

import streamlit as st

from app import components, maps, overview, queries, ranking, state, text
from app.i18n import col, t
from etl.vocabulary import NMS_COUNTIES
from reports import brief

f = state.current()
st.title(t("overview.title"))
if not f.regions:
    st.info(t("ind.no_selection"))
    st.stop()

rows = overview.build(f.year_from, f.year_to, f.lang, f.regions)
state.view_title(overview.step_title(queries.region_names(f.lang), f.year_to, f.lang, f.regions))
if f.present:  # the figures first, as one grid that fits the projector
    with components.main_slot(f.present):
        components.headline_grid(rows)
st.caption(t("overview.intro", year=f.year_to))

for row in rows if not f.present else []:
    with st.container(border=True):
        st.markdown(f"**{text.md(row.heading)}**", help=row.description)
        if row.year is None:
            st.caption(t("overview.no_common_year", year=f.year_to))
        if row.cards:
            for column, card in zip(st.columns(len(row.cards)), row.cards, strict=True):
                with column:
                    st.metric(card.label, card.value_text, delta=card.delta_text, delta_color=card.delta_color,
                              delta_description=card.delta_since, chart_data=card.sparkline or None,
                              chart_type="line")
                    if card.note:
                        st.caption(text.md(card.note))
        if row.missing_text:
            st.caption(row.missing_text)
        st.caption(text.md(row.source_line))

if not f.present:  # the county brief, for after the workshop
    names = queries.region_names(f.lang)
    b1, b2, _ = st.columns([1.2, 1.2, 2], vertical_alignment="bottom")
    county = b1.selectbox(t("export.brief_county"), NMS_COUNTIES, format_func=names.get, key="brief_county")
    components.export_button(b2, t("export.brief"), lambda: brief.build(county, f.lang),
                             brief.file_name(county, f.lang), brief.MIME, brief.unavailable(), key="brief",
                             help=t("export.brief_help"))

# where the counties stand: one headline indicator on the map of the 21 counties, drawn when
# opened (a map costs the browser more than the rest of the page) or when the link names one
box = None if f.present else st.expander(t("overview.map"), expanded="omap" in st.query_params, key="overview-map-box",
                                         on_change="rerun", icon=":material/map:")
if box is not None and box.open is not False:
    with box:
        inds = queries.indicators()
        labels = dict(zip(inds.indicator_id, inds[col("name")], strict=True))
        state.choice("omap", overview.HEADLINE_INDICATORS, overview.HEADLINE_INDICATORS[0])
        map_indicator = st.selectbox(t("ind.choose"), overview.HEADLINE_INDICATORS, format_func=labels.get, key="omap")
        st.query_params["omap"] = map_indicator  # an opened map stays open in a copied link
        county_map = maps.map_panel(map_indicator, ranking.default_year(map_indicator, f.year_to),
                                    queries.region_names(f.lang), f.lang)
        if county_map is not None:
            components.chart_panel(county_map, key="overview-map")
elif box is not None:
    st.query_params.pop("omap", None)  # closed: a copied link opens the page without it

with st.expander(t("overview.table")):
    table = overview.table(rows, f.lang)
    st.dataframe(components.styled(table, {t("common.value"): overview.table_decimals(rows, f.lang)}),
                 hide_index=True, key="overview-table")
    components.downloads(table, overview.download_name(f.lang), overview.table_source_notes(rows, f.lang),
                         key="overview", decimals={t("common.value"): overview.table_decimals(rows, f.lang)})
