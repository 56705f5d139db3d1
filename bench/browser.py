"""Bench: every page's open and rerun time in a real browser, against a one-chart reference page.

Usage (from the venv):
    python bench/browser.py [--quick] [--sessions 3] [--bigdata] [--concurrency 8]
                            [--pages oversikt,indikatorer] [--db PATH] [--no-server-side]
                            [--budget 540] [--report-only] [--json FILE]

Starts the dashboard itself (``streamlit run dashboard.py`` on a free loopback port, on a
warehouse it builds from data/ in a temp folder unless --db is given) with the bench's
reference page (bench/reference_page.py: one DuckDB query, one Plotly line chart) served by
the same Streamlit. Drives Debian's chromium with Playwright. For every page in
app/registry.py, median of N fresh browser sessions (a new browser context each, pages
interleaved with the reference so drift hits both alike):

* open  = from navigation until the script has run and stopped (stApp's
          data-test-script-state went running -> notRunning), no skeleton or spinner is left
          and every visible Plotly chart has drawn (its .main-svg is in the DOM, GL canvases
          too), stamped in the page at the next animation frame. Measured by a probe script
          in the page (MutationObserver), not by polling from Python, and with no sleeps.
* rerun = the same page rerun in its session as a widget change does: Streamlit's "r"
          shortcut (it sends the widget states to the server, exactly like a widget change,
          without changing a value), from the keydown until the same condition holds again.

The server is warmed first (every page opened once) so imports and query caches are what a
viewer meets on a running server. With --bigdata a second server on bench/bigdata.py's
warehouse runs beside the first and every session on one is followed by the same session on
the other, so the ratio between them is not the machine's drift. --concurrency N: 1 viewer,
then N at once, each in a browser of its own opening every page in turn. Afterwards runs
bench/pages.py (server-side AppTest warm runs) on each warehouse.

The run is bounded (--budget, default 540 s, plus bench/pages.py): on a machine so busy that
the sessions would not fit, fewer rounds are taken (at least one) and the report says so;
concurrent viewers open no new page after 85 % of the budget.

Targets: open <= 1.25x and rerun <= 2x the reference's; server-side warm run < 150 ms;
--bigdata: every page's open and rerun within 1.3x of its time on the bundled data (same run);
--concurrency N: 95th percentile of N concurrent sessions' opens within 3x a single session.
Exit 1 when a target is missed (0 with --report-only), 2 when the bench itself failed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import faulthandler
import json
import math
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OPEN_TARGET = 1.25        # x the reference page's open time
RERUN_TARGET = 2.0        # x the reference page's rerun time
BIGDATA_TARGET = 1.3      # x the same page's time on the bundled data
CONCURRENCY_TARGET = 3.0  # p95 of concurrent opens, x a single session's
SERVER_TARGET_MS = 150    # bench/pages.py warm run
REFERENCE = "bench-referens"  # url path of the reference page (NMS_BENCH_REFERENCE)
VIEWPORT = {"width": 1280, "height": 720}
QUIET_MS = 250            # after "done", the DOM must stay unchanged this long before the next step
TIMEOUT_MS = 90_000
CONCURRENT_TIMEOUT_MS = 240_000
MIN_CONCURRENT_OPENS = 3   # per viewer, whatever the time budget says

# Runs in every document before the app's own scripts. Records script-state transitions,
# the moments the page became "done" (see the module docstring), the "r" keydown, long tasks.
PROBE_JS = r"""
(() => {
  if (window.__bench) return;
  const now = () => performance.now();
  const B = window.__bench = {log: [], finished: 0, ready: [], keyAt: null, runsAtKey: 0,
                              isReady: false, lastMutation: 0, longtasks: [], firstChartAt: null};
  const visible = (el) => (el.checkVisibility ? el.checkVisibility() : el.offsetParent !== null);
  let state = null;
  function transition(to) {
    if (to === state) return;
    B.log.push([now(), state, to]);
    if (to === 'notRunning' && (state === 'running' || state === 'rerunRequested')) B.finished++;
    state = to;
  }
  function chartsDrawn() {  // number of visible charts, or -1 while one has not drawn
    let n = 0;
    for (const c of document.querySelectorAll('[data-testid="stPlotlyChart"]')) {
      if (B.firstChartAt === null) B.firstChartAt = now();
      if (!visible(c)) continue;
      n++;
      const plot = c.querySelector('.js-plotly-plot');
      if (!plot || !plot._fullLayout || !plot.querySelector('.main-svg')) return -1;
      // WebGL traces (scattergl, splom, ...) draw into canvases of their own.
      const gl = (plot._fullData || []).some((t) => /gl$|^splom$|^parcoords$/.test(t.type));
      if (gl && !plot.querySelector('.gl-container canvas')) return -1;
    }
    return n;
  }
  function readyNow() {
    if (state !== 'notRunning' || B.finished === 0) return -1;
    if (document.querySelector('[data-testid="stSkeleton"]')) return -1;
    for (const s of document.querySelectorAll('[data-testid="stSpinner"]')) if (visible(s)) return -1;
    return chartsDrawn();
  }
  function onMutations(records) {
    B.lastMutation = now();
    const app = document.querySelector('[data-testid="stApp"]');
    if (app) {
      // Every transition, even two in one batch: the records carry the old values.
      const olds = records.filter((r) => r.type === 'attributes' && r.target === app
                                         && r.attributeName === 'data-test-script-state')
                          .map((r) => r.oldValue);
      for (const v of olds.slice(1)) transition(v);
      transition(app.getAttribute('data-test-script-state'));
    }
    const n = readyNow();
    if (n < 0) { B.isReady = false; return; }
    if (B.isReady) return;
    B.isReady = true;
    const runs = B.finished;
    requestAnimationFrame(() => {  // stamp the frame that shows it
      if (B.isReady && B.finished === runs) B.ready.push([now(), runs, n]);
    });
  }
  new MutationObserver(onMutations).observe(document, {subtree: true, childList: true, attributes: true,
                                                       attributeOldValue: true});
  window.addEventListener('keydown', (e) => {
    if (e.key === 'r') { B.keyAt = now(); B.runsAtKey = B.finished; B.isReady = false; }
  }, true);
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) B.longtasks.push([e.startTime, e.duration]);
    }).observe({type: 'longtask', buffered: true});
  } catch (e) {}
  B.settled = (afterKey, quietMs) => {
    const need = afterKey ? B.runsAtKey + 1 : 1;
    const hit = B.ready.some((r) => r[1] >= need && (!afterKey || r[0] > B.keyAt));
    return hit && B.isReady && now() - B.lastMutation >= quietMs;
  };
})();
"""


@dataclass
class Sample:
    path: str
    open_ms: float
    open_run_ms: float          # first run as the browser saw it: running -> notRunning
    open_draw_ms: float         # from the run's end until every chart had drawn
    charts: int
    longtask_ms: float          # long tasks (> 50 ms) on the page's main thread until "open"
    js_ms: float                # CDP: script time in the renderer until "open"
    layout_ms: float            # CDP: layout + style recalculation until "open"
    rerun_ms: float | None = None
    rerun_run_ms: float | None = None
    rerun_draw_ms: float | None = None
    rerun_js_ms: float | None = None
    rerun_layout_ms: float | None = None
    extra_runs: int = 0         # runs the page started by itself after opening (should be 0)
    timed_out: bool = False     # concurrent viewers only: counted at the timeout


@dataclass
class PageResult:
    path: str
    samples: list[Sample] = field(default_factory=list)

    def med(self, attr: str) -> float | None:
        vals = [getattr(s, attr) for s in self.samples if getattr(s, attr) is not None]
        return statistics.median(vals) if vals else None


# --- server ------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cpu_seconds(pid: int) -> float:
    """CPU time of a process and its reaped children (utime + stime + cutime + cstime)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return 0.0
    return sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parts = stat.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
        children.setdefault(int(parts[1]), []).append(int(stat.parent.name))
    out, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


