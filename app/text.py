"""Text that came from a file or a user (source names, notes, descriptions, workshop steps)
shown as text, never as markup (#17).

* ``md``: for Streamlit's markdown (``st.markdown``, ``st.caption``, labels, help): every
  markdown, LaTeX and directive character is backslash-escaped, and what GitHub-flavoured
  markdown would turn into a link by itself (``http://``, ``www.``, ``name@host``) is broken
  with an invisible zero-width space, so no image is loaded and no link appears.
* ``html``: for Plotly's labels, titles and hover text, which understand a few HTML tags
  (``<a href>``, ``<b>``, ``<br>``): ``<``, ``>`` and ``&`` become entities.

Only links the product builds itself from recorded source URLs (``sources.links``) are links.
"""

from __future__ import annotations

import html as _html
import re

ZWSP = "\u200b"
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~$:=^-])")
_AUTOLINK = re.compile(r"(?i)(://|www\.|@)")


def md(text) -> str:
    """``text`` escaped so that markdown shows it literally."""
    if text is None:
        return ""
    escaped = _MD_SPECIAL.sub(r"\\\1", str(text))
    return _AUTOLINK.sub(lambda m: m.group(1)[0] + ZWSP + m.group(1)[1:], escaped)


def html(text) -> str:
    """``text`` escaped for Plotly's HTML-like labels."""
    return "" if text is None else _html.escape(str(text), quote=False)
