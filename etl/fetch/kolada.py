"""Kolada (RKA), API v3. Licence: CC BY 4.0 ("Källa: Kolada (RKA)").

Fetches the KPIs that the indicator catalogue names (its ``kolada_id`` column, e.g.
N01982, N85085) for Sweden (0000) and all 21 regions (00 + county code), gender total
(T) only. Pages through ``next_url``; ``etl.formats.kolada`` turns the pages into rows.
"""

from __future__ import annotations

import json

from etl import warehouse
from etl.fetch import http, snapshot
from etl.fetch.base import Batch, Context
from etl.formats import kolada as kolada_format
from etl.formats.kolada import LICENCE

BASE = "https://api.kolada.se/v3"
#: Sweden plus the 21 regions: Kolada's region id is 00 + the SCB county code.
MUNICIPALITIES = ["0000"] + [f"00{c}" for c in ("01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13",
                                                  "14", "17", "18", "19", "20", "21", "22", "23", "24", "25")]
PER_PAGE = 5000
MAX_PAGES = 50


def catalogue_kpis(pointer) -> dict[str, str]:
    """KPI id -> indicator id: the catalogue's ``kolada_id`` column (base indicators only)."""
    con = warehouse.connect_read_only(warehouse.current_target(warehouse.db_path(pointer)))
    try:
        rows = con.execute("""SELECT kolada_id, indicator_id FROM indicator
                              WHERE kind = 'base' AND kolada_id IS NOT NULL""").fetchall()
    finally:
        con.close()
    return dict(rows)


def fetch(ctx: Context) -> list[Batch]:
    client = ctx.client("Kolada", http.RateLimit(5, 1))
    kpi_map = catalogue_kpis(ctx.pointer)
    kpis = sorted(ctx.options.get("tables") or kpi_map)
    years = ",".join(str(y) for y in range(ctx.since or 2000, 2031))
    url = f"{BASE}/data/kpi/{','.join(kpis)}/municipality/{','.join(MUNICIPALITIES)}/year/{years}"
    params = {"per_page": PER_PAGE}
    rows, snaps, page = [], [], 0
    while url and page < MAX_PAGES:
        page += 1
        r = client.get(url, params=params)
        snap = snapshot.save(ctx.snapshots, "kolada", f"data-page{page}", r.content, url=r.url, query=params,
                             content_type=r.content_type, licence=LICENCE)
        snaps.append(snap)
        doc = json.loads(snap.read().decode("utf-8-sig"))
        rows += kolada_format.records(doc, page, kpi_map, snap.url)
        ctx.progress(f"Kolada: page {page}: {len(rows)} values so far (of {doc.get('count', '?')})")
        url, params = doc.get("next_url") or doc.get("next_page"), None
    if url:
        raise http.FetchError(f"Kolada kept paging after {MAX_PAGES} pages; narrow the request with --since. "
                              "Nothing was loaded.")
    return [Batch(kolada_format.parsed(rows), snaps, LICENCE, "kolada " + ", ".join(kpis))] if rows else []
