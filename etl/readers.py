"""Read an uploaded CSV or XLSX into long rows, detecting the layout automatically.

Layouts recognised:
* the project's template (long: one row per region, indicator, year);
* SCB's Statistical Database export (title and metadata rows, a header row of years,
  one row per region such as "17 Värmlands län", footnotes below);
* Kolada exports (region, KPI, year, value columns; the KPI id names the indicator);
* the template's employment and funding sheets.

Every row keeps its sheet and Excel row number, and every value its column letter, so
problems can be reported the way Excel shows them. Nothing is validated here except
the layout; values stay as found (text or numbers).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import python_calamine

from etl.filesafety import FileRefused

YEAR_RE = re.compile(r"^(19|20)\d{2}(\.0)?$")


@dataclass
class Sheet:
    name: str
    rows: list[list]


@dataclass
class Parsed:
    """Long rows for one kind of data, with where each came from."""
    kind: str                           # indicator_value | employment | funding
    layout: str                         # template | scb_wide | kolada
    sheet: str
    frame: pd.DataFrame                 # columns per kind + excel_row, and *_col letters
    title: str = ""                     # title rows of an export (e.g. the SCB table name)
    notes: list[str] = field(default_factory=list)


def col_letter(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def norm(text) -> str:
    """Lower-case, no accents, no punctuation: 'Värde' -> 'varde', 'Region-kod' -> 'regionkod'."""
    t = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]", "", t)


# --- reading ---------------------------------------------------------------------------


def read_xlsx(data: bytes) -> list[Sheet]:
    wb = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    out = []
    for name in wb.sheet_names:
        out.append(Sheet(name, wb.get_sheet_by_name(name).to_python(skip_empty_area=False)))
    return out


def decode_text(data: bytes) -> str:
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise FileRefused("encoding")


def read_csv(data: bytes, name: str = "CSV") -> list[Sheet]:
    text = decode_text(data)
    sample = "\n".join(text.splitlines()[:30])
    counts = {d: sample.count(d) for d in (";", ",", "\t")}
    delimiter = max(counts, key=counts.get) if any(counts.values()) else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    return [Sheet(name, rows)]


# --- layout detection --------------------------------------------------------------------

ALIASES = {
    "region": {"regioncode", "region", "regionkod", "lan", "lankod", "kommun", "kommunid", "omrade", "nutscode",
               "regionid", "kommunregion", "kod"},
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
KIND_COLUMNS = {
    "indicator_value": ["region", "indicator", "year", "value"],
    "employment": ["region", "year", "classification", "industry_code", "employed"],
    "funding": ["programme", "project", "region_codes", "amount_kind"],
}
SHEET_KIND = {"indikatorvarden": "indicator_value", "indicatorvalues": "indicator_value",
              "sysselsattning": "employment", "employment": "employment",
              "finansiering": "funding", "funding": "funding"}


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _header_map(row: list, kind: str) -> dict[str, int]:
    found = {}
    order = ["region_codes"] if kind == "funding" else []
    for i, cell in enumerate(row):
        key = norm(cell)
        for name, aliases in ALIASES.items():
            if name in found or name not in _kind_fields(kind):
                continue
            if key in aliases and not (kind == "funding" and name == "region" and "region_codes" in order):
                found[name] = i
                break
    return found


def _kind_fields(kind: str) -> set[str]:
    common = {"source_url", "source_publisher", "source_title", "source_table_id", "note"}
    return {
        "indicator_value": {"region", "indicator", "year", "value", "gender"} | common,
        "employment": {"region", "year", "classification", "industry_code", "employed"} | common,
        "funding": {"programme", "programme_period", "project", "beneficiary", "region_codes", "theme",
                    "year_start", "year_end", "amount", "currency", "amount_kind"} | common,
    }[kind]


def _find_long(sheet: Sheet, kind: str) -> tuple[int, dict[str, int]] | None:
    for r, row in enumerate(sheet.rows[:15]):
        cols = _header_map(row, kind)
        if all(c in cols for c in KIND_COLUMNS[kind]):
            return r, cols
    return None


def _long_frame(sheet: Sheet, header_row: int, cols: dict[str, int]) -> pd.DataFrame:
    body = sheet.rows[header_row + 1:]
    width = max(cols.values()) + 1
    if body and all(len(r) >= width for r in (body[0], body[-1])) and len({len(r) for r in body[:1000]}) == 1:
        table = np.array(body, dtype=object)[:, :width]   # calamine rows are rectangular: fast path
    else:
        table = np.array([(list(r) + [""] * width)[:width] for r in body], dtype=object).reshape(-1, width)
    # Object columns on purpose: pandas 3's default Arrow strings are slow to build here.
    df = pd.DataFrame({name: pd.Series(table[:, i], dtype=object) for name, i in cols.items()})
    df["excel_row"] = np.arange(header_row + 2, header_row + 2 + len(body))
    for name, i in cols.items():
        df[f"{name}_col"] = col_letter(i)
    blank = np.ones(len(df), dtype=bool)
    for name in cols:
        blank &= table[:, cols[name]] == ""  # calamine and csv give "" for an empty cell, never None
    return df[~blank].reset_index(drop=True)


def _find_wide(sheet: Sheet) -> tuple[int, list[int], int] | None:
    """SCB wide layout: (header row, year column indexes, label column) or None."""
    for r, row in enumerate(sheet.rows[:40]):
        year_cols = [i for i, v in enumerate(row) if YEAR_RE.match(_cell(v))]
        if len(year_cols) >= 1 and year_cols[0] >= 1:
            # the label column: the last non-year column left of the first year column
            return r, year_cols, year_cols[0] - 1
    return None


FOOTNOTE_PREFIXES = ("källa", "kalla", "fotnot", "anm", "..", "uppgift", "senast", "source", "note")


def _wide_frame(sheet: Sheet, header_row: int, year_cols: list[int], label_col: int) -> tuple[pd.DataFrame, str, list[str]]:
    title = " ".join(_cell(c) for row in sheet.rows[:header_row] for c in row if _cell(c))
    records, footnotes = [], []
    for r in range(header_row + 1, len(sheet.rows)):
        row = sheet.rows[r]
        cells = [_cell(c) for c in row]
        if not any(cells):
            if records:
                # footnotes follow a blank row
                footnotes += [" ".join(c for c in (_cell(x) for x in rr) if c) for rr in sheet.rows[r + 1:]]
                break
            continue
        first = next((c for c in cells if c), "")
        if first.lower().startswith(FOOTNOTE_PREFIXES) and not any(cells[i] for i in year_cols if i < len(cells)):
            footnotes.append(" ".join(c for c in cells if c))
            continue
        label = cells[label_col] if label_col < len(cells) else ""
        # with several label columns, SCB repeats a region only on its first line
        if not label:
            label = next((c for c in reversed(cells[:label_col]) if c), "")
        for i in year_cols:
            records.append({"region": label, "year": _cell(sheet.rows[header_row][i]),
                            "value": row[i] if i < len(row) else "", "excel_row": r + 1,
                            "region_col": col_letter(label_col), "year_col": col_letter(i),
                            "value_col": col_letter(i)})
    return pd.DataFrame.from_records(records), title, [f for f in footnotes if f]


def _bulk_export(sheet: Sheet) -> Parsed | None:
    """CORDIS organization.csv and Kohesio project lists, as downloaded by hand."""
    if not sheet.rows:
        return None
    header = [_cell(c) for c in sheet.rows[0]]
    from etl.fetch import cordis, kohesio  # the connectors own these formats

    if cordis.is_organisations(header) or kohesio.is_kohesio(header):
        records = [dict(zip(header, (_cell(c) for c in row))) for row in sheet.rows[1:] if any(row)]
        if cordis.is_organisations(header):
            parsed, skipped = cordis.parse(records, None, url=cordis.ZIPS["horizon"].rsplit("/", 1)[0] + "/",
                                           hint=sheet.name, sheet=sheet.name)
        else:
            parsed, skipped = kohesio.parse(records, url="https://kohesio.ec.europa.eu/", sheet=sheet.name)
        parsed.notes = [f"{n} {why}" for why, n in skipped.items() if n]
        parsed.title = f"{parsed.title}: {len(records)} rows read"
        return parsed
    return None


def detect(sheets: list[Sheet]) -> list[Parsed]:
    """Every table found in the file, template sheets first."""
    found: list[Parsed] = []
    for sheet in sheets:
        bulk = _bulk_export(sheet)
        if bulk is not None:
            found.append(bulk)
            continue
        kind_by_name = SHEET_KIND.get(norm(sheet.name))
        kinds = [kind_by_name] if kind_by_name else ["indicator_value", "employment", "funding"]
        for kind in kinds:
            hit = _find_long(sheet, kind)
            if hit:
                header_row, cols = hit
                frame = _long_frame(sheet, header_row, cols)
                layout = "kolada" if "indicator" in cols and norm(sheet.rows[header_row][cols["indicator"]]) in (
                    "kpi", "kpiid", "nyckeltal") else "template"
                found.append(Parsed(kind, layout, sheet.name, frame))
                break
        else:
            if kind_by_name in (None, "indicator_value"):
                wide = _find_wide(sheet)
                if wide:
                    header_row, year_cols, label_col = wide
                    frame, title, notes = _wide_frame(sheet, header_row, year_cols, label_col)
                    if not frame.empty:
                        found.append(Parsed("indicator_value", "scb_wide", sheet.name, frame, title, notes))
    return found


def read(name: str, data: bytes, kind: str) -> list[Sheet]:
    return read_xlsx(data) if kind == "xlsx" else read_csv(data, name=name.rsplit("/", 1)[-1])
