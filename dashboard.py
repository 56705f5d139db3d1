"""Entry point: ``streamlit run dashboard.py``.

Router and frame: language switch, navigation from the page registry, shared filters
(persisted across pages and in the URL), presentation mode and the workshop stepper,
then the selected page.
"""

import streamlit as st

from app import auth, db, presenter, registry, state, style, text
from app.i18n import t

st.set_page_config(page_title="Norra Mellansverige i siffror", page_icon=":material/insights:",
                   layout="wide", initial_sidebar_state="expanded")
style.apply()

if show_id := st.query_params.get("presenter"):  # the presenter's own window: notes and next step
    state.language_switch(st.container())
    st.navigation(registry.navigation(), position="hidden")
    presenter.draw(show_id)
    st.stop()

present = state.presentation_switch(st.sidebar)
if present:
    style.presentation()
    style.track_viewport()
    bar = st.columns([1.2, 0.5, 4, 0.5, 1.4, 1.5], vertical_alignment="center")
    controls = bar[0].popover(t("present.filters"), icon=":material/tune:")
else:
    controls = st.sidebar
state.language_switch(controls)
page = st.navigation(registry.navigation(logged_in=auth.current_user() is not None),
                     position="hidden" if present else "sidebar")
state.follow_show()

try:
    st.session_state["_filters"] = state.sidebar_filters(controls if present else None, present,
                                                         registry.filters_of(page.url_path))
except db.WarehouseMissing:
    st.error(t("error.no_warehouse"), icon=":material/database:")
    st.stop()

if present:
    views, i = state.workshop_views(), state.workshop_step()
    if views and i is not None:
        bar[1].button("◀", key="ws_prev", on_click=state.start_show, args=(i - 1,), shortcut="Left",
                      disabled=i == 0, help=t("ws.prev"))
        bar[2].markdown(f"**{i + 1}/{len(views)} · {text.md(views[i].title)}**")
        bar[3].button("▶", key="ws_next", on_click=state.start_show, args=(i + 1,), shortcut="Right",
                      disabled=i >= len(views) - 1, help=t("ws.next"))
        presenter.publish(show := presenter.session_show_id(), views, i)  # the notes go to the presenter view
        bar[4].link_button(t("presenter.open"), presenter.link(show, state.current().lang),
                           icon=":material/speaker_notes:", help=t("presenter.help"))
    bar[5].button(t("present.exit"), key="present_exit", on_click=state.end_show, shortcut="Esc",
                  icon=":material/close_fullscreen:")
else:
    st.sidebar.button(t("ws.add_current"), key="ws_add", icon=":material/playlist_add:",
                      on_click=state.add_current_view, args=(page.url_path, page.title), help=t("ws.add_help"))
    if added := st.session_state.pop("_ws_added", None):
        st.toast(t("ws.added", title=text.md(added), n=len(state.workshop_views())),
                 icon=":material/playlist_add_check:")
    st.sidebar.caption(t("ws.count", n=len(state.workshop_views())))

st.session_state.pop("_view_title", None)  # the page says what it shows
page.run()
if not present:
    st.sidebar.caption(t("footer.version", version=db.version_label()))
