"""Curation: data/ is reproducible from the team's reference facts, and it imports facts only.

The tests that run curate need ``../shared/reference`` beside the repo (as in CI)."""

from __future__ import annotations

import csv

import pytest

from etl import curate, mappings
from etl.curate import funding, regional_stats
from tests.conftest import DATA, REFERENCE, quiet

needs_reference = pytest.mark.skipif(not (REFERENCE / "regional_stats.csv").exists(),
                                     reason="shared/reference not beside the repo")
OUTPUTS = [*curate.FILES, "indicators.csv", "curation_decisions.md"]


def _rows(path):
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@needs_reference
def test_curating_twice_gives_identical_files_equal_to_the_committed_ones(tmp_path):
    curate.curate(REFERENCE, tmp_path / "a", log=quiet)
    curate.curate(REFERENCE, tmp_path / "b", log=quiet)
    for name in OUTPUTS:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
        assert (tmp_path / "a" / name).read_bytes() == (DATA / name).read_bytes(), name


@needs_reference
def test_derived_and_approximate_reference_rows_are_never_imported(tmp_path, monkeypatch):
    reference = _rows(REFERENCE / "regional_stats.csv")
    arithmetic = sorted({r["indicator"] for r in reference if r["indicator"].endswith(("_derived", "_approx"))})
    assert arithmetic, "the reference has no _derived/_approx rows any more: this test checks nothing"
    # Even a mapping that names them (a reviewer's slip) must not bring them in.
    slip = {name: ("rd_total_msek", "") for name in arithmetic}
    monkeypatch.setattr(regional_stats, "INDICATORS", {**regional_stats.INDICATORS, **slip})
    curate.curate(REFERENCE, tmp_path, log=quiet)
    committed = _rows(DATA / "indicator_values.csv")
    assert _rows(tmp_path / "indicator_values.csv") == committed
    # ... and the committed values cite none of the arithmetic rows' evidence.
    evidence = {" ".join(r["evidence"].split())[:300] for r in reference if r["indicator"] in arithmetic}
    assert not evidence & {r["note"] for r in committed}


@needs_reference
def test_every_value_cites_a_source_and_one_series_per_region_indicator_and_year(tmp_path):
    curate.curate(REFERENCE, tmp_path, log=quiet)
    sources = {r["source_id"]: r for r in _rows(tmp_path / "sources.csv")}
    values = _rows(tmp_path / "indicator_values.csv")
    assert values and all(sources[v["source_id"]]["url"].startswith("http") for v in values)
    keys = [(v["region_code"], v["indicator_id"], v["year"]) for v in values]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("note,currency,amount,expected", [
    ("EU funding applied (ERDF)", "SEK", "100", ("eu_funding", "total")),
    ("total budget", "EUR", "100", ("total_budget", "total")),
    ("Vinnova funding per year (up to ten years)", "SEK", "100", ("national_grant", "per_year")),
    ("ERDF (up to), IO1", "SEK", "100", ("eu_funding", "maximum")),
    ("share of programme EU (ERDF) funds", "%", "23", ("share_pct", "total")),
    ("Vinnova funding (10 years) - amount not stated", "", "", ("not_stated", "total")),
])
def test_amount_kinds_are_classified(note, currency, amount, expected):
    assert funding.amount_kind(note, currency, amount) == expected


def test_an_amount_that_fits_no_rule_is_refused_with_where_to_add_one():
    with pytest.raises(ValueError, match="add a rule in etl/curate/funding.py"):
        funding.amount_kind("some new wording", "SEK", "100")


def test_every_mapping_file_is_listed_in_its_readme():
    readme = (mappings.MAPPINGS_DIR / "README.md").read_text(encoding="utf-8")
    files = sorted(p.name for p in mappings.MAPPINGS_DIR.glob("*.csv"))
    assert files and [f for f in files if f"`{f}`" not in readme] == []


def test_funding_theme_first_theme_with_a_keyword_wins():
    assert mappings.funding_theme("", "Serious game for forest owners") == "games"   # games before bioeconomy
    assert mappings.funding_theme("Skogsnäring", "Träbyggnad") == "construction"     # 'bygg' before 'skog'
    assert mappings.funding_theme("", "Kontorsstöd") == ""
