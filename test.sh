#!/usr/bin/env bash
# Set up and run the whole gate: the linter (ruff), the type checker (mypy, on app, etl and reports;
# settings for both in pyproject.toml), then every test (unit, warehouse, AppTest pages and real-browser
# tests). All three run so one report shows every problem; the script fails if any of them failed.
# Arguments go to pytest: ./test.sh tests/test_docs.py, ./test.sh -m "not browser".
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh requirements-dev.txt
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
if [ ${#missing[@]} -gt 0 ]; then
  echo "test: installing Debian's ${missing[*]} for the browser tests and the exports"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
failed=()
echo "test: ruff check ."
.venv/bin/ruff check . || failed+=("ruff check")
echo "test: mypy"
.venv/bin/mypy || failed+=(mypy)
status=0
.venv/bin/python -m pytest -q "$@" || status=$?
if [ ${#failed[@]} -gt 0 ]; then
  echo "test: ${failed[*]} found problems (listed above); fix them, ./test.sh runs every gate again" >&2
  [ "$status" -ne 0 ] || status=1
fi
exit "$status"
