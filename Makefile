# The two commands a new user needs: `make run` and `make test`.
.PHONY: setup run test lint bench

setup:
	@bash scripts/setup.sh

run: setup
	@.venv/bin/studio --demo

test: setup
	@bash scripts/test.sh

lint: setup
	.venv/bin/ruff check studio tests bench
	.venv/bin/lint-imports

bench: setup
	.venv/bin/python bench/render_speed.py
	.venv/bin/python bench/voice_speed.py
