"""Shared fixtures and markers.

``warehouse`` builds the bundled data set once per test session into a temporary
folder (never touching data/warehouse.duckdb) and points the app at it via $NMS_DB.

Markers (registered in pytest.ini): every test that uses the warehouse is ``slow``,
every test under tests/e2e is ``browser``, so ``pytest -m "not slow and not browser"``
runs the fast tests in seconds.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from etl import build, warehouse as wh

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
REFERENCE = ROOT.parent / "shared" / "reference"


def quiet(*_args, **_kwargs):
    pass


def pytest_collection_modifyitems(items):
    e2e = ROOT / "tests" / "e2e"
    for item in items:
        if e2e in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
        if "warehouse" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory) -> Path:
    pointer = tmp_path_factory.mktemp("wh") / "warehouse.duckdb"
    build.build(DATA, pointer, log=quiet)
    os.environ["NMS_DB"] = str(pointer)
    return pointer


@pytest.fixture
def pointer(warehouse, tmp_path) -> Path:
    """A private, writable copy of the test warehouse."""
    p = tmp_path / "w.duckdb"
    version = wh.new_version_path(p, "copy")
    shutil.copyfile(wh.current_target(warehouse), version)
    wh.publish(p, version)
    return p


@pytest.fixture
def con(warehouse):
    c = wh.connect_read_only(wh.current_target(warehouse))
    yield c
    c.close()


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of data/ (CSV files only) for tests that break a file."""
    out = tmp_path / "data"
    out.mkdir()
    for f in DATA.glob("*.csv"):
        shutil.copy(f, out / f.name)
    return out


def query(pointer: Path, sql: str, params=()) -> list[tuple]:
    """Rows of ``sql`` on the warehouse version ``pointer`` names (read-only)."""
    con = wh.connect_read_only(wh.current_target(pointer))
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()
