"""Workshop: build, reorder, save and load a sequence of views; start the show."""

import streamlit as st

from app import components, state, text, workshop
from app.i18n import lang, t
from reports import deck

titles = workshop.page_titles(lang())
st.title(t("ws.title"))
st.caption(t("ws.intro"))

views = state.workshop_views()
st.header(t("ws.sequence"))
if not views:
    st.info(t("ws.empty"), icon=":material/info:")
for i, v in enumerate(views):
    with st.container(border=True):
        c = st.columns([0.4, 4, 0.5, 0.5, 0.5, 1.1], vertical_alignment="center")
        c[0].markdown(f"**{i + 1}.**")
        v.title = c[1].text_input(t("ws.step_title"), v.title, key=f"ws_title_{i}_{id(v)}",
                                  label_visibility="collapsed")
        c[2].button("↑", key=f"ws_up_{i}", on_click=workshop.move, args=(views, i, -1), disabled=i == 0,
                    help=t("ws.up"))
        c[3].button("↓", key=f"ws_down_{i}", on_click=workshop.move, args=(views, i, 1),
                    disabled=i == len(views) - 1, help=t("ws.down"))
        c[4].button("✕", key=f"ws_rm_{i}", on_click=workshop.remove, args=(views, i), help=t("ws.remove"))
        c[5].button(t("ws.start_at"), key=f"ws_go_{i}", on_click=state.start_show, args=(i,),
                    icon=":material/slideshow:")
        st.caption(text.md(workshop.describe(v, titles)))
        v.notes = st.text_area(t("ws.notes"), v.notes, key=f"ws_notes_{i}_{id(v)}", height=68)

if views:
    st.button(t("ws.start"), type="primary", on_click=state.start_show, args=(0,), icon=":material/slideshow:",
              key="ws_start")

st.header(t("ws.add_link"))
with st.form("ws_link_form", clear_on_submit=True, border=False):
    link = st.text_input(t("ws.link"), placeholder="http://localhost:8501/indikatorer?indicator=rd_intensity")
    title = st.text_input(t("ws.step_title"))
    if st.form_submit_button(t("ws.add")):
        page, params = workshop.from_link(link)
        if page is None or not link.strip():
            st.error(t("ws.bad_link"))
        else:
            views.append(workshop.View(page=page, title=title or titles[page], params=params))
            st.rerun()

c1, c2 = st.columns(2)
c1.download_button(t("ws.save"), workshop.dumps(views), file_name="workshop.json", mime="application/json",
                   disabled=not views, icon=":material/download:", key="ws_save")
components.export_button(c1, t("export.deck"), lambda: deck.build(list(views), lang()), "workshop.pptx", deck.MIME,
                         deck.unavailable() if views else "no_steps", key="ws_deck", help=t("export.deck_help"))
upload = c2.file_uploader(t("ws.load"), type=["json"], key="ws_file", max_upload_size=1)
if upload is not None and state.workshop_file() != upload.file_id:
    try:
        loaded = workshop.loads(upload.getvalue())
    except workshop.WorkshopFileError as err:
        c2.error(t(f"ws.error.{err}"))
    else:
        state.replace_workshop(loaded, upload.file_id)
        st.rerun()
if state.workshop_file():
    c2.caption(t("ws.loaded", n=len(views)))
