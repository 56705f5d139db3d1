"""The upload template: an instructions sheet and one sheet per kind of data, with
drop-down lists for region and indicator codes (from a codes sheet)."""

from __future__ import annotations

import io

import duckdb
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from etl import warehouse

INDICATOR_COLUMNS = ["region_code", "indicator_id", "year", "value", "source_url", "source_publisher",
                     "source_title", "source_table_id", "note"]
EMPLOYMENT_COLUMNS = ["region_code", "year", "classification", "industry_code", "employed", "source_url",
                      "source_publisher", "source_title", "source_table_id"]
FUNDING_COLUMNS = ["programme", "programme_period", "project", "beneficiary", "region_codes", "theme",
                   "year_start", "year_end", "amount", "currency", "amount_kind", "source_url", "source_publisher",
                   "source_title"]

INSTRUCTIONS = [
    "Mall för uppladdning till Norra Mellansverige i siffror",
    "",
    "Fyll i ett av bladen Indikatorvärden, Sysselsättning eller Finansiering (ett blad per fil läses in).",
    "En rad per värde. Rubrikraden får inte ändras.",
    "region_code: NUTS-kod (SE311), länskod (17) eller namn (Värmlands län). Välj i listan.",
    "indicator_id: välj i listan (bladet Koder visar namn och enhet).",
    "year: årtal, t.ex. 2023. value: tal; decimalkomma och mellanslag går bra.",
    "Saknade värden: lämna tomt eller skriv .. (som SCB). De blir saknade, aldrig noll.",
    "source_url och source_publisher krävs på varje rad: varifrån kommer talet?",
    "Formler: filen måste ha sparats i Excel så att formlernas värden finns med.",
    "",
    "Template for uploads. Fill in one of the sheets; one row per value; keep the header row.",
    "Every row needs source_url and source_publisher. Missing values: leave empty or '..' (never zero).",
]


def build_template(pointer=None) -> bytes:
    target = warehouse.current_target(warehouse.db_path(pointer))
    con = warehouse.connect_read_only(target) if target else duckdb.connect()
    try:
        regions = con.execute("SELECT region_code, name_sv FROM region ORDER BY sort_order").fetchall() if target else []
        inds = con.execute("""SELECT indicator_id, name_sv, unit_sv FROM indicator WHERE kind = 'base'
                              ORDER BY indicator_id""").fetchall() if target else []
        inds_cls = con.execute("SELECT DISTINCT classification FROM industry ORDER BY 1").fetchall() if target else []
    finally:
        con.close()
    wb = Workbook()
    ws = wb.active
    ws.title = "Instruktioner"
    for i, line in enumerate(INSTRUCTIONS, start=1):
        ws.cell(i, 1, line)
    ws["A1"].font = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 110

    codes = wb.create_sheet("Koder")
    codes.append(["region_code", "region", "", "indicator_id", "indikator", "enhet", "", "classification",
                  "", "amount_kind", "", "currency"])
    kinds = ["eu_funding", "total_budget", "national_grant", "co_financing", "programme_budget", "share_pct"]
    for i in range(max(len(regions), len(inds), len(kinds), len(inds_cls), 3)):
        row = [None] * 12
        if i < len(regions):
            row[0], row[1] = regions[i]
        if i < len(inds):
            row[3], row[4], row[5] = inds[i]
        if i < len(inds_cls):
            row[7] = inds_cls[i][0]
        if i < len(kinds):
            row[9] = kinds[i]
        if i < 3:
            row[11] = ["SEK", "EUR", "NOK"][i]
        codes.append(row)
    header_fill = PatternFill("solid", fgColor="DDE7F2")

    def sheet(title, columns, validations):
        s = wb.create_sheet(title)
        s.append(columns)
        for c in s[1]:
            c.font, c.fill = Font(bold=True), header_fill
        for col_letter, formula in validations:
            dv = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True)
            s.add_data_validation(dv)
            dv.add(f"{col_letter}2:{col_letter}20000")
        for i, _ in enumerate(columns):
            s.column_dimensions[chr(65 + i)].width = 18
        return s

    n_r, n_i = max(len(regions), 1) + 1, max(len(inds), 1) + 1
    sheet("Indikatorvärden", INDICATOR_COLUMNS, [("A", f"Koder!$A$2:$A${n_r}"), ("B", f"Koder!$D$2:$D${n_i}")])
    sheet("Sysselsättning", EMPLOYMENT_COLUMNS, [("A", f"Koder!$A$2:$A${n_r}"),
                                                ("C", f"Koder!$H$2:$H${len(inds_cls) + 1}")])
    sheet("Finansiering", FUNDING_COLUMNS, [("J", "Koder!$L$2:$L$4"), ("K", "Koder!$J$2:$J$7")])
    wb.move_sheet("Koder", offset=3)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
