"""Chart conventions, in one place: every chart has a title that says what it shows,
its unit, a source line inside the figure (so a PNG keeps it), fixed region colours,
gaps (never zero) for missing years, and the language's number format.

Every builder takes the language and ``large`` (presentation mode: larger fonts, thicker
lines, more height) as arguments, so a figure depends only on its inputs.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd
import plotly.graph_objects as go

from app import fmt
from app.text import html
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

    def __reduce__(self):
        """Pickled (``st.cache_data`` keeps built panels): the figure as its dict, rebuilt
        without validating it again -- it was validated when it was built, and validating
        took most of the time of reading a cached panel back."""
        return _unpickle_panel, (self.figure.to_dict(), self.table, self.decimals, self.name, self.notes)


def _unpickle_panel(figure: dict, table: pd.DataFrame, decimals: dict[str, int], name: str,
                    notes: list[str]) -> Panel:
    return Panel(go.Figure(figure, _validate=False), table, decimals, name, notes)


@dataclass
class Card:
    """A headline number (``st.metric``) with an optional change and a caption under it."""
    label: str
    value: str
    caption: str | None = None
    delta: str | None = None
    delta_description: str | None = None
    delta_color: Literal["normal", "inverse", "off"] = "normal"


def _luminance(colour: str) -> float:
    rgb = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two '#RRGGBB' colours (1 to 21; text needs ≥ 4.5)."""
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


#: The source line inside every figure (7.5:1 on white).
SOURCE_COLOUR = "#555555"
#: Characters per line of the source line (normal, presentation): about 700 px of text.
SOURCE_WRAP, SOURCE_WRAP_LARGE = 110, 80


def wrap(text: str, width: int) -> str:
    """Break a long label onto several lines (Plotly uses <br>)."""
    return "<br>".join(html(x) for x in textwrap.wrap(str(text), width)) or html(text)


def category_label(text: str) -> str:
    """A category's label, escaped; a second line (after a newline) is drawn smaller."""
    first, _, second = str(text).partition("\n")
    return html(first) + (f"<br><span style='font-size:0.8em'>{html(second)}</span>" if second else "")


def colour(region_code: str) -> str:
    return REGION_COLOURS.get(region_code, OTHER_COLOUR)


def dash(region_code: str) -> str:
    return "dash" if region_code in (SWEDEN, NMS, vocab.NORWAY_MAINLAND) else "solid"


