"""``funding.csv`` (programmes, calls, projects with their amounts) -> ``data/funding.csv``.

Amounts are never split or summed here. Each row keeps all its regions, its amount kind
(EU funding, total budget, national grant, ...; read from the reference's free-text
description by the rules in ``amount_kind``) and its source. Published figures that
cannot all be right keep a shared ``conflict_group`` (``mappings/funding_conflicts.csv``);
projects get an S3 theme by the keyword rule in ``mappings/funding_theme_rules.csv``.
"""

from __future__ import annotations

from pathlib import Path

from etl import mappings
from etl.curate.common import num, read_csv
from etl.curate.sources import SourceRegistry, slug
from etl.vocabulary import FUNDING_LABEL_FIELDS

FILE = "funding.csv"
#: project name prefix -> (conflict group, the amount kinds the conflict is about)
CONFLICTS = {r["project_prefix"]: (r["conflict_group"], tuple(r["amount_kinds"].split(";")))
             for r in mappings.read("funding_conflicts")}
#: words in the amount description that mark it as approximate
APPROX_WORDS = ("approx", "drygt", "nästan", "närmare")
#: words in the amount description that mark an EU amount as applied for, not granted
#: ("sökt EU-belopp", "ansökt belopp", "EU funding applied"): kind ``eu_funding_applied``
APPLIED_WORDS = ("applied", "sökt")


def amount_kind(note: str, currency: str, amount: str) -> tuple[str, str]:
    """Map the reference's free-text amount description to (kind, basis)."""
    low = note.lower()
    basis = "total"
    if "per year" in low:
        basis = "per_year"
    elif "(up to)" in low or low.startswith("max "):
        basis = "maximum"
    if currency == "%":
        return "share_pct", basis
    if not amount:
        return "not_stated", basis
    if low.startswith("total ec funding"):
        return "eu_funding", basis
    if low.startswith(("total budget", "total cost", "total programme")):
        return "total_budget", basis
    if "co-financing" in low and low.startswith("regional"):
        return "co_financing", basis
    if low.startswith(("programme size", "call budget")):
        return "programme_budget", basis
    if "norwegian" in low and "ir funds" in low:
        return "national_grant", basis
    if low.startswith(("vinnova", "vinnväxt", "max vinnova", "stated ten-year financing")):
        return "national_grant", basis
    if low.startswith("sum of eu funding"):
        return "eu_funding_in_projects", basis  # keep.eu's sum of the projects' grants: not an allocation
    if low.startswith(("eu", "erdf", "ec funding", "support from interreg")):
        if any(w in low for w in APPLIED_WORDS):
            return "eu_funding_applied", basis  # what the project asked for, not what it was granted
        return "eu_funding", basis
    raise ValueError(f"{FILE}: cannot classify amount kind {note!r}; add a rule in etl/curate/funding.py")


def level(x: dict[str, str]) -> str:
    """What a row describes: a project, a programme, a call, a decision round or an aggregate."""
    p, b = x["project_or_initiative"], x["beneficiary"]
    if x["amount_kind"].lower().startswith("sum of eu funding"):
        return "aggregate"  # e.g. keep.eu's sum of the projects' EU grants: not the programme's allocation
    if p.startswith("SFP NMS decision") or " round" in p:
        return "decision_round"
    if b == "Call" or p.startswith(("Call ", "Utlysning", "Vinnväxt 2017 call")):
        return "call"
    if (b.startswith("Programme") or "(programme)" in p or "programme (rules)" in p
            or p.startswith(("Regionalfondsprogram", "Operational Programme", "Sverige: regionalfonden",
                             "Norra Mellansverige insatsområde"))):
        return "programme"
    if "share of Swedish" in p or p.startswith("Sweden total") or p.startswith("Mål 2 Västra"):
        return "aggregate"
    return "project"


def conflict_group(project: str, kind: str) -> str:
    group, kinds = next((v for prefix, v in CONFLICTS.items() if project.startswith(prefix)), ("", ()))
    return group if kind in kinds else ""


