"""Chart conventions, in one place: every chart has a title that says what it shows,
its unit, a source line inside the figure (so a PNG keeps it), fixed region colours,
gaps (never zero) for missing years, and the language's number format.

Every builder takes the language and ``large`` (presentation mode: larger fonts, thicker
lines, more height) as arguments, so a figure depends only on its inputs.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from app import fmt
from etl import vocabulary as vocab
from etl.vocabulary import DALARNA, GAVLEBORG, NMS, SWEDEN, VARMLAND

#: One fixed colour per region across the whole app (Okabe–Ito, colour-blind safe).
REGION_COLOURS = {
    VARMLAND: "#0072B2",   # Värmland: blue
    DALARNA: "#D55E00",    # Dalarna: vermillion
    GAVLEBORG: "#009E73",  # Gävleborg: green
    SWEDEN: "#3C3C3C",     # Sweden: near-black, dashed
    NMS: "#CC79A7",        # Norra Mellansverige: reddish purple
    "SE125": "#E69F00",  # Västmanland: orange
    "SE332": "#56B4E9",  # Norrbotten: sky blue
    vocab.INNLANDET: "#8C6D31",        # Innlandet: brown
    vocab.VIKEN: "#882255",            # Viken: wine
    vocab.TRONDELAG: "#332288",        # Trøndelag: indigo
    vocab.HEDMARK_OPPLAND: "#A6761D",  # Hedmark og Oppland (Innlandet's area before 2020): ochre
    vocab.HEDMARK: "#E6AB02",          # Hedmark: yellow
    vocab.OPPLAND: "#7570B3",          # Oppland: slate blue
    vocab.OSTFOLD: "#AA4499",          # Østfold: purple
    vocab.AKERSHUS: "#44AA99",         # Akershus: teal
    vocab.BUSKERUD: "#999933",         # Buskerud: olive
    vocab.NORWAY_MAINLAND: "#BB5566",  # Norway (mainland): rose, dashed
}
OTHER_COLOUR = "#A0A0A0"
# A system font: Plotly measures legend text before web fonts load, so a web font gets clipped.
FONT = "Helvetica Neue, Arial, Liberation Sans, DejaVu Sans, sans-serif"


@dataclass
class Panel:
    """A chart and the same numbers as a table: what ``components.chart_panel`` draws.
    ``name`` is the download file name, ``notes`` go below the table in the XLSX."""
    figure: go.Figure
    table: pd.DataFrame
    decimals: dict[str, int]
    name: str
    notes: list[str] = field(default_factory=list)


@dataclass
class Card:
    """A headline number (``st.metric``) with an optional change and a caption under it."""
    label: str
    value: str
    caption: str | None = None
    delta: str | None = None
    delta_description: str | None = None
    delta_color: str = "normal"


def wrap(text: str, width: int) -> str:
    """Break a long label onto several lines (Plotly uses <br>)."""
    return "<br>".join(textwrap.wrap(str(text), width)) or str(text)


def colour(region_code: str) -> str:
    return REGION_COLOURS.get(region_code, OTHER_COLOUR)


def dash(region_code: str) -> str:
    return "dash" if region_code in (SWEDEN, NMS, vocab.NORWAY_MAINLAND) else "solid"


def _base_layout(fig: go.Figure, title: str, unit: str, source_line: str, lang: str,
                 height: int, decimals: int, large: bool = False) -> go.Figure:
    if large:
        height = max(height, 470)
    size = 20 if large else 15
    fig.update_layout(
        template="plotly_white",
        title={"text": f"<b>{title}</b><br><span style='font-size:{size - 2}px'>{unit}</span>",
               "x": 0, "xanchor": "left", "font": {"size": size + 2}},
        separators=fmt.plotly_separators(lang),
        font={"family": FONT, "size": size},
        height=height,
        margin={"l": 10, "r": 10, "t": 100 if not large else 124, "b": 64 if not large else 80},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "title": None},
        hovermode="x unified",
        yaxis={"tickformat": fmt.d3_format(decimals), "title": None, "rangemode": "tozero"},
        xaxis={"title": None, "tickformat": "d", "dtick": None},
        annotations=[{
            "text": source_line, "xref": "paper", "yref": "paper", "x": 0, "y": -0.1,
            "xanchor": "left", "yanchor": "top", "showarrow": False,
            "font": {"size": size - 3, "color": "#555"}, "align": "left",
        }],
    )
    return fig


def _fill_years(df: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    """One row per region and year so that missing years become gaps in the line."""
    out = []
    for code, part in df.groupby("region_code", sort=False):
        full = pd.DataFrame({"year": years})
        merged = full.merge(part, on="year", how="left")
        merged["region_code"] = code
        out.append(merged)
    return pd.concat(out, ignore_index=True) if out else df


def line(df: pd.DataFrame, *, labels: dict[str, str], title: str, unit: str, source_line: str,
         lang: str, decimals: int = 0, height: int = 420, large: bool = False) -> go.Figure:
    """Lines per region over years. ``df``: region_code, year, value (+ optional hover columns)."""
    fig = go.Figure()
    if df.empty:
        return _base_layout(fig, title, unit, source_line, lang, height, decimals, large)
    # A gap means: this region lacks a year the indicator has for some region. Years that
    # nobody has (e.g. a series published every other year) are not gaps.
    years = sorted(int(y) for y in df.dropna(subset=["value"]).year.unique())
    single_year = len(years) == 1
    if single_year:
        return bar(df, labels=labels, title=title, unit=unit, source_line=source_line, lang=lang,
                   decimals=decimals, height=height, large=large)
    full = _fill_years(df, years)
    hover = "%{y:" + fmt.d3_format(decimals) + "}"
    for code, part in full.groupby("region_code", sort=False):
        observed = part.value.notna().sum()
        fig.add_trace(go.Scatter(
            x=part.year, y=part.value, name=labels.get(code, code), connectgaps=False,
            mode="lines+markers" if observed < len(part) or observed < 12 else "lines",
            line={"color": colour(code), "dash": dash(code), "width": 3 if not large else 4},
            marker={"size": 7 if not large else 10},
            hovertemplate=hover,
        ))
    fig.update_xaxes(range=[years[0] - 0.3, years[-1] + 0.3], dtick=1 if years[-1] - years[0] <= 12 else None)
    return _base_layout(fig, title, unit, source_line, lang, height, decimals, large)


def bar(df: pd.DataFrame, *, labels: dict[str, str], title: str, unit: str, source_line: str,
        lang: str, decimals: int = 0, height: int = 420, large: bool = False) -> go.Figure:
    """Bars per region for a single year (or the latest per region)."""
    fig = go.Figure()
    if not df.empty:
        latest = df.sort_values("year").groupby("region_code", sort=False).tail(1)
        names = [f"{labels.get(c, c)} ({y})" for c, y in zip(latest.region_code, latest.year)]
        fig.add_trace(go.Bar(
            x=names, y=latest.value, marker_color=[colour(c) for c in latest.region_code],
            text=[fmt.number(v, decimals, lang) for v in latest.value], textposition="outside",
            hovertemplate="%{x}: %{y:" + fmt.d3_format(decimals) + "}<extra></extra>",
        ))
    fig = _base_layout(fig, title, unit, source_line, lang, height, decimals, large)
    fig.update_layout(showlegend=False, hovermode="closest")
    fig.update_xaxes(tickformat=None, type="category")
    return fig


#: What sits above the main chart in presentation mode (the step bar, the page title and
#: the Diagram/Tabell tabs) and the margin below it, in CSS pixels.
PRESENT_RESERVED = 200
#: Below this a chart says little; a smaller window scrolls instead.
PRESENT_MIN_HEIGHT = 320
#: The viewport assumed until the browser has reported its own (a projector's 1280×720).
PRESENT_DEFAULT_VIEWPORT = 720


def fit(fig: go.Figure, viewport_height: int | None, reserved: int = PRESENT_RESERVED) -> go.Figure:
    """Presentation mode: make the figure as tall as the viewport leaves room for, so its
    title, axes and source line (all inside the figure) show without scrolling."""
    height = (viewport_height or PRESENT_DEFAULT_VIEWPORT) - reserved
    fig.update_layout(height=max(PRESENT_MIN_HEIGHT, int(height)), autosize=True)
    return fig


def plotly_config(filename: str) -> dict:
    """Keep Plotly's PNG download (with the source line inside the image)."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }


