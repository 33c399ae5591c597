"""Small real inputs for render tests: tiny generated photos and plans at 320x180."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from studio.render.fonts import default_theme
from studio.render.plan import CaptionSpec, Cue, RenderPlan, ScenePlan

W, H, FPS = 320, 180, 30


def solid_image(path: Path, rgb: tuple[int, int, int], size: tuple[int, int] = (240, 300)) -> Path:
    Image.new("RGB", size, rgb).save(path)
    return path


def textured_image(path: Path, seed: int, size: tuple[int, int] = (300, 240)) -> Path:
    """A photo-like image with detail everywhere (so motion shows in every pixel)."""
    rng = np.random.default_rng(seed)
    h, w = size[1], size[0]
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    base = np.stack(
        [
            128 + 100 * np.sin(x / 9.0 + seed),
            128 + 100 * np.sin(y / 7.0),
            128 + 90 * np.cos((x + y) / 13.0),
        ],
        axis=-1,
    )
    img = np.clip(base + rng.normal(0, 6, base.shape), 0, 255).astype(np.uint8)
    Image.fromarray(img).save(path)
    return path


def silent_wav(path: Path, seconds: float, rate: int = 22050) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(np.zeros(int(round(seconds * rate)), np.int16).tobytes())
    return path


def make_plan(scenes: list[ScenePlan], w: int = W, h: int = H, burn: bool = True) -> RenderPlan:
    cues = tuple(Cue(s.start, s.end, s.caption.text) for s in scenes if s.caption)
    return RenderPlan(w, h, FPS, tuple(scenes), default_theme(), burn_captions=burn, cues=cues)


@pytest.fixture
def photo_plan(tmp_path) -> RenderPlan:
    """Three 1 s scenes: title on a photo, a bullet, and a closing card without a photo."""
    a = textured_image(tmp_path / "a.jpg", 1)
    b = textured_image(tmp_path / "b.png", 2, size=(200, 260))
    return make_plan(
        [
            ScenePlan(0.0, 1.0, a, CaptionSpec("Trail Jacket", "title", "$89"), seed=0),
            ScenePlan(
                1.0, 1.0, b, CaptionSpec("Waterproof and breathable"), transition_in=0.4, seed=1
            ),
            ScenePlan(
                2.0, 1.0, None, CaptionSpec("Shop now", "cta", "Acme"), transition_in=0.4, seed=2
            ),
        ]
    )