class CpuMeter:
    """CPU seconds used by the Streamlit server and by the browser (every other process this
    bench started: Playwright's driver, chromium and its renderers) between start() and stop()."""

    def __init__(self, server_pid: int):
        self.server_pid = server_pid

    def _now(self) -> tuple[float, float]:
        server = _cpu_seconds(self.server_pid)
        browser = sum(_cpu_seconds(p) for p in _descendants(os.getpid()) if p != self.server_pid)
        return server, browser

    def start(self) -> None:
        self.t0, (self.s0, self.b0) = time.perf_counter(), self._now()

    def stop(self) -> dict[str, float]:
        s, b = self._now()
        return {"wall_s": time.perf_counter() - self.t0, "server_cpu_s": s - self.s0, "browser_cpu_s": b - self.b0}


@contextlib.contextmanager
def dashboard(pointer: Path, log_dir: Path):
    """``streamlit run dashboard.py`` on a free loopback port with the reference page; yields (URL, pid)."""
    port = _free_port()
    env = {**os.environ, "NMS_DB": str(pointer), "NMS_BENCH_REFERENCE": REFERENCE}
    log_path = log_dir / f"streamlit-{port}.log"
    with open(log_path, "w") as log:  # a file, not a pipe: a full pipe would block the server
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true",
             "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.read() == b"ok":
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start; its log: {log_path}\n{log_path.read_text()[-3000:]}")
            time.sleep(0.3)
        yield url, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# --- one browser session -------------------------------------------------------------------


