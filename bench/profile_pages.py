"""Bench: where a page's server-side time goes (pyinstrument on the script thread, AppTest).

Usage: python bench/profile_pages.py [--pages specialisering,finansiering] [--runs 3] [--db PATH]
                                      [--bigdata] [--threshold 0.02] [--lang sv]

For each page (and the bench's reference page), after one warm-up run, profiles N warm
runs of the script thread (pyinstrument, a sampling profiler: little overhead, so the
shares are right even for Plotly's many small calls) and counts per run:
* queries: calls of app.db.query (each a st.cache_data lookup that unpickles a copy of
  the cached frame) and DuckDB executions (cache misses: app.db._connection calls);
* elements sent to the browser, by type, with their serialized size (ForwardMsg bytes):
  Plotly figures (their JSON), dataframes (Arrow), metrics, ...;
then prints the call tree (branches under --threshold of the run left out) and the
functions with the most own time. Not a test and not a target:
the numbers say what to fix first. --bigdata runs on bench/bigdata.py's warehouse.
"""

from __future__ import annotations

import argparse
import collections
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REFERENCE = "bench-referens"


class Counters:
    def __init__(self):
        self.reset()

    def reset(self):
        self.queries = 0
        self.query_s = 0.0
        self.executions = 0
        self.elements: collections.Counter = collections.Counter()
        self.bytes: collections.Counter = collections.Counter()
        self.msgs = 0


def instrument(counters: Counters, profiler: list) -> None:
    """Count queries and DuckDB executions; profile the script thread; size what is sent."""
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner
    from streamlit.testing.v1.local_script_runner import LocalScriptRunner

    from app import db

    cached, connection = db._cached, db._connection

    def counted_cached(*args, **kwargs):
        counters.queries += 1
        t0 = time.perf_counter()
        try:
            return cached(*args, **kwargs)
        finally:
            counters.query_s += time.perf_counter() - t0

    def counted_connection(*args, **kwargs):
        counters.executions += 1  # _cached's body runs (and asks for the connection) only on a miss
        return connection(*args, **kwargs)

    db._cached, db._connection = counted_cached, counted_connection

    original_run_script = ScriptRunner._run_script

    def profiled(self, rerun_data):
        if not profiler:  # profile only while main() has put a profiler in the box
            return original_run_script(self, rerun_data)
        profiler[0].start()
        try:
            return original_run_script(self, rerun_data)
        finally:
            profiler[0].stop()

    LocalScriptRunner._run_script = profiled

    original_run = LocalScriptRunner.run

    def sized_run(self, *args, **kwargs):
        tree = original_run(self, *args, **kwargs)
        for msg in self.forward_msgs():
            counters.msgs += 1
            if msg.WhichOneof("type") == "delta" and msg.delta.WhichOneof("type") == "new_element":
                kind = msg.delta.new_element.WhichOneof("type")
                counters.elements[kind] += 1
                counters.bytes[kind] += msg.ByteSize()
            else:
                counters.bytes["(other messages)"] += msg.ByteSize()
        return tree

    LocalScriptRunner.run = sized_run


def _strip_banner(text: str) -> str:
    """pyinstrument's text without its logo and header lines, indented."""
    lines = text.splitlines()
    start = next((i + 1 for i, line in enumerate(lines) if line.startswith("Profile at")), 0)
    return "\n".join("    " + line for line in lines[start:] if line.strip())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", default="", help="comma-separated url paths (default: every page)")
    ap.add_argument("--runs", type=int, default=3, help="profiled warm runs per page")
    ap.add_argument("--db", help="warehouse pointer (default: a fresh build of data/ in a temp folder)")
    ap.add_argument("--bigdata", action="store_true", help="on bench/bigdata.py's synthetic 10x warehouse")
    ap.add_argument("--threshold", type=float, default=0.02, help="leave out branches under this share of a run")
    ap.add_argument("--lang", default="sv")
    args = ap.parse_args()

    if args.db:
        pointer = Path(args.db)
    elif args.bigdata:
        from bench.bigdata import make_warehouse

        pointer = make_warehouse()
    else:
        from etl import build

        pointer = Path(tempfile.mkdtemp()) / "warehouse.duckdb"
        build.build(ROOT / "data", pointer, log=lambda *a: None)
    os.environ["NMS_DB"] = str(pointer)
    os.environ["NMS_BENCH_REFERENCE"] = REFERENCE

    import logging

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    from pyinstrument import Profiler
    from streamlit.testing.v1 import AppTest

    from app.registry import PAGES

    counters, box = Counters(), []
    instrument(counters, box)
    targets = [(REFERENCE, "bench/reference_page.py", False)] + [(p.url_path, p.file, p.default) for p in PAGES]
    wanted = set(args.pages.split(",")) if args.pages else None
    summary = []
    for url_path, file, default in targets:
        if wanted and url_path not in wanted and url_path != REFERENCE:
            continue
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
        at.query_params["lang"] = args.lang
        at.run()
        if not default:
            at.switch_page(str(ROOT / file)).run()
        at.run()  # warm
        counters.reset()
        profiler = Profiler(interval=0.0005)
        box[:] = [profiler]
        t0 = time.perf_counter()
        for _ in range(args.runs):
            at.run()
        wall = (time.perf_counter() - t0) / args.runs * 1000
        box.clear()
        if at.exception:
            print(f"{url_path} raised: {at.exception[0].value}", file=sys.stderr)
            return 2
        n = args.runs
        charts = at.get("plotly_chart")
        total_bytes = sum(counters.bytes.values()) / n
        print(f"\n== /{url_path}: {wall:.0f} ms per warm run (profiled)")
        print(f"    queries {counters.queries / n:.0f} per run ({counters.query_s / n * 1000:.0f} ms in app.db "
              f"cache lookups), DuckDB executions {counters.executions / n:.0f} per run; "
              f"Plotly figures {len(charts)}; sent {total_bytes / 1024:.0f} KiB in {counters.msgs / n:.0f} messages")
        kinds = sorted(counters.bytes.items(), key=lambda kv: -kv[1])
        print("    sent per run: " + ", ".join(
            f"{k} {counters.elements.get(k, 0) / n:.0f}x {v / n / 1024:.1f} KiB" for k, v in kinds[:8]))
        opts = {"filter_threshold": args.threshold}
        session = profiler.last_session
        print(f"    profiled: {session.cpu_time / n * 1000:.0f} ms CPU per run ({session.duration / n * 1000:.0f} ms "
              f"wall; wall above CPU is time the script thread waited, e.g. for a core on a busy machine)")
        print(f"    call tree, seconds for the {n} runs together:")
        print(_strip_banner(profiler.output_text(processor_options=opts)))
        print(f"    most own time, seconds for the {n} runs together:")
        print("\n".join(_strip_banner(profiler.output_text(flat=True, processor_options=opts)).splitlines()[:16]))
        cpu_ms = session.cpu_time / n * 1000
        summary.append((url_path, wall, cpu_ms, counters.queries / n, counters.executions / n, len(charts),
                        total_bytes / 1024))
    print(f"\n{'page':<16}{'wall ms/run':>12}{'CPU ms/run':>11}{'queries':>9}{'DuckDB':>8}{'figures':>9}"
          f"{'KiB sent':>10}")
    for row in summary:
        print(f"{row[0]:<16}{row[1]:>12.0f}{row[2]:>11.0f}{row[3]:>9.0f}{row[4]:>8.0f}{row[5]:>9}{row[6]:>10.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
