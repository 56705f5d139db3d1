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
        at.switch_page("app_pages/upload.py")


def test_login_upload_preview_commit(own_warehouse, staff):
    at = open_page("app_pages/login.py")
    at.text_input[0].input(staff[0])
    at.text_input[1].input(staff[1])
    at.button[0].click().run()  # the form's submit button
    assert at.session_state["auth_user"] == "anna"
    at.switch_page("app_pages/upload.py").run()
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
    at = open_page("app_pages/login.py")
    at.text_input[0].input(staff[0])
    at.text_input[1].input(staff[1])
    at.button[0].click().run()
    at.switch_page("app_pages/upload.py").run()
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


# --- issue #15: the preview belongs to its file, warnings need a tick, changes say what changed, undo asks

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _stored(pointer, region, indicator, year):
    con = wh.connect_read_only(wh.current_target(pointer))
    try:
        return con.execute("SELECT value FROM indicator_value WHERE region_code = ? AND indicator_id = ? "
                           "AND year = ?", [region, indicator, year]).fetchone()[0]
    finally:
        con.close()


def test_choosing_another_file_clears_the_preview(own_warehouse, staff):
    at = upload_page(staff)
    at.file_uploader(key="up_file").upload("a.xlsx", template_file([[*GOOD_ROW[:2], 1991, 4.2, *GOOD_ROW[4:]]]),
                                           XLSX).run()
    at.button(key="up_check").click().run()
    assert [b for b in at.button if b.key == "up_commit"]
    at.file_uploader(key="up_file").upload("b.xlsx", template_file([[*GOOD_ROW[:2], 1992, 4.3, *GOOD_ROW[4:]]]),
                                           XLSX).run()
    assert not at.exception
    assert not [b for b in at.button if b.key == "up_commit"]     # Save cannot commit a.xlsx any more
    assert not at.metric


def test_a_warned_change_needs_the_tick_before_save(own_warehouse, staff):
    from tests.test_upload_safety import fixture
    at = upload_page(staff)
    at.file_uploader(key="up_file").upload("pop.csv", fixture("synthetic_population_drop.csv"), "text/csv").run()
    at.button(key="up_check").click().run()
    assert at.button(key="up_commit").disabled
    old = _stored(own_warehouse, "SE", "population", 2023)
    at.checkbox(key="up_accept_warnings").check().run()
    assert not at.button(key="up_commit").disabled
    at.button(key="up_commit").click().run()
    assert not at.exception
    assert _stored(own_warehouse, "SE", "population", 2023) == 244193 != old


def test_changed_counts_real_changes_and_says_what_in_swedish_format(own_warehouse, staff):
    same = _stored(own_warehouse, "SE311", "unemployment_rate", 2022)
    rows = [["SE311", "unemployment_rate", 2022, same, *GOOD_ROW[4:]],            # same value, new source
            ["SE311", "unemployment_rate", 2021, 6.5, *GOOD_ROW[4:]]]             # a new value
    at = upload_page(staff)
    at.file_uploader(key="up_file").upload("c.xlsx", template_file(rows), XLSX).run()
    at.button(key="up_check").click().run()
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["Ändrade"], metrics["Bara ny källa"]) == ("1", "1")
    changed = next(d.value for d in at.dataframe if "Vad ändras" in d.value.columns)
    # the indicator by name, the value with the indicator's own decimals (unemployment: one)
    assert list(changed["Nytt värde"]) == ["6,5"] and list(changed["Vad ändras"]) == ["värde, källa"]
    assert {"Region", "Indikator", "År"} <= set(changed.columns)
    assert list(changed["Indikator"]) == [_catalogue_name("unemployment_rate")]


def _catalogue_name(indicator_id: str) -> str:
    from app import queries
    catalogue = queries.indicators()
    return catalogue[catalogue.indicator_id == indicator_id].name_sv.iloc[0]


def test_a_saved_file_says_so_once_and_a_file_that_changes_nothing_cannot_be_saved(own_warehouse, staff):
    at = upload_page(staff)
    data = template_file([[*GOOD_ROW[:2], 1991, 4.2, *GOOD_ROW[4:]]])
    at.file_uploader(key="up_file").upload("a.xlsx", data, XLSX).run()
    at.button(key="up_check").click().run()
    at.button(key="up_commit").click().run()
    assert not at.exception
    assert [s.value for s in at.success if "Sparat som inläsning" in s.value].__len__() == 1
    assert not [b for b in at.button if b.key == "up_commit"] and not at.metric     # the saved preview is gone
    at.file_uploader(key="up_file").upload("a-igen.xlsx", data, XLSX).run()
    at.button(key="up_check").click().run()
    assert at.button(key="up_commit").disabled
    assert any("ändrar inget" in i.value for i in at.info)


def test_warnings_and_problems_are_sentences_in_swedish_number_format(own_warehouse, staff):
    from tests.test_upload_safety import fixture
    at = upload_page(staff)
    at.file_uploader(key="up_file").upload("pop.csv", fixture("synthetic_population_drop.csv"), "text/csv").run()
    at.button(key="up_check").click().run()
    listed = " ".join(m.value for m in at.markdown)
    assert "244\u00a0193" in listed and "10\u00a0" in listed and "rad 2" in listed    # sv numbers, the row named
    warnings = next(d.value for d in at.dataframe if "Problem och åtgärd" in d.value.columns)
    assert warnings["Värde"].iloc[0] == "244\u00a0193"
    at.file_uploader(key="up_file").upload("tom.csv", b"", "text/csv").run()
    at.button(key="up_check").click().run()
    problems = next(d.value for d in at.dataframe if "Problem och åtgärd" in d.value.columns)
    assert list(problems["Rad"]) == [""]                        # a file-level problem has no row


def test_undo_asks_first_shows_its_result_and_starts_at_the_newest_load(own_warehouse, staff):
    at = upload_page(staff)
    for year in (1991, 1992):
        at.file_uploader(key="up_file").upload(f"{year}.xlsx", template_file([[*GOOD_ROW[:2], year, 4.2,
                                                                                 *GOOD_ROW[4:]]]), XLSX).run()
        at.button(key="up_check").click().run()
        at.button(key="up_commit").click().run()
    history = next(d.value for d in at.dataframe if "Inläsning" in d.value.columns)
    assert {"Inläsning", "Typ", "Ångrad av"} <= set(history.columns) and "uppladdning" in set(history["Typ"])
    newest = history[history["Typ"] == "uppladdning"]["Inläsning"].iloc[0]
    picker = next(s for s in at.selectbox if s.key.startswith("up_undo_batch_"))
    assert picker.value == newest
    assert at.button(key="up_undo").disabled
    next(c for c in at.checkbox if c.key.startswith("up_undo_sure_")).check().run()
    at.button(key="up_undo").click().run()
    assert not at.exception
    assert any(newest in s.value and "ångrad" in s.value for s in at.success)
    picker = next(s for s in at.selectbox if s.key.startswith("up_undo_batch_"))
    assert picker.value != newest                                   # the next newest, not the undone one
