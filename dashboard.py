"""Entry point: ``streamlit run dashboard.py``.

Router and frame: language switch, navigation from the page registry, shared filters
(persisted across pages and in the URL), then the selected page.
"""

import streamlit as st

from app import db, registry, state, style
from app.i18n import t

st.set_page_config(page_title="Norra Mellansverige i siffror", page_icon=":material/insights:",
                   layout="wide", initial_sidebar_state="expanded")

style.apply()
state.language_switch()
page = st.navigation(registry.navigation())

try:
    st.session_state["_filters"] = state.sidebar_filters()
except db.WarehouseMissing:
    st.error(t("error.no_warehouse"), icon=":material/database:")
    st.stop()

page.run()
st.sidebar.caption(t("footer.version", version=db.version_label()))
