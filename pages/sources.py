"""Källor / Sources: every source, what it feeds, and how complete each data area is."""

import streamlit as st

from app import components, queries, state
from app.i18n import t

lang = state.language()
st.title(t("src.title"))
st.caption(t("src.intro"))

usage = queries.source_usage(lang)
usage[["table_id", "licence", "feeds"]] = usage[["table_id", "licence", "feeds"]].fillna("")
search = st.text_input(t("src.search"), key="src_q", placeholder="SCB, Kolada, Eurostat, Vinnova …")
if search:
    hay = usage[["publisher", "title", "table_id", "feeds"]].fillna("").agg(" ".join, axis=1).str.lower()
    usage = usage[hay.str.contains(search.lower(), regex=False)]
shown = usage.rename(columns={
    "publisher": t("src.publisher"), "title": t("src.title_col"), "table_id": t("src.table_id"),
    "url": t("src.url"), "retrieved_on": t("src.retrieved"), "licence": t("src.licence"),
    "feeds": t("src.feeds"), "n_rows": t("src.rows")}).drop(columns=["source_id"])
st.dataframe(shown, hide_index=True, key="sources-table", column_config={
    t("src.url"): st.column_config.LinkColumn(t("src.url"), display_text="↗"),
    t("src.retrieved"): st.column_config.DateColumn(t("src.retrieved"), format="YYYY-MM-DD"),
})
components.downloads(shown, "kallor" if lang == "sv" else "sources", [], key="sources")

st.subheader(t("src.coverage"))
cov = queries.indicator_coverage(lang).drop(columns=["indicator_id", "kind"]).rename(columns={
    "name": t("src.col.name"), "n_counties": t("src.col.counties"), "n_nms_counties": t("src.col.nms"),
    "has_sweden": t("src.col.sweden"), "first_year": t("src.col.first"), "last_year": t("src.col.last"),
    "n_years": t("src.col.years"), "n_values": t("src.col.values")})
st.dataframe(cov, hide_index=True, key="coverage-table")

st.subheader(t("src.area_coverage"))
area = queries.area_coverage(lang).rename(columns={
    "area": t("src.col.area"), "detail": t("src.col.detail"), "n_regions": t("src.col.regions"),
    "first_year": t("src.col.first"), "last_year": t("src.col.last"), "n_rows": t("src.rows")})
st.dataframe(area, hide_index=True, key="area-table")

st.subheader(t("src.gaps"))
st.markdown(t("src.gaps_text"))

with st.expander(t("src.batches")):
    st.dataframe(queries.warehouse_batches(), hide_index=True, key="batches-table")
