"""The dashboard's one read-only DuckDB connection, and cached queries.

* One connection per process and warehouse version (``st.cache_resource``); every
  query takes its own cursor and materialises the result inside it. A connection
  shared across Streamlit's script threads without cursors silently returns None
  in DuckDB 2.0.
* The warehouse pointer (``data/warehouse.duckdb``) is a symlink to an immutable
  version file. Each query resolves it, so when a build or upload publishes a new
  version the next query uses it; results are cached per version.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from etl import warehouse


class WarehouseMissing(RuntimeError):
    pass


def current_version() -> Path:
    target = warehouse.current_target(warehouse.db_path())
    if target is None:
        raise WarehouseMissing(
            f"No warehouse found at {warehouse.db_path()}. Build it with: python -m etl build")
    return target


@st.cache_resource(max_entries=2, on_release=lambda con: con.close(), show_spinner=False)
def _connection(version: str) -> duckdb.DuckDBPyConnection:
    return warehouse.connect_read_only(Path(version))


@st.cache_data(max_entries=512, show_spinner=False)
def _cached(sql: str, params: tuple, version: str) -> pd.DataFrame:
    with _connection(version).cursor() as cur:
        return cur.execute(sql, list(params)).df()


def query(sql: str, params: tuple | list = ()) -> pd.DataFrame:
    """Run a parameterised read query against the current warehouse version (cached)."""
    return _cached(sql, tuple(params), str(current_version()))


def version_label() -> str:
    return current_version().stem
