"""The bench's reference page (bench/browser.py's yardstick) exists only when the bench asks for it."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

REFERENCE = "bench/reference_page.py"


def _run(monkeypatch, value: str | None) -> AppTest:
    if value is None:
        monkeypatch.delenv("NMS_BENCH_REFERENCE", raising=False)
    else:
        monkeypatch.setenv("NMS_BENCH_REFERENCE", value)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    return at


def test_without_the_bench_the_reference_page_cannot_be_reached(warehouse, monkeypatch):
    at = _run(monkeypatch, None)
    with pytest.raises(Exception, match="(?i)page"):
        at.switch_page(str(ROOT / REFERENCE)).run()


def test_the_bench_gets_a_hidden_page_with_one_chart(warehouse, monkeypatch):
    at = _run(monkeypatch, "bench-referens")
    at.switch_page(str(ROOT / REFERENCE)).run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.get("plotly_chart")) == 1
