"""Mest lika län / Most similar counties: the counties most like a chosen county."""

import streamlit as st

from app import components, queries, similar, state, text
from app.i18n import t
from etl.vocabulary import N_COUNTIES

f = state.current()
st.title(t("sim.title"))
slot = components.main_slot(f.present)  # presentation mode: the chart first, the choices below
st.caption(t("sim.intro"))

names = queries.region_names(f.lang)
regions = queries.regions()
counties = regions[regions.level == "county"].region_code.tolist()
options = similar.candidates(f.lang)
c1, c2 = st.columns([1, 3])
state.choice("county", counties, similar.DEFAULT_COUNTY)
target = c1.selectbox(t("sim.county"), counties, format_func=names.get, key="county")
state.to_url("county", similar.DEFAULT_COUNTY)
default = [i for i in similar.DEFAULT_INDICATORS if i in options]
chosen = state.multichoice(c2, t("sim.indicators"), list(options), "sim", default, format_func=options.get)

weights = {}
if chosen:
    st.markdown(f"**{t('sim.weights')}**")
    for column, i in zip(st.columns(min(len(chosen), 4)) * len(chosen), chosen, strict=False):
        state.choice(f"w_{i}", list(similar.WEIGHTS), 1.0, lambda raw: float(raw[-1]))
        weights[i] = column.select_slider(text.md(options[i]), similar.WEIGHTS, key=f"w_{i}")
        state.to_url(f"w_{i}", 1.0)

result = similar.build(target, chosen, weights)
state.view_title(similar.step_title(target, names, f.lang))
panel = similar.panel(result, target, names, options, f.lang, f.present)
with slot or st.container():
    if panel is None:
        st.warning(t("sim.none"))
    else:
        st.caption(t("sim.year", year=result.year))
        components.chart_panel(panel, key="similar", main=f.present)
for line in similar.left_out_texts(result, options, f.lang):
    st.info(text.md(line), icon=":material/info:")
st.markdown(f"**{t('sim.method_head')}.** {t('sim.method', n=N_COUNTIES)}")
