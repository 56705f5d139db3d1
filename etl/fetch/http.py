"""A polite HTTP client: one rate limit per API, retries with backoff, timeouts.

Every request goes through ``Client.request``. It waits for the API's rate limit
(calls per time window), retries 429 and 5xx answers with exponential backoff (and
honours ``Retry-After``), and times out. When the network is unreachable it raises
``Offline`` with one sentence saying so; other failures raise ``FetchError``. Both say
what to do; neither is ever a traceback for the user.
"""

from __future__ import annotations

import collections
import json
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import requests

USER_AGENT = "nms-s3-dashboard/1.0 (Norra Mellansverige regional statistics) python-requests"
RETRY_STATUSES = {429, 500, 502, 503, 504}


class FetchError(Exception):
    """A fetch failed; the message is one sentence for the user."""


class Offline(FetchError):
    """The API could not be reached at all (no network, DNS failure, refused)."""


@dataclass
class RateLimit:
    """At most ``calls`` requests per ``window`` seconds (a sliding window)."""
    calls: int
    window: float
    _sent: collections.deque = field(default_factory=collections.deque, repr=False)

    def wait(self, sleep=time.sleep, clock=time.monotonic) -> float:
        """Block until one more call is allowed; return how long it waited."""
        now = clock()
        while self._sent and now - self._sent[0] >= self.window:
            self._sent.popleft()
        waited = 0.0
        if len(self._sent) >= self.calls:
            waited = self.window - (now - self._sent[0])
            sleep(waited)
            self._sent.popleft()
        self._sent.append(clock())
        return waited


@dataclass
class Response:
    url: str                         # the URL that answered (after any redirect)
    status: int
    content: bytes
    content_type: str
    elapsed: float
    request_url: str = ""            # the URL asked for, with its query string
    snapshot: object | None = None   # the stored answer, when replayed (``snapshot.Replay``)

    def json(self):
        return json.loads(self.content.decode("utf-8-sig"))


class Client:
    """HTTP for one API: ``Client("SCB", RateLimit(30, 10))``."""

    def __init__(self, name: str, limit: RateLimit, *, timeout: tuple[float, float] = (10, 120),
                 retries: int = 4, backoff: float = 2.0, session: requests.Session | None = None,
                 progress=lambda message: None, sleep=time.sleep):
        self.name, self.limit, self.timeout = name, limit, timeout
        self.retries, self.backoff = retries, backoff
        self.session = session or requests.Session()
        self.session.headers.setdefault("User-Agent", USER_AGENT)
        self.progress, self.sleep = progress, sleep
        self.calls = 0

    def request(self, method: str, url: str, *, params=None, json=None, max_bytes: int | None = None) -> Response:
        host = urlsplit(url).hostname or url
        asked = requests.Request(method, url, params=params).prepare().url
        for attempt in range(self.retries + 1):
            self.limit.wait(sleep=self.sleep)
            started = time.monotonic()
            try:
                r = self.session.request(method, url, params=params, json=json, timeout=self.timeout, stream=True)
                content = _read(r, max_bytes, self.name)
            except requests.exceptions.ConnectionError as err:
                if _unreachable(err) or attempt == self.retries:
                    raise Offline(f"{self.name} ({host}) could not be reached: check the network connection "
                                  "and try again; the warehouse was not changed.") from None
                self._pause(attempt, None, "connection lost")
                continue
            except requests.exceptions.Timeout:
                if attempt == self.retries:
                    raise FetchError(f"{self.name} ({host}) did not answer within {self.timeout[1]:.0f} s: "
                                     "try again later; the warehouse was not changed.") from None
                self._pause(attempt, None, "timed out")
                continue
            self.calls += 1
            if r.status_code in RETRY_STATUSES and attempt < self.retries:
                self._pause(attempt, r.headers.get("Retry-After"), f"HTTP {r.status_code}")
                continue
            if r.status_code >= 400:
                raise FetchError(f"{self.name} answered HTTP {r.status_code}{_problem_detail(content)} for "
                                 f"{r.url}; the warehouse was not changed.")
            return Response(r.url, r.status_code, content, r.headers.get("Content-Type", ""),
                            time.monotonic() - started, asked or url, getattr(r, "snapshot", None))
        raise FetchError(f"{self.name} kept failing; the warehouse was not changed.")  # pragma: no cover

    def get(self, url: str, **kw) -> Response:
        return self.request("GET", url, **kw)

    def post(self, url: str, **kw) -> Response:
        return self.request("POST", url, **kw)

    def _pause(self, attempt: int, retry_after: str | None, why: str) -> None:
        delay = self.backoff * 2 ** attempt
        if retry_after and retry_after.strip().isdigit():
            delay = max(delay, float(retry_after))
        delay = min(delay, 120.0)
        self.progress(f"{self.name}: {why}, retrying in {delay:.0f} s ({attempt + 1}/{self.retries})")
        self.sleep(delay)


def _read(r: requests.Response, max_bytes: int | None, name: str) -> bytes:
    if max_bytes is None:
        return r.content
    chunks, total = [], 0
    for chunk in r.iter_content(1 << 16):
        total += len(chunk)
        if total > max_bytes:
            r.close()
            raise FetchError(f"{name} sent more than {max_bytes // 1_000_000} MB; narrow the request "
                             "(e.g. a later --since date). The warehouse was not changed.")
        chunks.append(chunk)
    return b"".join(chunks)


def _unreachable(err: Exception) -> bool:
    """DNS failure, refused connection or a proxy that is not there: retrying will not help."""
    text = repr(err).lower()
    return any(s in text for s in ("name or service not known", "temporary failure in name resolution",
                                   "nodename nor servname", "failed to resolve", "connection refused",
                                   "network is unreachable", "no route to host", "proxyerror",
                                   "unable to connect to proxy", "getaddrinfo", "name resolution"))


def _problem_detail(content: bytes) -> str:
    """RFC 7807 bodies (SCB) and Eurostat's error JSON carry a title worth showing."""
    try:
        body = json.loads(content.decode("utf-8-sig")[:20000])
    except (ValueError, UnicodeDecodeError):
        return ""
    if isinstance(body, dict):
        err = body.get("error")
        title = body.get("title") or body.get("detail") or (err.get("label") if isinstance(err, dict) else err)
        if isinstance(title, str) and title:
            return f" ({title[:200]})"
    return ""
