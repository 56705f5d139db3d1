"""SCB's formats: the Statistical Database's wide export, and PxWebApi 2's JSON-stat answers.

The export (xlsx or csv, as saved from statistikdatabasen.scb.se): title and metadata
rows, a header row of years, one row per region such as "17 Värmlands län" (with
several label columns SCB repeats a region only on its first line), footnotes below a
blank row. The API answers (decoded by ``etl.formats.jsonstat``) become the same long
rows: indicator values, and employment by SCB's 16 industry groups; periods the table's
metadata calls preliminary are flagged as such (``preliminary_periods``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

import pandas as pd

from etl.rows import Parsed, Sheet, cell, col_letter, long_frame, norm

LICENCE = "CC0 1.0 (SCB open data)"
PUBLISHER = "SCB (Statistiska centralbyrån)"

# --- the wide export ------------------------------------------------------------------------

YEAR_RE = re.compile(r"^(19|20)\d{2}(\.0)?$")
#: How far down a sheet the header row of years may be.
HEADER_ROWS = 40
FOOTNOTE_PREFIXES = ("källa", "kalla", "fotnot", "anm", "..", "uppgift", "senast", "source", "note")


#: Header texts (normalised) of a column that splits the rows by sex (Kolada's "Kön").
GENDER_HEADERS = {"kon", "gender", "sex"}


def find_wide(sheet: Sheet) -> tuple[int, list[int], int, int | None] | None:
    """(header row, year column indexes, label column, sex column or None) or None.

    A header row of years has nothing but years right of its first year: a long table's
    data row (``N01982;0017;2022;T;45.5``) is not a header. A label column headed "Kön"
    holds sexes, not regions: the region is the label column left of it."""
    for r, row in enumerate(sheet.rows[:HEADER_ROWS]):
        cells = [cell(v) for v in row]
        year_cols = [i for i, v in enumerate(cells) if YEAR_RE.match(v)]
        if not year_cols or year_cols[0] < 1:
            continue
        if any(v and i not in year_cols for i, v in enumerate(cells) if i > year_cols[0]):
            continue
        label_col, gender_col = year_cols[0] - 1, None
        if norm(cells[label_col]) in GENDER_HEADERS:
            if label_col == 0:
                continue
            gender_col, label_col = label_col, label_col - 1
        # the label column: the last non-year column left of the first year column
        return r, year_cols, label_col, gender_col
    return None


def wide_frame(sheet: Sheet, header_row: int, year_cols: list[int], label_col: int,
               gender_col: int | None = None) -> tuple[pd.DataFrame, str, list[str]]:
    """(long rows, the title rows as one text, the footnotes)."""
    title = " ".join(cell(c) for row in sheet.rows[:header_row] for c in row if cell(c))
    records: list[dict] = []
    footnotes: list[str] = []
    last_label = ""
    for r in range(header_row + 1, len(sheet.rows)):
        row = sheet.rows[r]
        cells = [cell(c) for c in row]
        if not any(cells):
            if records:
                # footnotes follow a blank row
                footnotes += [" ".join(c for c in (cell(x) for x in rr) if c) for rr in sheet.rows[r + 1:]]
                break
            continue
        first = next((c for c in cells if c), "")
        if first.lower().startswith(FOOTNOTE_PREFIXES) and not any(cells[i] for i in year_cols if i < len(cells)):
            footnotes.append(" ".join(c for c in cells if c))
            continue
        label = cells[label_col] if label_col < len(cells) else ""
        # with several label columns, SCB repeats a region only on its first line
        if not label:
            label = next((c for c in reversed(cells[:label_col]) if c), "") or (last_label if gender_col else "")
        last_label = label
        extra = {}
        if gender_col is not None:
            extra = {"gender": cells[gender_col] if gender_col < len(cells) else "",
                     "gender_col": col_letter(gender_col)}
        for i in year_cols:
            records.append({"region": label, "year": cell(sheet.rows[header_row][i]),
                            "value": row[i] if i < len(row) else "", "excel_row": r + 1,
                            "region_col": col_letter(label_col), "year_col": col_letter(i),
                            "value_col": col_letter(i), **extra})
    return pd.DataFrame.from_records(records), title, [f for f in footnotes if f]


def read_export(sheet: Sheet) -> Parsed | None:
    """The export's values as long indicator rows (the indicator is asked for at upload), or None."""
    wide = find_wide(sheet)
    if not wide:
        return None
    header_row, year_cols, label_col, gender_col = wide
    frame, title, notes = wide_frame(sheet, header_row, year_cols, label_col, gender_col)
    return None if frame.empty else Parsed("indicator_value", "scb_wide", sheet.name, frame, title, notes)


