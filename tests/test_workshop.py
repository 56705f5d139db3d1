"""Workshop sequences: files round-trip, bad files get sentences, links parse, order changes."""

from __future__ import annotations

import json

import pytest

from app import workshop
from tests.test_pages import open_page


def test_a_saved_sequence_loads_back():
    views = [workshop.View("indikatorer", "FoU", "Säg något om Dalarna", {"indicator": ["rd_intensity"]}),
             workshop.View("utmaningar", "Utmaningar")]
    assert workshop.loads(workshop.dumps(views)) == views


@pytest.mark.parametrize("data,error", [
    (b"\x00\x01garbage", "not_json"),
    (b"[1, 2, 3]", "not_workshop"),
    (json.dumps({"format": "other", "views": []}).encode(), "not_workshop"),
    (json.dumps({"format": workshop.FORMAT, "views": [{"page": "no-such-page"}]}).encode(), "bad_view"),
    (b" " * (workshop.MAX_FILE_BYTES + 1), "too_big"),
])
def test_bad_files_are_refused_with_a_reason(data, error):
    with pytest.raises(workshop.WorkshopFileError) as exc:
        workshop.loads(data)
    assert str(exc.value) == error


def test_a_copied_link_gives_page_and_parameters():
    page, params = workshop.from_link("http://localhost:8501/indikatorer?indicator=rd_intensity&regions=SE311"
                                      "&regions=SE&present=1")
    assert page == "indikatorer"
    assert params == {"indicator": ["rd_intensity"], "regions": ["SE311", "SE"]}
    assert workshop.from_link("http://localhost:8501/?lang=en") == ("oversikt", {"lang": ["en"]})
    assert workshop.from_link("http://example.org/nowhere")[0] is None


def test_presentation_mode_from_the_url_hides_the_menus(warehouse):
    at = open_page(present="1")
    assert not at.exception
    assert at.session_state["present"] is True
    assert [b.key for b in at.button] == ["present_exit"]  # no sidebar 'add view' button
    at.button(key="present_exit").click().run()
    assert at.session_state["present"] is False


def test_the_add_button_stores_the_current_view(warehouse):
    at = open_page("pages/indicators.py", indicator="rd_intensity", regions=["SE312"])
    at.button(key="ws_add").click().run()
    view = at.session_state["ws_views"][-1]
    assert view.page == "indikatorer"
    assert view.params["indicator"] == ["rd_intensity"] and view.params["regions"] == ["SE312"]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_workshop_page_reorders_and_removes(warehouse, lang):
    at = open_page("pages/workshop.py", lang=lang)
    at.session_state["ws_views"] = [workshop.View("oversikt", "A"), workshop.View("kallor", "B")]
    at.run()
    assert not at.exception
    at.button(key="ws_down_0").click().run()
    assert [v.title for v in at.session_state["ws_views"]] == ["B", "A"]
    at.button(key="ws_rm_0").click().run()
    assert [v.title for v in at.session_state["ws_views"]] == ["A"]


def test_steps_move_within_the_sequence_and_describe_their_view():
    views = [workshop.View("oversikt", "A"), workshop.View("kallor", "B", params={"regions": ["SE311", "SE"]})]
    workshop.move(views, 0, -1)  # already first: nothing happens
    workshop.move(views, 0, 1)
    assert [v.title for v in views] == ["B", "A"]
    assert workshop.describe(views[0], workshop.page_titles("en")) == "Sources — regions=SE311,SE"
    workshop.remove(views, 5)
    assert len(views) == 2
