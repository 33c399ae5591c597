#!/usr/bin/env bash
# Static checks inside .venv (no apt, no network): style and lint rules, formatting, the
# architecture contracts and the type checker. `make test` (and so CI) runs them first.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check studio tests bench scripts
.venv/bin/ruff format --check -q studio tests bench scripts
.venv/bin/lint-imports
.venv/bin/mypy  # the whole studio package ([tool.mypy] in pyproject.toml)
