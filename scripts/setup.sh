#!/usr/bin/env bash
# Shared setup for run.sh and test.sh: a virtualenv in .venv with the pinned packages.
# Usage: scripts/setup.sh requirements.txt|requirements-dev.txt
# Re-running is cheap: packages are reinstalled only when the requirements file changes.
set -euo pipefail
cd "$(dirname "$0")/.."
req="${1:-requirements.txt}"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

pick_python() {
  for p in python3.11 python3; do
    if command -v "$p" >/dev/null 2>&1 &&
       "$p" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
      echo "$p"; return 0
    fi
  done
  echo "Python 3.11 or newer is needed (apt-get install python3)." >&2
  return 1
}

PY=$(pick_python)
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating virtualenv .venv with $PY"
  if ! "$PY" -m venv .venv 2>/dev/null; then
    echo "setup: installing Debian's python3-venv"
    as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv
    rm -rf .venv && "$PY" -m venv .venv
  fi
fi

stamp=".venv/.installed-$(basename "$req")"
want=$(cat requirements*.txt | sha256sum | cut -c1-16)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: installing pinned packages from $req"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip >/dev/null 2>&1 || true
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$req"
  echo "$want" > "$stamp"
fi
