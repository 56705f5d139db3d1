"""Number formats: Swedish (1 234,5 -- space thousands, decimal comma) and English (1,234.5)."""

from __future__ import annotations

import math

NBSP = "\u00a0"  # keeps "1 234" on one line
MISSING = "–"


def number(value, decimals: int = 0, lang: str = "sv") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return MISSING
    try:
        import pandas as pd

        if pd.isna(value):
            return MISSING
    except (TypeError, ValueError):
        pass
    text = f"{float(value):,.{decimals}f}"
    if lang == "sv":
        text = text.replace(",", NBSP).replace(".", ",")
        if text.startswith("-"):
            text = "−" + text[1:]
    return text


def millions(value, currency: str, lang: str = "sv", decimals: int = 1) -> str:
    """71 853 204 SEK -> '71,9 mnkr' (sv) / 'SEK 71.9 m' (en)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return MISSING
    text = number(value / 1e6, decimals, lang)
    if lang == "sv":
        return f"{text} {'mnkr' if currency == 'SEK' else 'milj. ' + currency}"
    return f"{currency} {text} m"


def metric_delta(value: float, decimals: int = 0, lang: str = "sv") -> str:
    """A signed number for st.metric's delta: it reads the sign from a leading ASCII '-'."""
    return ("-" if value < 0 else "+") + number(abs(value), decimals, lang)


def plotly_separators(lang: str) -> str:
    """Plotly's ``layout.separators``: decimal mark then thousands separator."""
    return "," + NBSP if lang == "sv" else ".,"


def d3_format(decimals: int) -> str:
    return f",.{decimals}f"
