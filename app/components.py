"""Reusable page pieces (Streamlit): the chart/table panel with downloads, tables in the
language's number format. Source lines are built in ``app/sources.py``."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from app import charts, export, fmt, state, style, text
from app.i18n import lang, t

#: Text from files or users, shown literally in markdown (captions, labels, help).


def _number_format(decimals: int, language: str) -> Callable[[Any], str]:
    return lambda v: fmt.number(v, decimals, language)


def styled(df: pd.DataFrame, decimals: dict[str, int]):
    """A Styler that shows numbers in the language's format; sorting still uses the numbers."""
    language = lang()
    formatters: dict[str, Callable[[Any], str]] = {
        c: _number_format(d, language) for c, d in decimals.items() if c in df}
    for c in df.columns:
        if c not in formatters and pd.api.types.is_integer_dtype(df[c]):
            formatters[c] = lambda v: fmt.MISSING if pd.isna(v) else str(int(v))
    return df.style.format(formatters, na_rep=fmt.MISSING)


def downloads(df: pd.DataFrame, name: str, notes: list[str], key: str, decimals: dict[str, int] | None = None) -> None:
    """CSV and XLSX of the table, numbers rounded to the decimals shown (``decimals``); the
    XLSX carries ``notes`` (the full source notes) on a sheet of their own.

    The files are made when a button is clicked (a callable as ``data``), not on every run:
    building an XLSX took longer than drawing the rest of a page. ``on_click="ignore"``: a
    download does not rerun the page."""
    c1, c2, _ = st.columns([1, 1, 3])
    language, sources_sheet = lang(), t("common.sources")
    c1.download_button(t("common.download_csv"), lambda: export.to_csv(df, language, decimals),
                       file_name=f"{name}.csv", mime="text/csv", key=f"{key}-csv", icon=":material/download:",
                       on_click="ignore")
    c2.download_button(t("common.download_xlsx"),
                       lambda: export.to_xlsx(df, sheet=name, notes=notes, decimals=decimals,
                                              notes_sheet=sources_sheet),
                       file_name=f"{name}.xlsx", key=f"{key}-xlsx", icon=":material/download:", on_click="ignore",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def main_slot(present: bool):
    """Where a page's main chart goes. In presentation mode call it right under the title,
    so the chart comes first and the page's controls and secondary content follow below;
    otherwise it is an ordinary container in the page's flow.
    Usage: ``slot = components.main_slot(f.present)`` ... ``with slot or st.container():``."""
    return st.container(key="present-main") if present else None


def chart_panel(panel: charts.Panel, key: str, main: bool = False, extra=(), tab_key: str | None = None) -> None:
    """Tabs Diagram / Tabell: the chart, and the same numbers as a table with downloads.
    ``main``: the view's main chart in presentation mode, sized to the viewport.
    ``extra``: further tabs as (code, label, function that draws the tab's content);
    ``tab_key``: the URL key that keeps the open tab (``state.url_tabs``).

    Only the open tab is drawn (the tabs rerun the page when switched; the open one is in
    ``st.session_state[f"{key}-tabs"]`` or, with ``tab_key``, in the URL): a table with its
    downloads cost the browser about as much as the chart, on every run, for a tab most
    viewers never open."""
    options = {"chart": t("common.chart"), "table": t("common.table"), **{c: label for c, label, _ in extra}}
    if tab_key:
        tab_chart, tab_table, *more = state.url_tabs(tab_key, options, "chart")
    else:
        tab_chart, tab_table, *more = st.tabs(list(options.values()), key=f"{key}-tabs", on_change="rerun")
    if tab_chart.open is not False:  # None: tabs that do not track state draw everything
        if main:
            charts.fit(panel.figure, style.viewport_height())
        with tab_chart:
            # theme=None: our layout (fonts sized for screen or projector) is used as built.
            st.plotly_chart(panel.figure, key=f"{key}-chart", config=charts.plotly_config(panel.name), theme=None)
    if tab_table.open is not False:
        with tab_table:
            st.dataframe(styled(panel.table, panel.decimals), hide_index=True, key=f"{key}-table")
            downloads(panel.table, panel.name, panel.notes, key, panel.decimals)
    for tab, (_, _, draw) in zip(more, extra, strict=True):
        if tab.open is not False:
            with tab:
                draw()


def panel_choice(panels: list[tuple[str, str, charts.Panel]], key: str) -> None:
    """Charts that answer one question from different sides, as tabs (key, tab label, panel):
    only the open one is drawn, and the others when a viewer opens them (#22)."""
    tabs = st.tabs([label for _, label, _ in panels], key=f"{key}-tabs", on_change="rerun")
    for tab, (panel_key, _, panel) in zip(tabs, panels, strict=True):
        if tab.open is not False:
            with tab:
                chart_panel(panel, key=panel_key)


def cards(items: list[charts.Card], n_columns: int | None = None) -> None:
    """Headline numbers side by side, each with its caption under it; more items than
    ``n_columns`` continue on a new row (none is dropped)."""
    n = n_columns or max(len(items), 1)
    for start in range(0, len(items), n):
        for column, card in zip(st.columns(n), items[start:start + n], strict=False):
            column.metric(text.md(card.label), card.value, delta=card.delta, delta_color=card.delta_color,
                          delta_description=card.delta_description)
            if card.caption:
                column.caption(text.md(card.caption))


def headline_grid(rows) -> None:
    """Presentation mode's overview: one line per indicator, one column per region, the
    figures large, each with its year and rank (or why it is missing) and the line's source.
    ``rows``: ``overview.Row`` objects. Every text is escaped: names come from the warehouse."""
    if not rows:
        return
    esc = html.escape
    regions: dict[str, str] = {}        # every region that has a card in any row, in order
    for row in rows:
        for c in row.cards:
            regions.setdefault(c.region_code, c.region_name)
    head = "".join(f"<th>{esc(name)}</th>" for name in regions.values())
    missing = esc(t("overview.no_value"))
    body = []
    for row in rows:
        by_code = {c.region_code: c for c in row.cards}
        cells = []
        for code in regions:
            c = by_code.get(code)
            if c is None:  # shown as missing, never as a number
                cells.append(f"<td><div class='sub'>{missing}</div></td>")
                continue
            # short on the projector: year, rank and the note's name (its reason is in the normal view)
            sub = " · ".join(str(x) for x in (c.year, c.rank_text, c.flags) if x)
            cells.append(f"<td><div class='val'>{esc(c.value_text)}</div><div class='sub'>{esc(sub)}</div></td>")
        body.append(f"<tr><td class='ind'><b>{esc(row.name)}</b> · {esc(row.unit)}"
                    f"<span class='src'>{esc(row.source_line)}</span></td>{''.join(cells)}</tr>")
    st.html(f"<table class='nms-grid'><thead><tr><th></th>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>")


def export_button(container, label: str, make, file_name: str, mime: str, unavailable: str | None, key: str,
                  help: str | None = None) -> None:
    """A download whose file is made when clicked (``make``: a function returning bytes).
    When the export cannot run here (``unavailable``: reports.render's reason), the button is
    disabled and a sentence says why."""
    container.download_button(label, make, file_name=file_name, mime=mime, key=key, help=help,
                              disabled=unavailable is not None, icon=":material/download:", on_click="ignore")
    if unavailable:
        container.caption(t(f"export.error.{unavailable}"))
