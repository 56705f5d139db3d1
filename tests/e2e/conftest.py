"""A real ``streamlit run`` on a free port, driven by Playwright with Debian's chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from scripts.warm_up import warm_up
from tests.conftest import ROOT
from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, wait_for_app  # noqa: F401  (re-exported for tests)

SHOTS = ROOT / "screenshots" / "out"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def staff_accounts(tmp_path_factory) -> Path:
    """The test server's users.json (never data/users.json); tests add accounts as they need."""
    return tmp_path_factory.mktemp("accounts") / "users.json"


def start_server(env: dict, log_path: Path, warm: bool = True):
    """``streamlit run dashboard.py`` on a free port: (process, url). ``warm``: open one session
    first, as run.sh does (scripts/warm_up.py), so the first test does not wait for a first run."""
    port = _free_port()
    with open(log_path, "w") as log:  # a file, not a PIPE: large output can deadlock a pipe
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
             "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.read() == b"ok":
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError("streamlit did not start:\n" + log_path.read_text())
        time.sleep(0.3)
    if warm and not warm_up(url):
        proc.kill()
        raise RuntimeError("the warm-up run did not finish:\n" + log_path.read_text())
    return proc, url


def stop_server(proc) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def server(warehouse, staff_accounts, tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (test.sh installs it)")
    log_path = tmp_path_factory.mktemp("server") / "streamlit.log"
    env = {**os.environ, "NMS_DB": str(warehouse), "NMS_USERS": str(staff_accounts)}
    proc, url = start_server(env, log_path)
    yield url
    stop_server(proc)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (test.sh installs it)")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()
