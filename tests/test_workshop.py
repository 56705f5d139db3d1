"""Workshop sequences: files round-trip, bad files get sentences, links parse, order changes."""

from __future__ import annotations

import json
import re

import pytest

from app import text, workshop
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


def _file(views) -> bytes:
    return json.dumps({"format": workshop.FORMAT, "views": views}).encode()


@pytest.mark.parametrize("data,error", [
    # nested far deeper than a saved sequence: refused before the parser recurses into it
    (b'{"format": "nms-workshop/1", "views": ' + b"[" * 50_000 + b"]" * 50_000 + b"}", "too_deep"),
    (_file([{"page": "oversikt", "params": {"a": [[[[[["x"]]]]]]}}]), "too_deep"),
    # a number too long to convert is not JSON this loader takes
    (b'{"format": "nms-workshop/1", "views": [], "n": ' + b"9" * 100_000 + b"}", "not_json"),
    (_file([{"page": "oversikt"}] * (workshop.MAX_VIEWS + 1)), "too_many"),
    (_file([{"page": "oversikt", "title": "x" * (workshop.MAX_TITLE + 1)}]), "too_long"),
    (_file([{"page": "oversikt", "notes": "x" * (workshop.MAX_NOTES + 1)}]), "too_long"),
    (_file([{"page": "oversikt", "title": {"not": "text"}}]), "bad_view"),
    (_file([{"page": "oversikt", "params": {"regions": [{"x": 1}]}}]), "bad_view"),
])
def test_deep_huge_or_overlong_files_are_refused_not_cut(data, error):
    with pytest.raises(workshop.WorkshopFileError) as exc:
        workshop.loads(data)
    assert str(exc.value) == error


def test_the_largest_allowed_file_still_loads():
    views = [{"page": "oversikt", "title": "t" * workshop.MAX_TITLE, "notes": "n" * 1000}] * workshop.MAX_VIEWS
    assert len(workshop.loads(_file(views))) == workshop.MAX_VIEWS


def test_brackets_inside_strings_do_not_count_as_nesting():
    assert workshop.nesting_depth('{"a": "[[[[[[[[[[[[", "b": ["\\"]"]}') == 2


def test_text_from_a_file_comes_out_as_text_not_markdown():
    evil = "![pixel](https://evil.example/p.png) [click](https://evil.example) **bold** <img src=x>"
    shown = text.md(evil)
    unescaped = re.findall(r"(?<!\\)[!\[\]()<>*:]", shown)
    assert unescaped == [], f"markdown or HTML left active in {shown!r}"
    assert re.sub(r"\\(.)", r"\1", shown).replace(text.ZWSP, "") == evil  # and the text itself is unchanged


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
    at = open_page("app_pages/indicators.py", indicator="rd_intensity", regions=["SE312"])
    at.button(key="ws_add").click().run()
    view = at.session_state["ws_views"][-1]
    assert view.page == "indikatorer"
    assert view.params["indicator"] == ["rd_intensity"] and view.params["regions"] == ["SE312"]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_workshop_page_reorders_and_removes(warehouse, lang):
    at = open_page("app_pages/workshop.py", lang=lang)
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
