"""Small helpers every curate step uses: reading reference CSVs, writing curated ones."""

from __future__ import annotations

import csv
import re
from pathlib import Path


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write_csv(path: Path, fieldnames: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fieldnames, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({k: r.get(k, "") for k in fieldnames})


def num(text: str) -> str:
    """Reference numbers are plain decimals; write integers without a trailing .0."""
    text = text.strip()
    if not text:
        return ""
    value = float(text)
    return str(int(value)) if value.is_integer() else repr(value)


def is_arithmetic(indicator: str) -> bool:
    """A reference row that is someone's calculation (``_derived``) or a rounded phrase
    (``_approx``): never imported, whatever a mapping says; the product computes derived
    measures itself (SQL views)."""
    return indicator.endswith(("_derived", "_approx"))


def split_urls(text: str) -> list[str]:
    """A reference cell may cite several pages, separated by '|'."""
    return [u.strip() for u in text.split("|") if u.strip()]


def short(text: str) -> str:
    """The first four words of a name as an id part: 'Forest-based bioeconomy' -> 'forestbased-bioeconomy'."""
    words = re.sub(r"[^a-z0-9 ]", "", text.lower()).split()
    return "-".join(words[:4])