def _page_url(base: str, path: str) -> str:
    return f"{base}/{path}"


async def _metrics(cdp) -> dict[str, float]:
    got = await cdp.send("Performance.getMetrics")
    return {m["name"]: m["value"] for m in got["metrics"]}


def _first_ready(b: dict, need_runs: int, after: float | None) -> list:
    for t, runs, n in b["ready"]:
        if runs >= need_runs and (after is None or t > after):
            return [t, runs, n]
    raise RuntimeError("the page never reached 'done'")


def _run_window(b: dict, start: float, end: float) -> tuple[float, float]:
    """(first moment a run started after ``start``, last moment a run finished before ``end``)."""
    began = [t for t, _f, to in b["log"] if t >= start and to in ("running", "rerunRequested")]
    ended = [t for t, frm, to in b["log"] if t <= end and to == "notRunning" and frm in ("running", "rerunRequested")]
    return (began[0] if began else start), (ended[-1] if ended else end)


async def _wait(page, condition: str, path: str, what: str, timeout_ms: float) -> None:
    from playwright.async_api import TimeoutError as PlaywrightTimeout

    try:
        await page.wait_for_function(f"() => {condition}", polling="raf", timeout=timeout_ms)
    except PlaywrightTimeout:
        state = await page.evaluate(
            "() => { const b = window.__bench; return b && {log: b.log, ready: b.ready, finished: b.finished, "
            "isReady: b.isReady, quietFor: performance.now() - b.lastMutation, keyAt: b.keyAt} }")
        shot = Path(tempfile.gettempdir()) / f"nms-bench-timeout-{path or 'root'}-{what}.png"
        await page.screenshot(path=str(shot))
        raise RuntimeError(f"/{path} did not finish its {what} within {timeout_ms / 1000:.0f} s; "
                           f"probe state {json.dumps(state)}; screenshot {shot}") from None


async def open_in(page, base: str, path: str, cdp=None, timeout_ms: float = TIMEOUT_MS) -> tuple[Sample, dict]:
    """Navigate ``page`` (whose context has the probe) to ``path``: a new Streamlit session."""
    await page.goto(_page_url(base, path), wait_until="commit", timeout=timeout_ms)
    await _wait(page, f"window.__bench && window.__bench.settled(false, {QUIET_MS})", path, "open", timeout_ms)
    metrics = await _metrics(cdp) if cdp else {}
    b = await page.evaluate("() => window.__bench")
    if await page.locator("[data-testid='stException']").count():
        raise RuntimeError(f"/{path} shows an exception")
    t_open, _runs, n_charts = _first_ready(b, 1, None)
    run_start, run_end = _run_window(b, 0, t_open)
    sample = Sample(
        path=path, open_ms=t_open, open_run_ms=run_end - run_start, open_draw_ms=t_open - run_end,
        charts=n_charts, longtask_ms=sum(d for s, d in b["longtasks"] if s <= t_open),
        js_ms=metrics.get("ScriptDuration", 0) * 1000,
        layout_ms=(metrics.get("LayoutDuration", 0) + metrics.get("RecalcStyleDuration", 0)) * 1000,
        extra_runs=b["finished"] - 1)
    return sample, metrics


