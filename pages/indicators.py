"""Indikatorer / Indicator explorer: any indicator, any regions, as chart and table."""

import streamlit as st

from app import charts, components, explorer, queries, state
from app.i18n import col, t

f = state.current()
lang = state.language()
st.title(t("ind.title"))

inds = queries.indicators()
labels = dict(zip(inds.indicator_id, inds[col("name")]))
c1, c2 = st.columns([3, 2])
state.from_url("indicator", "grp_per_capita", lambda raw: raw[-1], lambda v: v in labels)
indicator_id = c1.selectbox(t("ind.choose"), list(labels), format_func=labels.get, key="indicator")
state.to_url("indicator", "grp_per_capita")
meta = inds.set_index("indicator_id").loc[indicator_id]
modes = ["value", "index"] + (["per_capita"] if explorer.per_capita_allowed(meta) else [])
state.from_url("mode", "value", lambda raw: raw[-1], lambda v: v in explorer.MODES)
if st.session_state["mode"] not in modes:
    st.session_state["mode"] = "value"
mode = c2.segmented_control(t("ind.mode"), modes, key="mode", required=True,
                            format_func=lambda m: t(f"ind.mode.{m}")) or "value"
state.to_url("mode", "value")
base_year = None
if mode == "index":
    years = explorer.available_years(indicator_id, f.regions, f.year_from, f.year_to)
    if years:
        state.from_url("base", years[0], lambda raw: int(raw[-1]), lambda v: v in years)
        if st.session_state["base"] not in years:
            st.session_state["base"] = years[0]
        base_year = st.selectbox(t("ind.base_year"), years, key="base")
        state.to_url("base", years[0])

if not f.regions:
    st.info(t("ind.no_selection"))
    st.stop()

view = explorer.build(indicator_id, f.regions, f.year_from, f.year_to, mode, base_year)
region_names = dict(zip(queries.regions().region_code, queries.regions()[col("name")]))
source_line = components.source_line(view.source_ids, derived=view.is_derived)
if view.chart_df.empty:  # an empty frame of axes says nothing: say so in words instead
    st.warning(t("common.no_data"))
else:
    fig = charts.line(view.chart_df, labels=region_names, title=view.name, unit=view.unit,
                      source_line=source_line, lang=lang, decimals=view.decimals)
    components.chart_panel(fig, view.table, decimals={view.table.columns[3]: view.decimals},
                           name=f"{indicator_id}_{mode}", notes=[view.name, view.unit, source_line],
                           key="explorer")

for note in view.notes:
    st.info(note, icon=":material/info:")
st.markdown(f"**{t('common.definition')}.** {view.description}  \n**{t('common.unit')}:** {view.unit}")
if view.derivation:
    st.caption(t("ind.derived", formula=view.derivation))
if view.coverage:
    st.caption(view.coverage + " " + t("chart.note_gaps"))
st.markdown(components.source_links(view.source_ids))
