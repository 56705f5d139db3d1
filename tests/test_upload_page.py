"""The upload page: invisible without login; with login, upload -> preview -> commit."""

from __future__ import annotations

import shutil

import pytest

from etl import users, warehouse as wh
from tests.test_pages import open_page
from tests.test_upload import GOOD_ROW, template_file


@pytest.fixture
def staff(monkeypatch, tmp_path):
    monkeypatch.setenv("NMS_USERS", str(tmp_path / "users.json"))
    users.add_user("anna", "ett-langt-losenord")
    return "anna", "ett-langt-losenord"


@pytest.fixture
def own_warehouse(warehouse, tmp_path, monkeypatch):
    p = tmp_path / "w.duckdb"
    version = wh.new_version_path(p, "copy")
    shutil.copyfile(wh.current_target(warehouse), version)
    wh.publish(p, version)
    monkeypatch.setenv("NMS_DB", str(p))
    return p


def test_passwords_are_hashed_and_checked(staff, tmp_path):
    text = (tmp_path / "users.json").read_text()
    assert "ett-langt-losenord" not in text and "$2" in text
    assert users.verify("anna", "ett-langt-losenord")
    assert not users.verify("anna", "fel")
    assert not users.verify("nobody", "x")
    with pytest.raises(ValueError):
        users.add_user("kort", "kort")


def test_the_upload_page_is_not_reachable_without_login(warehouse, staff):
    at = open_page()
    # A page left out of st.navigation is not registered: no URL, link or switch reaches it.
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/upload.py")


def test_login_upload_preview_commit(own_warehouse, staff):
    at = open_page("pages/login.py")
    at.text_input[0].input(staff[0])
    at.text_input[1].input(staff[1])
    at.button[0].click().run()  # the form's submit button
    assert at.session_state["auth_user"] == "anna"
    at.switch_page("pages/upload.py").run()
    assert not at.exception
    assert at.title[0].value == "Ladda upp data"
    at.file_uploader(key="up_file").upload("mall.xlsx", template_file([[*GOOD_ROW[:2], 1991, 4.2, *GOOD_ROW[4:]]]),
                                           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").run()
    at.button(key="up_check").click().run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Nya"] == "1"
    at.button(key="up_commit").click().run()
    assert not at.exception
    assert any("Sparat som inläsning upload-" in s.value for s in at.success)
    con = wh.connect_read_only(wh.current_target(own_warehouse))
    (v, who) = con.execute("""SELECT v.value, b.loaded_by FROM indicator_value v JOIN load_batch b USING (batch_id)
        WHERE v.region_code = 'SE311' AND v.indicator_id = 'unemployment_rate' AND v.year = 1991""").fetchone()
    con.close()
    assert (v, who) == (4.2, "anna")


def upload_page(staff):
    """The upload page, logged in as ``staff``."""
    at = open_page("pages/login.py")
    at.text_input[0].input(staff[0])
    at.text_input[1].input(staff[1])
    at.button[0].click().run()
    at.switch_page("pages/upload.py").run()
    return at


def test_a_bad_file_on_the_page_lists_problems_and_writes_nothing(own_warehouse, staff):
    at = upload_page(staff)
    before = wh.current_target(own_warehouse)
    at.file_uploader(key="up_file").upload("mall.xlsx", template_file([["Värmlänning", *GOOD_ROW[1:]]]),
                                           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").run()
    at.button(key="up_check").click().run()
    assert not at.exception
    problems = at.dataframe[0].value
    assert "menade du Värmlands län?" in problems.iloc[0, -1]
    assert wh.current_target(own_warehouse) == before


def test_a_kohesio_export_previews_on_the_page(own_warehouse, staff):
    from tests.test_fetch import fixture

    at = upload_page(staff)
    at.file_uploader(key="up_file").upload("SE-pp21-27-latest.csv", fixture("kohesio_SE.synthetic.csv"),
                                           "text/csv").run()
    at.button(key="up_check").click().run()
    assert not at.exception
    assert any("Kohesio-export" in s.value for s in at.subheader)
    assert {m.label: m.value for m in at.metric}["Nya"] == "1"