def lq_bars(df: pd.DataFrame, *, labels: dict[str, str], industry_labels: dict[str, str], title: str,
            unit: str, source_line: str, lang: str, height: int = 520, large: bool = False) -> go.Figure:
    """Horizontal bars of LQ per industry, one colour per region, with the line LQ = 1."""
    fig = go.Figure()
    order = sorted(df.industry_code.unique(), key=lambda c: industry_labels.get(c, c), reverse=True)
    for code, part in df.groupby("region_code", sort=False):
        part = part.set_index("industry_code").reindex(order)
        fig.add_trace(go.Bar(
            y=[industry_labels.get(c, c) for c in order], x=part.lq, orientation="h",
            name=labels.get(code, code), marker_color=colour(code),
            hovertemplate="%{y}: %{x:.2f}<extra>" + labels.get(code, code) + "</extra>",
        ))
    fig = _base_layout(fig, title, unit, source_line, lang, height, 2, large)
    fig.update_layout(barmode="group", hovermode="closest", yaxis={"tickformat": None, "automargin": True},
                      xaxis={"tickformat": ".1f", "rangemode": "tozero"})
    fig.add_vline(x=1, line_dash="dot", line_color="#444")
    return fig


def bubble(df: pd.DataFrame, *, labels: dict[str, str], industry_labels: dict[str, str], title: str,
           unit: str, x_title: str, y_title: str, source_line: str, lang: str, height: int = 520,
           large: bool = False) -> go.Figure:
    """Cluster-mapping style: x = LQ, y = employment change, size = employment."""
    fig = go.Figure()
    if not df.empty:
        ref = float(df.employed.max())
        for code, part in df.groupby("region_code", sort=False):
            fig.add_trace(go.Scatter(
                x=part.lq, y=part.change_pct, mode="markers+text", name=labels.get(code, code),
                text=part.industry_code, textposition="top center",
                marker={"size": (part.employed / ref) ** 0.5 * 60 + 6, "color": colour(code),
                        "opacity": 0.75, "line": {"width": 1, "color": "white"}},
                customdata=[industry_labels.get(c, c) for c in part.industry_code],
                hovertemplate="%{customdata}<br>LQ %{x:.2f}<br>%{y:+.1f} %<extra>" + labels.get(code, code)
                              + "</extra>",
            ))
    fig = _base_layout(fig, title, unit, source_line, lang, height, 1, large)
    fig.update_layout(hovermode="closest",
                      xaxis={"title": x_title, "tickformat": ".1f", "rangemode": "tozero"},
                      yaxis={"title": y_title, "tickformat": "+.0f", "rangemode": "normal"})
    fig.add_vline(x=1, line_dash="dot", line_color="#444")
    fig.add_hline(y=0, line_dash="dot", line_color="#444")
    return fig


