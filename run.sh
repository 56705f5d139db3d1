#!/usr/bin/env bash
# Set up and start the dashboard on the bundled data: http://localhost:8501
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh requirements.txt
# The exports (workshop deck, county brief) draw charts with Debian's chromium (kaleido)
# and set text in DejaVu Sans (Typst). Without them the dashboard still runs and the
# export buttons say what is missing.
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
if [ ${#missing[@]} -gt 0 ]; then
  echo "run: installing ${missing[*]} for the exports"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  { $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; } ||
    echo "run: could not install ${missing[*]}; the dashboard runs, the export buttons say what is missing" >&2
fi
if [ ! -e data/warehouse.duckdb ]; then
  .venv/bin/python -m etl build
fi
port="${PORT:-8501}"
.venv/bin/python -m streamlit run dashboard.py --server.port "$port" "$@" &
server=$!
trap 'kill "$server" 2>/dev/null' INT TERM EXIT
# One run before the first visitor: imports, the warehouse connection and the caches are ready
.venv/bin/python scripts/warm_up.py --url "http://127.0.0.1:$port" || true
wait "$server"