def publisher_from_notes(notes: list[str]) -> str:
    """An export whose footnotes name SCB ('Källa: SCB') was published by SCB."""
    return PUBLISHER if any("scb" in n.lower() for n in notes) else ""


# --- PxWebApi 2 answers ------------------------------------------------------------------------

#: SNI 2007 groups in the AM tables -> SCB_GROUPS16 codes (US/00 = unknown industry)
SNI_GROUPS = {"A": "A", "B+C": "B+C", "D+E": "D+E", "F": "F", "G": "G", "H": "H", "I": "I", "J": "J", "K": "K",
              "L": "L", "M+N": "M+N", "O": "O", "P": "P", "Q": "Q", "R+S+T+U": "R+S+T+U", "US": "X", "00": "X"}
#: Where each field comes from in the answer (a problem names it).
SOURCE_ORIGINS = {"source_url": "value", "source_publisher": "value", "source_title": "value",
                  "source_table_id": "value"}


def time_dim(meta: dict) -> str:
    return (meta.get("role", {}).get("time") or ["Tid"])[0]


def fold(text) -> str:
    """Lower case without accents, spaces kept: 'Preliminära uppgifter' -> 'preliminara uppgifter'."""
    return unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()


def status_flag(status) -> str | None:
    return "preliminary" if isinstance(status, str) and status.strip().upper() in {"P", "*"} else None


#: How SCB's metadata says figures are preliminary ('Preliminära uppgifter', 'preliminär
#: statistik', 'Uppgifterna för 2025 är preliminära'), on folded text. 'preliminär A-skatt'
#: (a tax, in table titles about wages) is not about the figures.
PRELIMINARY = re.compile(r"\bpreliminar(a|t)?\b(?!\s*a-skatt)")
YEAR_IN_TEXT = re.compile(r"\b(19|20)\d{2}\b")


