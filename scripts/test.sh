#!/usr/bin/env bash
# Runs the architecture contracts and the whole test suite inside .venv.
set -euo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM=offscreen
.venv/bin/lint-imports
exec .venv/bin/python -m pytest "$@"
