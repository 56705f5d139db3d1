"""Utmaningar / Challenges: the joint strategy's challenges, with evidence per county."""

import streamlit as st

from app import challenges, components, queries, state
from app.i18n import col, t
from etl.vocabulary import NMS_COUNTIES, SWEDEN

f = state.current()
names = queries.region_names(f.lang)
regions = [*NMS_COUNTIES, SWEDEN]
st.title(t("ch.title"))
slot = components.main_slot(f.present)  # presentation mode: the matrix first
st.caption(t("ch.intro"))
st.caption(t("ch.regions_fixed", regions=", ".join(names[c] for c in regions)))

ch = queries.challenges()
with_ev = challenges.with_evidence(ch)

# 1/ Matrix
state.view_title(challenges.step_title([names[c] for c in NMS_COUNTIES], f.lang))
with slot or st.container():
    if not f.present:
        st.header(t("ch.matrix"))
    components.chart_panel(challenges.matrix_view(tuple(NMS_COUNTIES), tuple(regions), f.lang, f.present),
                           key="ch-matrix", main=f.present)
with st.expander(t("ch.rule_title"), expanded=False):
    st.markdown(t("ch.rule"))
if without := challenges.without_evidence(ch, names, f.lang):
    with st.expander(f"{t('ch.without_evidence')} ({len(without)})"):
        for line in without:
            st.markdown(line)

# 2/ Per challenge over time
st.header(t("ch.detail"))
labels = dict(zip(with_ev.challenge_id, with_ev[col("name")], strict=True))
state.from_url("challenge", with_ev.challenge_id.iloc[0], lambda raw: raw[-1], lambda v: v in labels)
cid = st.selectbox(t("ch.choose"), list(labels), format_func=labels.get, key="challenge")
state.to_url("challenge", with_ev.challenge_id.iloc[0])
chosen = ch.set_index("challenge_id").loc[cid]
st.caption(challenges.description(chosen))
for ind in chosen.indicator_ids:
    components.chart_panel(challenges.indicator_view(str(ind), tuple(regions), cid, f.lang, f.present),
                           key=f"ch-{ind}")

# 3/ Action areas
st.header(t("ch.action_areas"))
for head, lines, gap in challenges.action_area_lines(queries.action_areas(), f.lang):
    st.markdown(head)
    for line in lines:
        st.markdown(line)
    if gap:  # the areas that could not be retrieved: once, as a known gap
        st.caption(gap)