async def rerun_in(page, sample: Sample, cdp=None, before: dict | None = None) -> None:
    """Rerun the open page in its session with Streamlit's "r" shortcut; fill in the rerun fields."""
    await page.locator("body").focus()
    await page.keyboard.press("r")
    await _wait(page, f"window.__bench.settled(true, {QUIET_MS})", sample.path, "rerun", TIMEOUT_MS)
    after = await _metrics(cdp) if cdp else {}
    b = await page.evaluate("() => window.__bench")
    t_done = _first_ready(b, b["runsAtKey"] + 1, b["keyAt"])[0]
    run_start, run_end = _run_window(b, b["keyAt"], t_done)
    sample.rerun_ms = t_done - b["keyAt"]
    sample.rerun_run_ms = run_end - run_start
    sample.rerun_draw_ms = t_done - run_end
    if cdp and before is not None:
        sample.rerun_js_ms = (after.get("ScriptDuration", 0) - before.get("ScriptDuration", 0)) * 1000
        sample.rerun_layout_ms = sum(after.get(k, 0) - before.get(k, 0)
                                     for k in ("LayoutDuration", "RecalcStyleDuration")) * 1000


async def session(browser, base: str, path: str, *, rerun: bool = True, cdp_metrics: bool = True) -> Sample:
    """One fresh browser session (a new context: no cookies, no cache): open ``path``, rerun it once."""
    ctx = await browser.new_context(viewport=VIEWPORT)
    try:
        await ctx.add_init_script(PROBE_JS)
        page = await ctx.new_page()
        cdp = None
        if cdp_metrics:
            cdp = await ctx.new_cdp_session(page)
            await cdp.send("Performance.enable")
        sample, metrics = await open_in(page, base, path, cdp)
        if rerun:
            await rerun_in(page, sample, cdp, metrics)
        return sample
    finally:
        await ctx.close()


# --- the measurements -----------------------------------------------------------------------


async def warm_up(browser, base: str, paths: list[str]) -> None:
    """Open every page once, untimed. On a cold server the first deep link finds no page
    (pages are known only after a first run), and the first runs pay imports and query caches."""
    await session(browser, base, "", rerun=False, cdp_metrics=False)
    for path in paths:
        await session(browser, base, path, rerun=False, cdp_metrics=False)


async def measure(browser, bases: dict[str, str], paths: list[str], sessions: int, deadline: float,
                  log) -> dict[str, dict[str, PageResult]]:
    """Round after round, every page on every server back to back (the order of the servers
    alternating), so that drift in the machine's load hits them all alike. A round after the
    first starts only if it can end before ``deadline`` (time.monotonic), judged by the last."""
    results = {name: {p: PageResult(p) for p in paths} for name in bases}
    names = list(bases)
    for i in range(sessions):
        t_round = time.monotonic()
        for path in paths:
            for name in (names if i % 2 == 0 else names[::-1]):
                s = await session(browser, bases[name], path)
                results[name][path].samples.append(s)
                log(f"  session {i + 1}/{sessions} {name} /{path}: open {s.open_ms:.0f} ms, rerun {s.rerun_ms:.0f} ms")
        if i + 1 < sessions and time.monotonic() + (time.monotonic() - t_round) > deadline:
            log(f"  time budget: stopping after {i + 1} session(s) per page")
            break
    return results


