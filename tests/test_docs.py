"""The documentation is a contract: every table, column and view is described."""

from __future__ import annotations

import argparse
import re
import shlex

import pytest

from tests.conftest import ROOT

DOC = (ROOT / "docs" / "warehouse.md").read_text(encoding="utf-8")


def _documented_columns(table: str) -> set[str]:
    section = re.search(rf"^## {table}\n(.*?)(?=^## |\Z)", DOC, re.S | re.M)
    assert section, f"docs/warehouse.md has no section for {table}"
    names = set()
    for cell in re.findall(r"^\| ([^|]+) \|", section.group(1), re.M):
        for name in cell.split("/"):
            names.add(name.strip())
    return names


def test_every_table_and_column_is_documented(con):
    tables = [r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'").fetchall()]
    for table in tables:
        documented = _documented_columns(table)
        columns = [r[0] for r in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = ?", [table]).fetchall()]
        missing = [c for c in columns if c not in documented]
        assert not missing, f"{table}: undocumented columns {missing}"


def test_every_view_is_documented(con):
    views = [r[0] for r in con.execute(
        "SELECT view_name FROM duckdb_views() WHERE NOT internal AND schema_name = 'main'").fetchall()]
    for view in views:
        assert f"| {view} |" in DOC, view


def test_readme_has_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "./run.sh" in readme and "./test.sh" in readme
    assert "bash ./test.sh" in (ROOT / ".ci" / "run").read_text()


README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_module_table_names_every_etl_module_and_only_those():
    row = next(line for line in README.splitlines() if line.startswith("| `etl/` |"))
    named = set(re.findall(r"`([\w/]+(?:\.py|/))`", row)) - {"etl/", "data/"}
    etl = ROOT / "etl"
    on_disk = {p.name + ("/" if p.is_dir() else "") for p in etl.iterdir()
               if p.name not in ("__init__.py", "__main__.py", "__pycache__") and (p.is_dir() or p.suffix == ".py")}
    nested = {n for n in named if not (etl / n.rstrip("/")).exists() and not list(etl.rglob(n.rstrip("/")))}
    assert nested == set(), f"named in the README but not in etl/: {nested}"
    assert on_disk - named == set(), f"in etl/ but not in the README's module table: {on_disk - named}"


def _examples() -> list[str]:
    return [m.strip() for m in re.findall(r"python -m etl ([^\n`#]*)", README) if m.strip()]


def test_the_readme_has_cli_examples():
    assert len(_examples()) >= 15


@pytest.mark.parametrize("example", _examples())
def test_every_cli_example_in_the_readme_is_a_real_command(example):
    from etl import cli

    subparsers = next(a for a in cli.parser()._actions if isinstance(a, argparse._SubParsersAction))
    tokens = shlex.split(example.replace("[", " ").replace("]", " "))
    command = subparsers.choices.get(tokens[0])
    assert command is not None, f"python -m etl has no command {tokens[0]!r}"
    options = {o for a in command._actions for o in a.option_strings}
    assert [t for t in tokens[1:] if t.startswith("-") and t.split("=")[0] not in options] == []
    if "[" not in example and "--help" not in tokens and not any(t.isupper() for t in tokens[1:]):
        command.parse_args(tokens[1:])                              # a full example, no placeholders
