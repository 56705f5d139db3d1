"""The bundled data files under ``data/``: their contracts, and reading them safely.

Each file has a spec (columns, types, required, allowed values, references to other
files). ``read_all`` reads every file as text, validates it with pandera, and returns
typed DataFrames -- or raises ``DataFileErrors`` listing every problem with the file,
the row number as a spreadsheet shows it (header = row 1), the column and the value.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from etl import vocabulary as voc

YEAR_RANGE = (1900, 2100)


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None
    column: str | None
    value: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column '{self.column}'"
        shown = "" if self.value in (None, "") else f" (value: {self.value!r})"
        return f"{where}: {self.message}{shown}"


class DataFileErrors(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class Col:
    kind: str = "str"  # str | int | float | bool | date
    required: bool = True
    allowed: tuple[str, ...] | None = None
    ref: str | None = None  # "file.csv:column" -- each value must exist there
    ref_list: bool = False  # value is a ';'-separated list of references
    positive: bool = False
    pattern: tuple[str, str] | None = None  # (regular expression, what it looks like in words)
    unique: bool = False  # no two rows may share a value (blanks aside)


@dataclass(frozen=True)
class Rule:
    """A check across columns of one row: ``holds(df)`` is True where the row is fine; a
    failing row is reported at ``column``."""
    column: str
    message: str
    holds: Callable[[pd.DataFrame], pd.Series]


@dataclass(frozen=True)
class Spec:
    file: str
    table: str
    columns: dict[str, Col]
    key: tuple[str, ...] = ()
    rules: tuple[Rule, ...] = ()


BOOL = ("true", "false")

SPECS: list[Spec] = [
    Spec("regions.csv", "region", {
        "region_code": Col(), "level": Col(allowed=("country", "nuts2", "county", "neighbour")),
        "scb_code": Col(required=False), "name_sv": Col(), "name_en": Col(),
        "parent_code": Col(required=False, ref="regions.csv:region_code"), "sort_order": Col("int"),
    }, key=("region_code",)),
    Spec("sources.csv", "source", {
        "source_id": Col(), "publisher": Col(), "title": Col(), "table_id": Col(required=False),
        "url": Col(), "retrieved_on": Col("date", required=False), "licence": Col(required=False),
        "accessed_via": Col(required=False), "note": Col(required=False),
    }, key=("source_id",)),
    Spec("indicators.csv", "indicator", {
        "indicator_id": Col(), "category": Col(), "kind": Col(allowed=("base", "derived")),
        "name_sv": Col(), "name_en": Col(), "description_sv": Col(), "description_en": Col(),
        "unit_sv": Col(), "unit_en": Col(), "higher_is_better": Col("bool", required=False),
        "decimals": Col("int"), "additive": Col("bool"), "per_capita_scale": Col("float", required=False),
        "per_capita_unit_sv": Col(required=False), "per_capita_unit_en": Col(required=False),
        "derivation": Col(required=False),
        "default_source_id": Col(required=False, ref="sources.csv:source_id"),
        "kolada_id": Col(required=False, pattern=(r"N\d{5}", "a Kolada KPI id such as N01982"), unique=True),
        "min_value": Col("float", required=False), "max_value": Col("float", required=False),
        "max_change_pct": Col("float", required=False, positive=True),
    }, key=("indicator_id",), rules=(
        Rule("min_value", "must not be larger than max_value",
             lambda df: ~(df["min_value"] > df["max_value"]).fillna(False)),
        Rule("kolada_id", "is for base indicators only (a derived indicator is computed, never loaded)",
             lambda df: df["kolada_id"].isna() | (df["kind"] == "base")),
    )),
    Spec("indicator_values.csv", "indicator_value", {
        "region_code": Col(ref="regions.csv:region_code"),
        "indicator_id": Col(ref="indicators.csv:indicator_id"),
        "year": Col("int"), "value": Col("float"),
        "flag": Col(required=False, allowed=voc.VALUE_FLAGS),
        "source_id": Col(ref="sources.csv:source_id"), "note": Col(required=False),
    }, key=("region_code", "indicator_id", "year")),
    # How one indicator relates to another, e.g. a sector's R&D as a part of the R&D total;
    # comparable=false: the two come from different tables, so the parts must not be shown
    # as parts of that total (they do not add up to it).
    Spec("indicator_relations.csv", "indicator_relation", {
        "indicator_id": Col(ref="indicators.csv:indicator_id"),
        "related_indicator_id": Col(ref="indicators.csv:indicator_id"),
        "relation": Col(allowed=("part_of",)), "comparable": Col("bool"), "note": Col(),
    }, key=("indicator_id", "related_indicator_id", "relation")),
    Spec("industries.csv", "industry", {
        "classification": Col(), "industry_code": Col(), "name_sv": Col(), "name_en": Col(),
        "nace_sections": Col(required=False), "is_aggregate": Col("bool"),
    }, key=("classification", "industry_code")),
    Spec("employment.csv", "employment", {
        "region_code": Col(ref="regions.csv:region_code"), "year": Col("int"),
        "classification": Col(ref="industries.csv:classification"), "industry_code": Col(),
        "employed": Col("float", positive=True), "basis": Col(),
        "flag": Col(required=False, allowed=("low_precision",)),
        "source_id": Col(ref="sources.csv:source_id"),
    }, key=("region_code", "year", "classification", "industry_code", "source_id")),
    Spec("themes.csv", "theme", {
        "theme_id": Col(), "name_sv": Col(), "name_en": Col(), "sort_order": Col("int"),
    }, key=("theme_id",)),
    Spec("specialisations.csv", "specialisation", {
        "area_id": Col(), "region_code": Col(ref="regions.csv:region_code"), "area_sv": Col(),
        "area_en": Col(), "status": Col(allowed=("current", "superseded")), "status_verified": Col("bool"),
        "strategy": Col(), "period": Col(), "theme_id": Col(required=False, ref="themes.csv:theme_id"),
        "description": Col(required=False), "clusters": Col(required=False),
        "nace_codes": Col(required=False), "nace_note": Col(required=False),
        "source_id": Col(ref="sources.csv:source_id"),
        "other_source_ids": Col(required=False, ref="sources.csv:source_id", ref_list=True),
    }, key=("area_id",)),
    Spec("funding.csv", "funding", {
        "funding_id": Col(), "programme": Col(), "programme_period": Col(required=False),
        "level": Col(allowed=voc.FUNDING_LEVELS),
        "project": Col(), "beneficiary": Col(required=False),
        "region_codes": Col(ref="regions.csv:region_code", ref_list=True),
        "theme": Col(required=False), "s3_theme_id": Col(required=False, ref="themes.csv:theme_id"),
        "year_start": Col("int", required=False),
        "year_end": Col("int", required=False), "amount": Col("float", required=False, positive=True),
        "currency": Col(required=False, allowed=voc.CURRENCIES),
        "amount_kind": Col(allowed=voc.AMOUNT_KINDS),
        "amount_basis": Col(allowed=voc.AMOUNT_BASES), "is_approx": Col("bool"),
        "amount_note": Col(required=False), "conflict_group": Col(required=False),
        "source_id": Col(ref="sources.csv:source_id"), "evidence": Col(required=False),
        # project lists: the list's own id, the municipalities it names, the partner's role
        # (LP lead, PP partner, AP associated) and what the list covers
        "external_id": Col(required=False), "municipalities": Col(required=False),
        "partner_role": Col(required=False, allowed=("LP", "PP", "AP")),
        "list_coverage": Col(required=False),
    }, key=("funding_id",)),
    Spec("action_areas.csv", "action_area", {
        "action_area_id": Col(), "framework": Col(), "number": Col("int"), "name_sv": Col(required=False),
        "name_en": Col(required=False), "description_sv": Col(required=False), "known": Col("bool"),
        "source_id": Col(ref="sources.csv:source_id"),
    }, key=("action_area_id",)),
    Spec("challenges.csv", "challenge", {
        "challenge_id": Col(), "scope_region_code": Col(ref="regions.csv:region_code"), "name_sv": Col(),
        "name_en": Col(), "description": Col(required=False),
        "action_area_id": Col(required=False, ref="action_areas.csv:action_area_id"),
        "action_area_note": Col(required=False), "source_id": Col(ref="sources.csv:source_id"),
        "other_source_ids": Col(required=False, ref="sources.csv:source_id", ref_list=True),
    }, key=("challenge_id",)),
    Spec("challenge_indicators.csv", "challenge_indicator", {
        "challenge_id": Col(ref="challenges.csv:challenge_id"),
        "indicator_id": Col(ref="indicators.csv:indicator_id"), "sort_order": Col("int"),
    }, key=("challenge_id", "indicator_id")),
]

SPEC_BY_FILE = {s.file: s for s in SPECS}

_KIND_DTYPES = {"str": pd.StringDtype(), "int": "Int64", "float": "float64", "bool": "boolean",
                "date": "datetime64[us]"}
_KIND_WORDS = {"int": "a whole number", "float": "a number (use a point as decimal separator)",
               "bool": "true or false", "date": "a date written YYYY-MM-DD"}


def _read_text(path: Path) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read a CSV as strings; report structural problems with their line numbers."""
    name = path.name
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(name, None, None, None, f"file is missing from {path.parent}")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(name, line, None, None, "is not valid UTF-8; save the file as UTF-8")]
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return None, [Problem(name, None, None, None, "is empty; it needs a header row")]
    header, problems = rows[0], []
    for i, row in enumerate(rows[1:], start=2):
        if len(row) != len(header) and any(cell.strip() for cell in row):
            problems.append(Problem(
                name, i, None, None,
                f"has {len(row)} fields but the header has {len(header)}; "
                "a text containing a comma must be in double quotes"))
    if problems:
        return None, problems
    body = [r for r in rows[1:] if any(c.strip() for c in r)]
    return pd.DataFrame(body, columns=header, dtype="string"), []


