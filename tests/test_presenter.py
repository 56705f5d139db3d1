"""The presenter view follows the show in a second window; the projected screen shows no
notes; a new step is titled with what the view shows and confirmed."""

from __future__ import annotations

from app import presenter, workshop
from tests.test_pages import open_page

EVIL = "Se ![pixel](https://evil.example/p.png) och [klicka](https://evil.example)"


def test_the_store_keeps_the_latest_step_and_forgets_idle_shows():
    views = [workshop.View("oversikt", "A", "nA"), workshop.View("kallor", "B", "nB")]
    presenter.publish("s1", views, 0, now=1000.0)
    presenter.publish("s1", views, 1, now=1001.0)
    assert presenter.get("s1").step == 1 and presenter.get("s1").notes == ("nA", "nB")
    presenter.publish("s2", views, 0, now=1000.0 + presenter.IDLE_SECONDS + 10)
    assert presenter.get("s1") is None, "an idle show is forgotten"
    assert presenter.new_id() != presenter.new_id() and len(presenter.new_id()) >= 20


def test_the_presenter_window_shows_notes_and_next_step_as_text(warehouse):
    views = [workshop.View("oversikt", "Första", EVIL), workshop.View("kallor", "Andra [länk](https://x.example)")]
    presenter.publish("show-test", views, 0)
    at = open_page(presenter="show-test")
    assert not at.exception
    shown = "\n".join(m.value for m in at.markdown)
    assert "evil" in shown and "![" not in shown and "](" not in shown, shown
    assert "Nästa" in shown and "Andra" in shown
    assert at.header[0].value == "Första"


def test_an_unknown_show_says_so(warehouse):
    at = open_page(presenter="no-such-show")
    assert not at.exception
    assert "Ingen visning" in at.info[0].value


def test_the_projected_screen_shows_no_notes_and_links_the_presenter_view(warehouse):
    at = open_page("app_pages/indicators.py")
    at.session_state["ws_views"] = [workshop.View("indikatorer", "FoU", "HEMLIGT MANUS")]
    at.button(key="ws_add").click().run()  # any run; then start the show at step 0
    at.session_state["ws_views"] = [workshop.View("indikatorer", "FoU", "HEMLIGT MANUS")]
    at.session_state["ws_step"] = 0
    at.session_state["present"] = True
    at.run()
    assert not at.exception
    everything = " ".join(str(e.proto) for e in at.main)
    assert "HEMLIGT MANUS" not in everything
    links = [b for b in at.get("link_button")]
    assert links and "presenter=" in links[0].proto.url
    show_id = links[0].proto.url.split("presenter=")[1].split("&")[0]
    assert presenter.get(show_id).notes == ("HEMLIGT MANUS",)


def test_a_new_step_is_titled_with_what_the_view_shows_and_confirmed(warehouse):
    at = open_page("app_pages/indicators.py", indicator="rd_intensity", regions=["SE312", "SE"])
    at.button(key="ws_add").click().run()
    view = at.session_state["ws_views"][-1]
    assert view.title.startswith("FoU-utgifter i procent av BRP · Dalarnas län, Sverige · "), view.title
    assert any("Lagt till som steg 1" in t.value for t in at.toast)
    assert any("1 steg" in c.value for c in at.sidebar.caption)
