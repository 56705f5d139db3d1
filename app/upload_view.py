"""Pieces of the upload page: problems as a table, the preview of what would change."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app import components, fmt
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


#: Fields shown by readable name (catalogue keys ``up.f.<field>``) in the preview.
FIELDS = ("excel_row", "region_code", "indicator_id", "year", "classification", "industry_code", "source_id",
          "programme", "project", "flag", "currency", "amount_kind", "year_start", "year_end", "programme_period",
          "theme")
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


def preview_table(prepared: loader.Prepared, part: pd.DataFrame, status: str) -> pd.DataFrame:
    """Rows of one status with readable headers and numbers in the language's format."""
    language = lang()
    keys = loader.TABLE_KEYS[prepared.kind]
    value = loader.VALUE_COLUMNS[prepared.kind][0]
    decimals = 0 if prepared.kind == "employment" else 2
    cols = ["excel_row"] + [k for k in keys if k != "funding_id"]
    if prepared.kind == "funding":
        cols += ["programme", "project"]
    out = pd.DataFrame({t(f"up.f.{c}"): part[c].to_numpy() for c in cols if c in part and c in FIELDS})
    if status == "changed":
        out[t("up.old")] = [fmt.number(v, decimals, language) if pd.notna(v) else fmt.MISSING
                            for v in part[f"old_{value}"]]
    out[t("up.new_value")] = [fmt.number(v, decimals, language) if pd.notna(v) else fmt.MISSING for v in part[value]]
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