def _check(fn, message: str) -> pa.Check:
    """A check whose name is the sentence users see when it fails."""
    return pa.Check(fn, name=message, ignore_na=True)


def _schema(spec: Spec, tables: dict[str, pd.DataFrame], own: pd.DataFrame) -> pa.DataFrameSchema:
    columns = {}
    for name, col in spec.columns.items():
        checks = []
        if col.kind == "int" and name.startswith("year"):
            checks.append(_check(lambda v: v.between(*YEAR_RANGE),
                                 f"must be a year between {YEAR_RANGE[0]} and {YEAR_RANGE[1]}"))
        if col.positive:
            checks.append(_check(lambda v: v >= 0, "must not be negative"))
        if col.allowed:
            checks.append(_check(lambda v, a=col.allowed: v.isin(a), "must be one of: " + ", ".join(col.allowed)))
        if col.pattern:
            checks.append(_check(lambda v, p=col.pattern[0]: v.str.fullmatch(p).astype(bool),
                                 f"must be {col.pattern[1]}"))
        if col.unique:
            checks.append(_check(lambda v: ~v.duplicated(keep=False), "is also in another row; each value may "
                                                                       "appear once"))
        if col.ref:
            ref_file, ref_col = col.ref.split(":")
            ref_df = own if ref_file == spec.file else tables.get(ref_file)
            allowed = set(ref_df[ref_col].dropna()) if ref_df is not None else set()
            what = f"is not in {ref_file} (column {ref_col})"
            if col.ref_list:
                checks.append(_check(lambda s, a=frozenset(allowed): s.map(
                    lambda v: all(p.strip() in a for p in str(v).split(";") if p.strip())).astype(bool), what))
            else:
                checks.append(_check(lambda v, a=frozenset(allowed): v.isin(a), what))
        columns[name] = pa.Column(_KIND_DTYPES[col.kind], coerce=True, nullable=not col.required,
                                  checks=checks, required=True)
    rules = [pa.Check(r.holds, name=_rule_name(r)) for r in spec.rules]
    return pa.DataFrameSchema(columns, checks=rules, strict=False,
                              unique=list(spec.key) if spec.key else None,
                              report_duplicates="all")


