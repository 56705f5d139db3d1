"""Pieces of the upload page: problems as a table, the preview of what would change."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app import components, fmt, queries, text
from app.i18n import col, lang, t
from etl import load as loader, messages

#: Problems listed as sentences on the page (with sheet, row and column); all of them are in the table below.
LISTED = 15


def _shown_value(value, language: str) -> str:
    if value is None:
        return ""
    return messages.number(value, language) if isinstance(value, float) else str(value)


def problems_table(problems: list[loader.Problem]) -> pd.DataFrame:
    language = lang()
    return pd.DataFrame([{
        t("up.col.sheet"): p.sheet or "", t("up.col.row"): "" if p.row is None else str(p.row),
        t("up.col.column"): p.column or "", t("up.col.value"): _shown_value(p.value, language),
        t("up.col.problem"): p.message(language),
    } for p in problems])


def list_problems(problems: list[loader.Problem], key: str) -> None:
    """The first problems as whole sentences (a table cell cuts a long one short), then all
    of them as a table with downloads."""
    language = lang()
    st.markdown("\n".join(f"- {text.md(p.text(language))}" for p in problems[:LISTED]))
    if len(problems) > LISTED:
        st.caption(t("up.more_problems", shown=LISTED, n=len(problems)))
    with st.expander(t("up.all_problems", n=len(problems)), expanded=len(problems) > LISTED):
        table = problems_table(problems)
        st.dataframe(table, hide_index=True, key=key)
        components.downloads(table, "problem" if language == "sv" else "problems", [], key=key)


def show_problems(problems: list[loader.Problem]) -> None:
    st.error(t("up.invalid", n=len(problems)), icon=":material/error:")
    list_problems(problems, "up-problems")


def file_identity(upload) -> tuple | None:
    """What identifies the chosen file: a preview made from another one is stale."""
    if upload is None:
        return None
    return (getattr(upload, "file_id", None), upload.name, upload.size)


def confirm_warnings(prepared: loader.Prepared) -> bool:
    """Plausibility warnings as a table and a checkbox: True when there are none or they are confirmed."""
    if not prepared.warnings:
        return True
    st.warning(t("up.warnings", n=len(prepared.warnings)), icon=":material/warning:")
    list_problems(prepared.warnings, "up-warnings")
    return st.checkbox(t("up.accept_warnings", n=len(prepared.warnings)), key="up_accept_warnings")


#: Fields shown by readable name (catalogue keys ``up.f.<field>``) in the preview.
FIELDS = ("excel_row", "region_code", "indicator_id", "year", "classification", "industry_code", "source_id",
          "programme", "project", "flag", "currency", "amount_kind", "year_start", "year_end", "programme_period",
          "theme", "region_codes")
#: What a changed row can differ in (catalogue keys ``up.what.<column>``): the loader's VALUE_COLUMNS.
WHAT = ("value", "employed", "amount", "source_id", "flag", "currency", "amount_kind", "year_start", "year_end",
        "programme_period", "theme", "region_codes")
#: The kinds of load in the history (catalogue keys ``up.h.kind.<kind>``; schema: load_batch.kind).
KINDS = ("build", "upload", "fetch", "undo")


def changes_in_words(changed: str) -> str:
    """'value;source_id' -> 'värde, källa'."""
    return ", ".join(t(f"up.what.{c}") for c in changed.split(";") if c in WHAT)


def real_changes(diff: pd.DataFrame) -> pd.Series:
    """Changed rows whose figures or flags differ (not only the source they cite)."""
    return (diff.status == "changed") & (diff.changed.fillna("") != "source_id")


def _numbers(values: pd.Series, decimals, language: str) -> list[str]:
    """Each value with its own number of decimals (a Series aligned with ``values``, or one int)."""
    places = decimals if isinstance(decimals, pd.Series) else pd.Series(decimals, index=values.index)
    return [fmt.number(v, int(d), language) if pd.notna(v) else fmt.MISSING
            for v, d in zip(values, places.fillna(2), strict=True)]


def preview_table(prepared: loader.Prepared, part: pd.DataFrame, status: str) -> pd.DataFrame:
    """Rows of one status in file order, with readable headers, indicator names, and numbers
    in the language's format with the indicator's own decimals."""
    language = lang()
    part = part.sort_values("excel_row")
    keys = loader.TABLE_KEYS[prepared.kind]
    value = loader.VALUE_COLUMNS[prepared.kind][0]
    cols = ["excel_row"] + [k for k in keys if k != "funding_id"]
    if prepared.kind == "funding":
        cols += ["programme", "project", "currency", "amount_kind"]
    out = pd.DataFrame({t(f"up.f.{c}"): part[c].to_numpy() for c in cols if c in part and c in FIELDS})
    decimals: pd.Series | int = 0 if prepared.kind == "employment" else 2
    if prepared.kind == "indicator_value":
        catalogue = queries.indicators().set_index("indicator_id")
        out[t("up.f.indicator_id")] = part.indicator_id.map(catalogue[col("name", language)]).fillna(
            part.indicator_id).to_numpy()
        decimals = part.indicator_id.map(catalogue.decimals)
    if status == "changed":
        out[t("up.old")] = _numbers(part[f"old_{value}"], decimals, language)
    out[t("up.new_value") if status != "unchanged" else t("up.value")] = _numbers(part[value], decimals, language)
    if prepared.kind == "funding":
        if status == "changed":
            out[t("up.old_regions")] = part["old_region_codes"].fillna("").str.replace(";", ", ").to_numpy()
        out[t("up.f.region_codes")] = part["region_codes"].fillna("").str.replace(";", ", ").to_numpy()
    if status == "changed":
        out[t("up.what")] = [changes_in_words(c) for c in part["changed"]]
    return out


def show_preview(prepared: loader.Prepared, diff: pd.DataFrame) -> None:
    for key, values in prepared.readings:
        st.info(messages.text(key, lang(), **values), icon=":material/info:")
    counts = diff.status.value_counts()
    real = real_changes(diff)
    source_only = int(((diff.status == "changed") & ~real).sum())
    c = st.columns(5)
    c[0].metric(t("up.new"), int(counts.get("new", 0)))
    c[1].metric(t("up.changed"), int(real.sum()))
    c[2].metric(t("up.source_only"), source_only, help=t("up.source_only_help"))
    c[3].metric(t("up.unchanged"), int(counts.get("unchanged", 0)))
    c[4].metric(t("up.missing_cells"), prepared.skipped_missing)
    parts = {"changed": diff[real], "source_only": diff[(diff.status == "changed") & ~real],
             "new": diff[diff.status == "new"], "unchanged": diff[diff.status == "unchanged"]}
    for status, part in parts.items():
        if part.empty:
            continue
        with st.expander(f"{t('up.' + status)} ({len(part)})", expanded=status == "changed"):
            shown = preview_table(prepared, part.head(2000), "changed" if status == "source_only" else status)
            st.dataframe(shown, hide_index=True, key=f"up-preview-{status}")


def history_table(history: pd.DataFrame) -> pd.DataFrame:
    """The load history with readable headers and kinds, in the page's language."""
    return pd.DataFrame({
        t("up.h.batch"): history.batch_id, t("up.h.kind"): [t(f"up.h.kind.{k}") for k in history.kind],
        t("up.h.when"): [str(v)[:16] for v in history.loaded_at], t("up.h.who"): history.loaded_by.fillna(""),
        t("up.h.file"): history.file_name.fillna(""),
        t("up.new"): history.rows_inserted, t("up.changed"): history.rows_updated,
        t("up.unchanged"): history.rows_unchanged,
        t("up.h.undone_by"): history.undone_by.fillna(""), t("up.h.note"): history.note.fillna("")})


def save_button(prepared: loader.Prepared, diff: pd.DataFrame, user: str) -> None:
    """Save, once the warnings are confirmed and when the file changes anything. A saved file's
    preview goes away (the page says it was saved); a refused save shows why."""
    confirmed = confirm_warnings(prepared)
    nothing = not (diff.status != "unchanged").any()
    if nothing:
        st.info(t("up.nothing_to_save"), icon=":material/info:")
    if not st.button(t("up.commit"), type="primary", key="up_commit", icon=":material/save:",
                     disabled=nothing or not confirmed):
        return
    with st.status(t("up.committing"), expanded=True) as status:
        try:
            done = loader.commit(prepared, user=user, accept_warnings=confirmed,
                                 progress=lambda step, detail="": status.write(t(f"up.step.{step}")))
        except loader.Invalid as err:
            st.session_state["up_result"] = ("invalid", err.problems)
        else:
            st.session_state.pop("up_result", None)
            st.session_state["up_saved"] = done.batch_id
    st.rerun()
