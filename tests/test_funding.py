"""Funding arithmetic: conversion at the start year's rate, kinds never summed together,
multi-county projects and partner rows counted once, the same projects counted in either
currency, unclassified projects as their own category, coverage against the programme's
allocation, the sidebar's filters honoured; and the page itself."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from app import funding
from tests.test_pages import open_page, url_values


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


# --- a synthetic funding table (not real data) ---------------------------------------------
RATE = {2015: 10.0, 2020: 8.0}  # synthetic SEK per EUR, two different years on purpose


def _row(fid, regions, kind, amount, theme="", level="project", basis="total", conflict="", *, currency="SEK",
         year=2015, project=None, role=None, programme="P", period="2014-2020", external_id=None, note=None):
    rate = RATE.get(year) if year else None
    sek = None if rate is None and currency != "SEK" else (amount if currency == "SEK" else amount * rate)
    eur = None if rate is None else (amount if currency == "EUR" else amount / rate)
    return {"funding_id": fid, "programme": programme, "programme_period": period, "level": level,
            "project": project or fid, "beneficiary": f"b-{fid}", "theme": "", "s3_theme_id": theme or None,
            "region_codes": regions, "amount": amount, "amount_kind": kind, "amount_basis": basis,
            "currency": currency, "year_start": year, "year_end": None, "amount_sek": sek, "amount_eur": eur,
            "rate_year": year if rate else None, "conflict_group": conflict or None, "partner_role": role,
            "external_id": external_id, "list_coverage": note, "municipalities": None, "is_approx": False,
            "amount_note": "", "in_nms": True, "source_id": "s", "publisher": "pub", "source_url": "https://x",
            "s3_theme_sv": None, "s3_theme_en": None}


SYNTHETIC = pd.DataFrame([
    _row("a", ["SE311"], "eu_funding", 100, "bioeconomy"),
    _row("b", ["SE311"], "eu_funding", 300, "games", year=2020),
    _row("c", ["SE311"], "total_budget", 1000, "bioeconomy"),      # another kind: never added to EU funding
    _row("d", ["SE311", "SE312"], "eu_funding", 50, "bioeconomy"),  # two counties: counted once, not split
    _row("e", ["SE312"], "eu_funding", 40, ""),                     # not classified
    _row("f", ["SE31"], "eu_funding", 9999, level="programme"),     # a programme envelope
    _row("g", ["SE312"], "eu_funding", 7, basis="per_year"),        # per year: not a total
    _row("h", ["SE313"], "eu_funding", 500, conflict="x"),          # contradicted elsewhere
    _row("i", ["SE313"], "eu_funding", 80, "energy", year=None),    # SEK without a start year: not converted
    _row("j", ["SE313"], "eu_funding", 6, "energy", currency="EUR", year=None),  # EUR without a start year
    _row("k", ["SE313"], "eu_funding", 20, "energy"),
])
DECLARED = pd.DataFrame({"region_code": ["SE311", "SE311", "SE312", "SE313"],
                         "theme_id": ["bioeconomy", "energy", "energy", "energy"]})


def test_amount_kinds_are_never_summed_together():
    eu = funding.totals(SYNTHETIC, "eu_funding", "SEK")
    assert eu.amount.sum() == 100 + 300 + 50 + 40 + 20
    budget = funding.totals(SYNTHETIC, "total_budget", "SEK")
    assert budget.amount.sum() == 1000


def test_a_multi_county_project_is_counted_once_under_several_counties():
    eu = funding.totals(SYNTHETIC, "eu_funding", "SEK").set_index("bucket")
    assert eu.loc[funding.MULTI, "amount"] == 50
    assert eu.loc["SE311", "amount"] == 400
    assert eu.loc["SE312", "amount"] == 40


def test_a_project_for_the_whole_of_norra_mellansverige_counts_under_several_counties():
    df = pd.DataFrame([_row("n", ["SE31"], "eu_funding", 70, "energy")])
    assert funding.totals(df, "eu_funding", "SEK").set_index("bucket").loc[funding.MULTI, "amount"] == 70


def test_partner_rows_add_up_but_count_as_one_project():
    df = pd.DataFrame([_row("p1", ["SE311"], "eu_funding", 10, project="X", role="LP"),
                       _row("p2", ["SE311"], "eu_funding", 5, project="X", role="PP"),
                       _row("p3", ["SE312"], "eu_funding", 3, project="X", role="PP"),
                       _row("q", ["SE311"], "eu_funding", 1, project="Y")])
    tot = funding.totals(df, "eu_funding", "EUR").set_index("bucket")
    assert tot.loc["SE311", "n_projects"] == 2 and tot.loc["SE311", "amount"] == pytest.approx(1.6)
    assert tot.loc["SE312", "n_projects"] == 1
    assert funding.projects_caption(df, "en").startswith("4 rows, 2 projects")


# --- #16.3: the currency never changes what is counted ---------------------------------------


def test_the_same_projects_are_counted_in_sek_and_eur():
    sek = funding.totals(SYNTHETIC, "eu_funding", "SEK").set_index(["programme", "programme_period", "bucket"])
    eur = funding.totals(SYNTHETIC, "eu_funding", "EUR").set_index(["programme", "programme_period", "bucket"])
    same = [c for c in sek.columns if c != "amount"]
    pd.testing.assert_frame_equal(sek[same], eur[same])
    assert list(sek.amount.notna()) == list(eur.amount.notna())  # no bar disappears in either currency
    # Gävleborg: k (20 SEK, 2015) converted; i (80 SEK) and j (6 EUR) have no start year, so in BOTH
    # currencies they are left out of the converted sum and counted on their own, in their own currency.
    g_sek, g_eur = sek.loc[("P", "2014-2020", "SE313")], eur.loc[("P", "2014-2020", "SE313")]
    assert g_sek.amount == 20 and g_eur.amount == pytest.approx(2.0)
    assert (g_sek.n_projects, g_sek.n_unconverted, g_sek.unconverted_SEK, g_sek.unconverted_EUR) == (3, 2, 80, 6)


def test_shares_are_the_same_in_sek_and_eur():
    sek = funding.alignment(SYNTHETIC, DECLARED, "eu_funding", "SEK")
    eur = funding.alignment(SYNTHETIC, DECLARED, "eu_funding", "EUR")
    for col in ["n_projects", "n_unconverted", "n_classified", "n_unclassified", "share_aligned", "share_unclassified"]:
        pd.testing.assert_series_equal(sek[col], eur[col])
    # Värmland in SEK: a (100, declared) of a + b (400): 25 %, though a and b start in years with different rates.
    assert sek.set_index("region_code").loc["SE311", "share_aligned"] == pytest.approx(0.25)


def test_the_unconverted_caption_and_cards_say_the_same_in_both_currencies():
    names = {"SE311": "V", "SE312": "D", "SE313": "G"}
    buckets = funding.bucket_names(names, "en")
    captions = {c: funding.unconverted_caption(funding.totals(SYNTHETIC, "eu_funding", c), buckets, "en")
                for c in funding.AMOUNT_COLUMNS}
    assert captions["SEK"] == captions["EUR"]
    assert "G: 2 projects (SEK 0.0 m + EUR 0.0 m)" in captions["SEK"]
    pop = pd.DataFrame({"region_code": ["SE313"], "population": [10.0], "year": [2023]})
    card = funding.county_cards(funding.totals(SYNTHETIC, "eu_funding", "EUR"), pop, names, "eu_funding", "EUR",
                                "en")[0][2]
    assert card.value == "EUR 0.0 m" and "without a start year (2 projects, not converted)" in card.caption


def test_on_the_bundled_data_the_counted_projects_and_shares_do_not_depend_on_the_currency(con):
    df = funding.select(con.execute("""SELECT f.*, s.publisher, s.url AS source_url FROM v_funding_amount f
                                       JOIN source s USING (source_id)""").df(),
                        funding.selection(["SE311", "SE312", "SE313"], 1990, 2030))
    declared = con.execute("SELECT DISTINCT region_code, theme_id FROM specialisation WHERE status = 'current'").df()
    for kind in funding.PROJECT_KINDS:
        sek, eur = funding.totals(df, kind, "SEK"), funding.totals(df, kind, "EUR")
        assert sek.drop(columns="amount").equals(eur.drop(columns="amount")), kind
        assert sek.amount.notna().tolist() == eur.amount.notna().tolist(), kind
        # the same amounts, converted: every bar's SEK/EUR ratio is an ECB annual rate's order (8-12)
        assert (sek.amount / eur.amount).dropna().between(8, 12).all(), kind
        a_sek, a_eur = funding.alignment(df, declared, kind, "SEK"), funding.alignment(df, declared, kind, "EUR")
        assert a_sek.drop(columns=["total", "unclassified"]).equals(a_eur.drop(columns=["total", "unclassified"]))
    # Projects without a start year are counted, not dropped, in both currencies: Gävleborg's ERUF
    # projects (their amounts were applied for) and Värmland's "Gränsöverskridande klimatresiliens".
    for cur in ("SEK", "EUR"):
        g = funding.totals(df, "eu_funding_applied", cur).set_index(["programme", "programme_period", "bucket"])
        assert g.loc[("ERUF", "2014-2020", "SE313"), "n_unconverted"] == 5
        e = funding.totals(df, "eu_funding", cur).set_index(["programme", "programme_period", "bucket"])
        assert e.loc[("Interreg", "2021-2027", "SE311"), "n_unconverted"] == 1
        assert e.loc[("Interreg", "2021-2027", "SE311"), "unconverted_EUR"] == 467655


# --- #16.4: projects without an S3 theme are their own category ------------------------------


def test_unclassified_projects_are_their_own_category_not_outside_s3():
    al = funding.alignment(SYNTHETIC, DECLARED, "eu_funding", "SEK").set_index("region_code")
    # Dalarna has only e (40, not classified): no share of classified money, not 0 % "in S3".
    assert pd.isna(al.loc["SE312", "share_aligned"])
    assert al.loc["SE312", "n_unclassified"] == 1 and al.loc["SE312", "share_unclassified"] == 1
    cards = funding.alignment_cards(al.reset_index(), {"SE311": "V", "SE312": "D", "SE313": "G"}, "SEK", "sv")
    dalarna = cards[1]
    assert dalarna.value == "–" and "ej klassat" in dalarna.caption


def test_unmatched_projects_are_listed():
    assert funding.unmatched(SYNTHETIC).project.tolist() == ["e", "g", "h"]


# --- #16.5: how much of the programme the listed projects are --------------------------------


def _allocation(amount, currency="EUR", kind="eu_funding", **kw):
    return _row(f"alloc-{amount}", ["SE31"], kind, amount, level="programme", currency=currency, **kw)


#: the synthetic projects without the synthetic programme envelope (f)
PROJECTS = SYNTHETIC[SYNTHETIC.level == "project"]


def test_coverage_is_the_listed_projects_share_of_the_programmes_allocation():
    df = pd.DataFrame([*PROJECTS.to_dict("records"), _allocation(1000)])
    cov = funding.coverage(df, df, "eu_funding").set_index("programme").loc["P"]
    # converted EU funding in EUR: a 10 + b 37.5 + d 5 + e 4 + k 2 = 58.5 of 1000; i and j have no start year
    assert cov.status == "known" and cov.share == pytest.approx(0.0585)
    assert cov.n_unconverted == 2
    text = funding.coverage_text(cov, "sv")
    assert text.startswith("Listade projekt i urvalet: 5,9 % av programmets tilldelning (0 milj. EUR)")
    assert "2 projekt utan startår ingår inte" in text


def test_without_an_allocation_the_card_says_so_and_disagreeing_allocations_give_no_share():
    cov = funding.coverage(PROJECTS, PROJECTS, "eu_funding").iloc[0]
    assert cov.status == "unknown" and "inte känd" in funding.coverage_text(cov, "sv")
    two = pd.DataFrame([*PROJECTS.to_dict("records"), _allocation(1000), _allocation(1200)])
    cov = funding.coverage(two, two, "eu_funding").iloc[0]
    assert cov.status == "conflict" and pd.isna(cov.share)


def test_the_technical_assistance_of_a_project_list_is_not_an_allocation():
    ta = _allocation(5000, currency="SEK", external_id="2020123", note="Projektbanken (Tillväxtverket) as scraped")
    df = pd.DataFrame([*PROJECTS.to_dict("records"), ta])
    assert funding.coverage(df, df, "eu_funding").iloc[0].status == "unknown"


def test_a_list_row_says_what_its_list_covers_in_the_language():
    note = "Projektbanken (Tillväxtverket) as scraped 2016-10-14: ERDF Norra Mellansverige approvals ..."
    assert "augusti 2016" in funding.list_text(note, "sv")
    assert "August 2016" in funding.list_text(note, "en")
    assert funding.list_text(None, "sv") == ""
    assert "as scraped" not in funding.list_text("Some other list as scraped", "sv")


def test_every_project_list_in_the_warehouse_has_a_text_in_both_languages(con):
    notes = [n for (n,) in con.execute("SELECT DISTINCT list_coverage FROM funding WHERE list_coverage IS NOT NULL")
             .fetchall()]
    assert notes
    for note in notes:
        assert any(note.startswith(prefix) for prefix in funding.LISTS), note


# --- #16.2: the sidebar's regions and years ---------------------------------------------------


def test_the_page_declares_the_filters_it_honours():
    assert funding.FILTERS == ("regions", "years")


def test_selection_keeps_the_chosen_counties_and_the_projects_starting_in_the_chosen_years():
    sel = funding.selection(["SE311", "SE"], 2015, 2016)
    assert sel.counties == ("SE311",) and sel.other_regions == ("SE",)
    df = pd.DataFrame([
        _row("v", ["SE311"], "eu_funding", 1, year=2015),
        _row("d", ["SE312"], "eu_funding", 1, year=2015),                   # another county
        _row("vd", ["SE311", "SE312"], "eu_funding", 1, year=2015),         # includes Värmland
        _row("late", ["SE311"], "eu_funding", 1, year=2020),                # starts after
        _row("nms", ["SE31"], "eu_funding", 1, year=2016),                  # the whole of NMS
        _row("old", ["SE311"], "eu_funding", 1, year=None, period="2007-2013"),
        _row("noyear", ["SE311"], "eu_funding", 1, year=None, period="2014-2020"),
        _row("prog", ["SE31"], "eu_funding", 1, level="programme", year=2014, period="2014-2020"),
        _row("prog7", ["SE31"], "eu_funding", 1, level="programme", year=2007, period="2007-2013"),
    ])
    assert funding.select(df, sel).funding_id.tolist() == ["v", "vd", "nms", "noyear", "prog"]
    assert funding.selection(["SE31"], 2000, 2020).counties == ("SE311", "SE312", "SE313")
    assert funding.select(df, funding.selection(["SE"], 2000, 2030)).empty


def test_funding_page_honours_the_sidebars_regions_and_years(warehouse):
    at = open_page("app_pages/funding.py", tables=("fu-totals",), regions=["SE311", "SE"], years=["2015", "2020"])
    assert not at.exception
    totals = _frame(at, "Projekt utan startår")
    assert set(totals["Län"]) <= {"Värmlands län", "Flera län"}
    assert set(totals["Period"]) == {"2014–2020"}
    projects = _frame(at, "Id i listan")
    assert projects["År"].str.extract(r"^(\d{4})", expand=False).dropna().astype(int).between(2015, 2020).all()
    assert not any(p.startswith(("2007", "2021")) for p in projects["Period"])
    coverage = _frame(open_page("app_pages/funding.py", regions=["SE311", "SE"], years=["2015", "2020"],
                                fu_tab="coverage"), "Första startår")
    assert coverage["Första startår"].dropna().min() >= 2015
    assert [m.label for m in at.metric if "·" in m.label][0].startswith("Värmlands län")
    assert not any(m.label.startswith(("Dalarnas län", "Gävleborgs län")) for m in at.metric)
    assert any("Sverige visas inte här" in c.value for c in at.caption)


def test_funding_page_without_a_county_says_what_to_choose(warehouse):
    at = open_page("app_pages/funding.py", regions=["SE"])
    assert not at.exception
    assert any("Välj minst ett av länen" in w.value for w in at.warning)
    assert not at.metric


# --- the page ----------------------------------------------------------------------------------


def _frame(at, column: str) -> pd.DataFrame:
    """The first table on the page with this column."""
    for df in at.dataframe:
        value = df.value
        value = value.data if hasattr(value, "data") else value
        if column in value.columns:
            return value
    raise AssertionError(f"no table with a column {column!r}")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_funding_page_in_both_languages(warehouse, lang):
    at = open_page("app_pages/funding.py", lang=lang)
    assert not at.exception
    labels = [m.label for m in at.metric]
    assert any("Värmland" in label for label in labels)
    text = " ".join(m.value for m in at.markdown)
    assert "Paper Province 2.0" in text  # the conflicting figures are both shown


@pytest.mark.parametrize("cur", ["SEK", "EUR"])
def test_funding_page_cards_say_how_much_of_the_programme_the_listed_projects_are(warehouse, cur):
    at = open_page("app_pages/funding.py", cur=cur)
    assert not at.exception
    cards = {re.sub(r"\\(.)", r"\1", m.label): m for m in at.metric}  # as shown (markdown escapes removed)
    assert "ERUF 2014–2020 · EU-stöd" in cards
    captions = re.sub(r"\\(.)", r"\1", " ".join(c.value for c in at.caption))  # as shown
    assert re.search(r"Listade projekt i urvalet: \d+ % av programmets tilldelning \(147 milj\. EUR\)", captions)
    assert "Interreg 2021–2027 · EU-stöd" in cards  # a card per programme: more than a row of three, none dropped
    # ERUF 2021-2027's project amounts in the warehouse were all applied for: no granted card, its own kind
    assert "ERUF 2021–2027 · EU-stöd" not in cards
    applied = open_page("app_pages/funding.py", cur=cur, kind="eu_funding_applied")
    captions = re.sub(r"\\(.)", r"\1", " ".join(c.value for c in applied.caption))
    assert "ERUF 2021–2027 · Sökt EU-stöd" in {re.sub(r"\\(.)", r"\1", m.label) for m in applied.metric}
    assert "Sökta belopp är inte beviljade" in captions and "tilldelning av det här beloppsslaget" not in captions


def test_funding_page_counts_the_same_projects_in_both_currencies(warehouse):
    tables = {}
    for cur in ("SEK", "EUR"):
        at = open_page("app_pages/funding.py", tables=("fu-totals",), cur=cur)
        tables[cur] = _frame(at, "Projekt utan startår").drop(columns=f"Belopp, {cur}")
    pd.testing.assert_frame_equal(tables["SEK"], tables["EUR"])


def test_funding_page_project_list_shows_municipalities_partner_role_id_and_coverage(warehouse):
    at = open_page("app_pages/funding.py")
    projects = _frame(at, "Id i listan")
    ktp = projects[projects["Projekt"] == "KTP Science"]
    assert ktp.iloc[0]["Län"].startswith("Flera län: ")
    erdf = projects[projects["Projektlista och vad den täcker"].str.contains("augusti 2016")]
    assert len(erdf) > 50 and erdf["Id i listan"].str.len().gt(0).all()
    assert erdf["Kommuner (enligt listan)"].str.len().gt(0).any()
    roles = set(projects["Roll i projektet"]) - {""}
    assert roles == {"Huvudpartner (LP)", "Partner (PP)", "Associerad partner (AP)"}


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_funding_page_shows_no_internals(warehouse, lang):
    shown = []
    for section in ("projects", "flows", "alignment", "coverage"):  # each section tab in turn
        at = open_page("app_pages/funding.py", tables=("fu-totals", "fu-sankey"), lang=lang, fu_tab=section)
        assert not at.exception
        shown += [m.value for m in at.markdown] + [c.value for c in at.caption] + [m.label for m in at.metric] \
            + [m.value for m in at.metric]
        for df in at.dataframe:
            value = df.value.data if hasattr(df.value, "data") else df.value
            shown += [str(v) for v in value.astype(object).to_numpy().ravel() if isinstance(v, str)]
    text = "\n".join(shown)
    for raw in ("aggregate", "decision_round", "eu_funding", "nan", "None", "python -m"):
        assert not re.search(rf"\b{raw}\b", text), raw
    # internal names and the curators' English descriptions show as their labels (funding_labels.csv)
    for raw in ("Vinnova-other", "SFP NMS decision", "fund not named on page"):
        assert raw not in text, raw
    if lang == "sv":
        for english in ("as scraped", "approvals", "not official statistics", "EU (ERDF) funding", "(approx.)",
                        "Horizon 2020", "Operational Programme", "share of Swedish", "collaboration projects",
                        "(host)", "(scientific coordinator)", "Programme (", "(programme)", "projects in ", "H2020"):
            assert english not in text, english
    else:  # the Swedish names of programme-level rows have English labels
        for swedish in ("Utlysning 2018:3", "Strukturfondspartnerskapets beslut", "Regionalfondsprogram",
                        "Tekniskt stöd", "Vinnova, övriga", "Horisont 2020"):
            assert swedish not in text, swedish


def test_amounts_are_shown_only_in_a_currency_with_a_column():
    assert funding.amount_column("EUR") == "amount_eur"
    with pytest.raises(ValueError, match="SEK or EUR"):
        funding.totals(SYNTHETIC, "eu_funding", "NOK")


def test_county_cards_say_total_and_per_inhabitant_in_the_language():
    # Synthetic population (not real data).
    pop = pd.DataFrame({"region_code": ["SE311", "SE312"], "population": [100.0, 40.0], "year": [2023, 2022]})
    names = {"SE311": "V", "SE312": "D", "SE313": "G"}
    no_gavleborg = SYNTHETIC[~SYNTHETIC.funding_id.isin(["i", "j", "k"])]
    cards, caption = funding.county_cards(funding.totals(no_gavleborg, "eu_funding", "SEK"), pop, names,
                                          "eu_funding", "SEK", "en")
    assert [c.label for c in cards] == ["V · EU funding", "D · EU funding", "G · EU funding"]
    assert cards[0].caption == "2 projects · 4.0 SEK per inhabitant"      # 400 / 100
    assert cards[1].caption == "1 project · 1.0 SEK per inhabitant"       # 40 / 40
    assert cards[2].value == "–" and cards[2].caption is None  # nothing counted for Gävleborg: missing, not 0
    assert caption.endswith("(V 2023, D 2022). Multi-county projects are not included (they are not split).")


def test_an_amount_kind_without_text_is_named_not_a_key_error():
    assert funding.kind_name("eu_funding", "sv") == "EU-stöd"
    assert funding.kind_name("a_kind_added_later", "sv") == "Annat slags belopp"
    assert funding.kind_name("a_kind_added_later", "en") == "Another kind of amount"


# --- an EU amount applied for is its own kind, never added to EU funding granted --------------


APPLIED = pd.DataFrame([
    _row("granted", ["SE311"], "eu_funding", 100, project="G", programme="Interreg"),
    _row("asked1", ["SE311"], "eu_funding_applied", 40, project="A1", programme="Interreg"),
    _row("asked2", ["SE311", "SE312"], "eu_funding_applied", 60, project="A2", programme="Interreg"),
    _row("asked3", ["SE312"], "eu_funding_applied", 5, project="A3", programme="Interreg", year=None),
])


def test_eu_funding_applied_for_is_a_kind_of_its_own_never_added_to_eu_funding():
    assert "eu_funding_applied" in funding.PROJECT_KINDS  # a choice of the kind selector
    assert funding.totals(APPLIED, "eu_funding", "SEK").amount.sum() == 100
    applied = funding.totals(APPLIED, "eu_funding_applied", "SEK")
    assert applied.amount.sum() == 100 and applied.n_projects.sum() == 3 and applied.n_unconverted.sum() == 1
    assert funding.kind_name("eu_funding_applied", "sv") == "Sökt EU-stöd"
    assert funding.kind_name("eu_funding_applied", "en") == "EU funding applied for"


def test_with_eu_funding_shown_the_projects_with_only_an_applied_amount_are_counted():
    assert funding.applied_caption(APPLIED, "eu_funding", "en").startswith(
        "For 3 projects in the selection the source gives only the EU funding applied for")
    assert funding.applied_caption(APPLIED, "eu_funding_applied", "sv") is None
    assert funding.applied_caption(APPLIED[APPLIED.amount_kind == "eu_funding"], "eu_funding", "sv") is None


def test_cards_say_how_many_projects_their_sum_counts():
    tot = funding.totals(APPLIED, "eu_funding_applied", "SEK")
    cov = funding.coverage(APPLIED, APPLIED, "eu_funding_applied")
    (card,) = funding.programme_cards(tot, cov, "eu_funding_applied", "SEK", "en")
    assert card.label == "Interreg 2014–2020 · EU funding applied for"
    assert card.caption.startswith("2 projects · ")  # A1 and A2 in the sum; A3 has no start year
    assert card.caption.endswith("not a share of the programme's allocation.")  # applied for: never "of the allocation"
    pop = pd.DataFrame({"region_code": ["SE311", "SE312"], "population": [10.0, 10.0], "year": [2023, 2023]})
    cards, _ = funding.county_cards(tot, pop, {"SE311": "V", "SE312": "D", "SE313": "G"}, "eu_funding_applied",
                                    "SEK", "sv")
    assert cards[0].caption.startswith("1 projekt · ")
    assert "utan startår (1 projekt" in cards[1].caption and not cards[1].caption.startswith("1 projekt ·")


@pytest.mark.parametrize("lang, cur", [("sv", "SEK"), ("sv", "EUR"), ("en", "SEK"), ("en", "EUR")])
def test_funding_page_keeps_applied_for_apart_from_granted_in_both_currencies(warehouse, lang, cur):
    at = open_page("app_pages/funding.py", ("fu-totals",), lang=lang, cur=cur)
    assert not at.exception
    totals = _frame(at, "Projekt utan startår" if lang == "sv" else "Projects without a start year")
    county = "Län" if lang == "sv" else "Counties"
    interreg = totals[(totals["Program" if lang == "sv" else "Programme"] == "Interreg")
                      & (totals["Period"] == "2014–2020")]
    # The press release's five "sökt EU-belopp" (Värmland's four and a two-county one) are not in EU funding.
    assert not (interreg[county] == ("Värmlands län" if lang == "sv" else "Värmland")).any()
    captions = " ".join(c.value for c in at.caption)
    assert re.search(r"(För|For) \d+ (projekt|projects) (i urvalet|in the selection)", captions)
    applied = open_page("app_pages/funding.py", lang=lang, cur=cur, kind="eu_funding_applied")
    cards = {re.sub(r"\\(.)", r"\1", m.label): m for m in applied.metric}
    name = "Sökt EU-stöd" if lang == "sv" else "EU funding applied for"
    assert f"Interreg 2014–2020 · {name}" in cards
    shown = re.sub(r"\\(.)", r"\1", " ".join(c.value for c in applied.caption))
    # the Interreg 2014-2020 card: Värmland's four applications and Gränslöst entreprenörskap (two counties)
    assert re.search(r"\b5 (projekt|projects) · ", shown)


@pytest.mark.parametrize("lang, cur", [("sv", "SEK"), ("sv", "EUR"), ("en", "SEK"), ("en", "EUR")])
def test_funding_page_counts_and_shows_a_project_without_a_year(warehouse, lang, cur):
    """#16.3: "Gränsöverskridande klimatresiliens" (EUR 467,655, no start year) is counted and shown
    as without a start year in both currencies, never dropped."""
    at = open_page("app_pages/funding.py", lang=lang, cur=cur)
    captions = re.sub(r"\\(.)", r"\1", " ".join(c.value for c in at.caption))
    if lang == "sv":
        assert "Interreg 2021–2027, Värmlands län: 1 projekt (0,5 milj. EUR)" in captions
        assert "0,5 milj. EUR utan startår" in captions  # the county card
    else:
        assert "Interreg 2021–2027, Värmland: 1 project (EUR 0.5 m)" in captions
        assert "EUR 0.5 m without a start year" in captions
    projects = _frame(at, "Id i listan" if lang == "sv" else "Id in the list")
    row = projects[projects.iloc[:, 2].str.startswith("Gränsöverskridande klimatresiliens")]
    assert len(row) == 1 and row.iloc[0][("År" if lang == "sv" else "Years")] == (
        "utan startår" if lang == "sv" else "no start year")
    converted = row.iloc[0][f"Belopp, {cur}" if lang == "sv" else f"Amount, {cur}"]
    # in SEK there is no rate to convert it with; in EUR it is the published amount itself
    assert pd.isna(converted) if cur == "SEK" else converted == 467655



@pytest.mark.parametrize("lang, name", [("sv", "Vinnova, övriga program"), ("en", "Vinnova, other programmes")])
def test_funding_page_names_vinnovas_other_programmes_in_the_language(warehouse, lang, name):
    at = open_page("app_pages/funding.py", lang=lang, kind="national_grant")
    assert not at.exception
    coverage = _frame(open_page("app_pages/funding.py", lang=lang, kind="national_grant", fu_tab="coverage"),
                      "Första startår" if lang == "sv" else "First start year")
    assert name in set(coverage.iloc[:, 0]) and "Vinnova-other" not in set(coverage.iloc[:, 0])
    assert ("ERUF" if lang == "sv" else "ERDF") in set(coverage.iloc[:, 0])  # the fund's name in the language
    projects = _frame(at, "Id i listan" if lang == "sv" else "Id in the list")
    vinn = projects[projects.iloc[:, 0] == name]
    assert len(vinn) == 1 and vinn.iloc[0, 2] == "VINN Excellence Center (Karlstad)"
    # its amount is a maximum, not a total: in no card, but its kind says so in the language
    assert not any(m.label.startswith(name) for m in at.metric)


def test_shown_values_fall_back_to_the_recorded_value_without_a_label():
    df = pd.DataFrame({"programme": ["Vinnova-other", "ERUF"], "programme_sv": ["Vinnova, övriga program", "ERUF"]})
    assert funding.shown(df, "programme", "sv").tolist() == ["Vinnova, övriga program", "ERUF"]
    assert funding.shown(df, "programme", "en").tolist() == ["Vinnova-other", "ERUF"]  # no English column: as recorded
    assert funding.flow_labels({}, {}, "sv", df)["Vinnova-other"] == "Vinnova, övriga program"



@pytest.mark.parametrize("lang, name", [("sv", "Vinnova, övriga program"), ("en", "Vinnova, other programmes")])
def test_sources_page_names_the_funding_programmes_in_the_language(warehouse, lang, name):
    at = open_page("app_pages/sources.py", lang=lang)
    assert not at.exception
    area = _frame(at, "Del" if lang == "sv" else "Part")
    details = set(area.iloc[:, 1])
    assert name in details and "Vinnova-other" not in details


def test_funding_sections_draw_only_the_open_one_and_keep_it_in_the_link(warehouse):
    """Projects, flows, alignment and coverage are tabs: only the open one is drawn (#22), and
    a link that names one (?fu_tab=flows) opens it."""
    at = open_page("app_pages/funding.py", lang="en")
    assert not at.exception
    assert len(at.get("plotly_chart")) == 1 and _frame(at, "Id in the list") is not None   # totals; projects
    flows = open_page("app_pages/funding.py", lang="en", fu_tab="flows")
    assert not flows.exception
    charts_drawn = [json.loads(c.proto.spec)["data"][0]["type"] for c in flows.get("plotly_chart")]
    assert charts_drawn[-1] == "sankey" and len(charts_drawn) == 2
    assert not any("Id in the list" in (d.value.data if hasattr(d.value, "data") else d.value).columns
                   for d in flows.dataframe)
    assert url_values(flows, "fu_tab") == ["flows"]
