"""The bundled data files under ``data/``: their contracts, and reading them safely.

Each file has a spec (columns, types, required, allowed values, references to other
files). ``read_all`` reads every file as text, validates it with pandera, and returns
typed DataFrames -- or raises ``Invalid`` listing every problem with the file, the row
number as a spreadsheet shows it (header = row 1), the column and the value.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from etl import vocabulary
from etl.load.problems import Invalid, Problem


@dataclass(frozen=True)
class Col:
    kind: str = "str"  # str | int | float | bool | date
    required: bool = True
    allowed: tuple[str, ...] | None = None
    ref: str | None = None  # "file.csv:column" -- each value must exist there
    ref_list: bool = False  # value is a ';'-separated list of references
    positive: bool = False
    pattern: tuple[str, str] | None = None  # (regular expression, message key saying what it looks like)
    unique: bool = False  # no two rows may share a value (blanks aside)


@dataclass(frozen=True)
class Rule:
    """A check across columns of one row: ``holds(df)`` is True where the row is fine; a
    failing row is reported at ``column`` with the message ``key``."""
    column: str
    key: str
    holds: Callable[[pd.DataFrame], pd.Series]


@dataclass(frozen=True)
class Spec:
    file: str
    table: str
    columns: dict[str, Col]
    key: tuple[str, ...] = ()
    rules: tuple[Rule, ...] = ()


SPECS: list[Spec] = [
    Spec("regions.csv", "region", {
        "region_code": Col(), "level": Col(allowed=("country", "nuts2", "county", "neighbour", "municipality")),
        "scb_code": Col(required=False), "name_sv": Col(), "name_en": Col(),
        "parent_code": Col(required=False, ref="regions.csv:region_code"), "sort_order": Col("int"),
        # the NUTS version whose boundaries the code means, and the years values may be filed under
        # it (blank = no limit): Norway's 2020 county reform ends the old codes with 2019
        "nuts_version": Col(required=False), "valid_from": Col("int", required=False),
        "valid_to": Col("int", required=False),
    }, key=("region_code",), rules=(
        Rule("valid_to", "file_valid_years", lambda df: ~(df["valid_from"] > df["valid_to"]).fillna(False)),
    )),
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
        "kolada_id": Col(required=False, pattern=(r"N\d{5}", "file_kolada_id"), unique=True),
        "min_value": Col("float", required=False), "max_value": Col("float", required=False),
        "max_change_pct": Col("float", required=False, positive=True),
    }, key=("indicator_id",), rules=(
        Rule("min_value", "file_min_max",
             lambda df: ~(df["min_value"] > df["max_value"]).fillna(False)),
        Rule("kolada_id", "file_kolada_base",
             lambda df: df["kolada_id"].isna() | (df["kind"] == "base")),
    )),
    Spec("indicator_values.csv", "indicator_value", {
        "region_code": Col(ref="regions.csv:region_code"),
        "indicator_id": Col(ref="indicators.csv:indicator_id"),
        "year": Col("int"), "value": Col("float"),
        "flag": Col(required=False, allowed=vocabulary.VALUE_FLAGS),
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
        "flag": Col(required=False, allowed=vocabulary.EMPLOYMENT_FLAGS),
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
        "level": Col(allowed=vocabulary.FUNDING_LEVELS),
        "project": Col(), "beneficiary": Col(required=False),
        "region_codes": Col(ref="regions.csv:region_code", ref_list=True),
        "theme": Col(required=False), "s3_theme_id": Col(required=False, ref="themes.csv:theme_id"),
        "year_start": Col("int", required=False),
        "year_end": Col("int", required=False), "amount": Col("float", required=False, positive=True),
        "currency": Col(required=False, allowed=vocabulary.CURRENCIES),
        "amount_kind": Col(allowed=vocabulary.AMOUNT_KINDS),
        "amount_basis": Col(allowed=vocabulary.AMOUNT_BASES), "is_approx": Col("bool"),
        "amount_note": Col(required=False), "conflict_group": Col(required=False),
        "source_id": Col(ref="sources.csv:source_id"), "evidence": Col(required=False),
        # project lists: the list's own id, the municipalities it names, the partner's role
        # (LP lead, PP partner, AP associated) and what the list covers
        "external_id": Col(required=False), "municipalities": Col(required=False),
        "partner_role": Col(required=False, allowed=vocabulary.PARTNER_ROLES),
        "list_coverage": Col(required=False),
    }, key=("funding_id",)),
    # The seven key areas of the Swedish-Norwegian border region (Mötesplats Vision 2022) and the
    # analyst's classification of S3 areas and Interreg Sverige-Norge projects into them; a blank
    # key area = looked at and explicitly not one of the seven.
    Spec("key_areas.csv", "key_area", {
        "key_area_id": Col(), "name_sv": Col(), "name_en": Col(), "sort_order": Col("int"),
        "a10_industries": Col(), "a10_separable": Col("bool"), "a10_note_sv": Col(), "a10_note_en": Col(),
    }, key=("key_area_id",)),
    Spec("key_area_s3.csv", "key_area_s3", {
        "area_id": Col(ref="specialisations.csv:area_id"),
        "key_area_id": Col(required=False, ref="key_areas.csv:key_area_id"), "note": Col(),
    }, key=("area_id",)),
    # display labels for funding values (programme, period, project, beneficiary); never the value itself
    Spec("funding_labels.csv", "funding_label", {
        "field": Col(allowed=vocabulary.FUNDING_LABEL_FIELDS), "raw": Col(), "label_sv": Col(), "label_en": Col(),
    }, key=("field", "raw")),
    Spec("key_area_funding.csv", "key_area_funding", {
        "funding_id": Col(ref="funding.csv:funding_id"),
        "key_area_id": Col(required=False, ref="key_areas.csv:key_area_id"), "note": Col(),
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

_KIND_DTYPES = {"str": pd.StringDtype(), "int": "Int64", "float": "float64", "bool": "boolean",
                "date": "datetime64[us]"}
#: the message key of a value that is not of its column's kind
_KIND_KEYS = {"int": "file_int", "float": "file_float", "bool": "file_bool", "date": "file_date"}


def _read_text(path: Path) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read a CSV as strings; report structural problems with their line numbers."""
    name = path.name
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem.in_file(name, None, None, None, "file_missing", {"folder": str(path.parent)})]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem.in_file(name, line, None, None, "file_not_utf8")]
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return None, [Problem.in_file(name, None, None, None, "file_empty")]
    header, problems = rows[0], []
    for i, row in enumerate(rows[1:], start=2):
        if len(row) != len(header) and any(cell.strip() for cell in row):
            problems.append(Problem.in_file(name, i, None, None, "file_fields",
                                            {"n": len(row), "header": len(header)}))
    if problems:
        return None, problems
    body = [r for r in rows[1:] if any(c.strip() for c in r)]
    return pd.DataFrame(body, columns=header, dtype="string"), []


