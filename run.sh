#!/usr/bin/env bash
# Set up and start the dashboard on the bundled data: http://localhost:8501
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh requirements.txt
if [ ! -e data/warehouse.duckdb ]; then
  .venv/bin/python -m etl build
fi
exec .venv/bin/python -m streamlit run dashboard.py --server.port "${PORT:-8501}" "$@"
