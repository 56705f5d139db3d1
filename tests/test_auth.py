"""Staff access (#17): throttled logins, long passwords, the OIDC allowed list, sessions that
survive a reload. The throttle runs on an injected clock and store: no sleeps, no timing."""

from __future__ import annotations

import base64
import json
import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import bcrypt
import pytest
import streamlit as st

from app import auth
from app.i18n import t
from etl import users
from tests.test_pages import open_page

PASSWORD = "ett-langt-losenord"


class Clock:
    def __init__(self, now: float = 1_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def accounts(monkeypatch, tmp_path):
    """Local accounts in a temporary users.json (sessions and secret beside it)."""
    monkeypatch.setenv("NMS_USERS", str(tmp_path / "users.json"))
    users.add_user("anna", PASSWORD)
    return tmp_path


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def throttle(clock, monkeypatch):
    """A fresh in-memory throttle on a fake clock, also used by the login page."""
    th = auth.Throttle(auth.MemoryStore(), clock=clock)
    monkeypatch.setattr(auth, "THROTTLE", th)
    return th


def fail(th: auth.Throttle, name: str, source: str) -> str:
    return th.reserve(auth.throttle_keys(name, source))


# --- the throttle ---------------------------------------------------------------------------

def test_parallel_attempts_cannot_each_get_a_guess(throttle, clock):
    keys = auth.throttle_keys("anna", "ip:203.0.113.9")
    granted, refused = [], []

    def session():
        try:
            granted.append(throttle.reserve(keys))
        except auth.Locked as locked:
            refused.append(locked.until)

    def burst(n: int) -> int:
        granted.clear()
        refused.clear()
        threads = [threading.Thread(target=session) for _ in range(n)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        return len(granted)

    # 8 sessions at once: only the free attempts are given, the rest are refused unchecked.
    assert burst(8) == auth.RULES["name"].free
    assert burst(8) == 0
    clock.now = max(refused)  # when the refusal said to come back
    assert burst(8) == 1  # one guess per wait, however many sessions ask


def test_a_different_name_from_the_same_source_is_slowed(throttle):
    free = auth.RULES["source"].free
    for i in range(free):
        fail(throttle, f"name{i}", "ip:203.0.113.9")
    with pytest.raises(auth.Locked):
        fail(throttle, "someone-else", "ip:203.0.113.9")
    fail(throttle, "someone-else", "ip:198.51.100.7")  # another source is not slowed


def test_all_logins_together_are_limited(throttle):
    for i in range(auth.RULES["all"].free):
        fail(throttle, f"name{i}", f"ip:10.0.{i // 250}.{i % 250}")
    with pytest.raises(auth.Locked):
        fail(throttle, "fresh-name", "ip:198.51.100.7")


def test_the_lockout_ends_and_is_bounded(throttle, clock):
    rule = auth.RULES["name"]
    for i in range(rule.free):
        fail(throttle, "anna", f"ip:10.0.0.{i}")
    with pytest.raises(auth.Locked) as locked:
        fail(throttle, "anna", "ip:10.0.1.1")
    assert locked.value.until == clock.now + rule.first_wait and locked.value.wait == rule.first_wait
    clock.now = locked.value.until - 1
    with pytest.raises(auth.Locked):
        fail(throttle, "anna", "ip:10.0.1.2")
    clock.now = locked.value.until
    fail(throttle, "anna", "ip:10.0.1.3")  # the lockout has ended
    waits = []
    for i in range(30):  # keep failing as soon as allowed: the wait doubles, up to the cap
        with pytest.raises(auth.Locked) as locked:
            fail(throttle, "anna", f"ip:10.0.2.{i}")
        waits.append(locked.value.until - clock.now)
        clock.now = locked.value.until
        fail(throttle, "anna", f"ip:10.0.3.{i}")
    assert waits[0] == 2 * rule.first_wait and max(waits) == rule.max_wait
    clock.now += auth.WINDOW  # an hour later the failures are forgotten
    for i in range(rule.free):
        fail(throttle, "anna", f"ip:10.0.4.{i}")


def test_a_right_password_gives_the_attempt_back(throttle):
    keys = auth.throttle_keys("anna", "ip:203.0.113.9")
    for _ in range(auth.RULES["name"].free - 1):
        throttle.reserve(keys)
    ticket = throttle.reserve(keys)
    throttle.release(ticket, forget=[keys[-1]])
    with throttle.store.transaction() as data:
        assert keys[-1] not in data  # the name's failures are forgotten
        assert len(data[keys[1]]) == auth.RULES["name"].free - 1  # the source's stay, less this attempt


def test_names_are_throttled_whatever_their_case():
    assert auth.throttle_keys(" Anna ", "x")[-1] == auth.throttle_keys("anna", "x")[-1]


class FakeContext:
    def __init__(self, ip, headers):
        self.ip_address, self.headers = ip, headers


@pytest.mark.parametrize("ip, headers, source", [
    ("203.0.113.9", {}, "ip:203.0.113.9"),
    ("203.0.113.9", {"X-Forwarded-For": "198.51.100.7"}, "ip:203.0.113.9"),  # a client cannot pick its source
    ("::ffff:127.0.0.1", {"X-Forwarded-For": "1.2.3.4, 198.51.100.7"}, "ip:198.51.100.7"),  # a local proxy's view
    (None, {"X-Forwarded-For": "198.51.100.7"}, "ip:198.51.100.7"),
    (None, {}, "session:"),
])
def test_the_source_is_the_client_address_or_the_session(monkeypatch, ip, headers, source):
    monkeypatch.setattr(st, "context", FakeContext(ip, headers))
    monkeypatch.setattr(st, "session_state", {})
    assert auth.client_source().startswith(source)


def test_a_file_store_is_shared_between_processes(tmp_path, clock):
    one = auth.Throttle(auth.FileStore(tmp_path / "throttle.json"), clock=clock)
    two = auth.Throttle(auth.FileStore(tmp_path / "throttle.json"), clock=clock)
    for i in range(auth.RULES["name"].free):
        fail(one if i % 2 else two, "anna", f"ip:10.0.0.{i}")
    with pytest.raises(auth.Locked):
        fail(one, "anna", "ip:10.0.9.9")
    with pytest.raises(auth.Locked):
        fail(two, "anna", "ip:10.0.9.9")


# --- checking passwords -----------------------------------------------------------------------

def test_known_and_unknown_names_take_the_same_path(accounts, throttle, monkeypatch):
    calls = []
    real = bcrypt.checkpw

    def recording(candidate, hashed):
        calls.append((len(candidate), hashed[:7]))  # what bcrypt hashes, and the cost it pays
        return real(candidate, hashed)

    monkeypatch.setattr(users.bcrypt, "checkpw", recording)
    known = auth.attempt("anna", "fel-losenord-1", source="ip:203.0.113.9")
    unknown = auth.attempt("nobody", "fel-losenord-1", source="ip:203.0.113.9")
    assert known == unknown == auth.Outcome()
    assert calls[0] == calls[1] == (44, b"$2b$12$")  # one bcrypt check of cost 12 each
    with throttle.store.transaction() as data:  # and each was counted the same way
        assert len(data["name:anna"]) == len(data["name:nobody"]) == 1


def test_the_right_password_logs_in_and_wrong_ones_do_not(accounts, throttle):
    assert auth.attempt("anna", "fel", source="s").user is None
    assert auth.attempt("anna", PASSWORD, source="s").user == "anna"


def test_long_passwords_count_in_full(accounts):
    long = "lösenordsfras " * 20  # 300 bytes: bcrypt alone would read only 72 (bcrypt 5 refuses)
    users.add_user("bo", long)
    assert users.verify("bo", long)
    assert not users.verify("bo", long[:-1] + "x")  # a change past byte 72 matters
    assert not users.verify("bo", long[:72])
    assert not users.verify("anna", "x" * 5000)  # no crash, no match
    with pytest.raises(ValueError, match="at most"):
        users.add_user("bo", "x" * (users.MAX_PASSWORD + 1))


def test_hashes_made_before_the_sha256_step_still_verify(accounts):
    old = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(4)).decode()
    (accounts / "users.json").write_text(json.dumps({"gammal": old}))
    assert users.verify("gammal", PASSWORD)
    assert not users.verify("gammal", "fel-losenord")
    assert not users.verify("gammal", PASSWORD + "x" * 80)  # longer than an old hash can hold


def test_account_files_are_owner_only(accounts):
    token = users.start_session("anna")
    assert users.check_session(token) == "anna"
    for name in ["users.json", "users.secret", "users.sessions.json"]:
        assert (accounts / name).stat().st_mode & 0o077 == 0, name
    assert PASSWORD not in (accounts / "users.json").read_text()


def test_a_long_password_on_the_login_page_gives_a_sentence(warehouse, accounts, throttle):
    at = open_page("app_pages/login.py")
    at.text_input(key="login_name").input("anna")
    at.text_input(key="login_password").input("å" * 500)  # 1000 bytes
    at.button[0].click().run()
    assert not at.exception
    assert at.error[0].value.startswith("Fel användarnamn eller lösenord")
    assert at.text_input(key="login_password").value == ""  # a failed password is not kept in the form


def test_the_login_page_says_when_to_try_again(warehouse, accounts, throttle, clock):
    for i in range(auth.RULES["name"].free + 2):  # the last two after waiting 30 s and 60 s
        try:
            fail(throttle, "anna", f"ip:10.0.0.{i}")
        except auth.Locked as locked:
            clock.now = locked.until
            fail(throttle, "anna", f"ip:10.0.0.{i}")
    until = clock.now + 4 * auth.RULES["name"].first_wait  # the next wait: 120 s
    at = open_page("app_pages/login.py")
    at.text_input(key="login_name").input("anna")
    at.text_input(key="login_password").input(PASSWORD)  # even the right password waits
    at.button[0].click().run()
    assert not at.exception
    assert "auth_user" not in at.session_state
    at_time = datetime.fromtimestamp(until, ZoneInfo("Europe/Stockholm")).strftime("%H:%M")
    assert at.error[0].value == f"För många misslyckade inloggningar. Försök igen kl. {at_time} (om 2 min)."


# --- sessions and tokens ----------------------------------------------------------------------

def claims_of(token: str) -> dict:
    payload = token.split(".")[0]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def test_a_token_is_signed_and_bound_to_the_user_and_expiry(accounts):
    token = users.start_session("anna", now=1000.0)
    assert users.check_session(token, now=1000.0) == "anna"
    claims = claims_of(token)
    assert claims["u"] == "anna" and claims["e"] == 1000 + users.SESSION_HOURS * 3600
    stored = json.loads((accounts / "users.json").read_text())["anna"]
    assert PASSWORD not in token and stored not in token and stored.split("$")[-1] not in token
    for forged in ({**claims, "u": "bo"}, {**claims, "e": claims["e"] + 3600}):
        payload = base64.urlsafe_b64encode(json.dumps(forged).encode()).rstrip(b"=").decode()
        assert users.check_session(payload + "." + token.split(".")[1], now=1000.0) is None
    assert users.check_session(token[:-2] + "AA", now=1000.0) is None
    assert users.check_session("not a token", now=1000.0) is None


def test_a_session_ends_at_its_expiry_and_when_idle(accounts):
    start = 1000.0
    token = users.start_session("anna", now=start)
    for minutes in range(50, users.SESSION_HOURS * 60, 50):  # in use every 50 minutes
        assert users.check_session(token, now=start + minutes * 60) == "anna", minutes
    assert users.check_session(token, now=start + users.SESSION_HOURS * 3600) is None
    idle = users.start_session("anna", now=start)
    assert users.check_session(idle, now=start + (users.IDLE_MINUTES + 1) * 60) is None
    assert users.check_session(idle, now=start + 60) is None  # ended, not just late


def test_a_session_is_revoked_by_logout_removal_and_a_new_password(accounts):
    users.add_user("bo", PASSWORD)
    out, bos = users.start_session("anna"), users.start_session("bo")
    users.end_session(out)
    assert users.check_session(out) is None
    assert users.check_session(bos) == "bo"  # others' sessions are untouched
    changed = users.start_session("anna")
    users.add_user("anna", "ett-annat-langt-losenord")
    assert users.check_session(changed) is None
    removed = users.start_session("bo")
    users.remove_user("bo")
    assert users.check_session(removed) is None


def test_a_new_password_set_by_hand_also_ends_sessions(accounts):
    token = users.start_session("anna")
    data = json.loads((accounts / "users.json").read_text())
    data["anna"] = users.hash_password("ett-annat-langt-losenord")
    (accounts / "users.json").write_text(json.dumps(data))  # not through add_user
    assert users.check_session(token) is None


def cookie_token(at) -> str:
    """The token the page asked the browser to keep (the cookie writer's argument)."""
    cookie = at.session_state["_auth_cookie"]
    assert "SameSite=Strict" in cookie and "Max-Age=" in cookie
    return cookie.split(";")[0].split("=", 1)[1]


def test_a_reload_keeps_a_staff_session_and_logout_ends_it(warehouse, accounts, throttle, monkeypatch):
    at = open_page("app_pages/login.py")
    at.text_input(key="login_name").input("anna")
    at.text_input(key="login_password").input(PASSWORD)
    at.button[0].click().run()
    token = cookie_token(at)
    assert claims_of(token)["u"] == "anna"

    # A reload is a new session whose only memory is the cookie the browser sends.
    monkeypatch.setattr(auth, "_cookie_token", lambda: token)
    again = open_page("app_pages/upload.py")
    assert not again.exception
    assert again.title[0].value == "Ladda upp data"
    logout = next(b for b in again.button if b.label == "Logga ut")
    logout.click().run()
    assert "auth_user" not in again.session_state
    assert cookie_token(again) == ""  # the browser is asked to drop the cookie

    with pytest.raises(ValueError, match="Could not find a navigation page"):
        open_page("app_pages/upload.py")  # the same cookie opens nothing after logout



def test_after_logout_the_login_page_is_clean(warehouse, accounts, throttle):
    at = open_page("app_pages/login.py")
    at.text_input(key="login_name").input("anna")
    at.text_input(key="login_password").input(PASSWORD)
    at.button[0].click().run()
    at.switch_page("app_pages/upload.py").run()
    next(b for b in at.button if b.label == "Logga ut").click().run()
    at.switch_page("app_pages/login.py").run()
    assert not at.exception and not at.error  # no message left over from the login


def test_a_stale_cookie_opens_nothing(warehouse, accounts, monkeypatch):
    monkeypatch.setattr(auth, "_cookie_token", lambda: "eyJ1IjoiYW5uYSJ9.forged")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        open_page("app_pages/upload.py")


# --- the identity provider (OIDC) --------------------------------------------------------------

class FakeUser(dict):
    @property
    def is_logged_in(self) -> bool:
        return bool(self.get("is_logged_in"))


@pytest.mark.parametrize("upload, claims, may", [
    ({}, {"email": "anna@region.se"}, False),  # nothing configured: nobody uploads
    ({"allowed": ["anna@region.se"]}, {"email": "anna@region.se"}, True),
    ({"allowed": ["Anna@Region.se"]}, {"email": "anna@REGION.se"}, True),
    ({"allowed": ["anna@region.se"]}, {"email": "bo@region.se"}, False),
    ({"allowed": ["anna@region.se"]}, {"email": "anna@region.se", "email_verified": False}, False),
    ({"role_claim": "groups", "role": "nms-upload"},
     {"email": "bo@region.se", "groups": ["staff", "nms-upload"]}, True),
    ({"role_claim": "groups", "role": "nms-upload"}, {"email": "bo@region.se", "groups": ["staff"]}, False),
    ({"role_claim": "roles", "role": "nms-upload"}, {"email": "bo@region.se", "roles": "reader nms-upload"}, True),
    ({"role_claim": "groups"}, {"email": "bo@region.se", "groups": ["nms-upload"]}, False),  # no role named
    ({"allowed": ["anna@region.se"]}, {"email": "anna@region.se", "is_logged_in": False}, False),
])
def test_oidc_upload_needs_the_allowed_list_or_the_role(monkeypatch, upload, claims, may):
    monkeypatch.setattr(st, "secrets", {"auth": {"client_id": "x"}, "upload": upload})
    monkeypatch.setattr(st, "user", FakeUser({"is_logged_in": True, **claims}))
    assert auth.oidc_configured()
    assert (auth.current_user() is not None) is may


def test_oidc_without_a_rule_says_what_the_administrator_must_set(warehouse):
    at = open_page()
    at.secrets["auth"] = {"client_id": "x", "client_secret": "y", "server_metadata_url": "https://idp.invalid/"}
    at.user = {"is_logged_in": True, "email": "anna@region.se"}
    at.run()
    at.switch_page("app_pages/login.py").run()
    assert not at.exception
    assert "[upload] allowed" in at.warning[0].value and "role_claim" in at.warning[0].value
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("app_pages/upload.py")


def test_oidc_account_not_on_the_list_is_told_so(warehouse):
    at = open_page()
    at.secrets["auth"] = {"client_id": "x", "client_secret": "y", "server_metadata_url": "https://idp.invalid/"}
    at.secrets["upload"] = {"allowed": ["anna@region.se"]}
    at.user = {"is_logged_in": True, "email": "bo@region.se"}
    at.run()
    at.switch_page("app_pages/login.py").run()
    assert not at.exception
    assert at.error[0].value.replace("\u200b", "").startswith("Du är inloggad som bo@region")
    at.user = {"is_logged_in": True, "email": "anna@region.se"}
    at.run()
    at.switch_page("app_pages/upload.py").run()
    assert at.title[0].value == "Ladda upp data"


class _Claims(dict):
    """What ``st.user`` holds for a logged-in OIDC account (synthetic claims)."""
    is_logged_in = True


@pytest.mark.parametrize("claims, expected", [
    ({"email": "anna@region.se", "sub": "abc-1"}, "anna@region.se"),
    ({"email": "", "sub": "abc-1"}, "abc-1"),          # no e-mail: the subject
    ({"sub": "abc-1"}, "abc-1"),
    ({"email": True}, None),                           # a claim that is not text names nobody
    ({}, None),
])
def test_the_oidc_identity_is_the_email_else_the_subject(monkeypatch, claims, expected):
    monkeypatch.setattr(st, "user", _Claims(claims))
    assert auth.oidc_identity() == expected


def test_a_refusal_without_a_lock_says_the_login_failed():
    assert auth.retry_text(auth.Outcome()) == t("login.failed")
