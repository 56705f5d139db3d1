"""Who may upload. Viewers need no login; uploaders do.

Two ways in:

- **An identity provider** (``[auth]`` in ``.streamlit/secrets.toml``): staff log in with
  ``st.login`` (OIDC). Logging in there is not enough to upload: the account must be on
  ``[upload] allowed`` (e-mail addresses) or carry the role ``[upload] role`` in the claim
  ``[upload] role_claim``. With neither set, nobody may upload and the login page says so.
- **Local accounts** (``python -m etl users add NAME``, see ``etl/users.py``), when no
  identity provider is configured. Failed logins are throttled per source, per name and
  for everyone together (``Throttle``); a login is kept across reloads for a bounded time
  by a signed session token in a cookie.

The throttle counts an attempt *before* the password is checked: ``reserve`` records it
atomically (or refuses at once, with the time to try again, while a key is locked);
``release`` takes it back when the password was right. Nothing sleeps, so parallel
sessions cannot each get a guess while another waits. The clock and the store are
injected, so tests need no sleeps. The default store is in-process (one Streamlit process
serves all sessions); ``$NMS_THROTTLE_FILE`` names a file store shared by several processes.
"""

from __future__ import annotations

import fcntl
import functools
import ipaddress
import json
import math
import os
import re
import secrets
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st

from app import text
from app.i18n import t
from etl import users

COOKIE = "nms_staff"
HOME_ZONE = "Europe/Stockholm"


# --- throttling ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Rule:
    """``free`` failures within the window cost nothing; each further one must wait
    ``first_wait`` seconds after the last failure, doubling up to ``max_wait``."""
    free: int
    first_wait: float
    max_wait: float

    def wait(self, failures: int) -> float:
        if failures < self.free:
            return 0.0
        return min(self.first_wait * 2.0 ** (failures - self.free), self.max_wait)


#: Per user name, per source (client address) and for all logins together.
RULES: dict[str, Rule] = {
    "name": Rule(free=5, first_wait=30, max_wait=15 * 60),
    "source": Rule(free=10, first_wait=30, max_wait=15 * 60),
    "all": Rule(free=100, first_wait=10, max_wait=5 * 60),
}
WINDOW = 60 * 60  # failures older than this are forgotten


class Locked(Exception):
    """A login refused without checking the password: try again at ``until`` (epoch seconds),
    ``wait`` seconds from now."""

    def __init__(self, until: float, wait: float):
        super().__init__(until, wait)
        self.until = until
        self.wait = wait


class MemoryStore:
    """Failures in this process's memory (the default: one Streamlit process, many sessions)."""

    def __init__(self) -> None:
        self._data: dict[str, list] = {}
        self._lock = threading.Lock()

    @contextmanager
    def transaction(self) -> Iterator[dict[str, list]]:
        with self._lock:
            yield self._data


class FileStore:
    """Failures in a JSON file, locked with flock: for several processes on one machine."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    @contextmanager
    def transaction(self) -> Iterator[dict[str, list]]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        with os.fdopen(fd, "r+", encoding="utf-8") as f:
            fcntl.flock(f, fcntl.LOCK_EX)
            raw = f.read()
            data = json.loads(raw) if raw.strip() else {}
            yield data
            f.seek(0)
            f.truncate()
            f.write(json.dumps(data))


class Throttle:
    """Login attempts per key (``name:…``, ``source:…``, ``all``), each kind with its ``Rule``."""

    def __init__(self, store=None, clock: Callable[[], float] = time.time,
                 rules: Mapping[str, Rule] = RULES, window: float = WINDOW) -> None:
        self.store = store if store is not None else MemoryStore()
        self.clock = clock
        self.rules = rules
        self.window = window

    def _rule(self, key: str) -> Rule:
        return self.rules[key.split(":", 1)[0]]

    def reserve(self, keys: Sequence[str]) -> str:
        """Count an attempt on every key now, or raise ``Locked`` if any key must wait."""
        now = self.clock()
        with self.store.transaction() as data:
            for key in list(data):
                data[key] = [e for e in data[key] if now - e[0] < self.window]
                if not data[key]:
                    del data[key]
            until = now
            for key in keys:
                failures = data.get(key, [])
                if failures:
                    until = max(until, failures[-1][0] + self._rule(key).wait(len(failures)))
            if until > now:
                raise Locked(until, until - now)
            attempt = secrets.token_hex(8)
            for key in keys:
                data.setdefault(key, []).append([now, attempt])
        return attempt

    def release(self, attempt: str, forget: Sequence[str] = ()) -> None:
        """The password was right: take the attempt back, and forget ``forget``'s failures."""
        with self.store.transaction() as data:
            for key in list(data):
                data[key] = [e for e in data[key] if e[1] != attempt]
                if not data[key] or key in forget:
                    del data[key]


