"""Bench: each page's server-side run time with AppTest, cold and warm.

Usage: python bench/pages.py [--runs 5] [--db PATH]
Target: every page's warm run under 300 ms on the bundled data. Exit code 1 if any
page misses it. Builds a throwaway warehouse from data/ unless --db is given.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_MS = 300


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--db", help="warehouse pointer to use (default: a fresh build in a temp folder)")
    args = ap.parse_args()

    from etl import build

    if args.db:
        os.environ["NMS_DB"] = args.db
    else:
        pointer = Path(tempfile.mkdtemp()) / "warehouse.duckdb"
        build.build(ROOT / "data", pointer, log=lambda *a: None)
        os.environ["NMS_DB"] = str(pointer)

    import logging

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    from streamlit.testing.v1 import AppTest

    from app.registry import PAGES

    rows = []
    for spec in PAGES:
        for lang in ("sv", "en"):
            at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
            at.query_params["lang"] = lang
            t0 = time.perf_counter()
            at.run()
            if not spec.default:
                at.switch_page(str(ROOT / spec.file)).run()
            cold = (time.perf_counter() - t0) * 1000
            warm = []
            for _ in range(args.runs):
                t0 = time.perf_counter()
                at.run()
                warm.append((time.perf_counter() - t0) * 1000)
            if at.exception:
                print(f"{spec.url_path} ({lang}) raised: {at.exception[0].value}", file=sys.stderr)
                return 2
            rows.append((spec.url_path, lang, cold, statistics.median(warm), max(warm)))

    print(f"{'page':<14} {'lang':<4} {'cold ms':>9} {'warm median ms':>15} {'warm max ms':>12}  target {TARGET_MS} ms")
    ok = True
    for page, lang, cold, med, worst in rows:
        flag = "ok" if med < TARGET_MS else "SLOW"
        ok &= med < TARGET_MS
        print(f"{page:<14} {lang:<4} {cold:>9.0f} {med:>15.0f} {worst:>12.0f}  {flag}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
