#!/usr/bin/env bash
# The whole gate, run by ./test.sh after setup: the linter, the type checker, then the tests.
#   ruff check .   lint (settings in pyproject.toml)
#   mypy           types of app, etl and reports (settings in pyproject.toml)
#   pytest         every test; arguments go to pytest
# All three run, so one run shows every problem; the exit status is pytest's when the tests
# fail, else 1 when ruff or mypy found something, else 0.
set -uo pipefail
cd "$(dirname "$0")/.."
failed=()
echo "gates: ruff check ."
.venv/bin/ruff check . || failed+=("ruff check")
echo "gates: mypy"
.venv/bin/mypy || failed+=(mypy)
status=0
.venv/bin/python -m pytest -q "$@" || status=$?
if [ ${#failed[@]} -gt 0 ]; then
  names=$(printf '%s, ' "${failed[@]}")
  echo "gates: ${names%, } found problems (listed above); fix them and run ./test.sh again" >&2
  [ "$status" -ne 0 ] || status=1
fi
exit "$status"