def _base_layout(fig: go.Figure, title: str, unit: str, source_line: str, lang: str,
                 height: int, decimals: int, large: bool = False) -> go.Figure:
    # plain text in, never markup; the source line wraps so that it stays inside the figure even
    # when long category labels push the plot area (where it starts) to the right
    source_lines = wrap(source_line, SOURCE_WRAP_LARGE if large else SOURCE_WRAP).count("<br>")
    title, unit, source_line = html(title), html(unit), wrap(source_line, SOURCE_WRAP_LARGE if large else SOURCE_WRAP)
    if large:
        height = max(height, 470)
    size = 20 if large else 15
    bottom = (64 if not large else 80) + source_lines * (size + 2)
    fig.update_layout(
        template="plotly_white",
        title={"text": f"<b>{title}</b><br><span style='font-size:{size - 2}px'>{unit}</span>",
               "x": 0, "xanchor": "left", "font": {"size": size + 2}},
        separators=fmt.plotly_separators(lang),
        font={"family": FONT, "size": size},
        height=height,
        margin={"l": 10, "r": 10, "t": 100 if not large else 124, "b": bottom},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "title": None},
        hovermode="x unified",
        yaxis={"tickformat": fmt.d3_format(decimals), "title": None, "rangemode": "tozero"},
        xaxis={"title": None, "tickformat": "d", "dtick": None},
        annotations=[{
            "text": source_line, "xref": "paper", "yref": "paper", "x": 0, "y": -0.1,
            "xanchor": "left", "yanchor": "top", "showarrow": False,
            "font": {"size": size - 3, "color": SOURCE_COLOUR}, "align": "left",
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


def year_ticks(years: list[int]) -> dict:
    """Whole, unique years on the axis: a tick every 1, 2 or 5 years from the first year,
    never a fractional year formatted as a repeated whole one ('2020 2021 2021 2022')."""
    span = years[-1] - years[0]
    step = 1 if span <= 12 else 2 if span <= 24 else 5
    return {"tickmode": "linear", "tick0": years[0], "dtick": step, "tickformat": "d",
            "range": [years[0] - 0.4, years[-1] + 0.4]}


#: More regions than this: the legend goes to the right of the plot (never over the title).
LEGEND_ROW_MAX = 5


def _legend(fig: go.Figure, n: int, large: bool) -> None:
    """A legend that always names the regions (also one alone) and never covers the title."""
    if n > LEGEND_ROW_MAX:
        fig.update_layout(showlegend=True, legend={"orientation": "v", "x": 1.02, "xanchor": "left", "y": 1,
                                                   "yanchor": "top", "font": {"size": 14 if large else 11}})
    else:
        fig.update_layout(showlegend=True)


def line(df: pd.DataFrame, *, labels: dict[str, str], title: str, unit: str, source_line: str,
         lang: str, decimals: int = 0, height: int = 420, large: bool = False,
         secondary: tuple[str, ...] = (), secondary_unit: str = "", secondary_suffix: str = "") -> go.Figure:
    """Lines per region over years. ``df``: region_code, year, value, optionally ``flag_text``
    (a flagged value gets an open marker and its flag in the hover).

    ``secondary``: regions drawn against a second y axis (right, titled ``secondary_unit``),
    so that Sweden's total does not flatten the counties' lines on one linear axis.
    Titles, labels and hover text are escaped: names come from files."""
    fig = go.Figure()
    if df.empty:
        return _base_layout(fig, title, unit, source_line, lang, height, decimals, large)
    # A gap means: this region lacks a year the indicator has for some region. Years that
    # nobody has (e.g. a series published every other year) are not gaps.
    years = sorted(int(y) for y in df.dropna(subset=["value"]).year.unique())
    if len(years) == 1:
        return bar(df, labels=labels, title=title, unit=unit, source_line=source_line, lang=lang,
                   decimals=decimals, height=height, large=large)
    if "flag_text" not in df:
        df = df.assign(flag_text="")
    full = _fill_years(df, years)
    full["flag_text"] = full.flag_text.fillna("")
    n = full.region_code.nunique()
    number = "%{y:" + fmt.d3_format(decimals) + "}"
    for code, part in full.groupby("region_code", sort=False):
        name = html(labels.get(code, code))
        observed = part.value.notna().sum()
        on_right = code in secondary
        flagged = part.flag_text != ""
        fig.add_trace(go.Scatter(
            x=part.year, y=part.value, name=name + (html(secondary_suffix) if on_right else ""), connectgaps=False,
            mode="lines+markers" if observed < len(part) or observed < 12 else "lines",
            line={"color": colour(code), "dash": dash(code),
                  "width": (3 if not large else 4) if code in REGION_COLOURS else (1.5 if not large else 2.5)},
            marker={"size": 7 if not large else 10,
                    "symbol": ["circle-open" if f else "circle" for f in flagged]},
            customdata=[f" ({html(f)})" if f else "" for f in part.flag_text],
            # the region's name in the hover: with many grey lines, hovering tells them apart
            hovertemplate=f"<b>{name}</b> %{{x}}: {number}%{{customdata}}<extra></extra>",
            yaxis="y2" if on_right else "y",
        ))
    fig = _base_layout(fig, title, unit, source_line, lang, height, decimals, large)
    fig.update_xaxes(**year_ticks(years))
    if n > LEGEND_ROW_MAX:
        fig.update_layout(hovermode="closest")
    if secondary:
        fig.update_layout(yaxis2={"overlaying": "y", "side": "right", "title": html(secondary_unit), "tickmode": "auto",
                                  "tickformat": fmt.d3_format(decimals), "rangemode": "tozero", "showgrid": False})
    _legend(fig, n, large)
    return fig


def bar(df: pd.DataFrame, *, labels: dict[str, str], title: str, unit: str, source_line: str,
        lang: str, decimals: int = 0, height: int = 420, large: bool = False) -> go.Figure:
    """Bars per region for a single year (or the latest per region). The regions are named
    on the axis, with the year, so a single bar still says whose it is; more than
    ``LEGEND_ROW_MAX - 1`` regions lie as horizontal bars so their names stay readable."""
    fig = go.Figure()
    horizontal = df.region_code.nunique() >= LEGEND_ROW_MAX
    if not df.empty:
        latest = df.sort_values("year").groupby("region_code", sort=False).tail(1)
        names = [html(f"{labels.get(c, c)} ({int(y)})") for c, y in zip(latest.region_code, latest.year, strict=True)]
        text = [fmt.number(v, decimals, lang) for v in latest.value]
        number = "%{" + ("x" if horizontal else "y") + ":" + fmt.d3_format(decimals) + "}"
        fig.add_trace(go.Bar(
            x=latest.value if horizontal else names, y=names if horizontal else latest.value,
            orientation="h" if horizontal else "v", marker_color=[colour(c) for c in latest.region_code],
            text=text, textposition="outside", cliponaxis=False,
            hovertemplate="%{" + ("y" if horizontal else "x") + "}: " + number + "<extra></extra>",
        ))
    if horizontal:
        height = max(height, 120 + 30 * df.region_code.nunique())
    fig = _base_layout(fig, title, unit, source_line, lang, height, decimals, large)
    fig.update_layout(showlegend=False, hovermode="closest")
    if horizontal:
        fig.update_layout(yaxis={"tickformat": None, "type": "category", "autorange": "reversed", "automargin": True,
                                 "rangemode": None},
                          xaxis={"tickformat": fmt.d3_format(decimals), "rangemode": "tozero"})
        fig.layout.annotations[0].update(y=0, yshift=-40)
    else:
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
            y=[html(industry_labels.get(c, c)) for c in order], x=part.lq, orientation="h",
            name=html(labels.get(code, code)), marker_color=colour(code),
            hovertemplate="%{y}: %{x:.2f}<extra>" + html(labels.get(code, code)) + "</extra>",
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
                x=part.lq, y=part.change_pct, mode="markers+text", name=html(labels.get(code, code)),
                text=[html(industry_labels.get(c, c).split(" ")[0]) for c in part.industry_code],
                textposition="top center",
                marker={"size": (part.employed / ref) ** 0.5 * 60 + 6, "color": colour(code),
                        "opacity": 0.75, "line": {"width": 1, "color": "white"}},
                customdata=[html(industry_labels.get(c, c)) for c in part.industry_code],
                hovertemplate="%{customdata}<br>LQ %{x:.2f}<br>%{y:+.1f} %<extra>" + html(labels.get(code, code))
                              + "</extra>",
            ))
    fig = _base_layout(fig, title, unit, source_line, lang, height, 1, large)
    x_title, y_title = html(x_title), html(y_title)
    fig.update_layout(hovermode="closest",
                      xaxis={"title": x_title, "tickformat": ".1f", "rangemode": "tozero"},
                      yaxis={"title": y_title, "tickformat": "+.0f", "rangemode": "normal"})
    fig.add_vline(x=1, line_dash="dot", line_color="#444")
    fig.add_hline(y=0, line_dash="dot", line_color="#444")
    return fig


