"""Take screenshots of every dashboard page in headless Chromium (Debian's /usr/bin/chromium).

Usage:
    python scripts/screenshots.py [--url http://localhost:8501] [--out screenshots/out]
           [--sizes 1280x720,1440x900] [--query "lang=en"] [--full-page]

Starts nothing itself: run the dashboard first (see README). Pages come from the
page registry, so a new page is photographed without changing this script.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright  # noqa: E402

from app.registry import PAGES  # noqa: E402
from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, wait_for_app  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", default="http://localhost:8501")
    ap.add_argument("--out", default="screenshots/out")
    ap.add_argument("--sizes", default="1280x720,1440x900")
    ap.add_argument("--query", default="", help="extra query string, e.g. 'lang=en'")
    ap.add_argument("--pages", default="", help="comma-separated url paths (default: all)")
    ap.add_argument("--full-page", action="store_true")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    wanted = [p for p in PAGES if not args.pages or p.url_path in args.pages.split(",")]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        for size in args.sizes.split(","):
            w, h = (int(x) for x in size.split("x"))
            page = browser.new_page(viewport={"width": w, "height": h})
            for spec in wanted:
                url = f"{args.url}/{'' if spec.default else spec.url_path}" + (f"?{args.query}" if args.query else "")
                page.goto(url)
                wait_for_app(page)
                errors = page.locator("[data-testid='stException']").count()
                suffix = ("-" + args.query.replace("=", "-").replace("&", "_")) if args.query else ""
                path = out / f"{spec.url_path}-{w}x{h}{suffix}.png"
                page.screenshot(path=str(path), full_page=args.full_page)
                print(f"{path}  exceptions on page: {errors}")
            page.close()
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
