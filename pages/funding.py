"""Finansiering / Funding: Vinnväxt, ERUF, Horizon and Interreg in the counties chosen in the sidebar."""

import streamlit as st

from app import components, funding, queries, state
from app.i18n import t

f = state.current()
names = queries.region_names(f.lang)
buckets = funding.bucket_names(names, f.lang)
st.title(t("fu.title"))
slot = components.main_slot(f.present)  # presentation mode: the totals chart first
st.caption(t("fu.intro"))
st.info(t("fu.honest"), icon=":material/info:")

sel = funding.selection(f.regions, f.year_from, f.year_to)
if not sel.counties:
    st.warning(t("fu.no_county"), icon=":material/filter_alt:")
    st.stop()
st.caption(funding.filter_caption(sel, names, f.lang))
every = queries.funding()
df = funding.select(every, sel)
c1, c2 = st.columns([4, 1])
kind = state.segmented(c1, t("fu.kind"), funding.PROJECT_KINDS, "kind", funding.DEFAULT_KIND,
                       format_func=lambda k: funding.kind_name(k, f.lang))
currency = state.segmented(c2, t("fu.currency"), list(funding.AMOUNT_COLUMNS), "cur", funding.DEFAULT_CURRENCY)
if caption := funding.rate_caption(every, f.lang):
    st.caption(caption)
source_line = funding.source_line(df, kind, f.lang)
notes = [funding.source_line(df, kind, f.lang, full=True), t("fu.kind_note")]

# 1/ By programme, county and period, and how much of each programme the listed projects are
st.header(t("fu.overview"))
panel, tot, cov = funding.main_panel(every, sel, kind, currency, names, f.lang, f.present)
state.view_title(funding.step_title(kind, currency, f.lang))
if panel is None:
    st.warning(t("common.no_data"))
else:
    with slot or st.container():
        components.chart_panel(panel, key="fu-totals", main=f.present)
    for note in (funding.unconverted_caption(tot, buckets, f.lang), funding.applied_caption(df, kind, f.lang)):
        if note:
            st.caption(note)
    if n_conflict := funding.n_conflicting(df):
        st.caption(t("fu.conflicts_excluded", n=n_conflict))
    cards, per_capita_caption = funding.county_cards(tot, queries.latest_population(sel.counties), names, kind,
                                                     currency, f.lang, sel.counties)
    components.cards(cards, 3)
    st.caption(per_capita_caption)
    st.subheader(t("fu.programme_coverage"))
    components.cards(funding.programme_cards(tot, cov, kind, currency, f.lang), 3)

link_column = {t("src.url"): st.column_config.LinkColumn(t("src.url"), display_text="↗")}
with st.expander(t("fu.programme_level")):
    st.dataframe(funding.programme_table(df, f.lang), hide_index=True, key="fu-programme", column_config=link_column)

# 2/ Projects and beneficiaries (an Interreg project has a row per partner)
st.header(t("fu.projects"))
search = st.text_input(t("fu.search"), key="fu_q")
projects = funding.projects_table(df, names, search, currency, f.lang)
st.caption(funding.projects_caption(df, f.lang))
st.dataframe(projects, hide_index=True, key="fu-projects", column_config={
    **link_column, t("fu.col.amount"): st.column_config.NumberColumn(format="localized"),
    t("fu.col.converted", currency=currency): st.column_config.NumberColumn(format="localized"),
})
components.downloads(projects, funding.download_name(f.lang), notes, key="fu-projects")

# 3/ Flows
st.header(t("fu.flows"))
links = funding.sankey_links(df, kind, currency)
if links.empty:
    st.warning(t("common.no_data"))
else:
    labels = funding.flow_labels(buckets, queries.theme_names(f.lang), f.lang, df)
    components.chart_panel(funding.flows_panel(links, labels, kind, currency, source_line, f.lang, f.present, notes),
                           key="fu-sankey")

# 4/ Alignment with S3 (projects not classified are their own category)
st.header(t("fu.alignment"))
st.caption(t("fu.alignment_note", kind=funding.kind_name(kind, f.lang)))
alignment = funding.alignment(df, queries.declared_themes(), kind, currency, sel.counties)
components.cards(funding.alignment_cards(alignment, names, currency, f.lang), 3)
unmatched = funding.unmatched(df)
with st.expander(t("fu.unmatched", n=len(unmatched))):
    st.dataframe(funding.unmatched_table(unmatched, f.lang), hide_index=True, key="fu-unmatched")

# 5/ Conflicts
if conflicts := funding.conflicts(df, f.lang):
    st.header(t("fu.conflicts"))
    st.caption(t("fu.conflicts_note"))
    for project, lines in conflicts:
        st.markdown(f"**{project}**")
        for line in lines:
            st.markdown(f"- {line}")

# 6/ Coverage
st.header(t("fu.coverage"))
st.dataframe(funding.coverage_table(df, f.lang), hide_index=True, key="fu-coverage")
st.caption(t("fu.gaps"))
st.markdown(t("fu.coverage_note"))