def status_matrix(cells: pd.DataFrame, *, row_labels: dict[str, str], col_labels: dict[str, str],
                  status_labels: dict[str, str], colours: dict[str, str], hover: dict[tuple[str, str], str],
                  title: str, unit: str, source_line: str, lang: str, large: bool = False,
                  text_colour: str = "#111") -> go.Figure:
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
            tr.append(html(status_labels[status]))
            hr.append(hover.get((r, c), ""))  # lines joined with <br>: each escaped by the caller
        z.append(zr)
        text.append(tr)
        hv.append(hr)
    n = len(order)
    scale = []
    for i, s in enumerate(order):
        scale += [[i / n, colours[s]], [(i + 1) / n, colours[s]]]
    fig = go.Figure(go.Heatmap(
        z=z, x=[html(col_labels.get(c, c)) for c in cols],
        y=[wrap(row_labels.get(r, r), 72 if large else 48) for r in rows],
        text=text, texttemplate="%{text}", customdata=hv, hovertemplate="%{customdata}<extra></extra>",
        colorscale=scale, zmin=-0.5, zmax=n - 0.5, showscale=False, xgap=3, ygap=3,
        textfont={"size": 16 if large else 13, "color": text_colour},
    ))
    height = 130 + 58 * len(rows)
    fig = _base_layout(fig, title, unit, source_line, lang, height, 0, large)
    fig.update_layout(hovermode="closest", yaxis={"autorange": "reversed", "tickformat": None, "automargin": True,
                                                  "tickfont": {"size": 15 if large else 13}},
                      xaxis={"side": "top", "tickformat": None, "type": "category"},
                      margin={"l": 10, "r": 10, "t": 120, "b": 44})
    # the labels take the left of the figure: the source line ends at the matrix's right edge
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
    labels = [html(node_labels.get(k.split("|", 1)[1], k.split("|", 1)[1])) for k in keys]
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
        fig.add_trace(go.Bar(y=[category_label(c) for c in cats], x=part.value, orientation="h",
                             name=html(labels.get(code, code)), marker_color=colour(code),
                             hovertemplate="%{y}: %{x:" + fmt.d3_format(decimals) + "}<extra>"
                                           + html(labels.get(code, code)) + "</extra>"))
    height = 170 + 34 * len(cats) * max(1, df.region_code.nunique()) ** 0.5
    fig = _base_layout(fig, title, unit, source_line, lang, int(height), decimals, large)
    fig.update_layout(barmode="group", hovermode="closest",
                      yaxis={"autorange": "reversed", "tickformat": None, "type": "category", "automargin": True},
                      xaxis={"tickformat": fmt.d3_format(decimals), "rangemode": "tozero"})
    fig.layout.annotations[0].update(y=0, yshift=-30)
    return fig


