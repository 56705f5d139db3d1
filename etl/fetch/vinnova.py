"""Vinnova's open data API (data.vinnova.se, no key). Licence: CC0.

``GET /api/projekt/{date}`` returns every project changed since that date; programme
titles come from ``GET /api/program/{dnr,...}`` (at most 20 ids per call), asked only for
projects led from the three counties. ``etl.formats.vinnova`` places the projects and
turns them into funding rows. The base URL is ``--base-url`` or $NMS_VINNOVA_BASE_URL.
"""

from __future__ import annotations

import json

from etl.fetch import http
from etl.fetch.base import Batch, Context
from etl.formats import vinnova as vinnova_format
from etl.formats.vinnova import LICENCE, county_of

BASE = "https://data.vinnova.se/api"


def fetch(ctx: Context) -> list[Batch]:
    base = ctx.base("vinnova", BASE)
    client = ctx.client("Vinnova", http.RateLimit(2, 1), timeout=(15, 300))
    since = ctx.since_date or f"{ctx.since or 2015}-01-01"
    url = f"{base}/projekt/{since}"
    ctx.progress(f"Vinnova: projects changed since {since}")
    r = client.get(url, max_bytes=500_000_000)
    snap = ctx.keep("vinnova", f"projekt-{since}", r, licence=LICENCE)
    snaps = [snap]
    projects = json.loads(snap.read().decode("utf-8-sig"))
    if not isinstance(projects, list):
        raise http.FetchError("Vinnova answered with something other than a list of projects; nothing was loaded.")
    placed = [p for p in projects if county_of(f"{p.get('KoordinatorOrg') or ''} {p.get('KoordinatorArb') or ''}")]
    ctx.progress(f"Vinnova: {len(projects)} projects, {len(placed)} led from the three counties")
    dnrs = sorted({str(p.get("DiarienummerProgram")) for p in placed if p.get("DiarienummerProgram")})
    programmes = {}
    for i in range(0, len(dnrs), 20):
        chunk = dnrs[i:i + 20]
        ctx.progress(f"Vinnova: programme titles {i + 1}-{i + len(chunk)} of {len(dnrs)}")
        pr = client.get(f"{base}/program/{','.join(chunk)}")
        psnap = ctx.keep("vinnova", f"program-{i // 20 + 1}", pr, licence=LICENCE)
        snaps.append(psnap)
        body = json.loads(psnap.read().decode("utf-8-sig"))
        for prog in body if isinstance(body, list) else [body]:
            programmes[str(prog.get("Diarienummer"))] = str(prog.get("Titel") or "")
    rows, skipped = vinnova_format.records(projects, programmes, snap.url)
    return [Batch(vinnova_format.parsed(rows), snaps, LICENCE, "vinnova projekt", skipped)] if rows else []
