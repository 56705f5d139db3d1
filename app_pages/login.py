"""Logga in / Log in: for staff who upload data. Viewers need no login."""

import streamlit as st

from app import auth, text
from app.i18n import t
from etl import users

st.title(t("login.title"))
st.caption(t("login.intro"))
if auth.oidc_configured():
    rule = auth.upload_rule()
    who = auth.oidc_identity()
    if not rule.configured:
        st.warning(t("login.oidc_no_rule"), icon=":material/block:")
    if who is None:
        st.button(t("login.oidc"), on_click=st.login, type="primary", icon=":material/login:")
    elif rule.configured and not auth.oidc_may_upload(rule):
        st.error(t("login.oidc_denied", who=text.md(who)), icon=":material/block:")
    if who is not None:
        st.button(t("login.logout"), on_click=auth.logout, icon=":material/logout:")
else:
    with st.form("login", border=True):
        st.text_input(t("login.name"), key="login_name", autocomplete="username", max_chars=100)
        st.text_input(t("login.password"), key="login_password", type="password", autocomplete="current-password",
                      max_chars=users.MAX_PASSWORD)
        st.form_submit_button(t("login.submit"), type="primary", on_click=auth.submit_login,
                              args=("login_name", "login_password"))
    outcome = auth.last_outcome()
    if outcome and outcome.retry_at:
        st.error(auth.retry_text(outcome), icon=":material/timer:")
    elif outcome:
        st.error(t("login.failed"))
    st.caption(t("login.local_help"))