# --- Where the counties stand (#19) ---------------------------------------------------------


def ranking_bars(df: pd.DataFrame, *, labels: dict[str, str], title: str, unit: str, source_line: str, lang: str,
                 decimals: int = 0, reference: float | None = None, reference_label: str = "",
                 highlight=(), large: bool = False) -> go.Figure:
    """Every county as a horizontal bar in rank order (rank 1 at the top), the regions with a
    ``highlight`` (the chosen counties) in their fixed colour and the others grey; ``reference``
    (Sweden) as a dashed line. ``df``: region_code, value, label (the rank as shown)."""
    names = [html(f"{r.label}. {labels.get(r.region_code, r.region_code)}") if r.label
             else html(labels.get(r.region_code, r.region_code)) for r in df.itertuples()]
    fig = go.Figure(go.Bar(
        x=df.value, y=names, orientation="h",
        marker_color=[colour(c) if c in highlight else OTHER_COLOUR for c in df.region_code],
        text=[fmt.number(v, decimals, lang) for v in df.value], textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: %{x:" + fmt.d3_format(decimals) + "}<extra></extra>",
    ))
    height = max(380, 140 + 28 * len(df)) + (60 if large else 0)  # every bar keeps its label
    fig = _base_layout(fig, title, unit, source_line, lang, height, decimals, large)
    fig.update_layout(showlegend=False, hovermode="closest",
                      yaxis={"tickformat": None, "type": "category", "autorange": "reversed", "automargin": True,
                             "rangemode": None},
                      xaxis={"tickformat": fmt.d3_format(decimals), "rangemode": "tozero"})
    fig.layout.annotations[0].update(y=0, yshift=-40)
    if reference is not None and pd.notna(reference):
        fig.add_vline(x=reference, line_dash="dash", line_color=colour(vocab.SWEDEN), line_width=2,
                      annotation_text=html(f"{reference_label} {fmt.number(reference, decimals, lang)}"),
                      annotation_position="top", annotation_font_color=colour(vocab.SWEDEN))
    return fig


