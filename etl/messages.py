"""Messages about uploaded files, in Swedish and English: what is wrong and what to do."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # Whole-file refusals
    "empty": ("Filen är tom. Välj filen med dina data igen.", "The file is empty. Choose the file with your data again."),
    "too_big": ("Filen är {mb} MB; gränsen är {max} MB. Dela upp den eller ta bort blad som inte behövs.",
                "The file is {mb} MB; the limit is {max} MB. Split it or remove sheets you do not need."),
    "format_xlsm": ("Filer med makron (.xlsm) tas inte emot. Spara som Excel-arbetsbok (.xlsx) och ladda upp igen.",
                    "Files with macros (.xlsm) are not accepted. Save as Excel Workbook (.xlsx) and upload again."),
    "format_xlsb": ("Binära Excel-filer (.xlsb) tas inte emot. Spara som Excel-arbetsbok (.xlsx).",
                    "Binary Excel files (.xlsb) are not accepted. Save as Excel Workbook (.xlsx)."),
    "format_xls": ("Gamla Excel-filer (.xls) tas inte emot. Spara som Excel-arbetsbok (.xlsx).",
                   "Old Excel files (.xls) are not accepted. Save as Excel Workbook (.xlsx)."),
    "zip_not_xlsx": ("Filen är ett zip-arkiv men heter {ext}. Ladda upp en .xlsx- eller .csv-fil.",
                     "The file is a zip archive but is named {ext}. Upload an .xlsx or .csv file."),
    "renamed_xlsx": ("Filen heter .xlsx men är ingen Excel-fil. Öppna den i Excel och spara som Excel-arbetsbok.",
                     "The file is named .xlsx but is not an Excel file. Open it in Excel and save as Excel Workbook."),
    "binary": ("Filen innehåller binära data och är varken CSV eller Excel. Exportera data som .xlsx eller .csv.",
               "The file contains binary data and is neither CSV nor Excel. Export the data as .xlsx or .csv."),
    "corrupt_xlsx": ("Excel-filen är skadad eller ofullständig. Öppna den i Excel, spara igen och ladda upp.",
                     "The Excel file is damaged or incomplete. Open it in Excel, save it again and upload."),
    "macros": ("Filen innehåller makron (VBA) och tas inte emot. Spara som .xlsx utan makron.",
               "The file contains macros (VBA) and is not accepted. Save as .xlsx without macros."),
    "zip_bomb": ("Filen packas upp till orimligt mycket data och stoppades av säkerhetsskäl. Kontrollera att det är rätt fil.",
                 "The file unpacks to an unreasonable amount of data and was stopped for safety. Check that it is the right file."),
    "too_many_cells": ("Bladet '{sheet}' har {rows} rader och {cols} kolumner; gränsen är {max_rows} rader och {max_cols} kolumner.",
                       "Sheet '{sheet}' has {rows} rows and {cols} columns; the limit is {max_rows} rows and {max_cols} columns."),
    "formula_no_value": ("cell {cell}: formeln saknar sparat värde. Öppna och spara filen i Excel först.",
                         "cell {cell}: the formula has no saved value. Open and save the file in Excel first."),
    "encoding": ("CSV-filen kunde inte läsas som text. Spara den som CSV (UTF-8).",
                 "The CSV file could not be read as text. Save it as CSV (UTF-8)."),
    "no_table": ("Hittade ingen tabell att läsa in. Bladen i filen: {sheets}. Använd mallen, en export från SCB:s statistikdatabas eller Kolada.",
                 "Found no table to load. The sheets in the file: {sheets}. Use the template, an export from SCB's statistical database or Kolada."),
    "no_rows": ("Tabellen i blad '{sheet}' har inga datarader.", "The table in sheet '{sheet}' has no data rows."),
    "several_series": ("Exporten innehåller flera serier (kolumn '{column}': {values}). Exportera en serie per fil.",
                       "The export contains several series (column '{column}': {values}). Export one series per file."),
    # Row problems
    "unknown_region": ("Okänd region '{value}'", "Unknown region '{value}'"),
    "unknown_indicator": ("Okänd indikator '{value}'", "Unknown indicator '{value}'"),
    "derived_indicator": ("'{value}' beräknas i datalagret och kan inte laddas upp; ladda upp dess delar",
                          "'{value}' is computed in the warehouse and cannot be uploaded; upload its parts"),
    "did_you_mean": (" — menade du {suggestion}?", " — did you mean {suggestion}?"),
    "bad_year": ("Året '{value}' är inte ett årtal mellan 1900 och 2100", "The year '{value}' is not a year between 1900 and 2100"),
    "bad_number": ("'{value}' är inte ett tal (använd siffror; decimalkomma och mellanslag går bra)",
                   "'{value}' is not a number (use digits; decimal comma and spaces are fine)"),
    "required": ("Värde saknas i kolumnen '{column}'", "The column '{column}' is empty"),
    "duplicate": ("Samma region, indikator och år finns redan på rad {first}", "The same region, indicator and year is already on row {first}"),
    "percent_range": ("{value} ligger utanför 0–100 men enheten är procent", "{value} is outside 0–100 but the unit is percent"),
    "negative": ("{value} är negativt men måttet kan inte vara negativt", "{value} is negative but the measure cannot be negative"),
    "no_source": ("Källa saknas: ange källans URL och utgivare (kolumnerna source_url och source_publisher, eller i formuläret)",
                  "Source missing: give the source's URL and publisher (columns source_url and source_publisher, or in the form)"),
    "bad_url": ("Källans URL '{value}' börjar inte med http:// eller https://", "The source URL '{value}' does not start with http:// or https://"),
    "bad_choice": ("'{value}' är inte tillåtet; välj ett av: {allowed}", "'{value}' is not allowed; choose one of: {allowed}"),
    "need_indicator": ("Ange vilken indikator exporten innehåller (SCB- och Kolada-exporter saknar indikatorkod)",
                       "Say which indicator the export holds (SCB and Kolada exports have no indicator code)"),
    "missing_column": ("Kolumnen '{column}' saknas i rubrikraden", "The column '{column}' is missing from the header row"),
    # Undo
    "undo_unknown": ("Det finns ingen inläsning med id '{batch}'. Se `python -m etl history`.",
                     "There is no load with id '{batch}'. See `python -m etl history`."),
    "undo_build": ("Den inbyggda datamängden kan inte ångras; bygg om med `python -m etl build`.",
                   "The bundled data set cannot be undone; rebuild with `python -m etl build`."),
    "undo_done": ("Inläsningen {batch} är redan ångrad.", "The load {batch} has already been undone."),
    "undo_later": ("Senare inläsningar ({later}) ändrade samma värden. Ångra dem först.",
                   "Later loads ({later}) changed the same values. Undo them first."),
    "no_warehouse": ("Det finns inget datalager. Kör `python -m etl build` först.", "There is no warehouse. Run `python -m etl build` first."),
}


def text(key: str, lang: str = "sv", **values) -> str:
    sv, en = MESSAGES[key]
    return (sv if lang == "sv" else en).format(**values)