def status_matrix(cells: pd.DataFrame, *, row_labels: dict[str, str], col_labels: dict[str, str],
                  status_labels: dict[str, str], colours: dict[str, str], hover: dict[tuple[str, str], str],
                  title: str, unit: str, source_line: str, lang: str, large: bool = False) -> go.Figure:
    """A Kolada-style matrix: rows × columns coloured by a status, with hover details.
    ``cells``: row_id, col_id, status."""
    rows = list(dict.fromkeys(cells.row_id))
    cols = list(dict.fromkeys(cells.col_id))
    order = list(colours)
    idx = {s: i for i, s in enumerate(order)}
    z, text, hv = [], [], []
    for r in rows:
        zr, tr, hr = [], [], []
        for c in cols:
            status = cells[(cells.row_id == r) & (cells.col_id == c)].status.iloc[0]
            zr.append(idx[status])
            tr.append(status_labels[status])
            hr.append(hover.get((r, c), ""))
        z.append(zr)
        text.append(tr)
        hv.append(hr)
    n = len(order)
    scale = []
    for i, s in enumerate(order):
        scale += [[i / n, colours[s]], [(i + 1) / n, colours[s]]]
    fig = go.Figure(go.Heatmap(
        z=z, x=[col_labels.get(c, c) for c in cols], y=[wrap(row_labels.get(r, r), 72 if large else 48) for r in rows],
        text=text, texttemplate="%{text}", customdata=hv, hovertemplate="%{customdata}<extra></extra>",
        colorscale=scale, zmin=-0.5, zmax=n - 0.5, showscale=False, xgap=3, ygap=3,
        textfont={"size": 16 if large else 13, "color": "#111"},
    ))
    height = 130 + 58 * len(rows)
    fig = _base_layout(fig, title, unit, source_line, lang, height, 0, large)
    fig.update_layout(hovermode="closest", yaxis={"autorange": "reversed", "tickformat": None, "automargin": True,
                                                  "tickfont": {"size": 15 if large else 13}},
                      xaxis={"side": "top", "tickformat": None, "type": "category"},
                      margin={"l": 10, "r": 10, "t": 120, "b": 44})
    # right-aligned: the row labels take the left of the figure, and a long line would be cut
    fig.layout.annotations[0].update(y=0, yshift=-8, x=1, xanchor="right", align="right")
    return fig


