#!/usr/bin/env bash
# Set up and run the whole gate (scripts/gates.sh): the linter (ruff), the type checker (mypy), then
# every test (unit, warehouse, AppTest pages and real-browser tests); it fails if any of them fails.
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
exec scripts/gates.sh "$@"
