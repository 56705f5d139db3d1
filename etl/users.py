"""Local accounts for staff who upload, used when no identity provider (OIDC) is configured.

Passwords are hashed with bcrypt and kept in ``data/users.json`` (or ``$NMS_USERS``),
which is never committed. ``python -m etl users add NAME`` asks for the password.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import bcrypt

from etl.warehouse import PROJECT_ROOT

MIN_PASSWORD = 10


def users_file() -> Path:
    return Path(os.environ.get("NMS_USERS") or PROJECT_ROOT / "data" / "users.json")


def _load() -> dict[str, str]:
    path = users_file()
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _save(users: dict[str, str]) -> None:
    path = users_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(users, indent=2), encoding="utf-8")
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def add_user(name: str, password: str) -> None:
    if not re.fullmatch(r"[A-Za-z0-9._@-]{2,64}", name):
        raise ValueError("A user name is 2-64 letters, digits or . _ @ -")
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"The password must have at least {MIN_PASSWORD} characters.")
    users = _load()
    users[name] = bcrypt.hashpw(password.encode(), bcrypt.gensalt()).decode()
    _save(users)


def remove_user(name: str) -> bool:
    users = _load()
    if name not in users:
        return False
    del users[name]
    _save(users)
    return True


def list_users() -> list[str]:
    return sorted(_load())


def verify(name: str, password: str) -> bool:
    hashed = _load().get(name)
    if not hashed:
        bcrypt.checkpw(b"x", bcrypt.hashpw(b"y", bcrypt.gensalt(4)))  # same work either way
        return False
    return bcrypt.checkpw(password.encode(), hashed.encode())
