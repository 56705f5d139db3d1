"""Finansiering / Funding: Vinnväxt, ERUF, Horizon and Interreg in the counties chosen in the sidebar."""

import streamlit as st

from app import components, funding, queries, state
from app.i18n import t

f = state.current()
names = queries.region_names(f.lang)
st.title(t("fu.title"))
slot = components.main_slot(f.present)  # presentation mode: the totals chart first
st.caption(t("fu.intro"))
st.info(t("fu.honest"), icon=":material/info:")

sel = funding.selection(f.regions, f.year_from, f.year_to)
if not sel.counties:
    st.warning(t("fu.no_county"), icon=":material/filter_alt:")
    st.stop()
st.caption(funding.filter_caption(sel, names, f.lang))
c1, c2 = st.columns([4, 1])
kind = state.segmented(c1, t("fu.kind"), funding.PROJECT_KINDS, "kind", funding.DEFAULT_KIND,
                       format_func=lambda k: funding.kind_name(k, f.lang))
currency = state.segmented(c2, t("fu.currency"), list(funding.AMOUNT_COLUMNS), "cur", funding.DEFAULT_CURRENCY)
view = funding.page_view(sel, kind, currency, f.lang, f.present)  # cached: charts, cards and tables
if view.rate_caption:
    st.caption(view.rate_caption)

# 1/ By programme, county and period, and how much of each programme the listed projects are
st.header(t("fu.overview"))
state.view_title(funding.step_title(kind, currency, f.lang))
if view.panel is None:
    st.warning(t("common.no_data"))
else:
    with slot or st.container():
        components.chart_panel(view.panel, key="fu-totals", main=f.present)
    for note in (view.unconverted_caption, view.applied_caption):
        if note:
            st.caption(note)
    if view.n_conflicting:
        st.caption(t("fu.conflicts_excluded", n=view.n_conflicting))
    components.cards(view.county_cards, 3)
    st.caption(view.per_capita_caption)
    st.subheader(t("fu.programme_coverage"))
    components.cards(view.programme_cards, 3)

link_column = {t("src.url"): st.column_config.LinkColumn(t("src.url"), display_text="↗")}
with st.expander(t("fu.programme_level")):
    st.dataframe(view.programme_table, hide_index=True, key="fu-programme", column_config=link_column)

# Conflicting figures for one project: both shown, on every run (they qualify the totals above)
if view.conflicts:
    st.header(t("fu.conflicts"))
    st.caption(t("fu.conflicts_note"))
    for project, lines in view.conflicts:
        st.markdown(f"**{project}**")
        for line in lines:
            st.markdown(f"- {line}")

# 2-5/ Projects, flows, S3 alignment, coverage: one section at a time, the open one in the link
# (only the open section is drawn: a page opens as fast as one with a chart and a table, #22)
sections = {"projects": t("fu.projects"), "flows": t("fu.flows"), "alignment": t("fu.alignment"),
            "coverage": t("fu.coverage")}
tab_projects, tab_flows, tab_alignment, tab_coverage = state.url_tabs("fu_tab", sections, "projects")
if tab_projects.open is not False:
    with tab_projects:  # an Interreg project has a row per partner
        search = st.text_input(t("fu.search"), key="fu_q")
        projects = funding.projects_view(sel, search, currency, f.lang)
        st.caption(view.projects_caption)
        st.dataframe(projects, hide_index=True, key="fu-projects", column_config={
            **link_column, t("fu.col.amount"): st.column_config.NumberColumn(format="localized"),
            t("fu.col.converted", currency=currency): st.column_config.NumberColumn(format="localized"),
        })
        components.downloads(projects, funding.download_name(f.lang), view.notes, key="fu-projects")
if tab_flows.open is not False:
    with tab_flows:
        if view.flows is None:
            st.warning(t("common.no_data"))
        else:
            components.chart_panel(view.flows, key="fu-sankey")
if tab_alignment.open is not False:
    with tab_alignment:  # projects not classified are their own category
        st.caption(t("fu.alignment_note", kind=funding.kind_name(kind, f.lang)))
        components.cards(view.alignment_cards, 3)
        with st.expander(t("fu.unmatched", n=view.n_unmatched)):
            st.dataframe(view.unmatched_table, hide_index=True, key="fu-unmatched")
if tab_coverage.open is not False:
    with tab_coverage:
        st.dataframe(view.coverage_table, hide_index=True, key="fu-coverage")
        st.caption(t("fu.gaps"))
        st.markdown(t("fu.coverage_note"))
