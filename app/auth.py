"""Who may upload. Viewers need no login; uploaders do.

If the deployment configures an identity provider (``[auth]`` in secrets.toml), staff
log in with ``st.login`` (OIDC); ``[upload] allowed = [...]`` lists allowed e-mails.
Otherwise local accounts made with ``python -m etl users add NAME`` are used, and
repeated failed logins for a name are slowed down (exponential delay, capped).
"""

from __future__ import annotations

import threading
import time

import streamlit as st

from etl import users

FREE_ATTEMPTS = 3
MAX_DELAY = 30.0
WINDOW = 15 * 60

_failures: dict[str, list[float]] = {}
_lock = threading.Lock()


def oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:
        return False


def current_user() -> str | None:
    if oidc_configured():
        if not getattr(st.user, "is_logged_in", False):
            return None
        email = st.user.get("email")
        allowed = st.secrets.get("upload", {}).get("allowed", [])
        return email if (not allowed or email in allowed) else None
    return st.session_state.get("auth_user")


def delay_for(name: str, now: float | None = None) -> float:
    """Seconds to wait before the next attempt for ``name`` (0 for the first few)."""
    now = now or time.time()
    with _lock:
        recent = [t for t in _failures.get(name, []) if now - t < WINDOW]
        _failures[name] = recent
    extra = len(recent) - FREE_ATTEMPTS + 1
    return 0.0 if extra <= 0 else min(2.0 ** extra, MAX_DELAY)


def record_failure(name: str) -> None:
    with _lock:
        _failures.setdefault(name, []).append(time.time())


def attempt(name: str, password: str) -> bool:
    """Check a local login; slow down repeated failures for the same name."""
    name = name.strip()
    wait = delay_for(name)
    if wait:
        time.sleep(wait)
    ok = bool(name) and users.verify(name, password)
    if ok:
        with _lock:
            _failures.pop(name, None)
        st.session_state["auth_user"] = name
    else:
        record_failure(name)
    return ok


def logout() -> None:
    if oidc_configured():
        st.logout()
    st.session_state.pop("auth_user", None)
