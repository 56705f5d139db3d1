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
