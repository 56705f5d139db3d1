"""Vinnova's open data (``/api/projekt``, ``/api/program``) -> funding rows.

The records have no county, so a project is kept when its coordinator organisation can
be placed in one of the three counties by name: the county and municipality names and
the three higher-education institutions (an analyst rule, ``PLACES``, stated on every
row it places; projects led from elsewhere, or by organisations whose names say nothing
of the place, are not caught). A project of a programme whose title names Vinnväxt
becomes "Vinnväxt", others "Vinnova-other". Amount = BeviljatBidrag (granted, SEK).
"""

from __future__ import annotations

import re

from etl import vocabulary
from etl.rows import Parsed, funding_frame

LICENCE = "CC0 1.0 (Vinnova open data)"
PUBLISHER = "Vinnova"
#: Analyst rule: names that place an organisation in a county (county, municipalities,
#: the higher-education institution and the region). Matched as whole words.
PLACES = {
    vocabulary.VARMLAND: ["värmland", "karlstad", "kil", "eda", "torsby", "storfors", "hammarö", "munkfors", "forshaga",
              "grums", "årjäng", "sunne", "kristinehamn", "filipstad", "hagfors", "arvika", "säffle",
              "paper province"],
    vocabulary.DALARNA: ["dalarna", "vansbro", "malung", "sälen", "gagnef", "leksand", "rättvik", "orsa", "älvdalen",
              "smedjebacken", "mora", "falun", "borlänge", "säter", "hedemora", "avesta", "ludvika"],
    vocabulary.GAVLEBORG: ["gävleborg", "gävle", "ockelbo", "hofors", "ovanåker", "nordanstig", "ljusdal", "sandviken",
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




def parsed(rows: list[dict]) -> Parsed:
    frame = funding_frame(rows, {"ref": "Diarienummer", "project": "Ärenderubrik", "beneficiary": "KoordinatorOrg",
                                 "amount": "BeviljatBidrag", "year_start": "ProjektStart", "year_end": "ProjektSlut"})
    return Parsed("funding", "vinnova_api", "projekt", frame)
