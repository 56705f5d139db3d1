"""One row in ``data/sources.csv`` per distinct (url, title) the reference cites.

Ids are stable hashes of the normalised URL and title, so curating again gives the same
ids. The publisher, licence and official table id are read from the URL and title with
the analyst's lists in ``mappings/publishers.csv``, ``licences.csv`` and
``table_id_patterns.csv`` when the caller does not give them.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlparse

from etl import mappings

#: ``source.retrieved_on`` is the day the figures were taken from the publisher as recorded
#: with them (e.g. a list's scrape date), given by the caller; the reference pages did not
#: record the day they were read, so for them it stays empty rather than one date for all.
NOT_RECORDED = ""

PUBLISHERS = [(r["needle"], r["publisher"]) for r in mappings.read("publishers")]
ORIGINAL_PUBLISHERS = [(r["needle"], r["publisher"]) for r in mappings.read("original_publishers")]
LICENCES = [(r["needle"], r["licence"]) for r in mappings.read("licences")]
TABLE_ID_PATTERNS = [r["pattern"] for r in mappings.read("table_id_patterns")]
#: The publisher of an extract whose original source names none of ORIGINAL_PUBLISHERS.
EXTRACT_PUBLISHER = "Region Dalarna (GitHub)"


def slug(*parts: str, prefix: str) -> str:
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:10]
    return f"{prefix}{digest}"


def publisher_of(url: str, title: str) -> str:
    low = (url + " " + title).lower()
    for needle, name in PUBLISHERS:
        if needle.lower() in low:
            return name
    host = urlparse(url if "://" in url else "https://" + url).netloc
    return host.removeprefix("www.") or "unknown"


def original_publisher(text: str) -> str:
    """Who published the statistics an extract was copied from (Kolada, SCB, ...)."""
    for needle, name in ORIGINAL_PUBLISHERS:
        if needle in text:
            return name
    return EXTRACT_PUBLISHER


def licence_of(publisher: str) -> str:
    """The publisher's licence. By publisher only: a Regionfakta page titled "källa SCB" is
    Regionfakta's (copyright), not SCB's CC0."""
    for needle, name in LICENCES:
        if needle in publisher:
            return name
    return "not stated by the publisher"


def table_ids_in(text: str) -> str:
    found = []
    for pattern in TABLE_ID_PATTERNS:
        for m in re.findall(pattern, text):
            if m not in found:
                found.append(m)
    return "; ".join(found)


def normalise_url(url: str) -> str:
    url = url.strip()
    if url and "://" not in url:
        if url.startswith("github.com") or url.startswith("www."):
            return "https://" + url
        if ":" in url and "@" in url:  # repo:path@commit
            repo, rest = url.split(":", 1)
            path, _, commit = rest.partition("@")
            return f"https://github.com/{repo}/blob/{commit}/{path}"
    return url


class SourceRegistry:
    """Collects one row per distinct (url, title); ids are stable hashes."""

    def __init__(self) -> None:
        self.rows: dict[str, dict[str, str]] = {}

    def add(self, url: str, title: str, *, publisher: str = "", table_id: str = "", note: str = "",
            via: str = "", licence: str = "", retrieved_on: str = NOT_RECORDED) -> str:
        url = normalise_url(url)
        title = " ".join(title.split())
        sid = slug(url, title, prefix="src_")
        if sid not in self.rows:
            pub = publisher or publisher_of(url, title)
            self.rows[sid] = {
                "source_id": sid,
                "publisher": pub,
                "title": title,
                "table_id": table_id or table_ids_in(title),
                "url": url,
                "retrieved_on": retrieved_on,
                "licence": licence or licence_of(pub),
                "accessed_via": via,
                "note": note,
            }
        return sid

