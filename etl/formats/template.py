"""The project's upload template: its layout (one long table per sheet, headers in Swedish
or English) and building the .xlsx staff download.

Reading: ``find_long`` finds a header row whose cells name the columns a kind of data
needs (``ALIASES``: 'region_code', 'Region', 'Län', ... all mean the region), and
``frame`` turns the rows below it into long rows. Kolada's export has the same long
shape (its KPI column names the indicator). Building: ``build_template`` writes an
instructions sheet, one sheet per kind of data and a codes sheet with the drop-down lists.
"""

from __future__ import annotations

import io

import duckdb
import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from etl import vocabulary, warehouse
from etl.rows import Sheet, col_letter, norm

# --- reading --------------------------------------------------------------------------------

ALIASES = {
    "region": {"regioncode", "region", "regionkod", "lan", "lankod", "kommun", "kommunid", "omrade", "nutscode",
               "regionid", "kommunregion", "kod", "municipality", "municipalityid"},
    "indicator": {"indicatorid", "indicator", "indikator", "indikatorid", "kpi", "kpiid", "nyckeltal"},
    "year": {"year", "ar", "period", "artal"},
    "value": {"value", "varde", "vrde"},
    "source_url": {"sourceurl", "kallaurl", "url", "kallansurl"},
    "source_publisher": {"sourcepublisher", "publisher", "utgivare", "kallansutgivare"},
    "source_title": {"sourcetitle", "title", "titel", "kallanstitel"},
    "source_table_id": {"sourcetableid", "tableid", "tabellid"},
    "note": {"note", "anmarkning", "kommentar"},
    "gender": {"kon", "gender", "sex"},
    # employment
    "classification": {"classification", "klassificering"},
    "industry_code": {"industrycode", "branschkod", "bransch", "snikod", "nacekod"},
    "employed": {"employed", "sysselsatta", "antal"},
    # funding
    "programme": {"programme", "program"},
    "programme_period": {"programmeperiod", "programperiod", "period"},
    "project": {"project", "projekt"},
    "beneficiary": {"beneficiary", "mottagare", "stodmottagare", "projektagare"},
    "region_codes": {"regioncodes", "regioner", "lan"},
    "theme": {"theme", "tema"},
    "year_start": {"yearstart", "startar", "start"},
    "year_end": {"yearend", "slutar", "slut"},
    "amount": {"amount", "belopp"},
    "currency": {"currency", "valuta"},
    "amount_kind": {"amountkind", "beloppsslag", "slag"},
}
#: The columns each kind of data needs to be recognised.
KIND_COLUMNS = {
    "indicator_value": ["region", "indicator", "year", "value"],
    "employment": ["region", "year", "classification", "industry_code", "employed"],
    "funding": ["programme", "project", "region_codes", "amount_kind"],
}
SOURCE_FIELDS = {"source_url", "source_publisher", "source_title", "source_table_id", "note"}
#: The columns each kind of data may have.
KIND_FIELDS = {
    "indicator_value": {"region", "indicator", "year", "value", "gender"} | SOURCE_FIELDS,
    "employment": {"region", "year", "classification", "industry_code", "employed"} | SOURCE_FIELDS,
    "funding": {"programme", "programme_period", "project", "beneficiary", "region_codes", "theme",
                "year_start", "year_end", "amount", "currency", "amount_kind"} | SOURCE_FIELDS,
}
#: The template's sheet names (normalised) -> the kind of data on them.
SHEET_KIND = {"indikatorvarden": "indicator_value", "indicatorvalues": "indicator_value",
              "sysselsattning": "employment", "employment": "employment",
              "finansiering": "funding", "funding": "funding"}
#: How far down a sheet the header row may be.
HEADER_ROWS = 15


def header_map(row: list, kind: str) -> dict[str, int]:
    """Field -> column index, for the cells of ``row`` that name a field of ``kind``."""
    found: dict[str, int] = {}
    for i, text in enumerate(row):
        key = norm(text)
        for name, aliases in ALIASES.items():
            if name in found or name not in KIND_FIELDS[kind]:
                continue
            if key in aliases:
                found[name] = i
                break
    return found


