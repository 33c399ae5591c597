#!/usr/bin/env bash
# Freeze the studio into a one-folder app: dist/product-video-studio/product-video-studio.
# Uses the checkout's .venv (the app and its models must already be installed there, as
# `make setup` does) plus PyInstaller from the `package` extra, installed here when missing.
#   bash packaging/build.sh [extra PyInstaller options]
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/studio ]; then
  echo "build: .venv is not set up; running scripts/setup.sh first"
  bash scripts/setup.sh
fi

if ! .venv/bin/python -c 'import PyInstaller, sys; sys.exit(int(PyInstaller.__version__.split(".")[0]) < 6)' 2>/dev/null; then
  echo "build: installing PyInstaller (the 'package' extra) into .venv"
  .venv/bin/python -m pip install -q "pyinstaller>=6" \
    2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
fi

start=$(date +%s)
# --noconfirm: replace dist/product-video-studio without asking. The work folder lives under
# build/ (git-ignored) and is reused, so a second build only re-collects what changed.
.venv/bin/python -m PyInstaller packaging/studio.spec \
  --noconfirm --log-level WARN \
  --distpath dist --workpath build/pyinstaller "$@"
end=$(date +%s)

app=dist/product-video-studio
echo "build: $app/product-video-studio in $((end - start)) s;" \
  "$(du -sh "$app" | cut -f1), $(find "$app" -type f | wc -l) files"
