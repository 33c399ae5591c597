"""Shipped files are package data; videos go to the user's folder, never into the app's files."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from studio.media.locations import is_shipped, output_dir, resource


def test_resources_are_found_through_the_package():
    assert (resource("demo") / "bullets.txt").is_file()
    assert (resource("fonts") / "NotoSans-Regular.ttf").is_file()
    assert is_shipped(resource("demo") / "img1.jpg")


def test_output_goes_to_the_users_videos_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("STUDIO_OUTPUT_DIR", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert output_dir() == tmp_path / "Product Video Studio"
    (tmp_path / "Videos").mkdir()
    assert output_dir() == tmp_path / "Videos" / "Product Video Studio"
    assert not is_shipped(output_dir())


@pytest.mark.slow
def test_demo_renders_into_the_output_folder(tmp_path):
    env = {**os.environ, "STUDIO_OUTPUT_DIR": str(tmp_path / "videos")}
    proc = subprocess.run(
        [sys.executable, "-m", "studio", "demo", "--height", "144", "-q"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "videos" / "demo-landscape.mp4").is_file()
    assert not any(p.suffix == ".mp4" for p in resource("demo").iterdir())
