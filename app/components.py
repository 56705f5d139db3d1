"""Reusable page pieces: source lines, the chart/table panel with downloads, tables
in the language's number format."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from app import charts, export, fmt, queries
from app.i18n import lang, t


def _flat_ids(source_ids) -> list[str]:
    ids: list[str] = []
    for item in source_ids:
        if item is None:
            continue
        for sid in (list(item) if not isinstance(item, str) else [item]):
            if sid not in ids:
                ids.append(sid)
    return ids


def source_line(source_ids, derived: bool = False, max_items: int = 3) -> str:
    """'Källa: SCB (BE0101N1); Kolada (RKA) (N85085)' from a list of source ids (or lists)."""
    ids = _flat_ids(source_ids)
    if not ids:
        return ""
    src = queries.sources(ids)
    parts: list[str] = []
    for pub, group in src.groupby("publisher", sort=True):
        tables = sorted({x for tid in group.table_id.dropna() for x in str(tid).split("; ") if x})
        parts.append(f"{pub} ({', '.join(tables[:4])})" if tables else str(pub))
    more = len(parts) - max_items
    text = "; ".join(parts[:max_items]) + (f" +{more}" if more > 0 else "")
    label = t("common.derived_from") if derived else (t("common.sources") if len(parts) > 1 else t("common.source"))
    return f"{label}: {text}"


def source_links(source_ids) -> str:
    """Markdown list of the sources with links, for under a chart."""
    ids = _flat_ids(source_ids)
    if not ids:
        return ""
    src = queries.sources(ids)
    lines = []
    for (pub, title), group in src.groupby(["publisher", "title"], sort=True):
        tables = sorted({x for tid in group.table_id.dropna() for x in str(tid).split("; ") if x})
        tid = f" — {', '.join(tables)}" if tables else ""
        urls = list(dict.fromkeys(group.url))
        links = f"[{_short(title)}]({urls[0]})" + "".join(f" [[{i}]]({u})" for i, u in enumerate(urls[1:], 2))
        lines.append(f"- {pub}{tid}: {links}")
    return "\n".join(lines)


def _short(text: str, n: int = 90) -> str:
    text = re.sub(r"\s+", " ", str(text))
    return text if len(text) <= n else text[: n - 1] + "…"


def styled(df: pd.DataFrame, decimals: dict[str, int]):
    """A Styler that shows numbers in the language's format; sorting still uses the numbers."""
    language = lang()
    formatters = {c: (lambda v, d=d: fmt.number(v, d, language)) for c, d in decimals.items() if c in df}
    for c in df.columns:
        if c not in formatters and pd.api.types.is_integer_dtype(df[c]):
            formatters[c] = lambda v: fmt.MISSING if pd.isna(v) else str(int(v))
    return df.style.format(formatters, na_rep=fmt.MISSING)


def downloads(df: pd.DataFrame, name: str, notes: list[str], key: str) -> None:
    c1, c2, _ = st.columns([1, 1, 3])
    language = lang()
    c1.download_button(t("common.download_csv"), export.to_csv(df, language), file_name=f"{name}.csv",
                       mime="text/csv", key=f"{key}-csv", icon=":material/download:")
    c2.download_button(t("common.download_xlsx"), export.to_xlsx(df, sheet=name, notes=notes),
                       file_name=f"{name}.xlsx", key=f"{key}-xlsx", icon=":material/download:",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def chart_panel(fig, table: pd.DataFrame, *, decimals: dict[str, int], name: str, notes: list[str],
                key: str) -> None:
    """Tabs Diagram / Tabell: the chart, and the same numbers as a table with downloads."""
    tab_chart, tab_table = st.tabs([t("common.chart"), t("common.table")])
    with tab_chart:
        # theme=None: our layout (fonts sized for screen or projector) is used as built.
        st.plotly_chart(fig, key=f"{key}-chart", config=charts.plotly_config(name), theme=None)
    with tab_table:
        st.dataframe(styled(table, decimals), hide_index=True, key=f"{key}-table")
        downloads(table, name, notes, key)
