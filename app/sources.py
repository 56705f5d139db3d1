"""How sources are cited: the source line under every chart, the list of source links, the
full source notes in downloads, and the tables of the Källor / Sources page.

Publisher, title and table come from files (the curated data, uploads): they are escaped
wherever they are shown (``app/text.py``); the only links are the recorded source URLs."""

from __future__ import annotations

import re

import pandas as pd

from app import queries, text
from app.i18n import classification_name, t

S3_STATUSES = ("current", "superseded")


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
    return sorted({re.sub(r"\s+table\b\s*", " ", x).strip() for tid in group.table_id.dropna()
                   for x in str(tid).split("; ") if x})


def line(source_ids, lang: str, derived: bool = False, max_items: int | None = 3) -> str:
    """'Källa: SCB (BE0101N1); Kolada (RKA) (N85085)' from a list of source ids (or lists).
    Plain text (the caller escapes it for markdown or Plotly). Under a chart at most
    ``max_items`` publishers with '+N'; downloads use ``notes`` for the full list."""
    ids = _flat_ids(source_ids)
    if not ids:
        return ""
    src = queries.sources(ids)
    parts: list[str] = []
    for pub, group in src.groupby("publisher", sort=True):
        tables = _tables(group)
        parts.append(f"{pub} ({', '.join(tables[:4])})" if tables else str(pub))
    more = len(parts) - max_items if max_items is not None else 0
    shown = parts if max_items is None else parts[:max_items]
    body = "; ".join(shown) + (f" {t('common.more_sources', lang, n=more)}" if more > 0 else "")
    if derived:
        label = t("common.derived_from", lang)
    else:
        label = t("common.sources", lang) if len(parts) > 1 else t("common.source", lang)
    return f"{label}: {body}"


def retrieved(value, lang: str) -> str:
    """A recorded retrieval date, or 'ej registrerat' where none was recorded."""
    if value is None or pd.isna(value):
        return t("src.not_recorded", lang)
    return pd.Timestamp(value).strftime("%Y-%m-%d")


_COMMIT = re.compile(r"\(([\w./-]+) at commit (\w+)\)")


def route(accessed_via, lang: str) -> str:
    """How a source reached the project, for readers: internal reference paths dropped,
    the common phrasings in the UI language."""
    parts = [p.strip() for p in str(accessed_via or "").split(";")]
    parts = [p for p in parts if p and not p.startswith("shared/")]
    out = []
    for p in parts:
        p = _COMMIT.sub(lambda m: f"({m.group(1)}, commit {m.group(2)})", p)
        m = re.match(r"(primary|secondary)(?: \(page header\))? page quoting (.+)", p)
        if m:
            p = (t("src.route_primary", lang, publisher=m.group(2)) if m.group(1) == "primary"
                 else t("src.route_secondary", lang, publisher=m.group(2)))
        elif lang == "sv":
            p = (p.replace("scraped", "skrapad").replace("PyPI package", "PyPI-paketet")
                 .replace("data up to", "data till"))
        out.append(p)
    return "; ".join(out) if out else t("src.route_page", lang)


def notes(source_ids, lang: str, definition: str | None = None) -> list[str]:
    """The full source notes for a download: one line per source with publisher, title, table,
    URL, retrieval date and licence, plus the definition. Never cut short."""
    out = [f"{t('common.definition', lang)}: {definition}"] if definition else []
    ids = _flat_ids(source_ids)
    if not ids:
        return out
    for r in queries.sources(ids).itertuples():
        out.append(t("src.note_line", lang, publisher=r.publisher, title=r.title,
                     table=r.table_id if isinstance(r.table_id, str) and r.table_id else "–", url=r.url,
                     retrieved=retrieved(r.retrieved_on, lang),
                     licence=r.licence if isinstance(r.licence, str) and r.licence else "–"))
    return out


def links(source_ids) -> str:
    """Markdown list of the sources with links, for under a chart. The link text is escaped;
    the URL is the recorded one (only http(s) URLs become links)."""
    ids = _flat_ids(source_ids)
    if not ids:
        return ""
    src = queries.sources(ids)
    lines = []
    for (pub, title), group in src.groupby(["publisher", "title"], sort=True):
        tables = _tables(group)
        tid = f" — {text.md(', '.join(tables))}" if tables else ""
        urls = [u for u in dict.fromkeys(group.url) if _is_web(u)]
        label = text.md(_short(title))
        if urls:
            refs = f"[{label}]({_url(urls[0])})" + "".join(f" [[{i}]]({_url(u)})" for i, u in enumerate(urls[1:], 2))
        else:
            refs = label
        lines.append(f"- {text.md(pub)}{tid}: {refs}")
    return "\n".join(lines)


