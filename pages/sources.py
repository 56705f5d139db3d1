"""Källor / Sources: every source, what it feeds, and how complete each data area is."""

import streamlit as st

from app import components, queries, sources
from app.i18n import lang, t

language = lang()
st.title(t("src.title"))
st.caption(t("src.intro"))

search = st.text_input(t("src.search"), key="src_q", placeholder="SCB, Kolada, Eurostat, Vinnova …")
shown = sources.usage_table(queries.source_usage(language), search, language)
st.dataframe(shown, hide_index=True, key="sources-table", column_config={
    t("src.url"): st.column_config.LinkColumn(t("src.url"), display_text="↗"),
    t("src.retrieved"): st.column_config.DateColumn(t("src.retrieved"), format="YYYY-MM-DD"),
})
components.downloads(shown, sources.download_name(language), [], key="sources")

st.subheader(t("src.coverage"))
st.dataframe(sources.coverage_table(queries.indicator_coverage(language), language), hide_index=True,
             key="coverage-table")

st.subheader(t("src.area_coverage"))
st.dataframe(sources.area_table(queries.area_coverage(language), language), hide_index=True, key="area-table")

st.subheader(t("src.gaps"))
st.markdown(t("src.gaps_text"))

with st.expander(t("src.batches")):
    st.dataframe(queries.warehouse_batches(), hide_index=True, key="batches-table")
