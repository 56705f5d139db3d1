"""Specialisering / Specialisation: declared S3 priorities against measured specialisation."""

import streamlit as st

from app import components, queries, shiftshare, specialisation as s3, state, text
from app.i18n import t
from etl.vocabulary import NMS_COUNTIES

f = state.current()
names = queries.region_names(f.lang)
st.title(t("s3.title"))
slot = components.main_slot(f.present)  # presentation mode: the measured specialisation first
st.caption(t("s3.intro"))

# 1/ Declared priorities
st.header(t("s3.priorities"))
state.from_url("old", False, lambda raw: raw[-1] == "1")
show_old = st.toggle(t("s3.show_superseded"), key="old")
state.to_url("old", False, lambda v: "1")
areas = queries.s3_areas(show_old)

st.subheader(t("s3.matrix"))
st.table(s3.theme_matrix(areas, f.lang).style.map(lambda v: f"background-color: {s3.MATRIX_FILL}" if v else ""))
st.caption(t("s3.matrix_note"))
for column, code in zip(st.columns(len(NMS_COUNTIES)), NMS_COUNTIES, strict=True):
    with column:
        st.markdown(f"#### {names[code]}")
        for card in s3.area_cards(areas, code, f.lang):
            with st.expander(text.md(card.title)):  # one markdown per card: fewer elements to draw (#22)
                st.caption(text.md(card.strategy))
                st.markdown("\n\n".join(([text.md(card.description)] if card.description else []) + card.lines))

# 2/ Measured specialisation
st.header(t("s3.measured"))
st.caption(t("s3.measured_note"))
chosen, counties, missing = s3.measured_counties(f.regions, set(queries.employment_regions()))
if missing:
    st.info(t("s3.no_employment", regions=", ".join(names.get(r, r) for r in missing)), icon=":material/info:")
datasets = s3.datasets_for(queries.employment_datasets(), counties).reset_index(drop=True)
default = queries.default_employment_dataset()
if not chosen:
    st.info(t("s3.choose_county"))
elif not datasets.empty:
    labels = s3.dataset_labels(datasets, f.lang)
    first, first_year = s3.default_choice(datasets, default)
    c1, c2, c3 = st.columns([3, 1, 1])
    state.choice("ds", list(labels), first, lambda raw: int(raw[-1]))
    ds = datasets.loc[c1.selectbox(t("s3.dataset"), list(labels), format_func=labels.get, key="ds")]
    state.to_url("ds", first)
    years = [int(y) for y in ds.years]
    state.choice("s3y", years, first_year if first_year in years else years[-1], lambda raw: int(raw[-1]))
    year = c2.selectbox(t("s3.year"), years[::-1], key="s3y")
    options, index = s3.compare_years(years, year)
    state.choice("s3_base", options, options[index], lambda raw: int(raw[-1]))
    base = c3.selectbox(t("s3.compare_year"), options, key="s3_base")
    state.to_url("s3_base", options[index])

    panel, krugman, bubble = s3.measured(str(ds.classification), str(ds.source_id), year, base, tuple(counties),
                                         f.lang, f.present)
    state.view_title(s3.step_title(year, [names[c] for c in counties], labels[ds.name], f.lang))
    # the bubble chart (size and change) is a further tab of the LQ chart: drawn when opened (#22)
    bubble_tab = [("bubble", t("s3.tab_bubble"), lambda: components.chart_panel(bubble, key="s3-bubble"))]
    with slot or st.container():
        components.chart_panel(panel, key="s3-lq", main=f.present, extra=bubble_tab if bubble is not None else ())
    if ds.classification == "NACE_A10":
        st.caption(t("s3.low_precision"))

    if krugman:
        st.markdown(f"**{t('s3.krugman')}**", help=t("s3.krugman_help"))
        components.cards(krugman)

    if base != year:
        st.header(t("ss.head"))  # shift-share between the same two years of the same dataset
        ss = shiftshare.build(ds.classification, ds.source_id, base, year, tuple(counties), names, f.lang,
                              f.present)
        labels = {"ss-total": t("ss.tab_total"), "ss-industry": t("ss.tab_industry")}
        components.panel_choice([(key, labels[key], p) for key, p in ss.panels], key="ss")
        st.caption("  \n".join(text.md(note) for note in ss.notes))

# 3/ Declared against measured, for all three counties on one footing (the default dataset and year)
st.header(t("s3.dm"))
statements, dm_table, footing_src, footing_text = s3.declared_vs_measured_on_one_footing(f.lang)
st.caption(t("s3.dm_note") + " " + footing_text)
for column, code in zip(st.columns(len(NMS_COUNTIES)), NMS_COUNTIES, strict=True):
    with column:
        st.markdown(f"#### {names[code]}")
        if mine := [f"- {text.md(s.text)}" for s in statements if s.region_code == code]:
            st.markdown("\n".join(mine))  # one list, one element
if not dm_table.empty:
    with st.expander(t("common.table")):
        st.dataframe(components.styled(dm_table, {"LQ": 2, t("s3.col.employed"): 0}), hide_index=True,
                     key="s3-dm-table")
        components.downloads(dm_table, s3.dm_download_name(f.lang), [footing_src], key="s3-dm",
                             decimals={"LQ": 2, t("s3.col.employed"): 0})
