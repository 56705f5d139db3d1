"""Project lists for Norra Mellansverige (``funding_lists/``) -> project rows in ``data/funding.csv``.

* ERDF (ERUF) Norra Mellansverige 2014-2020: Tillväxtverket's Projektbanken as scraped
  by OpenSpending on 2016-10-14, i.e. the approvals with a project start from January 2014
  to August 2016 only. One ``project`` row per approval: beneficiary, county (several
  counties stay together, never split), the municipalities the list names, the granted EU
  amount in SEK (``beviljat_belopp_sek``; its EUR column is always 0 and is not a value).
  The programme's technical assistance is a ``programme`` row, not a project.
* Interreg 2021-2027: one ``project`` row per Swedish partner in SE31 with its EU (ERDF)
  amount in EUR and its ``partner_role`` (LP/PP/AP), from the Interregbarometern extract
  (not official statistics; zero amounts are kept as the list gives them). Partner rows
  of one project are its SE31 partners' shares: they add up, never overlap.

Neither list is a total of anything: each row says what it covers (``list_coverage``).
``page_facts_secondary.csv`` is not imported (quoted amounts, many applied-for or
prioritised; the curated ``funding.csv`` already holds the ones with a source page).

``merge`` adds these rows to the curated funding rows without counting anything twice:
a list row for a project that ``funding.csv`` already holds with the same amount kind is
matched by name (same programme and period). Same amount: the existing row is kept and
the list row left out. The existing amount is the list's rounded (e.g. 6.2 MSEK for
6 209 150): the exact list row replaces it. Otherwise both stay in one conflict group
(figures that cannot both be right are shown, never summed). ``mark_bundles`` turns a
"project" row that names other project rows (a bundle of projects) into an ``aggregate``,
so no member is counted twice. Every match is written to ``curation_decisions.md``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from etl import mappings
from etl.curate.common import num, read_csv
from etl.curate.sources import SourceRegistry, slug

FOLDER = "funding_lists"
ERDF_FILE = "erdf_2014_2020_projektbanken_se31.csv"
INTERREG_FILE = "interreg_2021_2027_partners_se31.csv"
ERDF_COVERAGE = ("Projektbanken (Tillväxtverket) as scraped 2016-10-14: ERDF Norra Mellansverige approvals "
                 "with project start January 2014 - August 2016 only (about the first 2½ years of 2014-2020)")
INTERREG_COVERAGE = ("Interregbarometern extract of 2026-06-09: Swedish partners in SE31 of Interreg 2021-2027 "
                     "projects with their EU (ERDF) partner budget; not official statistics")
NOT_STATED = "not stated by the publisher"


def _norm(name: str) -> str:
    return re.sub(r"[^0-9a-zåäöæøü]", "", name.lower())


def _commit(retrieved_from: str) -> str:
    return retrieved_from.rpartition("@")[2][:7]


def _region_lookup(regions: list[dict[str, str]]) -> dict[str, str]:
    out = {}
    for r in regions:
        if r["level"] == "county":
            out[r["name_en"].lower()] = r["region_code"]
            out[r["name_sv"].lower()] = r["region_code"]
    return out


def _regions_of(text: str, lookup: dict[str, str], file: str) -> str:
    codes = []
    for part in (p.strip() for p in text.split(",") if p.strip()):
        code = lookup.get(part.lower())
        if code is None:
            raise ValueError(f"{FOLDER}/{file}: unknown county {part!r}")
        codes.append(code)
    return ";".join(sorted(set(codes)))


def erdf_rows(ref: Path, sources: SourceRegistry, regions: list[dict[str, str]]) -> list[dict]:
    lookup = _region_lookup(regions)
    out = []
    for x in read_csv(ref / FOLDER / ERDF_FILE):
        scraped = x["uppdateringsdatum"][:10]
        sid = sources.add(
            x["_source"], "Projektbanken: Europeiska regionalfonden 2014-2020, Norra Mellansverige (beviljade projekt)",
            publisher="Tillväxtverket", table_id="Projektbanken 2014-2020 (ERUF)",
            via=(f"via OpenSpending (os-data/eu-structural-funds at commit {_commit(x['retrieved_from'])}), "
                 f"scraped {scraped}; shared/reference/{FOLDER}/{ERDF_FILE}"),
            note=("The scrape holds approvals with a project start up to August 2016; its EUR column is always 0. "
                  "Retrieval date = the scrape's update date."),
            licence=NOT_STATED, retrieved_on=scraped)
        project = " ".join(x["projektnamn"].split())
        level = "programme" if project.lower().startswith("tekniskt stöd") else "project"
        theme = x["insatsområde"].strip()
        out.append({
            "funding_id": slug("ERUF", "2014-2020", "projektbanken", x["ärende-id"], prefix="fund_"),
            "programme": "ERUF", "programme_period": "2014-2020", "level": level, "project": project,
            "beneficiary": " ".join(x["stödmottagare"].split()),
            "region_codes": _regions_of(x["län"], lookup, ERDF_FILE), "theme": theme,
            "s3_theme_id": mappings.funding_theme(theme, project) if level == "project" else "",
            "year_start": x["projekt_starttid"][:4], "year_end": x["projekt_sluttid"][:4],
            "amount": num(x["beviljat_belopp_sek"]), "currency": "SEK", "amount_kind": "eu_funding",
            "amount_basis": "total", "is_approx": "false",
            "amount_note": "beviljat belopp (EU funding granted, ERDF)", "conflict_group": "",
            "source_id": sid,
            "evidence": (f"Projektbanken ärende {x['ärende-id']}; {x['tematiskt_mål'].strip()}; "
                         f"start {x['projekt_starttid']}, end {x['projekt_sluttid']}"
                         + ("; technical assistance of the programme, not a project" if level == "programme" else "")),
            "external_id": x["ärende-id"],
            "municipalities": "; ".join(m.strip() for m in x["kommuner"].split(",") if m.strip()),
            "partner_role": "", "list_coverage": ERDF_COVERAGE,
        })
    return out


def interreg_rows(ref: Path, sources: SourceRegistry, regions: list[dict[str, str]],
                  decisions: list[str]) -> list[dict]:
    lookup = _region_lookup(regions)
    out, zero = [], 0
    for x in read_csv(ref / FOLDER / INTERREG_FILE):
        sid = sources.add(
            x["retrieved_from"], "Interregbarometern: Interreg 2021-2027 projects and partners (rawdata.json)",
            publisher="Interregbarometern (Tillväxtverket-branded dashboard)", table_id="",
            via=f"shared/reference/{FOLDER}/{INTERREG_FILE}",
            note=("Not official statistics. Extract dated 2026-06-09 (funding_lists.md); "
                  "the amount is the partner's EU (ERDF) budget in EUR."),
            licence=NOT_STATED, retrieved_on="2026-06-09")
        region = lookup.get(x["nuts3"].lower())
        if region is None:
            raise ValueError(f"{FOLDER}/{INTERREG_FILE}: unknown county {x['nuts3']!r}")
        if x["nuts2"] != "Norra Mellansverige":
            who = x["organisationsnamn"] or "(no name)"
            decisions.append(f"- Interreg 2021–2027 partner list, {x['projektnamn']} / {who}: "
                             f"nuts2 says {x['nuts2']!r} but nuts3 {x['nuts3']!r}; the county (nuts3) is used.")
        project = " ".join(x["projektnamn"].split())
        role = x["organisationsroll"].strip()
        amount = x["partnerbudget"].strip()
        zero += amount != "" and float(amount) == 0
        note = "partner's EU (ERDF) budget (partnerbudget)"
        if role == "AP":
            note += "; associated partners normally receive no EU funds" + (
                ", yet the list gives this one an amount" if amount and float(amount) > 0 else "")
        out.append({
            "funding_id": slug("Interreg", x["program"], x["id"], project, x["organisationsnamn"], prefix="fund_"),
            "programme": "Interreg", "programme_period": "2021-2027", "level": "project",
            "project": project, "beneficiary": " ".join(x["organisationsnamn"].split()),
            "region_codes": region, "theme": f"{x['politisktmal']} {x['specifiktmal']}".strip(),
            "s3_theme_id": mappings.funding_theme("", project),
            "year_start": x["startdatum"][:4], "year_end": x["slutdatum"][:4],
            "amount": num(amount) if amount else "", "currency": "EUR" if amount else "",
            "amount_kind": "eu_funding" if amount else "not_stated", "amount_basis": "total",
            "is_approx": "false", "amount_note": note, "conflict_group": "", "source_id": sid,
            "evidence": (f"Interreg {x['program']} 2021-2027, {x['projekttyp']} project {x['projektnamn']}; "
                         f"{x['organisationstyp']} ({x['organisationsagande']}); active: {x['aktiv']}"),
            "external_id": f"{x['program']}:{x['id']}", "municipalities": "", "partner_role": role,
            "list_coverage": INTERREG_COVERAGE,
        })
    decisions.append(f"- Interreg 2021–2027 partner list: {len(out)} rows; {zero} have the amount 0, kept as the "
                     "list gives them (mostly associated partners, who normally receive no EU funds).")
    return out


def _rounded_form(exact: float, shown: float) -> bool:
    """6 200 000 is 6 209 150 rounded to 100 000: the same figure in a press release."""
    for digits in (6, 5, 4):
        step = 10 ** digits
        if shown % step == 0 and round(exact / step) * step == shown:
            return True
    return False


def merge(existing: list[dict], listed: list[dict], decisions: list[str]) -> list[dict]:
    """The curated funding rows plus the list rows, with no project counted twice."""
    matchable = [r for r in existing if r["level"] == "project" and r["amount_kind"] == "eu_funding"
                 and r["amount_basis"] == "total" and r["amount"]]
    groups = defaultdict(list)
    for r in listed:
        if r["amount_kind"] == "eu_funding" and r["level"] == "project":
            groups[(r["programme"], r["programme_period"], _norm(r["project"]))].append(r)
    drop_listed: set[str] = set()
    drop_existing: set[str] = set()
    for (programme, period, name), rows in sorted(groups.items()):
        hits = [e for e in matchable if e["programme"] == programme
                and e["programme_period"].startswith(period) and _same_name(_norm(e["project"]), name)]
        if not hits:
            continue
        currency = {r["currency"] for r in rows}.pop()
        listed_sum = sum(float(r["amount"]) for r in rows)
        what = f"`{rows[0]['project']}` ({programme} {period})"
        ids = ", ".join(r["funding_id"] for r in rows)
        for e in hits:
            amount = float(e["amount"])
            if e["currency"] == currency and abs(amount - listed_sum) < 0.5:
                drop_listed.update(r["funding_id"] for r in rows)
                decisions.append(f"- {what}: the list's {num(str(listed_sum))} {currency} equals `{e['funding_id']}` "
                                 f"(from funding.csv): kept that row, left out the list row(s) {ids}.")
            elif e["currency"] == currency and len(rows) == 1 and _rounded_form(listed_sum, amount):
                drop_existing.add(e["funding_id"])
                decisions.append(f"- {what}: `{e['funding_id']}` (funding.csv, {e['amount']} {currency}) is the "
                                 f"list's {num(str(listed_sum))} rounded: kept the exact list row {ids}, left out "
                                 f"`{e['funding_id']}`.")
            else:
                group = e["conflict_group"] or f"{_slugify(rows[0]['project'])}-eu-amount"
                e["conflict_group"] = group
                for r in rows:
                    r["conflict_group"] = group
                decisions.append(f"- {what}: funding.csv says {e['amount']} {e['currency']} (`{e['funding_id']}`), "
                                 f"the list {num(str(listed_sum))} {currency} ({len(rows)} row(s)): conflicting "
                                 f"figures, both kept in conflict group `{group}` (never summed).")
    kept = [r for r in existing if r["funding_id"] not in drop_existing]
    kept += [r for r in listed if r["funding_id"] not in drop_listed]
    n_erdf = sum(1 for r in listed if r["programme"] == "ERUF" and r["funding_id"] not in drop_listed)
    n_interreg = sum(1 for r in listed if r["programme"] == "Interreg" and r["funding_id"] not in drop_listed)
    decisions.append(f"- Project lists: {n_erdf} ERDF 2014–2020 approvals (to August 2016) and {n_interreg} "
                     "Interreg 2021–2027 partner rows added; matching is by programme, period, amount kind "
                     "and project name (letters and digits only; one name the start of the other).")
    return kept


def _same_name(a: str, b: str) -> bool:
    short, long_ = sorted((a, b), key=len)
    return a == b or (len(short) >= 8 and long_.startswith(short))


def _slugify(text: str) -> str:
    return "-".join(re.sub(r"[^a-z0-9 ]", " ", text.lower()).split()[:3])


def mark_bundles(rows: list[dict], decisions: list[str]) -> None:
    """A "project" row whose name lists other project rows of its programme (e.g. "Four HDa
    collaboration projects: KTP Energi, KTP Science, ...") is a bundle of projects: it becomes
    an ``aggregate`` so that no member is counted twice in project totals."""
    projects = [r for r in rows if r["level"] == "project"]
    for r in projects:
        if "," not in r["project"]:
            continue
        text = _norm(r["project"])
        members = sorted({o["project"] for o in projects
                          if o is not r and o["programme"] == r["programme"]
                          and len(_norm(o["project"])) >= 8 and _norm(o["project"]) in text
                          and _norm(o["project"]) != text})
        if members:
            r["level"] = "aggregate"
            decisions.append(f"- `{r['funding_id']}` ({r['project']}, {r['amount']} {r['currency']}) names other "
                             f"project rows ({'; '.join(members)}): a bundle of projects, so level `aggregate`, "
                             "never counted beside its members.")


def report_conflicts(rows: list[dict], decisions: list[str]) -> None:
    """Every conflict group with its figures, so the record shows what is never summed."""
    groups = defaultdict(list)
    for r in rows:
        if r["conflict_group"]:
            groups[r["conflict_group"]].append(r)
    for group, members in sorted(groups.items()):
        figures = "; ".join(f"{r['amount']} {r['currency']} {r['amount_kind']} ({r['level']}, `{r['funding_id']}`)"
                            for r in sorted(members, key=lambda r: r["funding_id"]))
        decisions.append(f"- Conflict group `{group}`: {figures}.")
