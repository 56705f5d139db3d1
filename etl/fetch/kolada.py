"""Kolada (RKA), API v3. Licence: CC BY 4.0 ("Källa: Kolada (RKA)").

Fetches the KPIs that the indicator catalogue names (its ``kolada_id`` column, e.g.
N01982, N85085) for Sweden (0000) and all 21 regions (00 + county code, from the
warehouse's ``region`` table), gender total (T) only. Pages through ``next_url``; every
page is checked against the request (KPIs, regions, years) before
``etl.formats.kolada`` turns it into rows. The base URL is ``--base-url`` or
$NMS_KOLADA_BASE_URL.
"""

from __future__ import annotations

from etl.fetch import http
from etl.fetch.base import AnswerMismatch, Batch, Context, connect, read_json
from etl.formats import jsonstat, kolada as kolada_format
from etl.formats.kolada import LICENCE

BASE = "https://api.kolada.se/v3"
PER_PAGE = 5000
MAX_PAGES = 50
LAST_YEAR = 2030


def catalogue_kpis(pointer) -> dict[str, str]:
    """KPI id -> indicator id: the catalogue's ``kolada_id`` column (base indicators only)."""
    con = connect(pointer)
    try:
        rows = con.execute("""SELECT kolada_id, indicator_id FROM indicator
                              WHERE kind = 'base' AND kolada_id IS NOT NULL""").fetchall()
    finally:
        con.close()
    return dict(rows)


def region_ids(ctx: Context) -> list[str]:
    """Kolada's ids for Sweden and the 21 regions: 00 + the SCB code (Sweden 00 -> 0000)."""
    return [f"00{code}" for code in ctx.regions()]


def differences(doc: dict, kpis: list[str], ids: list[str], years: list[int]) -> list[str]:
    """What a page holds that was not asked for (empty: it matches)."""
    items = doc.get("values") if isinstance(doc, dict) else None
    if not isinstance(items, list):
        return ["it holds no list of values"]
    out = []
    for name, have, want in (("KPI", {str(i.get("kpi")) for i in items}, set(kpis)),
                             ("region", {str(i.get("municipality")) for i in items}, set(ids)),
                             ("year", {str(i.get("period")) for i in items}, {str(y) for y in years})):
        extra = sorted(have - want)
        if extra:
            out.append(f"{name}: not asked for {jsonstat.shown(extra)}")
    return out


def fetch(ctx: Context) -> list[Batch]:
    base = ctx.base("kolada", BASE)
    client = ctx.client("Kolada", http.RateLimit(5, 1))
    kpi_map = catalogue_kpis(ctx.pointer)
    kpis = sorted(ctx.options.get("tables") or kpi_map)
    ids = region_ids(ctx)
    years = list(range(ctx.since or 2000, LAST_YEAR + 1))
    url = f"{base}/data/kpi/{','.join(kpis)}/municipality/{','.join(ids)}/year/{','.join(map(str, years))}"
    params: dict[str, int] | None = {"per_page": PER_PAGE}
    rows, snaps, page = [], [], 0
    while url and page < MAX_PAGES:
        page += 1
        r = client.get(url, params=params)
        snap = ctx.keep("kolada", f"data-page{page}", r, query=params, licence=LICENCE)
        snaps.append(snap)
        doc = read_json(snap)
        diffs = differences(doc, kpis, ids, years)
        if diffs:
            raise AnswerMismatch(f"Kolada's answer (page {page}) does not match the request: {'; '.join(diffs)}. "
                                 f"Nothing was loaded; the answer is kept in {snap.path}.")
        rows += kolada_format.records(doc, page, kpi_map, snap.url)
        ctx.progress(f"Kolada: page {page}: {len(rows)} values so far (of {doc.get('count', '?')})")
        url, params = doc.get("next_url") or doc.get("next_page"), None
    if url:
        raise http.FetchError(f"Kolada kept paging after {MAX_PAGES} pages; narrow the request with --since. "
                              "Nothing was loaded.")
    return [Batch(kolada_format.parsed(rows), snaps, LICENCE, "kolada " + ", ".join(kpis))] if rows else []