async def parallel_opens(browser, base: str, paths: list[str], n: int, meter: CpuMeter, deadline: float,
                         log) -> tuple[list[Sample], dict]:
    """``n`` viewers at once, each in a browser of its own (a context, kept for the whole run,
    so its HTTP cache warms up as a real viewer's does) opening every page in turn (each
    navigation is a new Streamlit session), in a rotated order so they do not move in step.
    The first page of each viewer (a cold browser cache) is not counted. After
    MIN_CONCURRENT_OPENS pages a viewer opens no new page past ``deadline`` (time.monotonic)."""
    async def viewer(k: int) -> list[Sample]:
        ctx = await browser.new_context(viewport=VIEWPORT)
        try:
            await ctx.add_init_script(PROBE_JS)
            page = await ctx.new_page()
            order = paths[k % len(paths):] + paths[:k % len(paths)]
            await open_in(page, base, REFERENCE, timeout_ms=CONCURRENT_TIMEOUT_MS)  # fills the browser cache
            out = []
            for i, path in enumerate(order):
                if i >= MIN_CONCURRENT_OPENS and time.monotonic() > deadline:
                    break
                try:
                    out.append((await open_in(page, base, path, timeout_ms=CONCURRENT_TIMEOUT_MS))[0])
                except RuntimeError as exc:  # counted at the timeout, not dropped: the p95 must see it
                    log(f"  viewer {k + 1}: {exc}".split("; probe state")[0])
                    out.append(Sample(path=path, open_ms=float(CONCURRENT_TIMEOUT_MS), open_run_ms=0.0,
                                      open_draw_ms=0.0, charts=0, longtask_ms=0.0, js_ms=0.0, layout_ms=0.0,
                                      timed_out=True))
            return out
        finally:
            await ctx.close()

    meter.start()
    done = await asyncio.gather(*(viewer(k) for k in range(n)))
    cpu = meter.stop()
    log(f"  {n} viewer(s) x {len(paths)} pages in {cpu['wall_s']:.0f} s")
    return [x for w in done for x in w], cpu


def server_side(pointer: Path, runs: int, pages: list[str], log) -> dict | None:
    """bench/pages.py (AppTest warm runs) in its own process, as JSON."""
    out = Path(tempfile.mkstemp(suffix=".json")[1])
    cmd = [sys.executable, str(ROOT / "bench" / "pages.py"), "--db", str(pointer), "--runs", str(runs),
           "--langs", "sv", "--json", str(out), "--report-only", "--pages", ",".join(pages)]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if proc.returncode != 0 or not out.read_text():
        log(f"bench/pages.py failed:\n{proc.stdout}\n{proc.stderr}")
        return None
    return json.loads(out.read_text())


# --- report -------------------------------------------------------------------------------------


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


def _fmt(v: float | None, spec: str = ".0f") -> str:
    return "–" if v is None else format(v, spec)


