"""Funding arithmetic: conversion at the start year's rate, kinds never summed together,
multi-county projects counted once, alignment as hand-computed; and the page itself."""

from __future__ import annotations

import pandas as pd
import pytest

from app import funding
from tests.test_pages import open_page


def test_conversion_uses_the_start_years_ecb_rate(con):
    rows = con.execute("""
        SELECT f.amount, f.amount_sek, f.rate_year, f.year_start, x.rate
        FROM v_funding_amount f JOIN exchange_rate x ON x.year = f.year_start AND x.quote = 'SEK'
        WHERE f.currency = 'EUR' AND f.year_start IS NOT NULL""").fetchall()
    assert rows
    for amount, amount_sek, rate_year, year_start, rate in rows:
        assert rate_year == year_start
        assert amount_sek == pytest.approx(amount * rate)
    # KTP Science started in 2018: EUR 734,042.67 at the 2018 average rate.
    (sek, year) = con.execute("""SELECT amount_sek, rate_year FROM v_funding_amount
        WHERE project = 'KTP Science' AND amount_kind = 'eu_funding'""").fetchone()
    (rate_2018,) = con.execute("SELECT rate FROM exchange_rate WHERE year = 2018 AND quote = 'SEK'").fetchone()
    assert year == 2018 and sek == pytest.approx(734042.67 * rate_2018)


def test_nok_goes_through_the_euro(con):
    rows = con.execute("""SELECT amount, amount_sek, eur_sek, eur_nok FROM v_funding_amount
        WHERE currency = 'NOK' AND year_start IS NOT NULL""").fetchall()
    for amount, sek, eur_sek, eur_nok in rows:
        assert sek == pytest.approx(amount / eur_nok * eur_sek)


def test_without_a_start_year_nothing_is_converted(con):
    rows = con.execute("""SELECT funding_id, amount, amount_sek, rate_year FROM v_funding_amount
        WHERE year_start IS NULL AND currency IN ('EUR', 'NOK') AND amount IS NOT NULL""").fetchall()
    assert rows, "the bundled data has foreign-currency amounts without a start year"
    converted = [(fid, sek, rate_year) for fid, _, sek, rate_year in rows if sek is not None or rate_year is not None]
    assert not converted, f"converted without a start year: {converted}"


# A synthetic funding table (not real data).
def _row(fid, regions, kind, amount, theme="", level="project", basis="total", conflict=""):
    return {"funding_id": fid, "programme": "P", "programme_period": "2014-2020", "level": level,
            "project": fid, "beneficiary": "b", "theme": "", "s3_theme_id": theme or None,
            "region_codes": regions, "amount": amount, "amount_kind": kind, "amount_basis": basis,
            "amount_sek": amount, "amount_eur": amount / 10, "conflict_group": conflict or None}


SYNTHETIC = pd.DataFrame([
    _row("a", ["SE311"], "eu_funding", 100, "bioeconomy"),
    _row("b", ["SE311"], "eu_funding", 300, "games"),
    _row("c", ["SE311"], "total_budget", 1000, "bioeconomy"),      # another kind: never added to EU funding
    _row("d", ["SE311", "SE312"], "eu_funding", 50, "bioeconomy"),  # two counties: counted once, not split
    _row("e", ["SE312"], "eu_funding", 40, ""),                     # unclassified
    _row("f", ["SE31"], "eu_funding", 9999, level="programme"),     # a programme envelope
    _row("g", ["SE312"], "eu_funding", 7, basis="per_year"),        # per year: not a total
    _row("h", ["SE313"], "eu_funding", 500, conflict="x"),          # contradicted elsewhere
])
DECLARED = pd.DataFrame({"region_code": ["SE311", "SE311", "SE312"], "theme_id": ["bioeconomy", "energy", "energy"]})


def test_amount_kinds_are_never_summed_together():
    eu = funding.totals(SYNTHETIC, "eu_funding", "SEK")
    assert eu.amount.sum() == 100 + 300 + 50 + 40
    budget = funding.totals(SYNTHETIC, "total_budget", "SEK")
    assert budget.amount.sum() == 1000


def test_a_multi_county_project_is_counted_once_under_several_counties():
    eu = funding.totals(SYNTHETIC, "eu_funding", "SEK").set_index("bucket")
    assert eu.loc[funding.MULTI, "amount"] == 50
    assert eu.loc["SE311", "amount"] == 400
    assert eu.loc["SE312", "amount"] == 40


def test_alignment_equals_the_hand_computed_share():
    al = funding.alignment(SYNTHETIC, DECLARED, "eu_funding", "SEK").set_index("region_code")
    # Värmland: a (100, bioeconomy, declared) + b (300, games, not declared) -> 100 / 400
    assert al.loc["SE311", "share_aligned"] == pytest.approx(0.25)
    # Dalarna: e (40, unclassified) -> 0 / 40
    assert al.loc["SE312", "share_aligned"] == pytest.approx(0.0)
    assert pd.isna(al.loc["SE313", "total"])


def test_unmatched_projects_are_listed():
    assert funding.unmatched(SYNTHETIC).project.tolist() == ["e", "g", "h"]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_funding_page_in_both_languages(warehouse, lang):
    at = open_page("pages/funding.py", lang=lang)
    assert not at.exception
    labels = [m.label for m in at.metric]
    assert any("Värmland" in label for label in labels)
    text = " ".join(m.value for m in at.markdown)
    assert "Paper Province 2.0" in text  # the conflicting figures are both shown


def test_funding_page_multi_county_projects_show_as_several_counties(warehouse):
    at = open_page("pages/funding.py")
    projects = at.dataframe[2].value
    ktp = projects[projects.iloc[:, 2] == "KTP Science"]
    assert ktp.iloc[0, 4].startswith("Flera län: ")


def test_amounts_are_shown_only_in_a_currency_with_a_column():
    assert funding.amount_column("EUR") == "amount_eur"
    with pytest.raises(ValueError, match="SEK or EUR"):
        funding.totals(SYNTHETIC, "eu_funding", "NOK")


def test_county_cards_say_total_and_per_inhabitant_in_the_language():
    # Synthetic population (not real data).
    pop = pd.DataFrame({"region_code": ["SE311", "SE312"], "population": [100.0, 40.0], "year": [2023, 2022]})
    names = {"SE311": "V", "SE312": "D", "SE313": "G"}
    cards, caption = funding.county_cards(funding.totals(SYNTHETIC, "eu_funding", "SEK"), pop, names,
                                          "eu_funding", "SEK", "en")
    assert [c.label for c in cards] == ["V · EU funding", "D · EU funding", "G · EU funding"]
    assert cards[0].caption == "4.0 SEK per inhabitant"      # 400 / 100
    assert cards[1].caption == "1.0 SEK per inhabitant"      # 40 / 40
    assert cards[2].value == "–" and cards[2].caption is None  # nothing counted for Gävleborg: missing, not 0
    assert caption.endswith("(V 2023, D 2022). Multi-county projects are not included (they are not split).")


def test_an_amount_kind_without_text_is_named_not_a_key_error():
    assert funding.kind_name("eu_funding", "sv") == "EU-stöd"
    assert funding.kind_name("a_kind_added_later", "sv") == "Annat slags belopp"
    assert funding.kind_name("a_kind_added_later", "en") == "Another kind of amount"
