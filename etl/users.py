"""Local accounts for staff who upload, used when no identity provider (OIDC) is configured.

Passwords are hashed with bcrypt and kept in ``data/users.json`` (or ``$NMS_USERS``),
which is never committed. ``python -m etl users add NAME`` asks for the password.

bcrypt reads at most 72 bytes of a password (bcrypt 5 refuses longer ones), so new hashes
are made from the password's SHA-256 digest, base64-encoded (the pyca/bcrypt README's advice;
base64 keeps NUL bytes out): any length up to ``MAX_PASSWORD`` characters counts in full.
Such hashes carry the prefix ``bcrypt-sha256$``; plain bcrypt hashes made before that are
still verified as they were. A name that does not exist costs the same bcrypt work as one
that does (a dummy hash with the same cost), so the answer time does not tell which names exist.

A login that should survive a reload gets a session: a random id whose SHA-256 is kept in
``users.sessions.json`` beside the accounts (user, absolute expiry, last use, a keyed
fingerprint of the password hash), and a token for the browser's cookie, signed with HMAC
by a server secret in ``users.secret`` (owner-only, made on first use). The token holds the
user name, the session id and the expiry, never the password or its hash. A session ends
at its expiry (``SESSION_HOURS``), after ``IDLE_MINUTES`` without use, on logout, and when
the user is removed or gets a new password.
"""

from __future__ import annotations

import base64
import fcntl
import functools
import hashlib
import hmac
import json
import os
import re
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import bcrypt

from etl.warehouse import PROJECT_ROOT

MIN_PASSWORD = 10
MAX_PASSWORD = 1024  # characters; anything longer is refused at creation and never matches
ROUNDS = 12  # bcrypt cost for every hash, the dummy one included
PREFIX = "bcrypt-sha256$"

SESSION_HOURS = 8
IDLE_MINUTES = 60
SEEN_EVERY = 60  # seconds: last use is written at most this often


def users_file() -> Path:
    return Path(os.environ.get("NMS_USERS") or PROJECT_ROOT / "data" / "users.json")


def _beside(suffix: str) -> Path:
    path = users_file()
    return path.with_name(path.stem + suffix)


def _load() -> dict[str, str]:
    path = users_file()
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically, readable by the owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def _save(users: dict[str, str]) -> None:
    _write_private(users_file(), json.dumps(users, indent=2))


# --- passwords ---------------------------------------------------------------------------

def _prehash(password: str) -> bytes:
    return base64.b64encode(hashlib.sha256(password.encode("utf-8")).digest())


def hash_password(password: str) -> str:
    return PREFIX + bcrypt.hashpw(_prehash(password), bcrypt.gensalt(ROUNDS)).decode()


@functools.cache
def dummy_hash() -> bytes:
    """A hash of a random password with the same cost as real ones: made once per process."""
    return bcrypt.hashpw(_prehash(secrets.token_hex(16)), bcrypt.gensalt(ROUNDS))


def add_user(name: str, password: str) -> None:
    """Create ``name`` or give it a new password (which ends its sessions)."""
    if not re.fullmatch(r"[A-Za-z0-9._@-]{2,64}", name):
        raise ValueError("A user name is 2-64 letters, digits or . _ @ -")
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"The password must have at least {MIN_PASSWORD} characters.")
    if len(password) > MAX_PASSWORD:
        raise ValueError(f"The password may have at most {MAX_PASSWORD} characters.")
    users = _load()
    users[name] = hash_password(password)
    _save(users)
    revoke_user(name)


def remove_user(name: str) -> bool:
    users = _load()
    if name not in users:
        return False
    del users[name]
    _save(users)
    revoke_user(name)
    return True


def list_users() -> list[str]:
    return sorted(_load())


def verify(name: str, password: str) -> bool:
    """Whether ``password`` is ``name``'s. One bcrypt check of the same cost in every case."""
    stored = _load().get(name)
    if stored and stored.startswith(PREFIX):
        candidate, hashed = _prehash(password), stored[len(PREFIX):].encode()
    elif stored and len(password.encode("utf-8")) <= 72:
        candidate, hashed = password.encode("utf-8"), stored.encode()  # made before the SHA-256 step
    else:  # unknown name, or longer than any old hash can hold
        candidate, hashed = _prehash(password), dummy_hash()
    try:
        ok = bcrypt.checkpw(candidate, hashed)
    except ValueError:  # a damaged entry in users.json never matches
        ok = False
    return ok and stored is not None