def link(label, url) -> str:
    """A markdown link from a recorded source URL with an escaped label; just the label when
    the URL is not a web address."""
    return f"[{text.md(label)}]({_url(url)})" if _is_web(url) else text.md(label)


def _is_web(url) -> bool:
    return isinstance(url, str) and re.match(r"^https?://[^\s<>()]+$", url.strip()) is not None


def _url(url: str) -> str:
    """A recorded URL inside a markdown link: no character can end the link early."""
    return url.strip().replace("(", "%28").replace(")", "%29").replace(" ", "%20")


def _short(text_: str, n: int = 90) -> str:
    text_ = re.sub(r"\s+", " ", str(text_))
    return text_ if len(text_) <= n else text_[: n - 1] + "…"


# --- the Sources page ---------------------------------------------------------------------


def usage_table(usage: pd.DataFrame, search: str, lang: str) -> pd.DataFrame:
    """Every source with what it feeds, filtered by a free-text search, with translated headers:
    publisher, title, table id, licence and retrieval date as recorded, and the route."""
    usage = usage.copy()
    usage[["table_id", "licence", "feeds"]] = usage[["table_id", "licence", "feeds"]].fillna("")
    if search:
        hay = usage[["publisher", "title", "table_id", "feeds"]].fillna("").agg(" ".join, axis=1).str.lower()
        usage = usage[hay.str.contains(search.lower(), regex=False)]
    usage["retrieved_on"] = usage.retrieved_on.map(lambda v: retrieved(v, lang))
    usage["accessed_via"] = usage.accessed_via.map(lambda v: route(v, lang))
    usage["licence"] = usage.licence.map(lambda v: licence(v, lang))
    return usage[["publisher", "title", "table_id", "url", "retrieved_on", "licence", "accessed_via", "feeds",
                  "n_rows"]].rename(columns={
        "publisher": t("src.publisher", lang), "title": t("src.title_col", lang), "table_id": t("src.table_id", lang),
        "url": t("src.url", lang), "retrieved_on": t("src.retrieved", lang), "licence": t("src.licence", lang),
        "accessed_via": t("src.route", lang), "feeds": t("src.feeds", lang), "n_rows": t("src.rows", lang)})


def licence(value, lang: str) -> str:
    """The recorded licence; the recorded 'not stated by the publisher' in the UI language."""
    if not isinstance(value, str) or not value or value == "not stated by the publisher":
        return t("src.licence_not_stated", lang)
    return value


def coverage_table(coverage: pd.DataFrame, lang: str) -> pd.DataFrame:
    return coverage.drop(columns=["indicator_id", "kind"]).rename(columns={
        "name": t("src.col.name", lang), "n_counties": t("src.col.counties", lang),
        "n_nms_counties": t("src.col.nms", lang), "n_nuts2": t("src.col.nuts2", lang),
        "has_sweden": t("src.col.sweden", lang),
        "first_year": t("src.col.first", lang), "last_year": t("src.col.last", lang),
        "n_years": t("src.col.years", lang), "n_values": t("src.col.values", lang)})


def area_table(area: pd.DataFrame, lang: str) -> pd.DataFrame:
    area = area.assign(detail=area.detail.map(
        lambda d: t(f"s3.status.{d}", lang) if d in S3_STATUSES else classification_name(d, lang)))
    return area.rename(columns={
        "area": t("src.col.area", lang), "detail": t("src.col.detail", lang), "n_regions": t("src.col.regions", lang),
        "first_year": t("src.col.first", lang), "last_year": t("src.col.last", lang), "n_rows": t("src.rows", lang)})


def last_updated(batches: pd.DataFrame, lang: str) -> str:
    """What viewers see of the load history: when the data were last updated."""
    standing = batches[batches.undone_by.isna()] if "undone_by" in batches else batches
    if standing.empty:
        return ""
    return t("src.last_updated", lang, date=pd.Timestamp(standing.loaded_at.max()).strftime("%Y-%m-%d"))


def download_name(lang: str) -> str:
    return "kallor" if lang == "sv" else "sources"
