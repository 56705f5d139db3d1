"""Messages about uploaded and fetched data and about the bundled data files, in Swedish
and English: what is wrong and what to do. ``etl.load.problems.Problem`` names a key."""

from __future__ import annotations

from etl.vocabulary import DEFAULT_LANG, FIRST_YEAR, LANGS, LAST_YEAR

#: key -> (Swedish, English), in the order of ``vocabulary.LANGS``
MESSAGES: dict[str, tuple[str, str]] = {
    # Whole-file refusals
    "not_a_file": ("'{path}' är ingen vanlig fil (en mapp eller en enhet); ange sökvägen till en .xlsx-, .csv- eller .zip-fil.",
                   "'{path}' is not a regular file (a folder or a device); give the path of an .xlsx, .csv or .zip file."),
    "writer_busy": ("En annan inläsning har hållit datalagret i över {seconds} sekunder; inget sparades. Vänta tills den är klar och försök igen.",
                    "Another load has held the warehouse for over {seconds} seconds; nothing was saved. Wait for it to finish and try again."),
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
    "external_links": ("Arbetsboken hämtar värden från andra filer (externa länkar); de sparade värdena kommer inte "
                       "från den här filen. Kopiera och klistra in som värden, ta bort länkarna och spara igen.",
                       "The workbook takes values from other files (external links); the saved values are not this "
                       "file's. Copy and paste them as values, remove the links and save again."),
    "hidden_sheet": ("Bladet '{sheet}' är dolt men innehåller data. Visa bladet eller ta bort det och ladda upp igen.",
                     "Sheet '{sheet}' is hidden but holds data. Unhide or delete it and upload again."),
    "future_year": ("Året {value} har inte inträffat än; uppmätta värden kan inte gälla framtida år",
                    "The year {value} has not happened yet; observed values cannot be for future years"),
    "encoding": ("CSV-filen kunde inte läsas som text. Spara den som CSV (UTF-8).",
                 "The CSV file could not be read as text. Save it as CSV (UTF-8)."),
    "mixed_encoding": ("CSV-filen blandar teckenkodningar (UTF-8 och Latin-1), så å, ä och ö kan inte läsas säkert. "
                       "Öppna den i Excel och spara som CSV (UTF-8).",
                       "The CSV file mixes character encodings (UTF-8 and Latin-1), so å, ä and ö cannot be read "
                       "safely. Open it in Excel and save as CSV (UTF-8)."),
    "no_table": ("Hittade ingen tabell att läsa in. Bladen i filen: {sheets}. Använd mallen, en export från SCB:s statistikdatabas eller Kolada, CORDIS organization.csv eller en Kohesio-export.",
                 "Found no table to load. The sheets in the file: {sheets}. Use the template, an export from SCB's statistical database or Kolada, CORDIS organization.csv or a Kohesio export."),
    "no_nms_rows": ("Filen från {source} har inga rader i Norra Mellansverige (NUTS SE31, SE311–SE313); utelämnade: {why}. Kontrollera att det är rätt fil.",
                    "The {source} file has no rows in Norra Mellansverige (NUTS SE31, SE311–SE313); left out: {why}. Check that it is the right file."),
    "cordis_file": ("{reason}", "{reason}"),
    "no_rows": ("Tabellen i blad '{sheet}' har inga datarader.", "The table in sheet '{sheet}' has no data rows."),
    "several_series": ("Exporten innehåller flera serier (kolumn '{column}': {values}). Exportera en serie per fil.",
                       "The export contains several series (column '{column}': {values}). Export one series per file."),
    # Row problems
    "unknown_region": ("Okänd region '{value}'", "Unknown region '{value}'"),
    "unknown_indicator": ("Okänd indikator '{value}'", "Unknown indicator '{value}'"),
    "derived_indicator": ("'{value}' beräknas i datalagret och kan inte laddas upp; ladda upp dess delar",
                          "'{value}' is computed in the warehouse and cannot be uploaded; upload its parts"),
    "did_you_mean": (" — menade du {suggestion}?", " — did you mean {suggestion}?"),
    "bad_year": (f"Året '{{value}}' är inte ett årtal mellan {FIRST_YEAR} och {LAST_YEAR}",
                 f"The year '{{value}}' is not a year between {FIRST_YEAR} and {LAST_YEAR}"),
    "split_year": ("'{value}' är ett brutet år (två år); ange ett årtal per rad, t.ex. det år perioden slutar",
                   "'{value}' is a split year (two years); give one year per row, e.g. the year the period ends"),
    "sub_year": ("'{value}' är en månad eller ett kvartal, inte ett år; exportera årsvärden",
                 "'{value}' is a month or a quarter, not a year; export yearly values"),
    "year_is_date": ("Året är ett datum ('{value}'); formatera kolumnen som tal och skriv årtalet, t.ex. 2023",
                     "The year is a date ('{value}'); format the column as a number and type the year, e.g. 2023"),
    "ambiguous_number": ("'{value}' kan läsas på två sätt (decimaltecken eller tusentalsavgränsare); skriv talet "
                         "utan tusentalsavgränsare, t.ex. 1234 eller 1,234",
                         "'{value}' has two readings (decimal mark or thousands separator); write the number "
                         "without a thousands separator, e.g. 1234 or 1.234"),
    "not_finite": ("'{value}' är inte ett ändligt tal; skriv talet eller lämna cellen tom om värdet saknas",
                   "'{value}' is not a finite number; write the number, or leave the cell empty if the value is missing"),
    "share_range": ("Andelen {value} ligger utanför 0–100 %", "The share {value} is outside 0–100 %"),
    "years_reversed": ("Slutåret {value} ligger före startåret {start}; kontrollera kolumnerna year_start och year_end",
                       "The end year {value} is before the start year {start}; check the columns year_start and year_end"),
    "no_rate": ("ECB:s årsgenomsnittliga kurs för {currency} saknas för startåret {value}, så beloppet kan inte "
                "räknas om; ange beloppet i SEK eller kontrollera startåret",
                "The ECB's annual average rate for {currency} is missing for the start year {value}, so the amount "
                "cannot be converted; give the amount in SEK or check the start year"),
    "duplicate_funding": ("Samma program, projekt, mottagare och beloppsslag finns redan på rad {first}; slå ihop "
                          "raderna eller ta bort dubbletten",
                          "The same programme, project, beneficiary and amount kind is already on row {first}; "
                          "merge the rows or remove the duplicate"),
    "duplicate_employment": ("Samma region, år och bransch finns redan på rad {first}",
                             "The same region, year and industry is already on row {first}"),
    "warehouse_check": ("Inläsningen skulle bryta en regel i datalagret ({check}); inget sparades. Kontrollera "
                        "filen mot regeln",
                        "The load would break a warehouse rule ({check}); nothing was saved. Check the file "
                        "against the rule"),
    "bad_sex": ("'{value}' i kolumnen Kön är okänt; använd T/Totalt, K/Kvinnor eller M/Män",
                "'{value}' in the sex column is not known; use T/Total, K/Women or M/Men"),
    "no_total": ("Raden gäller ett kön men filen saknar totalen (T/Totalt) för samma region och år; datalagret "
                 "har bara totaler. Exportera med Kön: Totalt",
                 "The row is for one sex but the file has no total (T/Totalt) for the same region and year; the "
                 "warehouse holds totals only. Export with Kön: Totalt"),
    "unknown_kpi": ("Kolada-nyckeltalet '{value}' finns inte i indikatorkatalogen (kolumnen kolada_id); välj en "
                    "indikator eller exportera ett nyckeltal som katalogen har",
                    "The Kolada KPI '{value}' is not in the indicator catalogue (column kolada_id); choose an "
                    "indicator or export a KPI the catalogue names"),
    "indicator_mismatch": ("Filen anger indikatorn {file} ('{value}') men du valde {chosen}; välj samma indikator "
                           "som filen eller ladda upp rätt fil",
                           "The file names the indicator {file} ('{value}') but you chose {chosen}; choose the "
                           "file's indicator or upload the right file"),
    "bad_number": ("'{value}' är inte ett tal (använd siffror; decimalkomma och mellanslag går bra)",
                   "'{value}' is not a number (use digits; decimal comma and spaces are fine)"),
    "required": ("Värde saknas i kolumnen '{column}'", "The column '{column}' is empty"),
    "duplicate": ("Samma region, indikator och år finns redan på rad {first}", "The same region, indicator and year is already on row {first}"),
    "out_of_range": ("{value} ligger utanför {min}–{max}, det möjliga intervallet för enheten ({unit_sv})",
                     "{value} is outside {min}–{max}, the possible range for the unit ({unit_en})"),
    "negative": ("{value} är negativt men måttet kan inte vara negativt", "{value} is negative but the measure cannot be negative"),
    "below_min": ("{value} är mindre än {min}, det minsta möjliga värdet för enheten ({unit_sv})",
                  "{value} is less than {min}, the smallest possible value for the unit ({unit_en})"),
    "above_max": ("{value} är större än {max}, det största möjliga värdet för enheten ({unit_sv})",
                  "{value} is greater than {max}, the largest possible value for the unit ({unit_en})"),
    "no_source": ("Källa saknas: ange källans URL och utgivare (kolumnerna source_url och source_publisher, eller i formuläret)",
                  "Source missing: give the source's URL and publisher (columns source_url and source_publisher, or in the form)"),
    "bad_url": ("Källans URL '{value}' börjar inte med http:// eller https://", "The source URL '{value}' does not start with http:// or https://"),
    "bad_choice": ("'{value}' är inte tillåtet; välj ett av: {allowed}", "'{value}' is not allowed; choose one of: {allowed}"),
    "need_indicator": ("Ange vilken indikator exporten innehåller (SCB- och Kolada-exporter saknar indikatorkod)",
                       "Say which indicator the export holds (SCB and Kolada exports have no indicator code)"),
    "missing_column": ("Kolumnen '{column}' saknas i rubrikraden", "The column '{column}' is missing from the header row"),
    # Warnings: possible but unlikely; loaded only when confirmed
    "implausible_change": ("{region} {indicator}: {value} är {pct} % mot {old} ({old_year}); gränsen för "
                           "indikatorn är {bound} %. Kontrollera värdet innan du sparar.",
                           "{region} {indicator}: {value} is {pct} % against {old} ({old_year}); the indicator's "
                           "bound is {bound} %. Check the value before saving."),
    "warnings_not_accepted": ("{n} värden ändras mer än rimligt (se varningarna). Bekräfta dem uttryckligen för att "
                              "spara (i CLI: --accept-warnings); inget sparades",
                              "{n} values change more than is plausible (see the warnings). Confirm them explicitly "
                              "to save (CLI: --accept-warnings); nothing was saved"),
    # Readings chosen, and rows left out on purpose (shown with the preview)
    "reading_sexes_left_out": ("{n} rader för kvinnor eller män lämnades utanför; bara totalen (båda könen) läses in.",
                               "{n} rows for women or men were left out; only the total (both sexes) is loaded."),
    "reading_year_from_date": ("{n} årsceller var formaterade som datum; årtalet lästes som cellens tal "
                               "(t.ex. 2035, som Excel visade som 1905-07-27).",
                               "{n} year cells were formatted as dates; the year was read as the cell's number "
                               "(e.g. 2035, which Excel showed as 1905-07-27)."),
    # Undo
    "undo_unknown": ("Det finns ingen inläsning med id '{batch}'. Se `python -m etl history`.",
                     "There is no load with id '{batch}'. See `python -m etl history`."),
    "undo_build": ("Den inbyggda datamängden kan inte ångras; bygg om med `python -m etl build`.",
                   "The bundled data set cannot be undone; rebuild with `python -m etl build`."),
    "undo_done": ("Inläsningen {batch} är redan ångrad.", "The load {batch} has already been undone."),
    "undo_later": ("Senare inläsningar ({later}) ändrade samma värden. Ångra dem först.",
                   "Later loads ({later}) changed the same values. Undo them first."),
    # The bundled data files (python -m etl build): the location names file, row and column
    "file_missing": ("filen saknas i {folder}", "file is missing from {folder}"),
    "file_not_utf8": ("är inte giltig UTF-8; spara filen som UTF-8", "is not valid UTF-8; save the file as UTF-8"),
    "file_empty": ("är tom; den behöver en rubrikrad", "is empty; it needs a header row"),
    "file_fields": ("har {n} fält men rubrikraden har {header}; en text som innehåller kommatecken måste stå "
                    "inom citattecken",
                    "has {n} fields but the header has {header}; a text containing a comma must be in double quotes"),
    "file_no_column": ("kolumnen saknas i rubrikraden", "column is missing from the header row"),
    "file_int": ("måste vara ett heltal", "must be a whole number"),
    "file_float": ("måste vara ett tal (använd punkt som decimaltecken)",
                   "must be a number (use a point as decimal separator)"),
    "file_bool": ("måste vara true eller false", "must be true or false"),
    "file_date": ("måste vara ett datum skrivet ÅÅÅÅ-MM-DD", "must be a date written YYYY-MM-DD"),
    "file_required": ("är tom men krävs", "is empty but required"),
    "file_key": ("upprepar nyckeln ({key}) från en annan rad; varje nyckel får finnas en gång",
                 "repeats the key ({key}) of another row; each key may appear once"),
    "file_year": (f"måste vara ett årtal mellan {FIRST_YEAR} och {LAST_YEAR}",
                  f"must be a year between {FIRST_YEAR} and {LAST_YEAR}"),
    "file_negative": ("får inte vara negativt", "must not be negative"),
    "file_allowed": ("måste vara ett av: {allowed}", "must be one of: {allowed}"),
    "file_ref": ("finns inte i {file} (kolumn {column})", "is not in {file} (column {column})"),
    "file_unique": ("finns också på en annan rad; varje värde får finnas en gång",
                    "is also in another row; each value may appear once"),
    "file_kolada_id": ("måste vara ett Kolada-id som N01982", "must be a Kolada KPI id such as N01982"),
    "file_min_max": ("får inte vara större än max_value", "must not be larger than max_value"),
    "file_valid_years": ("får inte vara tidigare än valid_from", "must not be earlier than valid_from"),
    "file_kolada_base": ("gäller bara basindikatorer (en härledd indikator beräknas och laddas aldrig)",
                         "is for base indicators only (a derived indicator is computed, never loaded)"),
    "no_warehouse": ("Det finns inget datalager. Kör `python -m etl build` först.", "There is no warehouse. Run `python -m etl build` first."),
}


def number(value: float, lang: str = DEFAULT_LANG) -> str:
    """A number in a message as the language writes it: 283 384 and 12,5 (sv), 283,384 and 12.5 (en)."""
    shown = f"{value:,.12g}"
    if lang == "sv":
        shown = shown.replace(",", "\u00a0").replace(".", ",").replace("-", "\u2212")
    return shown


def text(key: str, lang: str = DEFAULT_LANG, /, **values) -> str:
    """The message in ``lang`` (each entry is in the order of ``LANGS``; English for any other).
    Float values are written as the language writes numbers (``number``)."""
    by_lang = dict(zip(LANGS, MESSAGES[key], strict=True))
    shown = {k: number(v, lang) if isinstance(v, float) else v for k, v in values.items()}
    return by_lang.get(lang, by_lang["en"]).format(**shown)
