"""The colour rule of the challenge matrix, on synthetic tables; and the page itself."""

from __future__ import annotations

import pandas as pd
import pytest

from app import challenges
from tests.test_pages import open_page


@pytest.mark.parametrize("rank,expected", [(1, "better"), (7, "better"), (8, "similar"), (14, "similar"),
                                           (15, "worse"), (21, "worse")])
def test_rank_tertiles_when_all_21_counties_have_data(rank, expected):
    assert challenges.assess(10.0, True, rank=rank, n_counties=21, se_value=1.0) == expected


@pytest.mark.parametrize("value,higher_is_better,expected", [
    (106, True, "better"), (104, True, "similar"), (94, True, "worse"),
    (94, False, "better"), (106, False, "worse"), (100, False, "similar"),
])
def test_comparison_with_sweden_when_counties_are_incomplete(value, higher_is_better, expected):
    assert challenges.assess(value, higher_is_better, rank=None, n_counties=None, se_value=100) == expected


def test_missing_data_is_missing_never_better():
    assert challenges.assess(None, True) == "missing"
    assert challenges.assess(float("nan"), True, se_value=1) == "missing"
    assert challenges.assess(5.0, True) == "missing"          # nothing to compare with
    assert challenges.assess(5.0, None, se_value=1) == "missing"  # no direction (a total)


def test_cells_combine_assessed_indicators_and_ignore_missing():
    assert challenges.combine(["better", "missing", "missing"]) == "better"
    assert challenges.combine(["better", "worse"]) == "similar"
    assert challenges.combine(["worse", "similar"]) == "worse"
    assert challenges.combine(["missing", "missing"]) == "missing"
    assert challenges.combine([]) == "missing"


def test_matrix_on_a_synthetic_table():
    # Synthetic evidence, not real data: county X is 1st of 21 on i1 and has no value for i2;
    # county Y has no values at all.
    ch = pd.DataFrame({"challenge_id": ["C1"], "indicator_ids": [["i1", "i2"]]})
    ev = pd.DataFrame([
        {"indicator_id": "i1", "region_code": "X", "year": 2020, "value": 9.0, "higher_is_better": True,
         "rank": 1, "n_counties": 21, "se_value": 5.0},
    ])
    m = challenges.matrix(ch, ev, ["X", "Y"])
    cells = m.drop_duplicates(["challenge_id", "region_code"]).set_index("region_code").cell.to_dict()
    assert cells == {"X": "better", "Y": "missing"}
    x = m[m.region_code == "X"].set_index("indicator_id").assessment.to_dict()
    assert x == {"i1": "better", "i2": "missing"}


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_challenges_page_in_both_languages(warehouse, lang):
    at = open_page("app_pages/challenges.py", tables=("ch-matrix",), lang=lang)
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) > 0
    county_col = table.columns[1]
    assert set(table[county_col]) == ({"Värmlands län", "Dalarnas län", "Gävleborgs län"} if lang == "sv"
                                      else {"Värmland", "Dalarna", "Gävleborg"})
    captions = " ".join(c.value for c in at.caption)
    # the action areas that could not be retrieved: once, as a known gap, not as content
    assert ("Känd lucka: insatsområde 5, 6 i Strategi" in captions) if lang == "sv" else \
        ("Known gap: action areas 5, 6 of the Strategy" in captions)
    text = " ".join(m.value for m in at.markdown)
    assert "ej känt ännu" not in text and "not yet known" not in text


def test_gavleborg_innovation_rank_is_worse(warehouse):
    at = open_page("app_pages/challenges.py", tables=("ch-matrix",))
    table = at.dataframe[0].value
    row = table[(table.iloc[:, 1] == "Gävleborgs län") & (table.iloc[:, 2] == "Reglabs innovationsindex")].iloc[0]
    assert row.iloc[5] == 21 and row.iloc[7] == "✗ Sämre"


def test_an_action_area_that_could_not_be_retrieved_says_so_once():
    # Synthetic action areas (not real data).
    areas = pd.DataFrame({"framework": ["nms_strategy"] * 3, "number": [1, 2, 3], "name_sv": ["Ett", None, None],
                          "name_en": ["One", None, None], "description_sv": ["Text", None, None],
                          "known": [True, False, False], "publisher": ["P"] * 3,
                          "source_url": ["https://example.org"] * 3})
    [(head, lines, gap)] = challenges.action_area_lines(areas, "en")
    assert head.endswith("— [P](https://example.org)")
    assert lines == ["1\\. One"]  # only the known area is listed as content ...
    assert gap.startswith("Known gap: action areas 2, 3 of the")  # ... the unknown ones once, as a gap


def test_the_matrix_text_is_readable_and_colour_is_not_the_only_cue():
    """WCAG AA: at least 4.5:1 between the cell text and every fill; every status also in words with
    its own symbol."""
    from app.charts import SOURCE_COLOUR, contrast
    from app.style import CAPTION_COLOUR, CSS

    assert contrast(CAPTION_COLOUR, "#FFFFFF") >= 4.5 and CAPTION_COLOUR in CSS  # captions on the page
    assert contrast(SOURCE_COLOUR, "#FFFFFF") >= 4.5  # the source line inside every chart
    for status, fill in challenges.COLOURS.items():
        assert contrast(challenges.TEXT_COLOUR, fill) >= 4.5, status
    for lang in ("sv", "en"):
        labels = challenges.status_labels(lang)
        assert len({label.split()[0] for label in labels.values()}) == len(labels)  # a distinct symbol each