# --- sessions ----------------------------------------------------------------------------

def server_secret() -> bytes:
    """The HMAC key for session tokens: ``users.secret`` beside the accounts, made once, owner-only."""
    path = _beside(".secret")
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first
            pass
        else:
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_hex(32))
    return bytes.fromhex(path.read_text().strip())


@contextmanager
def _sessions() -> Iterator[dict[str, dict]]:
    """The session records, locked against other processes; written back when changed."""
    path = _beside(".sessions.json")
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = os.open(_beside(".sessions.lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        before = json.dumps(data, sort_keys=True)
        yield data
        if json.dumps(data, sort_keys=True) != before:
            _write_private(path, json.dumps(data, indent=1))
    finally:
        os.close(lock)


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(payload: str, secret: bytes) -> str:
    return _b64(hmac.new(secret, payload.encode(), hashlib.sha256).digest())


def _fingerprint(stored_hash: str, secret: bytes) -> str:
    return hmac.new(secret, stored_hash.encode(), hashlib.sha256).hexdigest()[:32]


def _sid_key(sid: str) -> str:
    return hashlib.sha256(sid.encode()).hexdigest()


def start_session(name: str, now: float | None = None) -> str:
    """A signed token for a new session of ``name`` (who has just given the right password)."""
    now = time.time() if now is None else now
    secret, stored = server_secret(), _load()[name]
    sid, expires = secrets.token_urlsafe(32), int(now + SESSION_HOURS * 3600)
    with _sessions() as data:
        for key in [k for k, s in data.items() if s["expires"] <= now]:
            del data[key]
        data[_sid_key(sid)] = {"user": name, "expires": expires, "seen": now,
                               "password": _fingerprint(stored, secret)}
    payload = _b64(json.dumps({"u": name, "s": sid, "e": expires}, separators=(",", ":")).encode())
    return f"{payload}.{_sign(payload, secret)}"


def _parse(token: str, secret: bytes) -> dict | None:
    payload, _, signature = token.partition(".")
    if not payload or not hmac.compare_digest(signature, _sign(payload, secret)):
        return None
    try:
        claims = json.loads(_unb64(payload))
    except ValueError:
        return None
    ok = isinstance(claims, dict) and isinstance(claims.get("u"), str) and isinstance(claims.get("s"), str) \
        and isinstance(claims.get("e"), int)
    return claims if ok else None


def check_session(token: str | None, now: float | None = None) -> str | None:
    """The user a token belongs to, or None when it is forged, expired, idle, ended or out of date."""
    if not token:
        return None
    now = time.time() if now is None else now
    secret = server_secret()
    claims = _parse(token, secret)
    if claims is None or claims["e"] <= now:
        return None
    stored = _load().get(claims["u"])
    with _sessions() as data:
        record = data.get(_sid_key(claims["s"]))
        if record is None or record["user"] != claims["u"] or record["expires"] != claims["e"]:
            return None
        if stored is None or not hmac.compare_digest(record["password"], _fingerprint(stored, secret)) \
                or now - record["seen"] > IDLE_MINUTES * 60:
            del data[_sid_key(claims["s"])]
            return None
        if now - record["seen"] >= SEEN_EVERY:
            record["seen"] = now
    return claims["u"]


def end_session(token: str | None) -> None:
    """Log out: the token no longer opens a session, in this browser or any other."""
    claims = _parse(token, server_secret()) if token else None
    if claims is not None:
        with _sessions() as data:
            data.pop(_sid_key(claims["s"]), None)


def revoke_user(name: str) -> int:
    """End every session of ``name``; returns how many there were."""
    if not _beside(".sessions.json").exists():
        return 0
    with _sessions() as data:
        ended = [k for k, s in data.items() if s["user"] == name]
        for key in ended:
            del data[key]
    return len(ended)


def session_seconds_left(token: str, now: float | None = None) -> int:
    """Seconds until the token's absolute expiry (for the cookie's Max-Age); 0 when unreadable."""
    now = time.time() if now is None else now
    claims = _parse(token, server_secret())
    return max(0, int(claims["e"] - now)) if claims else 0
