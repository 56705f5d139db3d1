"""Pieces of the upload page: problems as a table, the preview of what would change."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app import components
from app.i18n import lang, t
from etl import load as loader, messages


def problems_table(problems: list[loader.Problem]) -> pd.DataFrame:
    language = lang()
    return pd.DataFrame([{
        t("up.col.sheet"): p.sheet or "", t("up.col.row"): p.row, t("up.col.column"): p.column or "",
        t("up.col.value"): "" if p.value is None else str(p.value), t("up.col.problem"): p.message(language),
    } for p in problems]).astype({t("up.col.row"): "Int64"})


def show_problems(problems: list[loader.Problem]) -> None:
    st.error(t("up.invalid", n=len(problems)), icon=":material/error:")
    table = problems_table(problems)
    st.dataframe(table, hide_index=True, key="up-problems")
    components.downloads(table, "problem" if lang() == "sv" else "problems", [], key="up-problems")


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
    st.dataframe(problems_table(prepared.warnings), hide_index=True, key="up-warnings")
    return st.checkbox(t("up.accept_warnings", n=len(prepared.warnings)), key="up_accept_warnings")


def show_preview(prepared: loader.Prepared, diff: pd.DataFrame) -> None:
    for key, values in prepared.readings:
        st.info(messages.text(key, lang(), **values), icon=":material/info:")
    counts = diff.status.value_counts()
    c = st.columns(4)
    c[0].metric(t("up.new"), int(counts.get("new", 0)))
    c[1].metric(t("up.changed"), int(counts.get("changed", 0)))
    c[2].metric(t("up.unchanged"), int(counts.get("unchanged", 0)))
    c[3].metric(t("up.missing_cells"), prepared.skipped_missing)
    keys = loader.TABLE_KEYS[prepared.kind]
    value = loader.VALUE_COLUMNS[prepared.kind][0]
    for status in ("changed", "new", "unchanged"):
        part = diff[diff.status == status]
        if part.empty:
            continue
        with st.expander(f"{t('up.' + status)} ({len(part)})", expanded=status == "changed"):
            cols = ["excel_row"] + keys + ([f"old_{value}"] if status == "changed" else []) + [value]
            shown = part[[c for c in cols if c in part]].head(2000).rename(columns={
                "excel_row": t("up.col.row"), f"old_{value}": t("up.old"), value: t("up.new_value")})
            st.dataframe(shown, hide_index=True, key=f"up-preview-{status}")