def report_pages(title: str, results: dict[str, PageResult], server: dict | None, misses: list[str]) -> None:
    ref = results[REFERENCE]
    ref_open, ref_rerun = ref.med("open_ms"), ref.med("rerun_ms")
    warm = {r["page"]: r for r in (server or {}).get("rows", [])}
    print(f"\n{title}")
    print(f"{'page':<16}{'open ms':>9}{'x ref':>7}{'rerun ms':>10}{'x ref':>7}{'server warm ms':>16}   "
          f"targets: open <= {OPEN_TARGET}x, rerun <= {RERUN_TARGET}x, server < {SERVER_TARGET_MS} ms")
    for path, res in results.items():
        o, r = res.med("open_ms"), res.med("rerun_ms")
        ro, rr = o / ref_open, r / ref_rerun
        sw = warm.get(path, {}).get("warm_ms")
        flags = []
        if path != REFERENCE:
            if ro > OPEN_TARGET:
                flags.append("OPEN")
                misses.append(f"{title}: /{path} opens in {ro:.2f}x the reference (target {OPEN_TARGET}x)")
            if rr > RERUN_TARGET:
                flags.append("RERUN")
                misses.append(f"{title}: /{path} reruns in {rr:.2f}x the reference (target {RERUN_TARGET}x)")
        if sw is not None and sw >= SERVER_TARGET_MS and path != REFERENCE:
            flags.append("SERVER")
            misses.append(f"{title}: /{path} server-side warm run {sw:.0f} ms (target < {SERVER_TARGET_MS} ms)")
        name = "(reference)" if path == REFERENCE else path
        verdict = "ok" if not flags else "MISSED " + " ".join(flags)
        print(f"{name:<16}{o:>9.0f}{ro:>7.2f}{r:>10.0f}{rr:>7.2f}{_fmt(sw):>16}   {verdict}")
    print("\nwhere the browser time goes (medians): run = script run as the browser saw it, render = run end "
          "until the page was drawn (every chart too), JS/layout = renderer time (CDP), long = long tasks")
    print(f"{'page':<16}{'charts':>7}{'open run':>9}{'render':>7}{'JS':>7}{'layout':>7}{'long':>7}"
          f"{'rerun run':>11}{'render':>7}{'JS':>7}{'layout':>7}")
    for path, res in results.items():
        name = "(reference)" if path == REFERENCE else path
        print(f"{name:<16}{res.med('charts'):>7.0f}{res.med('open_run_ms'):>9.0f}{res.med('open_draw_ms'):>7.0f}"
              f"{res.med('js_ms'):>7.0f}{res.med('layout_ms'):>7.0f}{res.med('longtask_ms'):>7.0f}"
              f"{_fmt(res.med('rerun_run_ms')):>11}{_fmt(res.med('rerun_draw_ms')):>7}"
              f"{_fmt(res.med('rerun_js_ms')):>7}{_fmt(res.med('rerun_layout_ms')):>7}")
        if any(s.extra_runs for s in res.samples):
            extra = max(s.extra_runs for s in res.samples)
            print(f"  note: /{path} started {extra} more run(s) by itself after opening")


def report_bigdata(bundled: dict[str, PageResult], big: dict[str, PageResult], servers: dict,
                   misses: list[str]) -> None:
    warm = {name: {r["page"]: r["warm_ms"] for r in (server or {}).get("rows", [])} for name, server in servers.items()}
    print(f"\n10x data against the bundled data (same page, same run)   target: <= {BIGDATA_TARGET}x "
          "(server-side: for information)")
    print(f"{'page':<16}{'open ms':>9}{'x bundled':>11}{'rerun ms':>10}{'x bundled':>11}"
          f"{'server warm ms':>16}{'x bundled':>11}")
    for path, res in big.items():
        o, r = res.med("open_ms"), res.med("rerun_ms")
        ro, rr = o / bundled[path].med("open_ms"), r / bundled[path].med("rerun_ms")
        sw, sb = warm.get("10x", {}).get(path), warm.get("bundled", {}).get(path)
        flags = []
        if ro > BIGDATA_TARGET:
            flags.append("OPEN")
            misses.append(f"10x data: /{path} opens in {ro:.2f}x its bundled-data time (target {BIGDATA_TARGET}x)")
        if rr > BIGDATA_TARGET:
            flags.append("RERUN")
            misses.append(f"10x data: /{path} reruns in {rr:.2f}x its bundled-data time (target {BIGDATA_TARGET}x)")
        name = "(reference)" if path == REFERENCE else path
        server = f"{sw:>16.0f}{sw / sb:>11.2f}" if sw is not None and sb else f"{'–':>16}{'–':>11}"
        print(f"{name:<16}{o:>9.0f}{ro:>11.2f}{r:>10.0f}{rr:>11.2f}{server}   "
              f"{'ok' if not flags else 'MISSED ' + ' '.join(flags)}")