def _default_store():
    path = os.environ.get("NMS_THROTTLE_FILE")
    return FileStore(path) if path else MemoryStore()


THROTTLE = Throttle(_default_store())
users.dummy_hash()  # made now, so the first unknown name costs no more than later ones


def throttle_keys(name: str, source: str) -> list[str]:
    return ["all", f"source:{source}", f"name:{name.strip().casefold()[:100]}"]


def client_source() -> str:
    """Where the attempt comes from: the client's address, or a key for this session.

    Streamlit gives the WebSocket peer's address, and None for a loopback peer. A loopback
    peer with ``X-Forwarded-For`` is a reverse proxy on this machine: its last entry is
    the address the proxy saw. Without either, each browser session is its own source
    (the name and global limits still hold across sessions).
    """
    ip = st.context.ip_address
    if ip:
        try:
            addr = ipaddress.ip_address(ip)
            loopback = (getattr(addr, "ipv4_mapped", None) or addr).is_loopback
        except ValueError:
            loopback = False
        if not loopback:
            return f"ip:{ip}"
    forwarded = st.context.headers.get("X-Forwarded-For", "").split(",")[-1].strip()
    if forwarded:
        return f"ip:{forwarded[:100]}"
    return "session:" + st.session_state.setdefault("_auth_source", secrets.token_hex(8))


# --- local accounts: login, session, cookie ---------------------------------------------------

@dataclass(frozen=True)
class Outcome:
    user: str | None = None          # logged in as
    retry_at: float | None = None    # refused unchecked: locked until then (epoch seconds) …
    wait: float = 0.0                # … which is this many seconds away


def attempt(name: str, password: str, *, throttle: Throttle | None = None, source: str | None = None) -> Outcome:
    """Check a local login. The attempt is counted before the password is checked."""
    throttle = throttle or THROTTLE
    name = name.strip()
    keys = throttle_keys(name, source if source is not None else client_source())
    try:
        ticket = throttle.reserve(keys)
    except Locked as locked:
        return Outcome(retry_at=locked.until, wait=locked.wait)
    if not users.verify(name, password):
        return Outcome()
    throttle.release(ticket, forget=[keys[-1]])
    token = users.start_session(name)
    st.session_state["auth_token"] = token
    st.session_state["auth_user"] = name
    _set_cookie(token, users.session_seconds_left(token))
    return Outcome(user=name)


def submit_login(name_key: str, password_key: str) -> None:
    """The login form's callback: it runs before the page, so a successful login changes the
    navigation in the same run, and the cookie is sent from here (a callback's elements stay)."""
    outcome = attempt(st.session_state.get(name_key, ""), st.session_state.get(password_key, ""))
    st.session_state[password_key] = ""
    if outcome.user:
        write_cookie()
        st.toast(t("login.welcome", user=text.md(outcome.user)), icon=":material/check_circle:")
    else:
        st.session_state["_auth_outcome"] = outcome


def last_outcome() -> Outcome | None:
    """The failed or refused attempt of this run, to be shown once."""
    return st.session_state.pop("_auth_outcome", None)


def _cookie_token() -> str | None:
    value = st.context.cookies.get(COOKIE)
    return value if isinstance(value, str) else None  # AppTest's stand-in client has no real cookies


def _local_user() -> str | None:
    for origin, token in (("session", st.session_state.get("auth_token")), ("cookie", _cookie_token())):
        if not token:
            continue
        user = users.check_session(token)
        if user:
            st.session_state["auth_token"] = token
            st.session_state["auth_user"] = user
            return user
        if origin == "session":
            st.session_state.pop("auth_token", None)
            st.session_state.pop("auth_user", None)
        elif st.session_state.get("_auth_cookie_dropped") != token:
            st.session_state["_auth_cookie_dropped"] = token  # ask the browser once to forget it
            _set_cookie("", 0)
    return None


