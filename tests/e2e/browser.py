"""Driving Debian's chromium with Playwright: shared by the e2e tests and scripts/screenshots.py."""

from __future__ import annotations

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


def wait_for_app(page) -> None:
    """Until Streamlit has finished running and every visible Plotly chart has drawn."""
    from playwright.sync_api import expect

    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(
        state="attached", timeout=30_000)
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0, timeout=30_000)
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(
        state="attached", timeout=30_000)
    charts = page.locator("[data-testid='stPlotlyChart']")
    for i in range(charts.count()):
        if charts.nth(i).is_visible():
            charts.nth(i).locator(".main-svg").first.wait_for(state="attached", timeout=30_000)
    page.wait_for_timeout(300)