#: (column, check name) -> (message key, its values): what a failed check says
Labels = dict[tuple[str, str], tuple[str, dict]]


def _schema(spec: Spec, tables: dict[str, pd.DataFrame], own: pd.DataFrame) -> tuple[pa.DataFrameSchema, Labels]:
    """The pandera schema of a file, and what each of its checks says when it fails."""
    columns, labels = {}, {}
    for name, col in spec.columns.items():
        wanted: list[tuple[Callable, str, dict]] = []     # (check, message key, its values)
        if col.kind == "int" and name.startswith("year"):
            wanted.append((lambda v: v.between(vocabulary.FIRST_YEAR, vocabulary.LAST_YEAR), "file_year", {}))
        if col.positive:
            wanted.append((lambda v: v >= 0, "file_negative", {}))
        if col.allowed:
            wanted.append((lambda v, a=col.allowed: v.isin(a), "file_allowed", {"allowed": ", ".join(col.allowed)}))
        if col.pattern:
            wanted.append((lambda v, p=col.pattern[0]: v.str.fullmatch(p).astype(bool), col.pattern[1], {}))
        if col.unique:
            wanted.append((lambda v: ~v.duplicated(keep=False), "file_unique", {}))
        if col.ref:
            ref_file, ref_col = col.ref.split(":")
            ref_df = own if ref_file == spec.file else tables.get(ref_file)
            allowed = frozenset(ref_df[ref_col].dropna()) if ref_df is not None else frozenset()
            where = {"file": ref_file, "column": ref_col}
            if col.ref_list:
                wanted.append((lambda v, a=allowed: v.map(
                    lambda x: all(p.strip() in a for p in str(x).split(";") if p.strip())).astype(bool),
                    "file_ref", where))
            else:
                wanted.append((lambda v, a=allowed: v.isin(a), "file_ref", where))
        for _fn, key, values in wanted:
            labels[(name, key)] = (key, values)
        columns[name] = pa.Column(_KIND_DTYPES[col.kind], coerce=True, nullable=not col.required, required=True,
                                  checks=[pa.Check(fn, name=key, ignore_na=True) for fn, key, _v in wanted])
    rules = []
    for r in spec.rules:
        rules.append(pa.Check(r.holds, name=_rule_name(r)))
        labels[(r.column, _rule_name(r))] = (r.key, {})
    schema = pa.DataFrameSchema(columns, checks=rules, strict=False, unique=list(spec.key) if spec.key else None,
                                report_duplicates="all")
    return schema, labels


