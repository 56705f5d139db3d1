"""Entry point: ``streamlit run dashboard.py``.

Router and frame: language switch, navigation from the page registry, shared filters
(persisted across pages and in the URL), presentation mode and the workshop stepper,
then the selected page.
"""

import streamlit as st

from app import auth, db, registry, state, style
from app.i18n import t

st.set_page_config(page_title="Norra Mellansverige i siffror", page_icon=":material/insights:",
                   layout="wide", initial_sidebar_state="expanded")
style.apply()

present = state.presentation_switch(st.sidebar)
if present:
    style.presentation()
    bar = st.columns([1.3, 0.7, 4, 0.7, 1.3], vertical_alignment="center")
    controls = bar[0].popover(t("present.filters"), icon=":material/tune:")
else:
    controls = st.sidebar
state.language_switch(controls)
page = st.navigation(registry.navigation(logged_in=auth.current_user() is not None),
                     position="hidden" if present else "sidebar")
state.follow_show()

try:
    st.session_state["_filters"] = state.sidebar_filters(controls if present else None, present)
except db.WarehouseMissing:
    st.error(t("error.no_warehouse"), icon=":material/database:")
    st.stop()

if present:
    views, i = state.workshop_views(), state.workshop_step()
    if views and i is not None:
        bar[1].button("◀", key="ws_prev", on_click=state.start_show, args=(i - 1,), shortcut="Left",
                      disabled=i == 0, help=t("ws.prev"))
        bar[2].markdown(f"**{i + 1}/{len(views)} · {views[i].title}**")
        bar[3].button("▶", key="ws_next", on_click=state.start_show, args=(i + 1,), shortcut="Right",
                      disabled=i >= len(views) - 1, help=t("ws.next"))
        if views[i].notes:
            with bar[2].popover(t("ws.notes"), icon=":material/speaker_notes:"):
                st.markdown(views[i].notes)
    bar[4].button(t("present.exit"), key="present_exit", on_click=state.end_show, shortcut="Esc",
                  icon=":material/close_fullscreen:")
else:
    st.sidebar.button(t("ws.add_current"), key="ws_add", icon=":material/playlist_add:",
                      on_click=state.add_current_view, args=(page.url_path, page.title), help=t("ws.add_help"))

page.run()
if not present:
    st.sidebar.caption(t("footer.version", version=db.version_label()))