def sankey(links: pd.DataFrame, *, node_labels: dict[str, str], title: str, unit: str, source_line: str,
           lang: str, decimals: int = 0, height: int = 520, large: bool = False) -> go.Figure:
    """Flows in three columns. ``links``: source, target, value, stage (0: programme -> county,
    1: county -> theme). Node keys are made unique per column."""
    keys: list[str] = []

    def node(stage_col: int, name: str) -> int:
        key = f"{stage_col}|{name}"
        if key not in keys:
            keys.append(key)
        return keys.index(key)

    src, tgt, val = [], [], []
    for r in links.itertuples():
        src.append(node(r.stage, r.source))
        tgt.append(node(r.stage + 1, r.target))
        val.append(r.value)
    labels = [node_labels.get(k.split("|", 1)[1], k.split("|", 1)[1]) for k in keys]
    colours = [colour(k.split("|", 1)[1]) if k.startswith("1|") else "#7F8C9A" for k in keys]
    fig = go.Figure(go.Sankey(
        arrangement="snap", valueformat=fmt.d3_format(decimals),
        node={"label": labels, "color": colours, "pad": 14, "thickness": 16},
        link={"source": src, "target": tgt, "value": val, "color": "rgba(120,130,150,0.30)"},
    ))
    fig = _base_layout(fig, title, unit, source_line, lang, height, decimals, large)
    fig.update_layout(hovermode="closest")
    return fig


def grouped_bars(df: pd.DataFrame, *, labels: dict[str, str], title: str, unit: str, source_line: str,
                 lang: str, decimals: int = 0, large: bool = False) -> go.Figure:
    """Horizontal bars per category (long labels read on the y axis), one colour per region.
    ``df``: category, region_code, value."""
    fig = go.Figure()
    cats = list(dict.fromkeys(df.category))
    for code, part in df.groupby("region_code", sort=False):
        part = part.set_index("category").reindex(cats)
        fig.add_trace(go.Bar(y=cats, x=part.value, orientation="h", name=labels.get(code, code),
                             marker_color=colour(code),
                             hovertemplate="%{y}: %{x:" + fmt.d3_format(decimals) + "}<extra>"
                                           + labels.get(code, code) + "</extra>"))
    height = 170 + 34 * len(cats) * max(1, df.region_code.nunique()) ** 0.5
    fig = _base_layout(fig, title, unit, source_line, lang, int(height), decimals, large)
    fig.update_layout(barmode="group", hovermode="closest",
                      yaxis={"autorange": "reversed", "tickformat": None, "type": "category", "automargin": True},
                      xaxis={"tickformat": fmt.d3_format(decimals), "rangemode": "tozero"})
    fig.layout.annotations[0].update(y=0, yshift=-30)
    return fig
