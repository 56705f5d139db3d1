"""Charts as pictures, rendered on the server: Plotly's kaleido drives a Chromium, which
must be Debian's (``/usr/bin/chromium``, installed by run.sh); kaleido's own download of
Chrome is never used. When an export cannot run, ``unavailable()`` says why (one of
REASONS, each with a sentence; the button shows it instead of failing)."""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import threading

import plotly.graph_objects as go

#: Where run.sh puts Debian's chromium; BROWSER_PATH (choreographer's own variable) wins.
CHROMIUM = "/usr/bin/chromium"
_lock = threading.Lock()  # kaleido's sync server is one per process


#: Why an export cannot run; each has a sentence ``export.error.<reason>`` in app/i18n.py.
REASONS = ("no_package", "no_chromium", "render_failed", "typeset_failed", "no_steps")


class ExportUnavailable(RuntimeError):
    """An export cannot run here; ``str(err)`` is one of REASONS."""


def browser_path() -> str | None:
    for candidate in (os.environ.get("BROWSER_PATH"), CHROMIUM, shutil.which("chromium")):
        if candidate and os.path.exists(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def unavailable(needs: tuple[str, ...] = ("kaleido",)) -> str | None:
    """None when the export can run; else the reason (one of REASONS) it cannot."""
    for module in needs:
        if importlib.util.find_spec(module) is None:
            return "no_package"
    if "kaleido" in needs and browser_path() is None:
        return "no_chromium"
    return None


def check(needs: tuple[str, ...]) -> None:
    if reason := unavailable(needs):
        raise ExportUnavailable(reason)


@contextlib.contextmanager
def session():
    """One Chromium for a batch of pictures (the first takes seconds, the next a fraction)."""
    check(("kaleido",))
    import kaleido

    path = browser_path()
    if path is not None:                     # check() has refused the export when there is none
        os.environ.setdefault("BROWSER_PATH", path)
    with _lock:
        kaleido.start_sync_server(silence_warnings=True)
        try:
            yield
        finally:
            kaleido.stop_sync_server(silence_warnings=True)


def png(fig: go.Figure, width: int, height: int, scale: float = 2) -> bytes:
    """A sharp PNG of the figure (call inside ``session()``)."""
    import kaleido

    fig = go.Figure(fig)  # a copy: the caller's figure keeps its size
    fig.update_layout(width=width, height=height)
    try:
        return kaleido.calc_fig_sync(fig, opts={"format": "png", "width": width, "height": height, "scale": scale})
    except Exception as err:  # kaleido/choreographer raise their own types when the browser fails
        raise ExportUnavailable("render_failed") from err
