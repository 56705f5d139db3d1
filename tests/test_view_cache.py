"""``app.db.cached``: a page's built figures and tables are cached by their arguments and the
warehouse version (#22), like query results; outside a Streamlit script run nothing is cached."""

from __future__ import annotations

import shutil

import pytest

from app import db
from etl import warehouse as wh


@pytest.fixture
def in_a_script_run(pointer, monkeypatch):
    """As inside ``streamlit run``: a script run context (the cache is used), on a private warehouse."""
    monkeypatch.setenv("NMS_DB", str(pointer))
    monkeypatch.setattr(db, "get_script_run_ctx", lambda suppress_warning=True: object())
    return pointer


def _counting(calls: list, tag: str):
    @db.cached()
    def view(x: int, lang: str = "sv") -> list:
        calls.append((tag, x, lang))
        return [tag, x, lang]
    return view


def test_a_view_runs_once_per_arguments_and_each_caller_gets_its_own_copy(in_a_script_run):
    calls: list = []
    view = _counting(calls, "a")
    assert view(1) == ["a", 1, "sv"] and view(1) == ["a", 1, "sv"]
    assert calls == [("a", 1, "sv")]
    view(1).append("changed by a caller")
    assert view(1) == ["a", 1, "sv"]
    assert view(1, "en") == ["a", 1, "en"] and view(2) == ["a", 2, "sv"]
    assert calls == [("a", 1, "sv"), ("a", 1, "en"), ("a", 2, "sv")]


def test_a_new_warehouse_version_is_a_new_key(in_a_script_run):
    calls: list = []
    view = _counting(calls, "b")
    view(1)
    version = wh.new_version_path(in_a_script_run, "next")
    shutil.copyfile(wh.current_target(in_a_script_run), version)
    wh.publish(in_a_script_run, version)  # as a build or an upload does
    view(1)
    assert calls == [("b", 1, "sv"), ("b", 1, "sv")]


def test_two_cached_functions_never_share_results(in_a_script_run):
    calls: list = []

    @db.cached()
    def first(x: int) -> str:
        calls.append("first")
        return "first"

    @db.cached()
    def second(x: int) -> str:
        calls.append("second")
        return "second"

    assert (first(1), second(1)) == ("first", "second")


def test_outside_a_script_run_the_function_just_runs(warehouse):
    calls: list = []
    view = _counting(calls, "c")
    view(1)
    view(1)
    assert calls == [("c", 1, "sv"), ("c", 1, "sv")]


def test_a_cached_panel_comes_back_as_it_was_built():
    """Synthetic series (not real data): a panel read back from the cache (pickled, its figure
    rebuilt without validation) draws the same figure, with the same table and notes."""
    import json
    import pickle

    import pandas as pd
    import plotly.io as pio

    from app import charts

    df = pd.DataFrame({"region_code": ["A"] * 3 + ["B"] * 3, "year": [2020, 2021, 2022] * 2,
                       "value": [1.5, None, 2.25, 3.0, 3.5, 4.0]})
    fig = charts.line(df, labels={"A": "Region A", "B": "Region B"}, title="T", unit="u",
                      source_line="Synthetic", lang="sv", decimals=2)
    panel = charts.Panel(fig, df, {"value": 2}, "synthetic", ["note 1", "note 2"])
    back = pickle.loads(pickle.dumps(panel))
    assert json.loads(pio.to_json(back.figure, validate=False)) == json.loads(pio.to_json(fig, validate=False))
    pd.testing.assert_frame_equal(back.table, df)
    assert (back.decimals, back.name, back.notes) == ({"value": 2}, "synthetic", ["note 1", "note 2"])
    charts.fit(back.figure, 720)  # presentation mode still sizes it
    assert back.figure.layout.height == 720 - charts.PRESENT_RESERVED
