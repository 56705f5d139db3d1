"""The UI-text catalogue is complete and has nothing left over.

Every key the code uses exists, in Swedish and English with the same placeholders, and
each call passes exactly those placeholders; every key in the catalogue is used, either
literally or through a known family of keys built at run time (``t(f"fu.kind.{kind}")``),
and each family has exactly one key per value of the vocabulary it is built from.
"""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pandas as pd
import pytest

from app import border, challenges, funding, indicators, registry, upload_view
from app.i18n import TEXT, t
from etl import vocabulary
from reports import render
from tests.conftest import DATA, ROOT

#: Where UI text is used (the catalogue itself, app/i18n.py, is where it is defined).
CODE = sorted(p for p in [*(ROOT / "app").glob("*.py"), *(ROOT / "app_pages").glob("*.py"), ROOT / "dashboard.py",
                          *(ROOT / "reports").glob("*.py")]
              if p.name != "i18n.py")


def _reasons_raised(module: Path, error: str) -> set[str]:
    """The string arguments of every ``raise error("...")`` in a module."""
    return {node.args[0].value for node in ast.walk(ast.parse(module.read_text(encoding="utf-8")))
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == error
            and node.args and isinstance(node.args[0], ast.Constant)}


#: Keys built at run time: prefix -> the values that complete it (from where the values live).
FAMILIES: dict[str, set[str]] = {
    "fu.kind.": set(vocabulary.AMOUNT_KINDS),
    "fu.level.": set(vocabulary.FUNDING_LEVELS),
    "fu.role.": set(vocabulary.PARTNER_ROLES),
    "fu.basis.": set(vocabulary.AMOUNT_BASES) - {"total"},
    "fu.list.": set(funding.LISTS.values()),
    "flag.": {*vocabulary.VALUE_FLAGS, *vocabulary.FETCH_FLAGS, *vocabulary.EMPLOYMENT_FLAGS},
    "flag.why.": {*vocabulary.VALUE_FLAGS, *vocabulary.FETCH_FLAGS, *vocabulary.EMPLOYMENT_FLAGS},
    "ind.mode.": set(indicators.MODES),
    "ch.status.": set(challenges.COLOURS),
    "s3.status.": set(pd.read_csv(DATA / "specialisations.csv").status),
    "ch.framework.": set(pd.read_csv(DATA / "action_areas.csv").framework),
    "cls.": set(pd.read_csv(DATA / "industries.csv").classification),
    "ws.error.": _reasons_raised(ROOT / "app" / "workshop.py", "WorkshopFileError"),
    "export.error.": set(render.REASONS),   # why an export cannot run (reports/render.py)
    # the upload page (etl's loader names the steps and layouts)
    "up.step.": {"check", "parse", "validate", "commit", "check_warehouse", "done"},
    "up.layout.": {"template", "scb_wide", "kolada", "cordis", "kohesio", "scb_api", "eurostat_api", "vinnova_api"},
    "up.": {"new", "changed", "unchanged", "source_only"},
    "up.f.": set(upload_view.FIELDS),
    "up.what.": set(upload_view.WHAT),
    "up.h.kind.": set(upload_view.KINDS),
    # the border view: its two boundary sets and its GDP measures
    "bo.bounds.": set(border.BOUNDS),
    "bo.bounds_chart.": set(border.BOUNDS),
    "bo.bounds_note.": set(border.BOUNDS),
    "bo.no_employment.": set(border.BOUNDS),
    "bo.gdp_measure.": set(border.GDP_MEASURES),
    "bo.gdp_title.": set(border.GDP_MEASURES),
    "bo.gdp_unit.": set(border.GDP_MEASURES),
    "bo.gdp_col.": set(border.GDP_MEASURES),
}


#: PageSpec fields that hold UI-text keys (``t(spec.title_key)``).
PAGE_SPEC_KEYS = {"title_key", "section"}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _calls_to_t():
    """(file, line, key or None, dynamic prefix or None, keyword names or None) for every t(...) call."""
    for path in CODE:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "t" and node.args):
                continue
            arg = node.args[0]
            kwargs = None if any(k.arg is None for k in node.keywords) else {k.arg for k in node.keywords}
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            if isinstance(arg, ast.Constant):
                yield where, arg.value, None, kwargs
            elif isinstance(arg, ast.JoinedStr) and isinstance(arg.values[0], ast.Constant):
                yield where, None, arg.values[0].value, kwargs
            elif isinstance(arg, ast.BinOp) and isinstance(arg.left, ast.Constant):
                yield where, None, arg.left.value, kwargs
            elif isinstance(arg, ast.Attribute) and arg.attr in PAGE_SPEC_KEYS:
                continue  # a page's title or section key: checked against the registry below
            else:
                yield where, None, "", kwargs


def _string_constants() -> set[str]:
    return {node.value for path in CODE for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Constant) and isinstance(node.value, str)}


def test_both_languages_have_the_text_and_the_same_placeholders():
    problems = [f"{key}: a language has no text" for key, (sv, en) in TEXT.items() if not (sv.strip() and en.strip())]
    problems += [f"{key}: placeholders differ between sv and en" for key, (sv, en) in TEXT.items()
                 if placeholders(sv) != placeholders(en)]
    assert not problems, "\n".join(problems)


def test_every_key_used_exists_and_gets_its_placeholders():
    problems = []
    for where, key, prefix, kwargs in _calls_to_t():
        if key is not None:
            if key not in TEXT:
                problems.append(f"{where}: no text for {key!r}")
            elif kwargs is not None and kwargs != placeholders(TEXT[key][0]):
                problems.append(f"{where}: {key!r} takes {sorted(placeholders(TEXT[key][0]))}, given {sorted(kwargs)}")
        elif prefix not in FAMILIES:
            problems.append(f"{where}: a key built at run time from {prefix!r}, "
                            "not a known family (add it to FAMILIES)")
        elif kwargs:
            problems.append(f"{where}: placeholders passed to a family key")
    assert not problems, "\n".join(problems)


def test_every_page_title_and_section_has_a_text():
    specs = [*registry.PAGES, registry.LOGIN, registry.UPLOAD]
    missing = [getattr(s, f) for s in specs for f in PAGE_SPEC_KEYS if getattr(s, f) not in TEXT]
    assert not missing


@pytest.mark.parametrize("prefix", sorted(FAMILIES))
def test_each_family_has_one_key_per_value(prefix):
    assert FAMILIES[prefix], f"{prefix}: no values found"
    keys = {k for k in TEXT if k.startswith(prefix) and "." not in k[len(prefix):]}
    if prefix == "up.":  # the namespace of the upload page: only its one-word keys are this family
        assert {prefix + v for v in FAMILIES[prefix]} <= keys
        return
    assert keys == {prefix + v for v in FAMILIES[prefix]}


def test_no_key_is_unused():
    literal = _string_constants()
    family = {prefix + v for prefix, values in FAMILIES.items() for v in values}
    unused = sorted(k for k in TEXT if k not in literal and k not in family)
    assert not unused, f"unused UI-text keys: {unused}"


def test_a_language_can_be_asked_for_explicitly():
    assert t("common.year", "sv") == "År" and t("common.year", "en") == "Year"
    assert t("fu.col.converted", "en", currency="EUR") == "Amount, EUR"
