"""The dashboard's one read-only DuckDB connection, and cached queries.

* One connection per process and warehouse version (``st.cache_resource``); every
  query takes its own cursor and materialises the result inside it. A connection
  shared across Streamlit's script threads without cursors silently returns None
  in DuckDB 2.0.
* The warehouse pointer (``data/warehouse.duckdb``) is a symlink to an immutable
  version file. Each query resolves it, so when a build or upload publishes a new
  version the next query uses it; results are cached per version.
* ``cached``: a view function's result (figures, tables, cards built from query results)
  cached the same way, by its arguments and the warehouse version.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

import duckdb
import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

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


F = TypeVar("F", bound=Callable[..., Any])


def cached(max_entries: int = 64) -> Callable[[F], F]:
    """Decorator: cache a view function's result by its arguments and the warehouse version
    (``st.cache_data``: every caller gets its own copy, so a caller may change what it gets).

    The arguments must be plain values (str, int, tuples, dicts of them): the function asks
    the warehouse itself, so a new warehouse version is a new key. Outside a Streamlit script
    run (tests, scripts) the function simply runs, so a test sees exactly what it set up."""
    def decorate(func: F) -> F:
        def run(version: str, *args, **kwargs):
            return func(*args, **kwargs)

        # Streamlit keys a cache by the function's module, name and source: the wrapped
        # function's own source is in the name, so an edited function gets a new cache.
        try:
            source = inspect.getsource(func)
        except (OSError, TypeError):
            source = func.__code__.co_code.hex()
        digest = hashlib.sha1(source.encode()).hexdigest()[:12]
        run.__module__, run.__qualname__ = func.__module__, f"{func.__qualname__}.cached_{digest}"
        cached_run = st.cache_data(max_entries=max_entries, show_spinner=False)(run)

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            if get_script_run_ctx(suppress_warning=True) is None:
                return func(*args, **kwargs)
            return cached_run(str(current_version()), *args, **kwargs)

        return cast(F, wrapper)
    return decorate