def _prepare(df: pd.DataFrame, spec: Spec) -> tuple[pd.DataFrame, list[Problem]]:
    """Blank cells -> NA; booleans and numbers parsed; uncoercible cells reported."""
    problems: list[Problem] = []
    out = pd.DataFrame(index=df.index)
    for name, col in spec.columns.items():
        if name not in df.columns:
            problems.append(Problem(spec.file, 1, name, None, "column is missing from the header row"))
            continue
        s = df[name].str.strip().replace("", pd.NA)
        if col.kind == "str":
            out[name] = s
            continue
        if col.kind == "bool":
            parsed = s.str.lower().map({"true": True, "false": False}, na_action="ignore")
        elif col.kind == "date":
            parsed = pd.to_datetime(s, format="%Y-%m-%d", errors="coerce")
        else:
            parsed = pd.to_numeric(s, errors="coerce")
        bad = s.notna() & parsed.isna()
        for idx in df.index[bad]:
            problems.append(Problem(spec.file, int(idx) + 2, name, str(s[idx]),
                                    f"must be {_KIND_WORDS[col.kind]}"))
        if col.kind == "int":
            whole = parsed.dropna()
            for idx in whole.index[whole != whole.round()]:
                problems.append(Problem(spec.file, int(idx) + 2, name, str(s[idx]), "must be a whole number"))
        out[name] = parsed
    return out, problems