def report_concurrency(n: int, single: tuple[list[Sample], dict], many: tuple[list[Sample], dict],
                       misses: list[str]) -> dict:
    (one, cpu_one), (lots, cpu_lots) = single, many
    p95_one, p95_many = _p95([x.open_ms for x in one]), _p95([x.open_ms for x in lots])
    ratio = p95_many / p95_one
    print(f"\n{n} concurrent viewers against 1 viewer (same pages, same way: a browser each, every page opened "
          f"in turn)   target: p95 <= {CONCURRENCY_TARGET}x")
    print(f"{'page':<16}{'1 viewer: open':>15}{'run':>6}{'render':>7}{n:>5} viewers: open{'run':>7}{'render':>7}"
          f"{'max open':>9}")
    for path in dict.fromkeys(x.path for x in one):
        a = [x for x in one if x.path == path]
        b = [x for x in lots if x.path == path]
        med = lambda xs, attr: statistics.median(getattr(x, attr) for x in xs)  # noqa: E731
        print(f"{path:<16}{med(a, 'open_ms'):>15.0f}{med(a, 'open_run_ms'):>6.0f}{med(a, 'open_draw_ms'):>7.0f}"
              f"{med(b, 'open_ms'):>19.0f}{med(b, 'open_run_ms'):>7.0f}{med(b, 'open_draw_ms'):>7.0f}"
              f"{max(x.open_ms for x in b):>9.0f}")
    for label, cpu in (("1 viewer", cpu_one), (f"{n} viewers", cpu_lots)):
        print(f"  CPU, {label}: {cpu['wall_s']:.0f} s wall; Streamlit server {cpu['server_cpu_s']:.0f} s, "
              f"browser (chromium + driver) {cpu['browser_cpu_s']:.0f} s  (this machine has {os.cpu_count()} cores)")
    timeouts = sum(x.timed_out for x in one + lots)
    if timeouts:
        print(f"  {timeouts} open(s) did not finish within {CONCURRENT_TIMEOUT_MS / 1000:.0f} s and count as that")
    ok = ratio <= CONCURRENCY_TARGET
    print(f"p95 open: {p95_many:.0f} ms with {n} viewers ({len(lots)} opens) vs {p95_one:.0f} ms with 1 viewer: "
          f"{ratio:.2f}x   {'ok' if ok else 'MISSED'}")
    if not ok:
        misses.append(f"{n} concurrent viewers: p95 open {p95_many:.0f} ms is {ratio:.2f}x a single viewer's "
                      f"{p95_one:.0f} ms (target {CONCURRENCY_TARGET}x)")
    return {"p95_ms": p95_many, "single_p95_ms": p95_one, "ratio": ratio, "cpu_single": cpu_one,
            "cpu_many": cpu_lots, "single": [asdict(x) for x in one], "many": [asdict(x) for x in lots]}


def report_server(title: str, server: dict | None) -> None:
    if not server:
        return
    print(f"\n{title}: server-side (bench/pages.py, AppTest, {server['runs']} warm runs, sv)")
    ref = next((r for r in server["rows"] if r["page"] == REFERENCE), None)
    for r in server["rows"]:
        ratio = f"{r['warm_ms'] / ref['warm_ms']:.1f}x ref" if ref else ""
        name = "(reference)" if r["page"] == REFERENCE else r["page"]
        print(f"  {name:<16}cold {r['cold_ms']:>6.0f} ms   warm {r['warm_ms']:>5.0f} ms  {ratio}")


# --- main -------------------------------------------------------------------------------------


