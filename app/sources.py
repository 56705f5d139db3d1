"""How sources are cited: the source line under every chart, the list of source links,
and the tables of the Källor / Sources page."""

from __future__ import annotations

import re

import pandas as pd

from app import queries
from app.i18n import t


def _flat_ids(source_ids) -> list[str]:
    ids: list[str] = []
    for item in source_ids:
        if item is None:
            continue
        for sid in (list(item) if not isinstance(item, str) else [item]):
            if sid not in ids:
                ids.append(sid)
    return ids


def _tables(group: pd.DataFrame) -> list[str]:
    return sorted({x for tid in group.table_id.dropna() for x in str(tid).split("; ") if x})


def line(source_ids, lang: str, derived: bool = False, max_items: int = 3) -> str:
    """'Källa: SCB (BE0101N1); Kolada (RKA) (N85085)' from a list of source ids (or lists)."""
    ids = _flat_ids(source_ids)
    if not ids:
        return ""
    src = queries.sources(ids)
    parts: list[str] = []
    for pub, group in src.groupby("publisher", sort=True):
        tables = _tables(group)
        parts.append(f"{pub} ({', '.join(tables[:4])})" if tables else str(pub))
    more = len(parts) - max_items
    text = "; ".join(parts[:max_items]) + (f" +{more}" if more > 0 else "")
    if derived:
        label = t("common.derived_from", lang)
    else:
        label = t("common.sources", lang) if len(parts) > 1 else t("common.source", lang)
    return f"{label}: {text}"


def links(source_ids) -> str:
    """Markdown list of the sources with links, for under a chart."""
    ids = _flat_ids(source_ids)
    if not ids:
        return ""
    src = queries.sources(ids)
    lines = []
    for (pub, title), group in src.groupby(["publisher", "title"], sort=True):
        tables = _tables(group)
        tid = f" — {', '.join(tables)}" if tables else ""
        urls = list(dict.fromkeys(group.url))
        refs = f"[{_short(title)}]({urls[0]})" + "".join(f" [[{i}]]({u})" for i, u in enumerate(urls[1:], 2))
        lines.append(f"- {pub}{tid}: {refs}")
    return "\n".join(lines)


def _short(text: str, n: int = 90) -> str:
    text = re.sub(r"\s+", " ", str(text))
    return text if len(text) <= n else text[: n - 1] + "…"


# --- the Sources page ---------------------------------------------------------------------


def usage_table(usage: pd.DataFrame, search: str, lang: str) -> pd.DataFrame:
    """Every source with what it feeds, filtered by a free-text search, with translated headers."""
    usage = usage.copy()
    usage[["table_id", "licence", "feeds"]] = usage[["table_id", "licence", "feeds"]].fillna("")
    if search:
        hay = usage[["publisher", "title", "table_id", "feeds"]].fillna("").agg(" ".join, axis=1).str.lower()
        usage = usage[hay.str.contains(search.lower(), regex=False)]
    return usage.rename(columns={
        "publisher": t("src.publisher", lang), "title": t("src.title_col", lang), "table_id": t("src.table_id", lang),
        "url": t("src.url", lang), "retrieved_on": t("src.retrieved", lang), "licence": t("src.licence", lang),
        "feeds": t("src.feeds", lang), "n_rows": t("src.rows", lang)}).drop(columns=["source_id"])


def coverage_table(coverage: pd.DataFrame, lang: str) -> pd.DataFrame:
    return coverage.drop(columns=["indicator_id", "kind"]).rename(columns={
        "name": t("src.col.name", lang), "n_counties": t("src.col.counties", lang),
        "n_nms_counties": t("src.col.nms", lang), "has_sweden": t("src.col.sweden", lang),
        "first_year": t("src.col.first", lang), "last_year": t("src.col.last", lang),
        "n_years": t("src.col.years", lang), "n_values": t("src.col.values", lang)})


def area_table(area: pd.DataFrame, lang: str) -> pd.DataFrame:
    return area.rename(columns={
        "area": t("src.col.area", lang), "detail": t("src.col.detail", lang), "n_regions": t("src.col.regions", lang),
        "first_year": t("src.col.first", lang), "last_year": t("src.col.last", lang), "n_rows": t("src.rows", lang)})


def download_name(lang: str) -> str:
    return "kallor" if lang == "sv" else "sources"
