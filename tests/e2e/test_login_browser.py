"""In a real browser: a staff login survives a reload (signed cookie), logout ends it everywhere."""

from __future__ import annotations

from playwright.sync_api import expect

from etl import users
from tests.e2e.conftest import SHOTS, wait_for_app

PASSWORD = "ett-langt-losenord-for-webblasaren"


def staff_cookie(context) -> dict | None:
    return next((c for c in context.cookies() if c["name"] == "nms_staff"), None)


def nav(page):
    return page.get_by_test_id("stSidebarNav")


def test_a_reload_keeps_the_staff_session_and_logout_ends_it(server, browser, staff_accounts, monkeypatch):
    monkeypatch.setenv("NMS_USERS", str(staff_accounts))
    users.add_user("eva", PASSWORD)
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(f"{server}/logga-in")
    wait_for_app(page)
    page.get_by_label("Användarnamn").fill("eva")
    page.get_by_label("Lösenord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(nav(page).get_by_text("Ladda upp data")).to_be_visible(timeout=30_000)
    page.wait_for_function("document.cookie.includes('nms_staff=')", timeout=30_000)
    cookie = staff_cookie(context)
    assert cookie["sameSite"] == "Strict" and cookie["expires"] > 0
    assert "nms_staff" not in page.url and cookie["value"] not in page.url

    page.reload()
    wait_for_app(page)
    expect(nav(page).get_by_text("Ladda upp data")).to_be_visible()
    page.goto(f"{server}/ladda-upp")
    wait_for_app(page)
    expect(page.locator("h1").first).to_have_text("Ladda upp data")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "e2e-login-reloaded-upload-1280x720.png"))

    page.get_by_role("button", name="Logga ut").click()
    expect(nav(page).get_by_text("Logga in")).to_be_visible(timeout=30_000)
    page.wait_for_function("!document.cookie.includes('nms_staff=')", timeout=30_000)
    page.reload()
    wait_for_app(page)
    expect(nav(page).get_by_text("Logga in")).to_be_visible()
    expect(nav(page).get_by_text("Ladda upp data")).to_have_count(0)

    # A copy of the cookie taken before logout opens nothing afterwards: the session is ended on the server.
    other = browser.new_context()
    other.add_cookies([cookie])
    thief = other.new_page()
    thief.goto(server)
    wait_for_app(thief)
    expect(nav(thief).get_by_text("Logga in")).to_be_visible()
    other.close()
    context.close()
