#!/usr/bin/env bash
# Regenerate the lock files from the direct requirements:
#   requirements.in     -> requirements.txt      (run.sh installs it)
#   requirements-dev.in -> requirements-dev.txt  (test.sh installs it; runtime versions as in requirements.txt)
# Edit a .in file, run this, commit both. Existing pins are kept unless a .in file asks otherwise;
# extra arguments go to `uv pip compile` (for example --upgrade-package streamlit).
# The locks hold for any platform (--universal) from Python 3.11 on.
set -euo pipefail
cd "$(dirname "$0")/.."
uv=.venv/bin/uv
if [ ! -x "$uv" ]; then
  echo "lock: $uv is missing; run ./test.sh once to set up the dev tools, then run this again" >&2
  exit 1
fi
compile() {
  "$uv" pip compile --quiet --universal --python-version 3.11 --no-strip-markers \
    --custom-compile-command scripts/lock.sh "$@"
}
compile requirements.in -o requirements.txt "$@"
compile requirements-dev.in -o requirements-dev.txt "$@"