def curate_funding(ref: Path, sources: SourceRegistry) -> list[dict]:
    out = []
    for x in read_csv(ref / FILE):
        amount = x["amount"].strip()
        kind, basis = amount_kind(x["amount_kind"], x["currency"].strip(), amount)
        sid = sources.add(x["source_url"], f"{x['programme']}: {x['project_or_initiative']}",
                          via=f"shared/reference/{FILE}")
        fid = slug(x["programme"], x["project_or_initiative"], x["amount_kind"], amount, x["source_url"],
                   prefix="fund_")
        row_level = level(x)
        out.append({
            "funding_id": fid, "programme": x["programme"], "programme_period": x["period"],
            "level": row_level, "project": x["project_or_initiative"], "beneficiary": x["beneficiary"],
            "region_codes": x["region_code"], "theme": x["theme"],
            "s3_theme_id": mappings.funding_theme(x["theme"], x["project_or_initiative"])
            if row_level == "project" else "",
            "year_start": x["year_start"],
            "year_end": x["year_end"], "amount": num(amount) if amount else "",
            "currency": "" if x["currency"].strip() == "%" else x["currency"].strip(),
            "amount_kind": kind, "amount_basis": basis,
            "is_approx": str(any(w in x["amount_kind"].lower() for w in APPROX_WORDS)).lower(),
            "amount_note": x["amount_kind"], "conflict_group": conflict_group(x["project_or_initiative"], kind),
            "source_id": sid, "evidence": " ".join(x["evidence"].split()),
        })
    return out


def report_applied(rows: list[dict], decisions: list[str]) -> None:
    """Why rows carry ``eu_funding_applied``: per programme and period, how many, and the words
    of the source that say the amount was applied for (kept as the row's ``amount_note``)."""
    groups: dict[tuple[str, str], list[dict]] = {}
    for r in rows:
        if r["amount_kind"] == "eu_funding_applied":
            groups.setdefault((r["programme"], r["programme_period"]), []).append(r)
    for (programme, period), members in sorted(groups.items()):
        notes = "; ".join(f"'{n}'" for n in sorted({r["amount_note"] for r in members}))
        decisions.append(f"- {programme} {period}: {len(members)} row(s) give the EU amount applied for, not granted "
                         f"(the source says {notes}): amount kind `eu_funding_applied`, shown as its own kind and "
                         "never added to granted EU funding (`eu_funding`).")


def labels(rows: list[dict], decisions: list[str]) -> list[dict]:
    """Swedish and English display labels for values of the funding rows (the analyst's
    ``mappings/funding_labels.csv``): English descriptions the research team wrote, internal
    names such as "Vinnova-other". Shown instead of the value, which stays as recorded.
    A label for a value no row holds stops curation (a programme's label may wait for
    fetched rows: the Vinnova connector names its programme "Vinnova-other")."""
    out = []
    for i, m in enumerate(mappings.read("funding_labels"), start=2):
        field, raw = m["field"], m["raw"]
        where = f"mappings/funding_labels.csv row {i}"
        if field not in FUNDING_LABEL_FIELDS:
            raise ValueError(f"{where}: field {field!r} is not one of {', '.join(FUNDING_LABEL_FIELDS)}")
        if not m["label_sv"].strip() or not m["label_en"].strip():
            raise ValueError(f"{where}: give both label_sv and label_en for {raw!r}")
        if field != "programme" and not any(r[field] == raw for r in rows):
            raise ValueError(f"{where}: no funding row has the {field} {raw!r}; correct it or remove the row")
        out.append({"field": field, "raw": raw, "label_sv": m["label_sv"], "label_en": m["label_en"]})
    counts = {f: sum(1 for r in out if r["field"] == f) for f in FUNDING_LABEL_FIELDS}
    decisions.append("- Display labels (`mappings/funding_labels.csv`): "
                     + ", ".join(f"{n} {f}" for f, n in counts.items())
                     + " value(s) are shown with a Swedish and an English label; the recorded values are unchanged.")
    return sorted(out, key=lambda r: (FUNDING_LABEL_FIELDS.index(r["field"]), r["raw"]))
