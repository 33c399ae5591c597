"""The cover (hero with the title, at the video's size) and the looping preview (a small
animated WebP whose end runs into its start)."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from studio.core.errors import StudioError
from studio.render.frame import FrameRenderer
from studio.render.poster import LOOP_FPS, cover_time, loop_frames, write_cover, write_loop


def test_the_cover_is_the_title_card_at_the_video_size(tmp_path, photo_plan):
    out = write_cover(photo_plan, tmp_path / "cover.png")
    with Image.open(out) as im:
        assert im.format == "PNG" and im.size == (photo_plan.width, photo_plan.height)
        pixels = np.asarray(im.convert("RGB"), np.float32)
    title = photo_plan.scenes[0]
    assert title.start <= cover_time(photo_plan) < title.end
    expected = FrameRenderer(photo_plan).frame_at(cover_time(photo_plan))[:, :, ::-1]
    assert np.abs(pixels - expected).mean() < 1.0
    jpeg = write_cover(photo_plan, tmp_path / "cover.jpg")
    with Image.open(jpeg) as im:
        assert im.format == "JPEG"
    staged = write_cover(photo_plan, tmp_path / ".cover.png.part", "PNG")  # a staged name
    with Image.open(staged) as im:
        assert im.format == "PNG"
    with pytest.raises(StudioError, match="png or .jpg"):
        write_cover(photo_plan, tmp_path / "cover.gif")


def test_the_loop_is_small_repeats_forever_and_has_no_jump(tmp_path, photo_plan):
    out = write_loop(photo_plan, tmp_path / "loop.webp", seconds=2.0)
    with Image.open(out) as im:
        assert im.format == "WEBP" and getattr(im, "is_animated", False)
        assert im.n_frames == 2 * LOOP_FPS
        assert im.info.get("loop", 0) == 0  # forever
        assert max(im.size) <= 480
    frames = [f.astype(np.float32) for f in loop_frames(photo_plan, 2.0)]
    steps = [np.abs(frames[i + 1] - frames[i]).mean() for i in range(len(frames) - 1)]
    wrap = np.abs(frames[0] - frames[-1]).mean()
    assert wrap <= 2 * max(np.median(steps), 1.0)  # the loop's seam is like any other step
    assert out.stat().st_size < 400_000
