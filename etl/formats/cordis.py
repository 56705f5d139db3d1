"""CORDIS project and organisation files for Horizon 2020 and Horizon Europe (CC BY 4.0).

``python -m etl fetch cordis`` downloads the bulk zips; ``python -m etl load`` takes the
same zip, or ``organization.csv`` on its own (with ``project.csv`` beside it when
there: ``read_path``); the upload page takes ``organization.csv`` (``read_sheet``). Only
participations located in Norra Mellansverige (NUTS SE31, SE311, SE312, SE313) are
kept: one funding row per project and organisation, amount = the EC contribution to
that organisation, in euro.

Quirks handled: ``;`` delimiter (one old file uses ``,``), decimal commas in money
(some releases use a dot), quoted fields with newlines, a possible BOM, CSVs under a
``csv/`` folder inside the zip, and zips that ``unzip`` rejects (read with zipfile).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

from etl import vocabulary
from etl.formats.sheets import csv_records
from etl.rows import Parsed, Sheet, cell, funding_frame, norm

#: Where CORDIS publishes its bulk files (the source URL of a file downloaded by hand).
DATA_URL = "https://cordis.europa.eu/data/"
LICENCE = "CC BY 4.0 (© European Union, CORDIS)"
PUBLISHER = "European Commission (CORDIS)"
PROGRAMMES = {"H2020": "Horizon 2020", "HORIZON": "Horizon Europe", "HE": "Horizon Europe"}
ORG_SIGNATURE = {"projectid", "organisationid", "nutscode", "eccontribution"}
#: The largest member read from a CORDIS zip: Horizon Europe's organization.csv and project.csv
#: are tens of MB; a member near a GB is not a CORDIS export and would exhaust memory.
MAX_ZIP_MEMBER = 500_000_000


class CordisError(ValueError):
    """The file is not a CORDIS export we can read; the message says what to do."""


def is_organisations(header: list) -> bool:
    return ORG_SIGNATURE <= {norm(h) for h in header}


def money(text: str) -> str:
    """'512345,5' or '512345.5' -> '512345.5'; '' stays ''."""
    t = (text or "").strip().replace(" ", "")
    if "," in t and "." in t:
        t = t.replace(".", "").replace(",", ".") if t.rfind(",") > t.rfind(".") else t.replace(",", "")
    return t.replace(",", ".")


def _programme(project: dict | None, hint: str) -> str:
    fp = (project or {}).get("frameworkProgramme", "").strip().upper()
    if fp in PROGRAMMES:
        return PROGRAMMES[fp]
    h = hint.lower()
    return "Horizon 2020" if "h2020" in h else "Horizon Europe" if "horizon" in h else "Horizon 2020/Horizon Europe"


def parse(org_rows: list[dict], project_rows: list[dict] | None, *, url: str, hint: str,
          sheet: str = "organization.csv") -> tuple[Parsed, dict[str, int]]:
    """Organisation rows (+ projects) -> funding rows for NMS participations."""
    if org_rows and not is_organisations(list(org_rows[0].keys())):
        raise CordisError("This is not a CORDIS organization.csv: columns projectID, organisationID, nutsCode "
                          "and ecContribution are needed.")
    projects = {p.get("id", "").strip(): p for p in (project_rows or [])}
    out, skipped = [], {"outside Norra Mellansverige": 0}
    for n, o in enumerate(org_rows, start=2):
        nuts = (o.get("nutsCode") or "").strip().upper()
        if not nuts.startswith(vocabulary.NMS):
            skipped["outside Norra Mellansverige"] += 1
            continue
        pid = (o.get("projectID") or "").strip()
        p = projects.get(pid)
        acronym = (o.get("projectAcronym") or (p or {}).get("acronym") or "").strip()
        title = " ".join(((p or {}).get("title") or "").split())
        programme = _programme(p, hint)
        out.append({
            "ref": f"{pid}-{(o.get('organisationID') or '').strip()}", "programme": programme,
            "programme_period": "2014-2020" if programme == "Horizon 2020" else
            "2021-2027" if programme == "Horizon Europe" else "",
            "project": f"{acronym}: {title}" if title else acronym or pid,
            "beneficiary": " ".join((o.get("name") or "").split()), "region_codes": nuts,
            "theme": (p or {}).get("topics", ""), "year_start": ((p or {}).get("startDate") or "")[:4],
            "year_end": ((p or {}).get("endDate") or "")[:4], "amount": money(o.get("ecContribution", "")),
            "currency": "EUR", "amount_kind": "eu_funding",
            "amount_note": f"EC contribution to this organisation ({(o.get('role') or '').strip() or 'participant'}), "
                           f"CORDIS project {pid}",
            "evidence": f"CORDIS {sheet}: projectID {pid}, organisationID {o.get('organisationID', '').strip()}",
            "excel_row": n, "source_url": url, "source_publisher": PUBLISHER,
            "source_title": f"CORDIS: {programme} projects and participants", "source_table_id": sheet})
    frame = funding_frame(out, {"ref": "projectID", "beneficiary": "name", "region_codes": "nutsCode",
                                "amount": "ecContribution", "project": "projectAcronym"})
    return Parsed("funding", "cordis", sheet, frame, f"CORDIS {hint}"), skipped


def members(data: bytes) -> dict[str, bytes]:
    """project.csv and organization.csv from a CORDIS zip, wherever they sit in it."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise CordisError("The zip file is damaged; download it from CORDIS again.") from None
    out = {}
    for info in zf.infolist():
        base = info.filename.rsplit("/", 1)[-1].lower()
        if base in ("project.csv", "organization.csv"):
            if info.file_size > MAX_ZIP_MEMBER:
                raise CordisError(f"{info.filename} in the zip is {info.file_size / 1e6:.0f} MB, larger than "
                                  f"{MAX_ZIP_MEMBER / 1e6:.0f} MB; that is not a CORDIS export.")
            try:
                out[base] = zf.read(info)
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError):   # bad CRC, truncated member
                raise CordisError(f"{info.filename} in the zip is damaged (its checksum does not match); "
                                  "download the zip from CORDIS again.") from None
    if "organization.csv" not in out:
        raise CordisError("The zip has no organization.csv; download the CSV edition of the CORDIS project files.")
    return out


