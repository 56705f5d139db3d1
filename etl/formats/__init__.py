"""File formats -> long rows (``etl.rows.Parsed``), for uploads and connectors alike.

``read`` turns an uploaded file's bytes into sheets; ``detect`` finds every table in
them, in this order per sheet:

* a CORDIS ``organization.csv`` or a Kohesio export (recognised by their headers);
* the project's template, or a Kolada export (long: region, indicator/KPI, year,
  value; the template's employment and funding sheets likewise);
* a wide Kolada export (a title naming the KPI, or a "Kön" column);
* SCB's Statistical Database export (wide: title rows, a header row of years, one
  row per region, footnotes below).

Every row keeps its sheet and Excel row number, and every value its column letter, so
problems can be reported the way Excel shows them. Nothing is validated here except
the layout; values stay as found (text or numbers). Refusing unsafe files before any of
this is ``safety``; one module per format: ``template``, ``scb``, ``kolada``,
``eurostat``, ``vinnova``, ``cordis``, ``kohesio``, with ``jsonstat`` the decoder.
"""

from __future__ import annotations

from etl.formats import cordis, kohesio, kolada, scb, template
from etl.formats.sheets import read_csv, read_xlsx
from etl.rows import Parsed, Sheet, norm

KINDS = ("indicator_value", "employment", "funding")


def read(name: str, data: bytes, kind: str) -> list[Sheet]:
    """The sheets of an .xlsx (``kind`` 'xlsx') or the one sheet of a CSV file, named after the file."""
    return read_xlsx(data) if kind == "xlsx" else read_csv(data, name=name.rsplit("/", 1)[-1])


def _bulk_export(sheet: Sheet) -> Parsed | None:
    """CORDIS organization.csv and Kohesio project lists, as downloaded by hand."""
    found = cordis.read_sheet(sheet) or kohesio.read_sheet(sheet)
    if found is None:
        return None
    parsed, skipped = found
    parsed.notes = [f"{n} {why}" for why, n in skipped.items() if n]
    return parsed


def _long_table(sheet: Sheet, kinds: list[str]) -> Parsed | None:
    for kind in kinds:
        hit = template.find_long(sheet, kind)
        if hit:
            header_row, cols = hit
            kpi = "indicator" in cols and norm(sheet.rows[header_row][cols["indicator"]]) in kolada.KPI_HEADERS
            return Parsed(kind, "kolada" if kpi else "template", sheet.name, template.frame(sheet, header_row, cols))
    return None


def detect(sheets: list[Sheet]) -> list[Parsed]:
    """Every table found in the file, in sheet order."""
    found: list[Parsed] = []
    for sheet in sheets:
        bulk = _bulk_export(sheet)
        if bulk is not None:
            found.append(bulk)
            continue
        kind_by_name = template.SHEET_KIND.get(norm(sheet.name))
        table = _long_table(sheet, [kind_by_name] if kind_by_name else list(KINDS))
        if table is None and kind_by_name in (None, "indicator_value"):
            table = kolada.read_wide(sheet) or scb.read_export(sheet)
        if table is not None:
            found.append(table)
    return found