def rank_lines(df: pd.DataFrame, *, labels: dict[str, str], title: str, unit: str, source_line: str, lang: str,
               n: int, height: int = 420, large: bool = False) -> go.Figure:
    """Each region's rank over the years (1 at the top, ``n`` at the bottom), markers on every
    ranked year; a year with no rank is a gap. ``df``: region_code, year, rank, n_ranked."""
    fig = go.Figure()
    years = sorted(int(y) for y in df.year.unique())
    full = _fill_years(df[["region_code", "year", "rank", "n_ranked"]], years)
    for code, part in full.groupby("region_code", sort=False):
        name = html(labels.get(code, code))
        fig.add_trace(go.Scatter(
            x=part.year, y=part["rank"], name=name, mode="lines+markers", connectgaps=False,
            line={"color": colour(code), "width": 3 if not large else 4},
            marker={"size": 8 if not large else 11}, customdata=part.n_ranked,
            hovertemplate=f"<b>{name}</b> %{{x}}: %{{y}} / %{{customdata}}<extra></extra>"))
    fig = _base_layout(fig, title, unit, source_line, lang, height, 0, large)
    fig.update_yaxes(autorange=False, range=[n + 0.5, 0.5], tickmode="array",
                     tickvals=sorted({1, n, *range(5, n - 2, 5)}), rangemode=None)
    if years:
        fig.update_xaxes(**year_ticks(years))
    fig.update_layout(hovermode="closest")
    _legend(fig, full.region_code.nunique(), large)
    return fig


#: The map's fill: light to dark grey, so the three counties' coloured outlines stand out.
MAP_SCALE = [[0.0, "#D4D4D4"], [1.0, "#262626"]]
MISSING_FILL = "#FFFFFF"
#: Sweden in view on Plotly's blank map style (no tiles, nothing fetched).
SWEDEN_VIEW = {"center": {"lat": 62.4, "lon": 17.2}, "zoom": 3.6}


def choropleth(df: pd.DataFrame, *, geojson: dict, key: str, hover: list[list[str]], title: str, unit: str,
               colorbar_title: list[str], source_line: str, lang: str, decimals: int = 0,
               outline: Sequence[str] = (), missing_label: str = "", height: int = 640, large: bool = False,
               view: dict | None = None, outline_geojson: dict | None = None, outline_key: str | None = None,
               outline_codes: dict[str, str] | None = None) -> go.Figure:
    """Regions filled by value on a blank map (``Choroplethmap`` on the ``white-bg`` style:
    drawn offline). ``df``: region_code, scb_code (the GeoJSON's ``key``), value; ``hover``:
    per row the lines shown on hover (plain text). Regions without a value are white and say
    so on hover; ``outline``: region codes drawn with their fixed colour around them (their
    shapes from ``outline_geojson`` by ``outline_codes`` when they are not among the filled regions)."""
    fig = go.Figure()
    hover = [[html(x) for x in row] for row in hover]
    has = df.value.notna().to_numpy()
    template = "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[2]}<br>%{customdata[3]}<extra></extra>"
    if (~has).any():
        fig.add_trace(go.Choroplethmap(
            geojson=geojson, featureidkey=f"properties.{key}", locations=df.scb_code[~has], z=[0] * int((~has).sum()),
            colorscale=[[0, MISSING_FILL], [1, MISSING_FILL]], showscale=False, name=html(missing_label),
            customdata=[[h[0], html(missing_label), "", h[3]] for h, ok in zip(hover, has, strict=True) if not ok],
            marker={"line": {"color": "#9A9A9A", "width": 0.8}}, hovertemplate=template))
    fmt_number = fmt.d3_format(decimals)
    fig.add_trace(go.Choroplethmap(
        geojson=geojson, featureidkey=f"properties.{key}", locations=df.scb_code[has], z=df.value[has],
        colorscale=MAP_SCALE, marker={"line": {"color": "#FFFFFF", "width": 0.8}, "opacity": 0.95},
        customdata=[h for h, ok in zip(hover, has, strict=True) if ok], hovertemplate=template,
        colorbar={"title": {"text": "<br>".join(html(x) for x in colorbar_title), "side": "top"},
                  "tickformat": fmt_number, "len": 0.8, "thickness": 14}))
    by_code = {f["properties"][outline_key or key]: f for f in (outline_geojson or geojson)["features"]}
    codes = outline_codes if outline_codes is not None else dict(zip(df.region_code, df.scb_code, strict=True))
    layers = [{"sourcetype": "geojson", "source": by_code[codes[c]], "type": "line", "color": colour(c),
               "line": {"width": 3.5 if not large else 5}, "below": ""}
              for c in outline if codes.get(c) in by_code]
    fig = _base_layout(fig, title, unit, source_line, lang, height, decimals, large)
    fig.update_layout(map={"style": "white-bg", "layers": layers, **(view or SWEDEN_VIEW)},
                      hovermode="closest", showlegend=False)
    fig.layout.annotations[0].update(y=0, yshift=-12)
    return fig


