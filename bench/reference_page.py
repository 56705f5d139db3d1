"""Bench reference page: one DuckDB query and one Plotly line chart, nothing else.

Served by the dashboard's own Streamlit, inside the same frame (sidebar filters, language
switch), only when ``bench/browser.py`` starts the server with ``NMS_BENCH_REFERENCE`` set
(see ``app/registry.py``); it is hidden from the menu and never part of the product. Every
page is timed against it: what a page costs beyond "one cached query and one chart" is the
page's own cost.

It goes through the app's own paths (``app.db.query``, cached like every page query, and
``app.charts.line`` with the app's chart conventions), so the comparison is like for like.
The text on it is bench text, not product UI, and so is not in ``app/i18n.py``.
"""

import streamlit as st

from app import charts, db, state

f = state.current()
st.title("Bench: referenssida")
df = db.query("""
    SELECT v.region_code, v.year, v.value, CASE WHEN ? = 'sv' THEN r.name_sv ELSE r.name_en END AS name
    FROM v_indicator_value v JOIN region r USING (region_code)
    WHERE v.indicator_id = 'population' AND v.region_code IN ('SE311', 'SE312', 'SE313') AND v.year BETWEEN ? AND ?
    ORDER BY v.region_code, v.year""", (f.lang, f.year_from, f.year_to))
fig = charts.line(df, labels=dict(zip(df.region_code, df.name, strict=True)), title="Folkmängd / Population",
                  unit="personer / persons", source_line="Bench reference: the warehouse's population rows",
                  lang=f.lang)
st.plotly_chart(fig, key="bench-reference-chart", config=charts.plotly_config("bench"), theme=None)
