#!/usr/bin/env bash
# Runs the static checks (scripts/lint.sh) and then the test suite inside .venv.
set -euo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM=offscreen
bash scripts/lint.sh
exec .venv/bin/python -m pytest "$@"
