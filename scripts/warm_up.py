"""Run the dashboard's script once on a freshly started server, so that the first visitor
does not wait for the imports, the warehouse connection and the caches of a first run.

(It used to be needed for links too: the first link to a page after a start opened "Page
not found". That came from the page files sitting in a folder named ``pages/``, which
Streamlit takes for its old page folder; they are in ``app_pages/`` now.) ``run.sh`` calls
this right after starting the server; the browser tests use it too.

Usage: python scripts/warm_up.py [--url http://127.0.0.1:8501] [--timeout 60]
Exit 0 when one run has finished, 1 (with a sentence) otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg


def wait_until_healthy(url: str, timeout: float) -> bool:
    """Poll Streamlit's health endpoint until the server answers (or ``timeout`` seconds pass)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return True
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    return False


async def _one_run(url: str, timeout: float) -> bool:
    ws_url = url.replace("http", "ws", 1) + "/_stcore/stream"
    async with websockets.connect(ws_url, subprotocols=["streamlit"], origin=url, max_size=None) as ws:
        msg = BackMsg()
        msg.rerun_script.query_string = ""
        msg.rerun_script.page_script_hash = ""
        await ws.send(msg.SerializeToString())
        async with asyncio.timeout(timeout):
            async for data in ws:
                fm = ForwardMsg()
                fm.ParseFromString(data)
                if fm.WhichOneof("type") == "script_finished":
                    return True
    return False


def warm_up(url: str, timeout: float = 60) -> bool:
    """True once the app's script has run one time on the server at ``url``."""
    url = url.rstrip("/")
    if not wait_until_healthy(url, timeout):
        return False
    # a thread of its own: the caller may already run an event loop (Playwright's sync API does)
    with ThreadPoolExecutor(max_workers=1) as pool:
        try:
            return pool.submit(asyncio.run, _one_run(url, timeout)).result()
        except (OSError, TimeoutError, websockets.WebSocketException):
            return False


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", default="http://127.0.0.1:8501")
    ap.add_argument("--timeout", type=float, default=60)
    args = ap.parse_args()
    if warm_up(args.url, args.timeout):
        return 0
    print(f"warm-up: the dashboard at {args.url} did not finish a first run within {args.timeout:.0f} s; "
          "the first visitor waits for a first run.", file=sys.stderr)
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
