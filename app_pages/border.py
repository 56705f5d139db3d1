"""Över gränsen / Across the border: Värmland and Dalarna beside Norway's border regions."""

import streamlit as st

from app import border, components, queries, sources, state
from app.i18n import t


def draw(section, key):
    if section.panel:
        components.chart_panel(section.panel, key=key)
    for note in section.notes:
        st.caption(note)
    return section.source_ids


f = state.current()
names = queries.region_names(f.lang)
st.title(t("bo.title"))
st.caption(t("bo.intro"))

c1, c2 = st.columns([2, 3])
bounds = state.segmented(c1, t("bo.bounds"), border.BOUNDS, "bounds", "old", format_func=lambda b: t(f"bo.bounds.{b}"))
# one boundary set at a time: a choice from the other set falls back to this set's default
chosen = state.multichoice(c2, t("bo.norway"), border.norwegian_options(bounds), "norway",
                           border.default_regions(bounds), format_func=lambda c: names.get(c, c))
norwegian = border.chosen_norwegian(bounds, chosen)
boundaries = queries.region_boundaries()
span = border.period(bounds, boundaries)
st.info(f"{t(f'bo.bounds_note.{bounds}')} ({border.span_text(span, f.lang)})", icon=":material/border_outer:")
regions, used = border.shown_regions(norwegian), []

counted = [r for r in regions if r not in border.BENCHMARKS]
years = queries.national_lq_years(counted)
if years:  # the year of the employment figures, also used by the key areas
    state.choice("emp_year", years, years[-1], lambda raw: int(raw[-1]))
    state.to_url("emp_year", years[-1])
else:
    st.info(t(f"bo.no_employment.{bounds}"), icon=":material/info:")
year = st.session_state["emp_year"] if years else None
st.caption(t("bo.no_map"))

# One section at a time, the open one in the link (only the open section is drawn, #22)
sections = {"economy": t("bo.tab_economy"), "employment": t("bo.employment"), "key_areas": t("bo.key_areas"),
            "about": t("bo.about")}
tab_economy, tab_employment, tab_key_areas, tab_about = state.url_tabs("bo_tab", sections, "economy")
project_sources: list = []
if tab_economy.open is not False:
    with tab_economy:
        st.subheader(t("bo.population"))
        used += draw(border.population_view(tuple(regions), bounds, f.lang, f.present), "bo-pop")
        st.subheader(t("bo.gdp"))
        measure = state.segmented(st, t("bo.gdp_measure"), list(border.GDP_MEASURES), "gdp", "pps",
                                  format_func=lambda m: t(f"bo.gdp_measure.{m}"))
        used += draw(border.gdp_view(measure, tuple(regions), bounds, f.lang, f.present), "bo-gdp")
if tab_employment.open is not False and years:
    with tab_employment:
        st.caption(t("bo.lq_note"))
        st.selectbox(t("bo.year"), years[::-1], key="emp_year")
        structure, quotients = border.employment_view(tuple(counted), year, bounds, f.lang, f.present)
        shown = [(key, label, section.panel) for key, label, section in
                 (("bo-structure", t("bo.tab_structure"), structure), ("bo-lq", t("bo.tab_lq"), quotients))
                 if section.panel]
        components.panel_choice(shown, key="bo-emp")
        for section in (structure, quotients):
            for note in section.notes:
                st.caption(note)
            used += section.source_ids
        st.caption(t("s3.low_precision"))
if tab_key_areas.open is not False:
    with tab_key_areas:
        st.caption(t("bo.key_intro"))
        key_areas, s3_matrix, summary, rows, project_sources = border.key_area_view(tuple(counted), year, f.lang)
        st.table(key_areas.set_index(t("bo.col.key_area")))
        st.subheader(t("bo.key_s3"))
        st.table(s3_matrix)
        st.caption(t("bo.key_s3_note"))
        st.subheader(t("bo.projects"))
        st.dataframe(components.styled(summary, {t("bo.col.eu_eur"): 0}), hide_index=True, key="bo-projects-sum")
        st.caption(t("bo.projects_note"))
        with st.expander(t("bo.project_rows", n=len(rows))):
            st.dataframe(components.styled(rows, {t("fu.col.amount"): 0}), hide_index=True, key="bo-projects")
            components.downloads(rows, border.download_name(f.lang), [t("bo.projects_note")], key="bo-projects-dl")
        st.markdown(f"**{t('fu.coverage')}.** {t('bo.coverage')}")
if tab_about.open is not False:
    with tab_about:
        st.dataframe(border.boundary_table(boundaries, f.lang), hide_index=True, key="bo-boundaries")
st.markdown(sources.links(used + project_sources))
