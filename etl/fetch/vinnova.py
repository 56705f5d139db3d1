"""Vinnova's open data API (data.vinnova.se, no key). Licence: CC0.

``GET /api/projekt/{date}`` returns every project changed since that date. The records
have no county, so a project is kept when its coordinator organisation can be placed in
one of the three counties by name: the county and municipality names and the three
higher-education institutions (an analyst rule, stated on every row it places; projects
led from elsewhere, or by organisations whose names say nothing of the place, are not
caught). Programme titles come from ``GET /api/program/{dnr,...}`` (at most 20 ids per
call); a project of a programme whose title names Vinnväxt becomes "Vinnväxt", others
"Vinnova-other". Amount = BeviljatBidrag (granted, SEK).
"""

from __future__ import annotations

import json
import re

from etl import readers
from etl.fetch import http, snapshot
from etl.fetch.base import Batch, Context, funding_frame

BASE = "https://data.vinnova.se/api"
LICENCE = "CC0 1.0 (Vinnova open data)"
PUBLISHER = "Vinnova"
#: Analyst rule: names that place an organisation in a county (county, municipalities,
#: the higher-education institution and the region). Matched as whole words.
PLACES = {
    "SE311": ["värmland", "karlstad", "kil", "eda", "torsby", "storfors", "hammarö", "munkfors", "forshaga",
              "grums", "årjäng", "sunne", "kristinehamn", "filipstad", "hagfors", "arvika", "säffle",
              "paper province"],
    "SE312": ["dalarna", "vansbro", "malung", "sälen", "gagnef", "leksand", "rättvik", "orsa", "älvdalen",
              "smedjebacken", "mora", "falun", "borlänge", "säter", "hedemora", "avesta", "ludvika"],
    "SE313": ["gävleborg", "gävle", "ockelbo", "hofors", "ovanåker", "nordanstig", "ljusdal", "sandviken",
              "söderhamn", "bollnäs", "hudiksvall", "fiber optic valley"],
}
_PATTERNS = {code: re.compile(r"\b(" + "|".join(re.escape(p) for p in words) + r")s?\b", re.IGNORECASE)
             for code, words in PLACES.items()}


def county_of(organisation: str) -> str | None:
    """The county an organisation's name places it in, or None (also when it names two)."""
    hits = {code for code, rx in _PATTERNS.items() if rx.search(organisation or "")}
    return hits.pop() if len(hits) == 1 else None


def _year(stamp) -> str:
    s = str(stamp or "")
    return s[:4] if re.match(r"^\d{4}", s) else ""


def records(projects: list[dict], programmes: dict[str, str], url: str) -> tuple[list[dict], dict[str, int]]:
    out, skipped = [], {"coordinator not placed in the three counties": 0}
    for n, p in enumerate(projects, start=1):
        org = " ".join(str(p.get("KoordinatorOrg") or "").split())
        region = county_of(f"{org} {p.get('KoordinatorArb') or ''}")
        if region is None:
            skipped["coordinator not placed in the three counties"] += 1
            continue
        title = programmes.get(str(p.get("DiarienummerProgram") or ""), "")
        programme = "Vinnväxt" if "vinnväxt" in title.lower() else "Vinnova-other"
        amount = p.get("BeviljatBidrag")
        out.append({
            "ref": str(p.get("Diarienummer") or ""), "programme": programme, "programme_period": "",
            "project": " ".join(str(p.get("Ärenderubrik") or p.get("ÄrenderubrikEngelska") or "").split()),
            "beneficiary": org, "region_codes": region, "theme": title,
            "year_start": _year(p.get("ProjektStart")), "year_end": _year(p.get("ProjektSlut")),
            "amount": "" if amount is None else amount, "currency": "SEK", "amount_kind": "national_grant",
            "amount_note": "Granted by Vinnova (BeviljatBidrag); county from the coordinator's name (analyst rule)",
            "evidence": f"Vinnova diarienummer {p.get('Diarienummer')}, status {p.get('Status') or '?'}",
            "excel_row": n, "source_url": url, "source_publisher": PUBLISHER,
            "source_title": "Vinnova open data: funded projects (projekt)", "source_table_id": "projekt"})
    return out, skipped


def fetch(ctx: Context) -> list[Batch]:
    client = ctx.client("Vinnova", http.RateLimit(2, 1), timeout=(15, 300))
    since = ctx.since_date or f"{ctx.since or 2015}-01-01"
    url = f"{BASE}/projekt/{since}"
    ctx.progress(f"Vinnova: projects changed since {since}")
    r = client.get(url, max_bytes=500_000_000)
    snap = snapshot.save(ctx.snapshots, "vinnova", f"projekt-{since}", r.content, url=r.url,
                         content_type=r.content_type, licence=LICENCE)
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
        pr = client.get(f"{BASE}/program/{','.join(chunk)}")
        psnap = snapshot.save(ctx.snapshots, "vinnova", f"program-{i // 20 + 1}", pr.content, url=pr.url,
                              content_type=pr.content_type, licence=LICENCE)
        snaps.append(psnap)
        body = json.loads(psnap.read().decode("utf-8-sig"))
        for prog in body if isinstance(body, list) else [body]:
            programmes[str(prog.get("Diarienummer"))] = str(prog.get("Titel") or "")
    rows, skipped = records(projects, programmes, snap.url)
    frame = funding_frame(rows, {"ref": "Diarienummer", "project": "Ärenderubrik", "beneficiary": "KoordinatorOrg",
                                 "amount": "BeviljatBidrag", "year_start": "ProjektStart", "year_end": "ProjektSlut"})
    return [Batch(readers.Parsed("funding", "vinnova_api", "projekt", frame), snaps, LICENCE, "vinnova projekt",
                  skipped)] if rows else []