def find_long(sheet: Sheet, kind: str) -> tuple[int, dict[str, int]] | None:
    """(header row, field -> column) of the first row naming every column ``kind`` needs."""
    for r, row in enumerate(sheet.rows[:HEADER_ROWS]):
        cols = header_map(row, kind)
        if all(c in cols for c in KIND_COLUMNS[kind]):
            return r, cols
    return None


def frame(sheet: Sheet, header_row: int, cols: dict[str, int]) -> pd.DataFrame:
    """The rows below the header as long rows; fully blank rows are dropped."""
    body = sheet.rows[header_row + 1:]
    width = max(cols.values()) + 1
    if body and all(len(r) >= width for r in (body[0], body[-1])) and len({len(r) for r in body[:1000]}) == 1:
        table = np.array(body, dtype=object)[:, :width]   # calamine rows are rectangular: fast path
    else:
        table = np.array([(list(r) + [""] * width)[:width] for r in body], dtype=object).reshape(-1, width)
    # Object columns on purpose: pandas 3's default Arrow strings are slow to build here. One
    # object block (the cells, then each cell's column letter), not a Series per column.
    # Built column by column (each column contiguous, as pandas keeps a block), then transposed.
    picked = list(cols.values())
    data = table if picked == list(range(width)) else table[:, picked]   # every column, in order: no copy
    k = len(cols)
    block = np.empty((2 * k, len(body)), dtype=object)
    block[:k] = data.T
    for j, i in enumerate(cols.values()):
        block[k + j] = col_letter(i)
    df = pd.DataFrame(block.T, columns=[*cols, *(f"{name}_col" for name in cols)], dtype=object, copy=False)
    df.insert(len(cols), "excel_row", np.arange(header_row + 2, header_row + 2 + len(body)))
    empty = data == ""               # calamine and csv give "" for an empty cell, never None
    blank = empty.all(axis=1)
    df.attrs["blank_cells"] = bool(empty[~blank].any())   # an empty cell in a row that is not all empty
    return df[~blank].reset_index(drop=True) if blank.any() else df


# --- building ------------------------------------------------------------------------------

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
        regions = (con.execute("SELECT region_code, name_sv FROM region ORDER BY sort_order").fetchall()
                   if target else [])
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
    kinds = list(vocabulary.STATED_AMOUNT_KINDS)
    currencies = list(vocabulary.CURRENCIES)
    for i in range(max(len(regions), len(inds), len(kinds), len(inds_cls), len(currencies))):
        row: list[object] = [None] * 12
        if i < len(regions):
            row[0], row[1] = regions[i]
        if i < len(inds):
            row[3], row[4], row[5] = inds[i]
        if i < len(inds_cls):
            row[7] = inds_cls[i][0]
        if i < len(kinds):
            row[9] = kinds[i]
        if i < len(currencies):
            row[11] = currencies[i]
        codes.append(row)
    header_fill = PatternFill("solid", fgColor="DDE7F2")

    def sheet(title, columns, validations):
        s = wb.create_sheet(title)
        s.append(columns)
        for c in s[1]:
            c.font, c.fill = Font(bold=True), header_fill
        for letter, formula in validations:
            dv = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True)
            s.add_data_validation(dv)
            dv.add(f"{letter}2:{letter}20000")
        for i, _ in enumerate(columns):
            s.column_dimensions[chr(65 + i)].width = 18
        return s

    n_r, n_i = max(len(regions), 1) + 1, max(len(inds), 1) + 1
    sheet("Indikatorvärden", INDICATOR_COLUMNS, [("A", f"Koder!$A$2:$A${n_r}"), ("B", f"Koder!$D$2:$D${n_i}")])
    sheet("Sysselsättning", EMPLOYMENT_COLUMNS, [("A", f"Koder!$A$2:$A${n_r}"),
                                                ("C", f"Koder!$H$2:$H${len(inds_cls) + 1}")])
    sheet("Finansiering", FUNDING_COLUMNS, [("J", f"Koder!$L$2:$L${len(currencies) + 1}"),
                                            ("K", f"Koder!$J$2:$J${len(kinds) + 1}")])
    wb.move_sheet("Koder", offset=3)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
