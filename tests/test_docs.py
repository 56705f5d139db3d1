"""The documentation is a contract: every table, column and view is described."""

from __future__ import annotations

import re

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
