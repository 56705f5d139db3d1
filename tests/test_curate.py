"""data/ is reproducible from the team's reference facts (when they are beside the repo)."""

from __future__ import annotations

import pytest

from etl import curate
from tests.conftest import DATA, REFERENCE, quiet


@pytest.mark.skipif(not (REFERENCE / "regional_stats.csv").exists(), reason="shared/reference not beside the repo")
def test_curating_again_gives_the_committed_files(tmp_path):
    curate.curate(REFERENCE, tmp_path, log=quiet)
    for name in curate.FILES:
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name


def test_derived_and_approximate_reference_rows_are_not_imported():
    mapped = set(curate.REGIONAL_STATS_MAP) | {k[0] for k in curate.DALARNA_MAP}
    assert not [m for m in mapped if m.endswith(("_derived", "_approx"))]


@pytest.mark.parametrize("note,currency,amount,expected", [
    ("EU funding applied (ERDF)", "SEK", "100", ("eu_funding", "total")),
    ("total budget", "EUR", "100", ("total_budget", "total")),
    ("Vinnova funding per year (up to ten years)", "SEK", "100", ("national_grant", "per_year")),
    ("ERDF (up to), IO1", "SEK", "100", ("eu_funding", "maximum")),
    ("share of programme EU (ERDF) funds", "%", "23", ("share_pct", "total")),
    ("Vinnova funding (10 years) - amount not stated", "", "", ("not_stated", "total")),
])
def test_amount_kinds_are_classified(note, currency, amount, expected):
    assert curate._amount_kind(note, currency, amount) == expected
