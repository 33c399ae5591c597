# The two commands a new user needs: `make run` and `make test`.
.PHONY: setup run test test-fast lint format typecheck bench package

setup:
	@bash scripts/setup.sh

run: setup
	@.venv/bin/studio --demo

test: setup
	@bash scripts/test.sh

# The edit-test loop: everything but the tests that render, synthesise or run the analysis
# models on real media, spread over the machine's cores.
test-fast: setup
	@bash scripts/test.sh -m "not slow" -q -n auto

lint: setup
	@bash scripts/lint.sh

typecheck: setup
	@.venv/bin/mypy

bench: setup
	.venv/bin/python bench/render_speed.py
	.venv/bin/python bench/voice_speed.py

# A one-folder desktop app in dist/product-video-studio (PyInstaller; see packaging/README.md).
package:
	@bash packaging/build.sh
