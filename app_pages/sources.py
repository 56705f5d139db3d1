"""Källor / Sources: every source, what it feeds, and how complete each data area is."""

import streamlit as st

from app import auth, components, queries, sources
from app.i18n import lang, t

language = lang()
st.title(t("src.title"))
st.caption(t("src.intro"))
if updated := sources.last_updated(queries.last_load(), language):
    st.caption(updated)

search = st.text_input(t("src.search"), key="src_q", placeholder="SCB, Kolada, Eurostat, Vinnova …")
shown = sources.usage_table(queries.source_usage(language), search, language)
st.dataframe(shown, hide_index=True, key="sources-table", column_config={
    t("src.url"): st.column_config.LinkColumn(t("src.url"), display_text="↗"),
})
components.downloads(shown, sources.download_name(language), [], key="sources")

st.subheader(t("src.coverage"))
st.dataframe(components.styled(sources.coverage_table(queries.indicator_coverage(language), language), {}),
             hide_index=True, key="coverage-table")

st.subheader(t("src.area_coverage"))
st.dataframe(components.styled(sources.area_table(queries.area_coverage(language), language), {}), hide_index=True,
             key="area-table")

st.subheader(t("src.gaps"))
st.markdown(t("src.gaps_text"))

# The load history names people, files and hashes: staff only (#17).
if auth.current_user() is not None:
    with st.expander(t("src.batches")):
        st.dataframe(queries.warehouse_batches(), hide_index=True, key="batches-table")
