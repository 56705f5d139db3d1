"""Analyst mappings: the reviewable CSV files in ``etl/curate/mappings/``.

Choices an analyst made (which reference series feeds which indicator, which S3 theme a
project belongs to, ...) are data, not code: each is a small CSV file beside the curate
step, listed with what it maps and who decided in ``etl/curate/mappings/README.md``.
This module reads them. It sits outside ``etl/curate`` because the funding theme rule is
used both by curation and by the upload/fetch validators (``etl/load``).
"""

from __future__ import annotations

import csv
import functools
from pathlib import Path

MAPPINGS_DIR = Path(__file__).resolve().parent / "curate" / "mappings"


def read(name: str) -> list[dict[str, str]]:
    """The rows of ``etl/curate/mappings/<name>.csv``, in file order."""
    with (MAPPINGS_DIR / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@functools.cache
def funding_theme_rules() -> dict[str, tuple[str, ...]]:
    """S3 theme -> its keywords, themes in the order they first appear in the file."""
    rules: dict[str, list[str]] = {}
    for r in read("funding_theme_rules"):
        rules.setdefault(r["theme_id"], []).append(r["keyword"])
    return {theme: tuple(words) for theme, words in rules.items()}


def funding_theme(theme: str, project: str) -> str:
    """The S3 theme a funded project belongs to by the keywords in its theme text and name
    (the first theme with a match wins), or "" when none matches: those rows stay
    unclassified and the funding page lists them for staff to classify."""
    text = f"{theme} {project}".lower()
    return next((tid for tid, words in funding_theme_rules().items() if any(w in text for w in words)), "")
