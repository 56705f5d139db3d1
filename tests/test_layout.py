"""The shape of the UI code: thin pages, each with a view module of the same name that
works without a Streamlit session, and one vocabulary."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from app.registry import PAGES
from etl import vocabulary
from tests.conftest import ROOT

MAX_PAGE_LINES = 100
#: Functions that pick a language: view modules must always say which.
LANGUAGE_FUNCTIONS = {"t": 2, "col": 2, "flag_text": 2}


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def _view_module(spec) -> Path:
    return ROOT / "app" / Path(spec.file).name


@pytest.mark.parametrize("spec", PAGES, ids=lambda p: p.url_path)
def test_each_page_is_thin_and_has_a_view_module_of_the_same_name(spec):
    page = ROOT / spec.file
    n = len(page.read_text(encoding="utf-8").splitlines())
    assert n <= MAX_PAGE_LINES, f"{spec.file} has {n} lines; move the shaping into {_view_module(spec).name}"
    assert _view_module(spec).exists(), f"{spec.file} has no app/{page.name}"
    assert "SELECT " not in page.read_text(encoding="utf-8"), "SQL belongs in app/queries.py"


@pytest.mark.parametrize("spec", PAGES, ids=lambda p: p.url_path)
def test_view_modules_take_the_language_as_an_argument(spec):
    """No session needed: no Streamlit import, no lang() lookup, and every t()/col()/flag_text()
    is told the language (so results can be cached and tested by their inputs)."""
    path = _view_module(spec)
    problems = []
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] + ([node.module] if isinstance(node, ast.ImportFrom) else [])
            if any(n and n.split(".")[0] == "streamlit" for n in names):
                problems.append(f"line {node.lineno}: imports streamlit")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            name = node.func.id
            if name == "lang":
                problems.append(f"line {node.lineno}: reads the session's language")
            elif name in LANGUAGE_FUNCTIONS and len(node.args) < LANGUAGE_FUNCTIONS[name]:
                problems.append(f"line {node.lineno}: {name}() without a language")
    assert not problems, f"{path.name}: " + "; ".join(problems)


def test_one_language_getter():
    getters = [f"{p.relative_to(ROOT)}:{n.lineno}" for p in (ROOT / "app").glob("*.py")
               for n in ast.walk(_tree(p))
               if isinstance(n, ast.FunctionDef) and n.name in {"lang", "language", "current_lang", "get_lang"}]
    assert getters == ["app/i18n.py:" + getters[0].split(":")[1]], getters


def test_region_codes_and_languages_come_from_the_vocabulary():
    """A literal copy of a county code or the language list outside etl/vocabulary.py drifts."""
    facts = {*vocabulary.NMS_COUNTIES, vocabulary.NMS, vocabulary.SWEDEN}
    files = [*(ROOT / "app").glob("*.py"), *(ROOT / "app_pages").glob("*.py"), ROOT / "dashboard.py"]
    found = []
    for path in files:
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.Constant) and node.value in facts:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.value!r}")
            if isinstance(node, ast.Tuple | ast.List) and \
                    [getattr(e, "value", None) for e in node.elts] == list(vocabulary.LANGS):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} the language list")
    assert not found, found
