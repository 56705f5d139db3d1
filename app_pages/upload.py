"""Ladda upp data / Upload data: validate, preview, commit, history and undo (staff only)."""

import streamlit as st

from app import auth, queries, upload_view
from app.i18n import col, t
from etl import load as loader
from etl.formats import safety as filesafety, template

user = auth.current_user()
st.title(t("up.title"))
c1, c2 = st.columns([4, 1])
c1.caption(t("up.intro", user=user))
c2.button(t("login.logout"), on_click=auth.logout, icon=":material/logout:")

st.download_button(t("up.template"), template.build_template(), file_name="mall_nms.xlsx",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                   icon=":material/download:", key="up-template")

# The picker takes files up to 4 times the limit, so that one over it reaches the check and is
# refused with a sentence (and clears the last preview) instead of Streamlit's own English box.
upload = st.file_uploader(t("up.file"), type=["xlsx", "csv"], key="up_file",
                          max_upload_size=4 * filesafety.max_bytes() // (1024 * 1024), help=t("up.file_help"))
with st.expander(t("up.details"), expanded=False):
    st.caption(t("up.details_help"))
    inds = queries.indicators()
    inds = inds[inds.kind == "base"]
    labels = {"": t("up.from_file"), **dict(zip(inds.indicator_id, inds[col("name")], strict=True))}
    indicator = st.selectbox(t("ind.choose"), list(labels), format_func=labels.get, key="up_indicator") or None
    publisher = st.text_input(t("up.publisher"), key="up_publisher", placeholder="SCB (Statistiska centralbyrån)")
    url = st.text_input(t("up.url"), key="up_url", placeholder="https://www.statistikdatabasen.scb.se/…")
    title = st.text_input(t("up.source_title"), key="up_title")
    table_id = st.text_input(t("up.table_id"), key="up_table_id")

# A preview belongs to the file it was made from: choosing another file (or none) clears it,
# so Save can never commit a file other than the one on screen.
chosen = upload_view.file_identity(upload)
if st.session_state.get("up_result_file") != chosen:
    st.session_state.pop("up_result", None)
    st.session_state["up_result_file"] = chosen

if upload is not None and st.button(t("up.check"), type="primary", key="up_check"):
    with st.status(t("up.checking"), expanded=True) as status:
        def progress(step, detail=""):
            status.write(t(f"up.step.{step}") + (f" ({detail})" if detail else ""))
        try:
            prepared = loader.prepare(upload.name, upload.getvalue(), indicator=indicator, progress=progress,
                                      source=loader.SourceInfo(url, publisher, title, table_id))
            diff = loader.preview(prepared)
        except loader.Invalid as err:
            status.update(label=t("up.failed"), state="error")
            st.session_state["up_result"] = ("invalid", err.problems)
        else:
            status.update(label=t("up.checked"), state="complete", expanded=False)
            st.session_state["up_result"] = ("ok", (prepared, diff))

if saved := st.session_state.pop("up_saved", None):
    st.success(t("up.committed", batch=saved), icon=":material/check_circle:")
result = st.session_state.get("up_result")
if result and result[0] == "invalid":
    upload_view.show_problems(result[1])
elif result and result[0] == "ok":
    prepared, diff = result[1]
    st.subheader(t("up.preview", file=prepared.file_name, layout=t(f"up.layout.{prepared.layout}")))
    upload_view.show_preview(prepared, diff)
    upload_view.save_button(prepared, diff, user)

st.header(t("up.history"))
undone = st.session_state.pop("up_undo_result", None)
if undone:
    st.success(t("up.undone_counts", **undone), icon=":material/undo:")
history = loader.history()
st.dataframe(upload_view.history_table(history), hide_index=True, key="up-history")
undoable = history[(history.kind == "upload") & history.undone_by.isna()].batch_id.tolist()
if undoable:
    # keyed by the newest batch: after a new load (or an undo) the picker starts at the newest again
    batch = st.selectbox(t("up.undo_pick"), undoable, index=0, key=f"up_undo_batch_{undoable[0]}",
                         help=t("up.undo_help"))
    sure = st.checkbox(t("up.undo_confirm", batch=batch), key=f"up_undo_sure_{batch}")
    if st.button(t("up.undo"), key="up_undo", disabled=not sure, icon=":material/undo:"):
        try:
            result = loader.undo(batch, user=user)
        except loader.Invalid as err:
            st.error(err.problems[0].text(st.session_state.get("lang", "sv")))
        else:
            st.session_state["up_undo_result"] = {"batch": batch, "n": result.updated, "undo": result.batch_id}
            st.rerun()