def _rule_name(rule: Rule) -> str:
    return f"{rule.column}: {rule.message}"


def _translate(spec: Spec, df_text: pd.DataFrame, err: pa.errors.SchemaErrors) -> list[Problem]:
    problems = []
    fc = err.failure_cases
    rules = {_rule_name(r): r for r in spec.rules}
    for rec in fc.to_dict("records"):
        check, column, idx = str(rec["check"]), rec["column"], rec["index"]
        if check.startswith(("dtype(", "coerce_dtype(")) or idx is None or pd.isna(idx):
            continue  # type problems were reported in _prepare; cascades carry no row
        row = int(idx) + 2
        if check in rules:  # a row check fails once per column: report it at its own column only
            if column != rules[check].column:
                continue
            msg, value = rules[check].message, str(df_text.loc[idx, column])
        elif check == "not_nullable":
            msg, value = "is empty but required", None
        elif check in ("field_uniqueness", "multiple_fields_uniqueness"):
            key = ", ".join(spec.key)
            msg, value = f"repeats the key ({key}) of another row; each key may appear once", None
            column = None
        else:
            msg = check
            value = str(df_text.loc[idx, column]) if column in df_text.columns else str(rec["failure_case"])
        problems.append(Problem(spec.file, row, column if isinstance(column, str) else None, value, msg))
    # one line per (row, column, message)
    unique = {(p.row, p.column, p.message, p.value): p for p in problems}
    return sorted(unique.values(), key=lambda p: (p.row or 0, p.column or ""))


def read_all(data_dir: Path) -> dict[str, pd.DataFrame]:
    """Read and validate every bundled data file; raise DataFileErrors listing all problems."""
    texts: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    for spec in SPECS:
        df, probs = _read_text(Path(data_dir) / spec.file)
        problems += probs
        if df is not None:
            texts[spec.file] = df
    if problems:
        raise DataFileErrors(problems)

    typed: dict[str, pd.DataFrame] = {}
    for spec in SPECS:  # referenced files come first in SPECS
        df, type_problems = _prepare(texts[spec.file], spec)
        problems += type_problems
        typed[spec.file] = df
        if any(p.row == 1 for p in type_problems):
            continue  # a missing column: nothing more to say about the rows
        try:
            typed[spec.file] = _schema(spec, typed, df).validate(df, lazy=True)
        except pa.errors.SchemaErrors as err:
            seen = {(p.row, p.column) for p in type_problems}
            problems += [p for p in _translate(spec, texts[spec.file], err) if (p.row, p.column) not in seen]
    if problems:
        raise DataFileErrors(problems)
    return typed


def count_rows(tables: dict[str, pd.DataFrame]) -> int:
    return sum(len(df) for df in tables.values())

