"""Small layout adjustments Streamlit's theme cannot express (kept minimal), and the
presentation mode's fit: the browser reports its viewport height, and the main chart of
the view is sized from it (``charts.fit``) so that title, axes and source line show
without scrolling at 1280×720."""

import streamlit as st

#: Captions (sources, notes, ranks) darker than Streamlit's faded grey: 8.4:1 on white (WCAG AA needs 4.5).
CAPTION_COLOUR = "#4A4D57"

CSS = """
<style>
  .block-container { padding-top: 2.2rem; padding-bottom: 2rem; }
  h1 { padding-top: 0.2rem; }
  [data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { color: CAPTION_COLOUR; }
</style>
""".replace("CAPTION_COLOUR", CAPTION_COLOUR)


def apply() -> None:
    st.html(CSS)


PRESENTATION_CSS = """
<style>
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
  [data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
  html { font-size: 22px; }
  [data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] { gap: 0.45rem !important; }
  .block-container { max-width: 100% !important; padding: 0.5rem 1.6rem 1.2rem 1.6rem !important; }
  [data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li,
  [data-testid="stCaptionContainer"] { font-size: 1rem !important; color: #111 !important; }
  /* headline figures: larger than in normal mode (2.25rem at 16 px), never body size */
  [data-testid="stMetricValue"], [data-testid="stMetricValue"] * {
    font-size: 2.3rem !important; line-height: 1.15 !important; }
  h1 { font-size: 1.2rem !important; padding: 0 !important; margin: 0 !important; }
  h2 { font-size: 1.15rem !important; }
  /* the element that only reports the viewport takes no room */
  [data-testid="stElementContainer"]:has(.st-key-nms-viewport) { display: none !important; }
  .st-key-present-bar { gap: 0.4rem; }
  .st-key-present-bar p { margin: 0 !important; }
  /* the headline grid of the overview */
  .nms-grid { width: 100%; border-collapse: collapse; table-layout: fixed; }
  .nms-grid th { text-align: left; font-size: 0.8rem; font-weight: 600; padding: 0 0.4rem 0.2rem 0.4rem; }
  .nms-grid td { vertical-align: top; padding: 0.25rem 0.4rem; border-top: 1px solid #d0d4da; }
  .nms-grid .ind { width: 31%; font-size: 0.75rem; line-height: 1.2; }
  .nms-grid .ind b { font-size: 0.8rem; }
  .nms-grid .src { display: block; color: #444; font-size: 0.58rem; margin-top: 0.1rem; }
  .nms-grid .val { font-size: min(2.1rem, 5.6vh); font-weight: 600; line-height: 1.05; white-space: nowrap; }
  .nms-grid .sub { font-size: 0.62rem; color: #333; line-height: 1.2; }
</style>
"""


def presentation() -> None:
    """Large type, no chrome, high contrast: for a projector at 1280×720."""
    st.html(PRESENTATION_CSS)


# --- the viewport, as the browser reports it ----------------------------------------------
# A component without any markup: its script reports window.innerHeight (again after a
# resize) and Streamlit reruns with it. Trusted code written here, no data passed to it.

_VIEWPORT_JS = """
export default function(component) {
    const { setStateValue } = component;
    let last = null, timer = null;
    const report = () => {
        const h = Math.round(window.innerHeight);
        if (h !== last) { last = h; setStateValue('height', h); }
    };
    report();
    const onResize = () => { clearTimeout(timer); timer = setTimeout(report, 250); };
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
}
"""
_viewport = st.components.v2.component("nms_viewport", js=_VIEWPORT_JS)


def track_viewport() -> int | None:
    """Call once per run in presentation mode: the viewport height in CSS pixels (None
    until the browser has reported it)."""
    height = _viewport(key="nms-viewport", on_height_change=lambda: None).height
    st.session_state["_viewport_h"] = int(height) if isinstance(height, int | float) and height > 0 else None
    return st.session_state["_viewport_h"]


def viewport_height() -> int | None:
    return st.session_state.get("_viewport_h")
