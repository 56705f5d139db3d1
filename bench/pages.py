"""Bench: each page's server-side run time with AppTest, cold and warm.

Usage: python bench/pages.py [--runs 5] [--db PATH] [--langs sv,en] [--pages a,b] [--json FILE] [--report-only]
Target: every page's warm run under 150 ms on the bundled data. Exit code 1 if any page
misses it (0 with --report-only). Builds a throwaway warehouse from data/ unless --db is
given. The bench's reference page (bench/reference_page.py: one query, one line chart) is
measured too, as the yardstick the browser bench (bench/browser.py) uses.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_MS = 150
REFERENCE = "bench-referens"  # the url path bench/browser.py serves the reference page under


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--db", help="warehouse pointer to use (default: a fresh build in a temp folder)")
    ap.add_argument("--langs", default="sv,en", help="languages to run each page in")
    ap.add_argument("--pages", default="", help="comma-separated url paths (default: every page)")
    ap.add_argument("--json", help="also write the results to this file")
    ap.add_argument("--report-only", action="store_true", help="exit 0 even when a page misses the target")
    args = ap.parse_args()

    from etl import build

    if args.db:
        os.environ["NMS_DB"] = args.db
    else:
        pointer = Path(tempfile.mkdtemp()) / "warehouse.duckdb"
        build.build(ROOT / "data", pointer, log=lambda *a: None)
        os.environ["NMS_DB"] = str(pointer)
    os.environ["NMS_BENCH_REFERENCE"] = REFERENCE

    import logging

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    from streamlit.testing.v1 import AppTest

    from app.registry import PAGES

    targets = [(REFERENCE, "bench/reference_page.py", False)] + [
        (p.url_path, p.file, p.default) for p in PAGES if not args.pages or p.url_path in args.pages.split(",")]
    rows = []
    for url_path, file, default in targets:
        for lang in args.langs.split(","):
            at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
            at.query_params["lang"] = lang
            t0 = time.perf_counter()
            at.run()
            if not default:
                at.switch_page(str(ROOT / file)).run()
            cold = (time.perf_counter() - t0) * 1000
            warm = []
            for _ in range(args.runs):
                t0 = time.perf_counter()
                at.run()
                warm.append((time.perf_counter() - t0) * 1000)
            if at.exception:
                print(f"{url_path} ({lang}) raised: {at.exception[0].value}", file=sys.stderr)
                return 2
            rows.append({"page": url_path, "lang": lang, "cold_ms": cold, "warm_ms": statistics.median(warm),
                         "warm_max_ms": max(warm)})

    ref = {r["lang"]: r["warm_ms"] for r in rows if r["page"] == REFERENCE}
    print(f"{'page':<16} {'lang':<4} {'cold ms':>9} {'warm median ms':>15} {'warm max ms':>12} {'x ref':>6}"
          f"  target {TARGET_MS} ms")
    ok = True
    for r in rows:
        is_ref = r["page"] == REFERENCE
        met = r["warm_ms"] < TARGET_MS
        ok &= met or is_ref
        flag = "" if is_ref else ("ok" if met else "SLOW")
        name = "(reference)" if is_ref else r["page"]
        print(f"{name:<16} {r['lang']:<4} {r['cold_ms']:>9.0f} {r['warm_ms']:>15.0f} {r['warm_max_ms']:>12.0f}"
              f" {r['warm_ms'] / ref[r['lang']]:>6.1f}  {flag}")
    if args.json:
        Path(args.json).write_text(json.dumps({"runs": args.runs, "target_ms": TARGET_MS, "rows": rows}, indent=1))
    return 0 if (ok or args.report_only) else 1


if __name__ == "__main__":
    raise SystemExit(main())