def parse_zip(data: bytes, *, url: str, hint: str) -> tuple[Parsed, dict[str, int]]:
    files = members(data)
    projects = csv_records(files["project.csv"]) if "project.csv" in files else None
    return parse(csv_records(files["organization.csv"]), projects, url=url, hint=hint)


def read_sheet(sheet: Sheet) -> tuple[Parsed, dict[str, int]] | None:
    """An ``organization.csv`` uploaded on its own (no project titles or framework), or None
    when the sheet is not one."""
    header = [cell(c) for c in sheet.rows[0]] if sheet.rows else []
    if not is_organisations(header):
        return None
    # a CSV row may be shorter than the header (csv.reader keeps rows as written): as before, missing cells are absent
    records = [dict(zip(header, (cell(c) for c in row), strict=False)) for row in sheet.rows[1:] if any(row)]
    parsed, skipped = parse(records, None, url=DATA_URL, hint=sheet.name, sheet=sheet.name)
    parsed.title = f"{parsed.title}: {len(records)} rows read"
    return parsed, skipped


def read_path(path: Path) -> tuple[Parsed, dict[str, int]] | None:
    """A CORDIS zip, or ``organization.csv`` with ``project.csv`` beside it (files larger
    than the upload page takes); None for any other file. Raises CordisError."""
    name = path.name.lower()
    if name.endswith(".zip"):
        return parse_zip(path.read_bytes(), url=DATA_URL, hint=name)
    if name == "organization.csv" and (path.parent / "project.csv").exists():
        return parse(csv_records(path.read_bytes()), csv_records((path.parent / "project.csv").read_bytes()),
                     url=DATA_URL, hint=str(path.parent))
    return None
