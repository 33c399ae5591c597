"""`studio` without a command is the desktop studio; with one it is the command line."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PIL import Image

from tests.samples import demo_product


@pytest.mark.slow
def test_studio_path_screenshot_opens_the_window_and_saves_it(tmp_path):
    d = demo_product(tmp_path / "prod")
    shot = tmp_path / "shot.png"
    proc = subprocess.run(
        [sys.executable, "-m", "studio", str(d), "--screenshot", str(shot)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert proc.returncode == 0, proc.stderr
    with Image.open(shot) as im:
        assert im.width >= 1000 and im.height >= 600


HELP_PROBE = """
import sys
from studio.entry import main
try:
    main(["--help"])
except SystemExit as exc:
    print("exit", exc.code)
print("qt loaded" if "PySide6" in sys.modules else "no qt")
"""


def test_help_is_the_command_line_and_loads_no_qt():
    proc = subprocess.run(
        [sys.executable, "-c", HELP_PROBE], capture_output=True, text=True, timeout=60
    )
    out = proc.stdout
    assert "render" in out and "match" in out
    assert out.strip().splitlines()[-2:] == ["exit 0", "no qt"], out + proc.stderr
