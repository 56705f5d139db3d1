"""Finansiering / Funding: Vinnväxt, ERUF, Horizon and Interreg across the three counties."""

import streamlit as st

from app import components, funding, queries, state
from app.i18n import t
from etl.vocabulary import NMS_COUNTIES

f = state.current()
names = queries.region_names(f.lang)
buckets = funding.bucket_names(names, f.lang)
st.title(t("fu.title"))
slot = components.main_slot(f.present)  # presentation mode: the totals chart first
st.caption(t("fu.intro"))
st.info(t("fu.honest"), icon=":material/info:")

df = queries.funding()
c1, c2 = st.columns([4, 1])
kind = state.segmented(c1, t("fu.kind"), funding.PROJECT_KINDS, "kind", funding.DEFAULT_KIND,
                       format_func=lambda k: funding.kind_name(k, f.lang))
currency = state.segmented(c2, t("fu.currency"), list(funding.AMOUNT_COLUMNS), "cur", funding.DEFAULT_CURRENCY)
if caption := funding.rate_caption(df, f.lang):
    st.caption(caption)
source_line = funding.source_line(df, f.lang)

# 1/ By programme, county and period
st.header(t("fu.overview"))
tot = funding.totals(df, kind, currency)
state.view_title(funding.step_title(kind, currency, f.lang))
if tot.empty:
    st.warning(t("common.no_data"))
else:
    panel = funding.totals_panel(tot, buckets, kind, currency, source_line, f.lang, f.present)
    with slot or st.container():
        components.chart_panel(panel, key="fu-totals", main=f.present)
    if unconverted := int(tot.n_unconverted.sum()):
        st.caption(t("fu.unconverted", n=unconverted, currency=currency))
    if n_conflict := funding.n_conflicting(df):
        st.caption(t("fu.conflicts_excluded", n=n_conflict))
    cards, per_capita_caption = funding.county_cards(tot, queries.latest_population(NMS_COUNTIES), names, kind,
                                                     currency, f.lang)
    components.cards(cards, 3)
    st.caption(per_capita_caption)

link_column = {t("src.url"): st.column_config.LinkColumn(t("src.url"), display_text="↗")}
with st.expander(t("fu.programme_level")):
    st.dataframe(funding.programme_table(df, f.lang), hide_index=True, key="fu-programme", column_config=link_column)

# 2/ Projects and beneficiaries
st.header(t("fu.projects"))
search = st.text_input(t("fu.search"), key="fu_q")
projects = funding.projects_table(df, names, search, f.lang)
st.dataframe(projects, hide_index=True, key="fu-projects", column_config={
    **link_column, t("fu.col.amount"): st.column_config.NumberColumn(format="localized"),
    t("fu.col.converted", currency="SEK"): st.column_config.NumberColumn(format="%.0f"),
})
components.downloads(projects, funding.download_name(f.lang), [source_line], key="fu-projects")

# 3/ Flows
st.header(t("fu.flows"))
links = funding.sankey_links(df, kind, currency)
if links.empty:
    st.warning(t("common.no_data"))
else:
    labels = funding.flow_labels(buckets, queries.theme_names(f.lang), f.lang)
    components.chart_panel(funding.flows_panel(links, labels, kind, currency, source_line, f.lang, f.present),
                           key="fu-sankey")

# 4/ Alignment with S3
st.header(t("fu.alignment"))
st.caption(t("fu.alignment_note", kind=funding.kind_name(kind, f.lang)))
alignment = funding.alignment(df, queries.declared_themes(), kind, currency)
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
