"""Small layout adjustments Streamlit's theme cannot express (kept minimal)."""

import streamlit as st

CSS = """
<style>
  .block-container { padding-top: 2.2rem; padding-bottom: 2rem; }
  h1 { padding-top: 0.2rem; }
</style>
"""


def apply() -> None:
    st.html(CSS)


PRESENTATION_CSS = """
<style>
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
  [data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
  html { font-size: 22px; }
  .block-container { max-width: 100% !important; padding: 0.8rem 1.6rem 1.2rem 1.6rem !important; }
  [data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li,
  [data-testid="stCaptionContainer"] { font-size: 1rem !important; color: #111 !important; }
  [data-testid="stMetricValue"] { font-size: 2.4rem !important; }
  h1 { font-size: 1.35rem !important; padding: 0 !important; }
  h2 { font-size: 1.25rem !important; }
</style>
"""


def presentation() -> None:
    """Large type, no chrome, high contrast: for a projector at 1280×720."""
    st.html(PRESENTATION_CSS)