async def run(args, log) -> int:
    from playwright.async_api import async_playwright

    from app.registry import PAGES
    from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists():
        print(f"Debian's chromium is not at {CHROMIUM}: install it with apt-get install chromium "
              "(./test.sh does).", file=sys.stderr)
        return 2
    paths = [p.url_path for p in PAGES if not args.pages or p.url_path in args.pages.split(",")]
    paths = [REFERENCE] + paths
    sessions = 1 if args.quick else args.sessions
    work = Path(tempfile.mkdtemp(prefix="nms-bench-browser-"))
    t_start, load0 = time.perf_counter(), os.getloadavg()
    if args.db:
        pointer = Path(args.db)
    else:
        from etl import build

        pointer = work / "bundled" / "warehouse.duckdb"
        build.build(ROOT / "data", pointer, log=lambda *a: None)
    log(f"warehouse: {pointer}; logs in {work}")
    misses: list[str] = []
    out: dict = {"sessions": sessions}
    pointers = {"bundled": pointer}
    if args.bigdata:
        from bench.bigdata import make_warehouse

        faulthandler.dump_traceback_later(180)  # a hang here was seen twice: say where, if it comes back
        pointers["10x"] = make_warehouse(work / "bigdata", log=log)
        faulthandler.cancel_dump_traceback_later()
    # The budget: single sessions until 55 % of it, concurrent viewers until 85 %, then pages.py.
    budget_end = time.monotonic() + args.budget
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            with contextlib.ExitStack() as servers:
                started = {name: servers.enter_context(dashboard(p, work)) for name, p in pointers.items()}
                bases = {name: base for name, (base, _pid) in started.items()}
                for name, base in bases.items():
                    log(f"{name} data: server {base}, warming up")
                    await warm_up(browser, base, paths)
                results = await measure(browser, bases, paths, sessions, budget_end - 0.45 * args.budget, log)
                if args.concurrency:
                    log(f"1 viewer, then {args.concurrency} concurrent viewers (bundled data)")
                    meter = CpuMeter(started["bundled"][1])
                    deadline = budget_end - 0.15 * args.budget
                    single = await parallel_opens(browser, bases["bundled"], paths[1:], 1, meter, deadline, log)
                    many = await parallel_opens(browser, bases["bundled"], paths[1:], args.concurrency, meter,
                                                deadline, log)
        finally:
            await browser.close()
    server = {name: None if args.no_server_side else server_side(p, 3, paths[1:], log)
              for name, p in pointers.items()}
    report_pages("Bundled data", results["bundled"], server["bundled"], misses)
    report_server("Bundled data", server["bundled"])
    out["bundled"] = {p: [asdict(x) for x in r.samples] for p, r in results["bundled"].items()}
    out["bundled_server"] = server["bundled"]
    if args.concurrency:
        out["concurrency"] = report_concurrency(args.concurrency, single, many, misses)
    if args.bigdata:
        report_pages("10x data (synthetic municipalities)", results["10x"], server["10x"], misses)
        report_server("10x data", server["10x"])
        report_bigdata(results["bundled"], results["10x"], server, misses)
        out["bigdata"] = {p: [asdict(x) for x in r.samples] for p, r in results["10x"].items()}
        out["bigdata_server"] = server["10x"]
    taken = min(len(r.samples) for by_page in results.values() for r in by_page.values())
    print(f"\n{'median of ' + str(taken) + ' sessions' if taken > 1 else '1 session'} per page"
          f"{' (time budget)' if taken < sessions else ''}; "
          f"whole bench {time.perf_counter() - t_start:.0f} s; load average at start {load0[0]:.1f}, "
          f"at the end {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (other work on the machine adds noise)")
    if misses:
        print("\nTargets missed:")
        for m in misses:
            print(f"  - {m}")
    else:
        print("Every target met.")
    out["misses"] = misses
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=1))
    return 0 if (not misses or args.report_only) else 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, default=3, help="fresh browser sessions per page (median)")
    ap.add_argument("--quick", action="store_true", help="1 session per page")
    ap.add_argument("--bigdata", action="store_true", help="also at 10x data (synthetic municipalities)")
    ap.add_argument("--concurrency", type=int, default=0, metavar="N", help="also N concurrent sessions")
    ap.add_argument("--pages", default="", help="comma-separated url paths (default: every registered page)")
    ap.add_argument("--db", help="warehouse pointer (default: a fresh build of data/ in a temp folder)")
    ap.add_argument("--no-server-side", action="store_true", help="skip bench/pages.py")
    ap.add_argument("--report-only", action="store_true", help="exit 0 even when a target is missed")
    ap.add_argument("--json", help="also write every sample to this file")
    ap.add_argument("--budget", type=float, default=540, metavar="SECONDS",
                    help="time budget: fewer sessions and concurrent opens when the machine is slow (default 540)")
    args = ap.parse_args()

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    faulthandler.register(signal.SIGUSR1, all_threads=True)  # kill -USR1 PID prints where it is

    try:
        return asyncio.run(run(args, log))
    except RuntimeError as exc:
        print(f"The bench could not run: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
