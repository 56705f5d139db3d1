"""Logga in / Log in: for staff who upload data. Viewers need no login."""

import streamlit as st

from app import auth
from app.i18n import t

st.title(t("login.title"))
st.caption(t("login.intro"))
if auth.oidc_configured():
    st.button(t("login.oidc"), on_click=st.login, type="primary", icon=":material/login:")
else:
    with st.form("login", border=True):
        name = st.text_input(t("login.name"), autocomplete="username")
        password = st.text_input(t("login.password"), type="password", autocomplete="current-password")
        submitted = st.form_submit_button(t("login.submit"), type="primary")
    if submitted:
        if auth.attempt(name, password):
            st.rerun()
        st.error(t("login.failed"))
    st.caption(t("login.local_help"))
