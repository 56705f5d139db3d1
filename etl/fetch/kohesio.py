"""Kohesio: EU cohesion-policy projects (ERDF) per country, CSV export (CC BY 4.0).

``python -m etl load SE-pp21-27-latest.csv`` (downloaded by hand) and
``python -m etl fetch kohesio`` both end here. Only operations located in Norra
Mellansverige (NUTS SE31*) and financed by the ERDF are kept (programme "ERUF", or
"Interreg" when the programme is an Interreg programme); amounts are the project's EU
budget in euro. Quirks: UTF-8 BOM, CRLF, fully quoted, dates DD/MM/YYYY, dot decimals
with ',' thousands separators.
"""

from __future__ import annotations

from etl import readers
from etl.fetch import http
from etl.fetch.base import Batch, Context, download, funding_frame
from etl.fetch.cordis import rows_of

URLS = {"2021-2027": "https://kohesio.ec.europa.eu/api/data/object?id=data/projects-2021-2027/latest/SE-pp21-27-latest.csv"}
LICENCE = "CC BY 4.0 (© European Union, Kohesio)"
PUBLISHER = "European Commission (Kohesio)"
SIGNATURE = {"operationuniqueidentifier", "projecteubudget", "nuts3code"}


def is_kohesio(header: list) -> bool:
    return SIGNATURE <= {readers.norm(h) for h in header}


def _amount(text: str) -> str:
    return (text or "").strip().replace(",", "").replace(" ", "")


def _year(date: str) -> str:
    d = (date or "").strip()
    return d[-4:] if len(d) == 10 and d[2] == "/" else d[:4]


def parse(rows: list[dict], *, url: str, sheet: str) -> tuple[readers.Parsed, dict[str, int]]:
    out, skipped = [], {"outside Norra Mellansverige": 0, "not ERDF": 0}
    for n, x in enumerate(rows, start=2):
        g = {readers.norm(k): (v or "").strip() for k, v in x.items() if k}
        nuts3, nuts2 = g.get("nuts3code", "").upper(), g.get("nuts2code", "").upper()
        region = nuts3 if nuts3.startswith("SE31") else nuts2 if nuts2 == "SE31" else ""
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
    return readers.Parsed("funding", "kohesio", sheet, frame, "Kohesio"), skipped


def fetch(ctx: Context) -> list[Batch]:
    client = ctx.client("Kohesio", http.RateLimit(1, 5), timeout=(15, 600))
    frames, snaps, skipped = [], [], {}
    import pandas as pd

    for period in ctx.options.get("tables") or list(URLS):
        url = URLS.get(period)
        if url is None:
            raise http.FetchError(f"Kohesio has no file for '{period}'; choose from {', '.join(URLS)}.")
        ctx.progress(f"Kohesio: downloading the Swedish {period} project list")
        snap = download(ctx, client, "kohesio", period, url, licence=LICENCE, ext="csv", max_bytes=1_000_000_000)
        snaps.append(snap)
        parsed, why = parse(rows_of(snap.read()), url=url, sheet=snap.path.name)
        ctx.progress(f"Kohesio: {period}: {len(parsed.frame)} rows in Norra Mellansverige; left out: "
                     + ", ".join(f"{v} {k}" for k, v in why.items()))
        frames.append(parsed.frame)
        skipped.update(why)
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    return [Batch(readers.Parsed("funding", "kohesio", "kohesio", frame), snaps, LICENCE, "kohesio", skipped)] \
        if not frame.empty else []