def _rule_name(rule: Rule) -> str:
    return f"rule {rule.column} {rule.key}"


def _prepare(df: pd.DataFrame, spec: Spec) -> tuple[pd.DataFrame, list[Problem]]:
    """Blank cells -> NA; booleans and numbers parsed; uncoercible cells reported."""
    problems: list[Problem] = []
    out = pd.DataFrame(index=df.index)
    for name, col in spec.columns.items():
        if name not in df.columns:
            problems.append(Problem.in_file(spec.file, 1, name, None, "file_no_column"))
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
            problems.append(Problem.in_file(spec.file, int(idx) + 2, name, str(s[idx]), _KIND_KEYS[col.kind]))
        if col.kind == "int":
            whole = parsed.dropna()
            for idx in whole.index[whole != whole.round()]:
                problems.append(Problem.in_file(spec.file, int(idx) + 2, name, str(s[idx]), "file_int"))
        out[name] = parsed
    return out, problems


def _translate(spec: Spec, df_text: pd.DataFrame, err: pa.errors.SchemaErrors, labels: Labels
               ) -> list[Problem]:
    problems = []
    for rec in err.failure_cases.to_dict("records"):
        check, column, idx = str(rec["check"]), rec["column"], rec["index"]
        if check.startswith(("dtype(", "coerce_dtype(")) or idx is None or pd.isna(idx):
            continue  # type problems were reported in _prepare; cascades carry no row
        row = int(idx) + 2
        if check.startswith("rule ") and (column, check) not in labels:
            continue  # a row check fails once per column: it is reported at its own column only
        if check == "not_nullable":
            key, values, value = "file_required", {}, None
        elif check in ("field_uniqueness", "multiple_fields_uniqueness"):
            key, values, value, column = "file_key", {"key": ", ".join(spec.key)}, None, None
        else:
            key, values = labels[(column, check)]
            value = str(df_text.loc[idx, column]) if column in df_text.columns else str(rec["failure_case"])
        problems.append(Problem.in_file(spec.file, row, column if isinstance(column, str) else None, value, key,
                                        values))
    # one line per (row, column, message)
    unique = {(p.row, p.column, p.key, p.value): p for p in problems}
    return sorted(unique.values(), key=lambda p: (p.row or 0, p.column or ""))


def read_all(data_dir: Path) -> dict[str, pd.DataFrame]:
    """Read and validate every bundled data file; raise Invalid listing all problems."""
    texts: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    for spec in SPECS:
        df, probs = _read_text(Path(data_dir) / spec.file)
        problems += probs
        if df is not None:
            texts[spec.file] = df
    if problems:
        raise Invalid(problems)

    typed: dict[str, pd.DataFrame] = {}
    for spec in SPECS:  # referenced files come first in SPECS
        df, type_problems = _prepare(texts[spec.file], spec)
        problems += type_problems
        typed[spec.file] = df
        if any(p.row == 1 for p in type_problems):
            continue  # a missing column: nothing more to say about the rows
        schema, labels = _schema(spec, typed, df)
        try:
            typed[spec.file] = schema.validate(df, lazy=True)
        except pa.errors.SchemaErrors as err:
            seen = {(p.row, p.column) for p in type_problems}
            problems += [p for p in _translate(spec, texts[spec.file], err, labels) if (p.row, p.column) not in seen]
    if problems:
        raise Invalid(problems)
    return typed


def count_rows(tables: dict[str, pd.DataFrame]) -> int:
    return sum(len(df) for df in tables.values())

