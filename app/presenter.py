"""The presenter view: the speaker notes and the next step in a second browser window or
tab that follows the show, while the projected screen shows no notes.

The projecting session publishes the show (titles, notes, the current step) to a store
in the Streamlit process, keyed by a random show id; the presenter window opens
``/?presenter=<show id>`` and reads it every second. The id is the only key to the notes:
it is unguessable and lives in the projecting session and the link it hands out.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass

import streamlit as st

from app import text, workshop
from app.i18n import t

#: Shows kept at once (the oldest is forgotten first) and how long an idle one is kept.
MAX_SHOWS = 200
IDLE_SECONDS = 12 * 3600
POLL_SECONDS = 1.0


@dataclass(frozen=True)
class Show:
    titles: tuple[str, ...]
    notes: tuple[str, ...]
    step: int
    updated: float


_shows: dict[str, Show] = {}
_lock = threading.Lock()


def publish(show_id: str, views: list[workshop.View], step: int, now: float | None = None) -> None:
    now = time.time() if now is None else now
    with _lock:
        _shows[show_id] = Show(tuple(v.title for v in views), tuple(v.notes for v in views), step, now)
        for sid in [s for s, show in _shows.items() if now - show.updated > IDLE_SECONDS]:
            del _shows[sid]
        while len(_shows) > MAX_SHOWS:
            del _shows[min(_shows, key=lambda s: _shows[s].updated)]


def get(show_id: str) -> Show | None:
    with _lock:
        return _shows.get(show_id)


def new_id() -> str:
    return secrets.token_urlsafe(16)


def session_show_id() -> str:
    """This session's show id (made on first use)."""
    return st.session_state.setdefault("_show_id", new_id())


def link(show_id: str, lang: str) -> str:
    return f"?presenter={show_id}&lang={lang}"


def _as_text(raw: str) -> str:
    """Notes from a facilitator or a file, as text: escaped markdown, lines kept."""
    return "  \n".join(text.md(line) for line in raw.splitlines())


def draw(show_id: str) -> None:
    """The presenter window: follows the show until it is closed."""
    st.title(t("presenter.title"))

    @st.fragment(run_every=POLL_SECONDS)
    def follow() -> None:
        show = get(show_id)
        if show is None:
            st.info(t("presenter.no_show"), icon=":material/info:")
            return
        i, n = show.step, len(show.titles)
        st.caption(t("presenter.step", i=i + 1, n=n))
        st.header(_as_text(show.titles[i]) or "–", anchor=False)
        with st.container(border=True, key="presenter-notes"):
            st.markdown(_as_text(show.notes[i]) if show.notes[i].strip() else f"*{t('presenter.no_notes')}*")
        if i + 1 < n:
            st.markdown(f"**{t('presenter.next')}:** {_as_text(show.titles[i + 1])}")
        else:
            st.markdown(f"**{t('presenter.last')}**")

    follow()
