"""Indikatorer / Indicator explorer: any indicator, any regions, as chart and table."""

import streamlit as st

from app import components, indicators, queries, sources, state, text
from app.i18n import col, t

f = state.current()
st.title(t("ind.title"))
slot = components.main_slot(f.present)  # presentation mode: the chart first, the choices below

inds = queries.indicators()
labels = dict(zip(inds.indicator_id, inds[col("name")]))
c1, c2 = st.columns([3, 2])
state.from_url("indicator", indicators.DEFAULT_INDICATOR, lambda raw: raw[-1], lambda v: v in labels)
indicator_id = c1.selectbox(t("ind.choose"), list(labels), format_func=labels.get, key="indicator")
state.to_url("indicator", indicators.DEFAULT_INDICATOR)
modes = indicators.modes_for(inds.set_index("indicator_id").loc[indicator_id])
mode = state.segmented(c2, t("ind.mode"), modes, "mode", "value", format_func=lambda m: t(f"ind.mode.{m}"))
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
with slot or st.container():
    if panel is None:  # an empty frame of axes says nothing: say so in words instead
        st.warning(t("common.no_data"))
    else:
        components.chart_panel(panel, key="explorer", main=f.present)

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