def _set_cookie(value: str, max_age: int) -> None:
    """Queue a cookie write; ``write_cookie`` (on the login page, or in ``logout``) sends it."""
    secure = "; Secure" if (st.context.url or "").startswith("https:") else ""
    st.session_state["_auth_cookie"] = f"{COOKIE}={value}; Max-Age={max_age}; Path=/; SameSite=Strict{secure}"


_COOKIE_JS = """
export default function({ data, setTriggerValue }) {
  document.cookie = data.cookie;
  setTriggerValue("written", true);
}
"""


@functools.cache
def _cookie_writer():
    # Streamlit reads cookies (st.context.cookies) but has no API to set one; a components-v2
    # component is Streamlit's own way to run these two lines in the page (no iframe, no package).
    return st.components.v2.component("nms_session_cookie", js=_COOKIE_JS)


def _cookie_written() -> None:
    st.session_state.pop("_auth_cookie", None)


def write_cookie() -> None:
    """Send a queued cookie write to the browser (an invisible element; it reruns when done)."""
    cookie = st.session_state.get("_auth_cookie")
    if cookie:
        _cookie_writer()(key="auth_cookie_writer", data={"cookie": cookie}, height=0,
                         on_written_change=_cookie_written)


# --- identity provider (OIDC) -----------------------------------------------------------------

def oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets.toml at all
        return False


@dataclass(frozen=True)
class UploadRule:
    allowed: frozenset[str]
    role_claim: str | None
    role: str | None

    @property
    def configured(self) -> bool:
        return bool(self.allowed) or bool(self.role_claim and self.role)


def upload_rule() -> UploadRule:
    try:
        section = st.secrets.get("upload", {})
    except Exception:
        section = {}
    allowed = section.get("allowed", [])
    allowed = [allowed] if isinstance(allowed, str) else allowed
    return UploadRule(frozenset(str(a).strip().casefold() for a in allowed if str(a).strip()),
                      section.get("role_claim") or None, section.get("role") or None)


def _claim_values(value) -> set[str]:
    if isinstance(value, str):
        return set(re.split(r"[\s,]+", value.strip())) - {""}
    if isinstance(value, (list, tuple, set)):
        return {str(v) for v in value}
    return set()


def oidc_identity() -> str | None:
    """The logged-in account's e-mail (or subject), whether or not it may upload."""
    if not getattr(st.user, "is_logged_in", False):
        return None
    for claim in ("email", "sub"):
        value = st.user.get(claim)
        if isinstance(value, str) and value:
            return value
    return None


def oidc_may_upload(rule: UploadRule | None = None) -> bool:
    rule = rule or upload_rule()
    if not getattr(st.user, "is_logged_in", False) or not rule.configured:
        return False
    email = st.user.get("email")
    if rule.allowed and email and st.user.get("email_verified", True) is not False \
            and str(email).casefold() in rule.allowed:
        return True
    return bool(rule.role_claim and rule.role and rule.role in _claim_values(st.user.get(rule.role_claim)))


# --- for the pages ----------------------------------------------------------------------------

def current_user() -> str | None:
    """Who may upload in this session, or None."""
    if oidc_configured():
        return oidc_identity() if oidc_may_upload() else None
    return _local_user()


def logout() -> None:
    """End the session everywhere (server side) and clear the cookie in this browser."""
    users.end_session(st.session_state.pop("auth_token", None))
    users.end_session(_cookie_token())
    st.session_state.pop("auth_user", None)
    if oidc_configured():
        st.logout()
        return
    _set_cookie("", 0)
    write_cookie()


def retry_text(outcome: Outcome) -> str:
    """'… Försök igen kl. 14:05 (om 3 min).' for a refused attempt, in the browser's time zone."""
    if outcome.retry_at is None:             # not locked out: the plain refusal
        return t("login.failed")
    try:
        zone = ZoneInfo(st.context.timezone or HOME_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo(HOME_ZONE)
    return t("login.locked", time=datetime.fromtimestamp(outcome.retry_at, zone).strftime("%H:%M"),
             minutes=max(1, math.ceil(outcome.wait / 60)))