def _texts(value) -> list[str]:
    """Every string in a note (a string, a list of strings, or a dict of them)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for v in value for s in _texts(v)]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _texts(v)]
    return []


def preliminary_periods(meta: dict) -> tuple[set[str], str]:
    """The periods whose figures the table's metadata calls preliminary, and the text that
    says so. Said of the table (its title, its notes, its contents): every period, or the
    years a note names; said of a period (the time variable's label or note for it): that
    period."""
    tdim = time_dim(meta)
    periods = [str(c) for c in _categories(meta.get("dimension", {}).get(tdim, {}))]
    contents = meta.get("dimension", {}).get("ContentsCode", {}).get("category", {})
    table_texts = [meta.get("label") or "", *_texts(meta.get("note")), *_texts(contents.get("label")),
                   *_texts(contents.get("note"))]
    found: set[str] = set()
    said = ""
    for text in table_texts:
        if PRELIMINARY.search(fold(text)):
            named = {p for p in periods if any(p.startswith(y.group(0)) for y in YEAR_IN_TEXT.finditer(text))}
            found |= named or set(periods)
            said = said or text
    tcat = meta.get("dimension", {}).get(tdim, {}).get("category", {})
    for period in periods:
        own = [str(tcat.get("label", {}).get(period, "")), *_texts((tcat.get("note") or {}).get(period))]
        hit = next((s for s in own if PRELIMINARY.search(fold(s))), None)
        if hit:
            found.add(period)
            said = said or hit
    return found, said.strip()


def _categories(dim: dict) -> list[str]:
    index = dim.get("category", {}).get("index")
    if index is None:
        return list(dim.get("category", {}).get("label", {}))
    return list(index) if isinstance(index, list) else [c for c, _ in sorted(index.items(), key=lambda kv: kv[1])]


def _flags(*flags) -> str:
    return ";".join(dict.fromkeys(f for f in flags if f))


def indicator_records(frame: pd.DataFrame, meta: dict, content_map: dict[str, str], url: str,
                      table: str, title: str, *, content_dim: str = "ContentsCode",
                      preliminary: Collection[str] = frozenset()) -> list[dict]:
    """Decoded cells -> indicator rows; cells whose content maps to no indicator are left out.
    Periods in ``preliminary`` (``preliminary_periods``) are flagged as such."""
    tdim = time_dim(meta)
    records = []
    for row in frame.itertuples(index=False):
        r = row._asdict()
        value = r["value"]
        records.append({"region": r["Region"], "indicator": content_map.get(r[content_dim]), "year": r[tdim],
                        "value": "" if pd.isna(value) else value,
                        "flag": _flags(status_flag(r["status"]), "preliminary" if r[tdim] in preliminary else ""),
                        "excel_row": int(r["position"]) + 1, "source_url": url, "source_publisher": PUBLISHER,
                        "source_title": f"SCB {table}: {title}", "source_table_id": table})
    return [r for r in records if r["indicator"]]


def employment_records(frame: pd.DataFrame, meta: dict, sni_dim: str, url: str, table: str, title: str,
                       *, preliminary: Collection[str] = frozenset()) -> list[dict]:
    """Decoded cells of an AM table -> employment rows by SCB's 16 groups; periods in
    ``preliminary`` flagged as such."""
    tdim = time_dim(meta)
    out = []
    for row in frame.itertuples(index=False):
        r = row._asdict()
        out.append({
            "region": r["Region"], "year": r[tdim], "classification": "SCB_GROUPS16",
            "industry_code": SNI_GROUPS[r[sni_dim]], "employed": "" if pd.isna(r["value"]) else r["value"],
            "flag": _flags(status_flag(r["status"]), "preliminary" if r[tdim] in preliminary else ""),
            "excel_row": int(r["position"]) + 1, "source_url": url, "source_publisher": PUBLISHER,
            "source_title": f"SCB {table}: {title}", "source_table_id": table})
    return out


def indicator_parsed(records: list[dict], tables: list[str]) -> Parsed:
    frame = long_frame(records, {"region": "Region", "indicator": "ContentsCode", "year": "Tid",
                                 "value": "value", "flag": "status", **SOURCE_ORIGINS})
    return Parsed("indicator_value", "scb_api", ",".join(tables), frame)


def employment_parsed(records: list[dict], tables: list[str]) -> Parsed:
    """Employment rows; the unknown-industry group is reported as US, in older tables 00:
    both are summed into X (a sum of missing values stays missing)."""
    emp = pd.DataFrame(records)
    keys = ["region", "year", "classification", "industry_code", "flag", "source_url", "source_publisher",
            "source_title", "source_table_id"]
    emp["employed"] = pd.to_numeric(emp.employed.replace("", None))
    emp = emp.groupby(keys, as_index=False, dropna=False).agg(
        employed=("employed", lambda s: s.sum(min_count=1)), excel_row=("excel_row", "min"))
    emp["employed"] = emp.employed.astype(object).where(emp.employed.notna(), "")
    frame = long_frame(emp.to_dict("records"), {"region": "Region", "year": "Tid", "classification": "SNI2007",
                                                "industry_code": "SNI2007", "employed": "value",
                                                "flag": "metadata", **SOURCE_ORIGINS})
    return Parsed("employment", "scb_api", ",".join(tables), frame)
