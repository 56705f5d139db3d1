"""Kohesio: EU cohesion-policy projects (ERDF) per country, CSV export (CC BY 4.0).

``python -m etl load SE-pp21-27-latest.csv`` (downloaded by hand), the upload page and
``python -m etl fetch kohesio`` all end here. Only operations located in Norra
Mellansverige (NUTS SE31*) and financed by the ERDF are kept (programme "ERUF", or
"Interreg" when the programme is an Interreg programme); amounts are the project's EU
budget in euro. Quirks: UTF-8 BOM, CRLF, fully quoted, dates DD/MM/YYYY, dot decimals
with ',' thousands separators.
"""

from __future__ import annotations

from etl import vocabulary
from etl.rows import Parsed, Sheet, cell, funding_frame, norm

#: Where Kohesio publishes its exports (the source URL of a file downloaded by hand).
SITE_URL = "https://kohesio.ec.europa.eu/"
LICENCE = "CC BY 4.0 (© European Union, Kohesio)"
PUBLISHER = "European Commission (Kohesio)"
SIGNATURE = {"operationuniqueidentifier", "projecteubudget", "nuts3code"}


def is_kohesio(header: list) -> bool:
    return SIGNATURE <= {norm(h) for h in header}


def _amount(text: str) -> str:
    return (text or "").strip().replace(",", "").replace(" ", "")


def _year(date: str) -> str:
    d = (date or "").strip()
    return d[-4:] if len(d) == 10 and d[2] == "/" else d[:4]


def parse(rows: list[dict], *, url: str, sheet: str) -> tuple[Parsed, dict[str, int]]:
    out, skipped = [], {"outside Norra Mellansverige": 0, "not ERDF": 0}
    for n, x in enumerate(rows, start=2):
        g = {norm(k): (v or "").strip() for k, v in x.items() if k}
        nuts3, nuts2 = g.get("nuts3code", "").upper(), g.get("nuts2code", "").upper()
        region = nuts3 if nuts3.startswith(vocabulary.NMS) else nuts2 if nuts2 == vocabulary.NMS else ""
        if not region:
            skipped["outside Norra Mellansverige"] += 1
            continue
        if g.get("fundcode", "").upper() not in ("ERDF", ""):
            skipped["not ERDF"] += 1
            continue
        programme = "Interreg" if "interreg" in g.get("programmename", "").lower() else "ERUF"
        local = g.get("operationlocalidentifier") or g.get("operationuniqueidentifier")
        total = _amount(g.get("totaleligibleexpenditureamount", ""))
        rate = g.get("cofinancingrate", "")
        out.append({
            "ref": f"{local}|{g.get('beneficiarylocalidentifier') or g.get('beneficiaryname', '')}",
            "programme": programme, "programme_period": g.get("programmingperiod", ""),
            "project": g.get("operationnameprogrammelanguage") or g.get("operationnameenglish", ""),
            "beneficiary": g.get("beneficiaryname", ""), "region_codes": region,
            "theme": g.get("policyobjectivelabel", ""), "year_start": _year(g.get("operationstartdate", "")),
            "year_end": _year(g.get("operationenddate", "")), "amount": _amount(g.get("projecteubudget", "")),
            "currency": g.get("totaleligibleexpenditurecurrency") or "EUR", "amount_kind": "eu_funding",
            "amount_note": "EU budget of the operation (Kohesio)"
                           + (f"; total eligible expenditure {total}" if total else "")
                           + (f"; co-financing rate {rate} %" if rate else ""),
            "evidence": f"Kohesio {local}", "excel_row": n, "source_url": url, "source_publisher": PUBLISHER,
            "source_title": f"Kohesio: cohesion policy projects in Sweden ({g.get('programmingperiod', '')})",
            "source_table_id": sheet})
    frame = funding_frame(out, {"ref": "Operation_Local_Identifier", "beneficiary": "Beneficiary_Name",
                                "region_codes": "NUTS3_Code", "amount": "Project_EU_Budget",
                                "currency": "Total_Eligible_Expenditure_Currency", "year_start": "Operation_Start_Date",
                                "year_end": "Operation_End_Date", "project": "Operation_Name_Programme_Language"})
    return Parsed("funding", "kohesio", sheet, frame, "Kohesio"), skipped


def read_sheet(sheet: Sheet) -> tuple[Parsed, dict[str, int]] | None:
    """A Kohesio export, or None when the sheet is not one."""
    header = [cell(c) for c in sheet.rows[0]] if sheet.rows else []
    if not is_kohesio(header):
        return None
    # a CSV row may be shorter than the header (csv.reader keeps rows as written): as before, missing cells are absent
    records = [dict(zip(header, (cell(c) for c in row), strict=False)) for row in sheet.rows[1:] if any(row)]
    parsed, skipped = parse(records, url=SITE_URL, sheet=sheet.name)
    parsed.title = f"{parsed.title}: {len(records)} rows read"
    return parsed, skipped
