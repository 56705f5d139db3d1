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
    ("EU funding applied (ERDF)", "SEK", "100", ("eu_funding_applied", "total")),  # applied for, not granted
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


# --- an EU amount applied for is its own kind (#14: an amount kind is never added to another) --

APPLIED_INTERREG_2014 = {"ecoINSIDE", "Music Innovation Network Inner Scandinavia 2015-2018 (MINS)",
                         "Innovasjoner Med Tre i Regionen Indre Scandinavia (IMTRIS)", "Green Drive Region",
                         "Gränslöst entreprenörskap"}


@pytest.mark.parametrize("note, kind", [
    ("EU funding applied (sökt EU-belopp)", "eu_funding_applied"),
    ("EU funding applied (ERDF IO1); total 760,600 SEK", "eu_funding_applied"),
    ("EU funding (sökt); total budget €794,510; IR €114,763", "eu_funding_applied"),
    ("EU funding granted (beviljade EU-medel)", "eu_funding"),
    ("EU (ERDF) funding", "eu_funding"),
    ("ERDF granted amount", "eu_funding"),
])
def test_an_eu_amount_applied_for_is_not_classified_as_granted(note, kind):
    assert funding.amount_kind(note, "SEK", "100")[0] == kind


def test_the_bundled_rows_that_say_applied_carry_the_applied_kind_and_the_reason():
    rows = _rows(DATA / "funding.csv")
    says_applied = [r for r in rows if any(w in r["amount_note"].lower() for w in ("applied", "sökt"))]
    assert says_applied and {r["amount_kind"] for r in says_applied} == {"eu_funding_applied"}
    assert not [r for r in rows if r["amount_kind"] == "eu_funding_applied" and r not in says_applied]
    # the Interreg Sverige-Norge 2014-2020 press release gives "sökt EU-belopp" for five projects
    interreg = {r["project"] for r in says_applied
                if (r["programme"], r["programme_period"]) == ("Interreg", "2014-2020")}
    assert interreg == APPLIED_INTERREG_2014
    assert all(r["amount_note"] == "EU funding applied (sökt EU-belopp)" for r in says_applied
               if r["project"] in APPLIED_INTERREG_2014)  # the source's words stay as recorded
    decisions = (DATA / "curation_decisions.md").read_text(encoding="utf-8")
    assert ("- Interreg 2014-2020: 5 row(s) give the EU amount applied for, not granted (the source says "
            "'EU funding applied (sökt EU-belopp)'): amount kind `eu_funding_applied`") in decisions


def test_a_granted_list_row_is_kept_beside_an_applied_figure_of_the_same_project():
    """Projektbanken's granted amount is not "the same figure" as a press release's applied-for
    amount: the list row stays (it is the grant), the applied row stays as its own kind."""
    rows = _rows(DATA / "funding.csv")
    adma = {(r["amount_kind"], r["external_id"] != "") for r in rows
            if r["programme"] == "ERUF" and r["project"].startswith("ADMA 2016-18")}
    assert adma == {("eu_funding", True), ("eu_funding_applied", False)}


# --- display labels for funding values (#16.7 follow-up): the recorded value never changes ------


def test_funding_labels_are_curated_without_changing_the_recorded_values():
    labels = {(r["field"], r["raw"]): r for r in _rows(DATA / "funding_labels.csv")}
    assert labels[("programme", "Vinnova-other")]["label_sv"] == "Vinnova, övriga program"
    assert labels[("programme", "Vinnova-other")]["label_en"] == "Vinnova, other programmes"
    rows = _rows(DATA / "funding.csv")
    assert "Vinnova-other" in {r["programme"] for r in rows}  # the value as recorded stays
    assert not any(r["programme"].startswith("Vinnova, ") for r in rows)
    for (field, raw), label in labels.items():
        assert label["label_sv"] and label["label_en"], (field, raw)
        assert field == "programme" or any(r[field] == raw for r in rows), (field, raw)


def test_a_label_for_a_value_no_funding_row_holds_stops_curation(monkeypatch):
    rows = [{"programme": "P", "programme_period": "2014-2020", "project": "X", "beneficiary": "B"}]
    mapping = [{"field": "project", "raw": "Y", "label_sv": "Y sv", "label_en": "Y en", "reason": "test"}]
    monkeypatch.setattr(funding.mappings, "read", lambda name: mapping)
    with pytest.raises(ValueError, match=r"row 2: no funding row has the project 'Y'"):
        funding.labels(rows, [])
    mapping[0].update(field="theme", raw="X")
    with pytest.raises(ValueError, match="field 'theme' is not one of"):
        funding.labels(rows, [])
    mapping[0].update(field="project", raw="X", label_sv="")
    with pytest.raises(ValueError, match="give both label_sv and label_en"):
        funding.labels(rows, [])
    mapping[0].update(label_sv="X sv")
    assert funding.labels(rows, []) == [{"field": "project", "raw": "X", "label_sv": "X sv", "label_en": "Y en"}]