#: The three shift-share components: greys and a purple, never a county's colour.
SHIFT_SHARE_COLOURS = {"national": "#B0B0B0", "mix": "#6A51A3", "regional": "#3C3C3C"}


def shift_share_bars(df: pd.DataFrame, *, labels: dict[str, str], components: dict[str, str], actual: str,
                     title: str, unit: str, source_line: str, lang: str, height: int = 460,
                     large: bool = False) -> go.Figure:
    """Per region the three components side by side, and the actual change (their sum) as a
    marker. ``df``: region_code, change and one column per key of ``components``."""
    fig = go.Figure()
    x = [html(labels.get(c, c)) for c in df.region_code]
    number = "%{y:" + fmt.d3_format(0) + "}"
    for key, name in components.items():
        fig.add_trace(go.Bar(x=x, y=df[key], name=html(name), marker_color=SHIFT_SHARE_COLOURS[key],
                             hovertemplate=f"%{{x}} · {html(name)}: {number}<extra></extra>"))
    fig.add_trace(go.Scatter(x=x, y=df.change, name=html(actual), mode="markers",
                             marker={"symbol": "diamond", "size": 14 if not large else 18, "color": "#000000",
                                     "line": {"color": "#FFFFFF", "width": 1.5}},
                             hovertemplate=f"%{{x}} · {html(actual)}: {number}<extra></extra>"))
    fig = _base_layout(fig, title, unit, source_line, lang, height, 0, large)
    fig.update_layout(barmode="group", hovermode="closest", yaxis={"rangemode": "normal", "zeroline": True,
                                                                   "zerolinecolor": "#444"})
    fig.update_xaxes(tickformat=None, type="category")
    return fig


def shift_share_industries(df: pd.DataFrame, *, labels: dict[str, str], industry_labels: dict[str, str],
                           title: str, unit: str, source_line: str, lang: str, value: str = "regional",
                           height: int = 560, large: bool = False) -> go.Figure:
    """One component per industry (horizontal bars), one colour per region."""
    fig = go.Figure()
    order = sorted(df.industry_code.unique(), key=lambda c: industry_labels.get(c, c), reverse=True)
    number = "%{x:" + fmt.d3_format(0) + "}"
    for code, part in df.groupby("region_code", sort=False):
        part = part.set_index("industry_code").reindex(order)
        name = html(labels.get(code, code))
        fig.add_trace(go.Bar(y=[html(industry_labels.get(c, c)) for c in order], x=part[value], orientation="h",
                             name=name, marker_color=colour(code),
                             hovertemplate=f"%{{y}}: {number}<extra>{name}</extra>"))
    fig = _base_layout(fig, title, unit, source_line, lang, height, 0, large)
    fig.update_layout(barmode="group", hovermode="closest", yaxis={"tickformat": None, "automargin": True},
                      xaxis={"tickformat": fmt.d3_format(0), "rangemode": "normal", "zeroline": True,
                             "zerolinecolor": "#444"})
    return fig
