#!/usr/bin/env bash
# Runs the static checks (scripts/lint.sh) and then the test suite inside .venv.
set -euo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM=offscreen
# pytest keeps its assertion-rewritten test modules as .pyc files; without them every run
# recompiles ~250 modules (measured: collection 13.8 s instead of 6.2 s)
unset PYTHONDONTWRITEBYTECODE
bash scripts/lint.sh
exec .venv/bin/python -m pytest "$@"
