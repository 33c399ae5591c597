"""The frame function: sizes, timing edges, Ken Burns motion, crossfades, caption burn-in."""

from __future__ import annotations

import numpy as np
import pytest

from studio.core.geometry import Rect
from studio.core.model import Motion
from studio.render.frame import FrameRenderer
from studio.render.motion import auto_motion, ease, rect_at
from studio.render.plan import CaptionSpec, ScenePlan

from .conftest import H, W, make_plan, solid_image, textured_image


@pytest.mark.parametrize("t", [0.0, 0.5, 0.99, 1.0, 1.2, 2.5, 3.0, 99.0, -1.0])
def test_frame_at_has_the_output_shape_at_any_time(photo_plan, t):
    frame = FrameRenderer(photo_plan).frame_at(t)
    assert frame.shape == (H, W, 3)
    assert frame.dtype == np.uint8
    assert frame.flags.c_contiguous


def test_preview_size_and_sequential_frames(photo_plan):
    small = FrameRenderer(photo_plan, 160, 90)
    assert small.frame_at(1.5).shape == (90, 160, 3)
    odd = FrameRenderer(photo_plan, 161, 91)  # 4:2:0 works in pairs of pixels internally
    assert odd.frame_at(2.5).shape == (91, 161, 3)
    frames = list(FrameRenderer(photo_plan).iter_frames())
    assert len(frames) == photo_plan.frame_count == 90


def test_sequential_frames_match_random_access(photo_plan):
    seq = FrameRenderer(photo_plan)
    rnd = FrameRenderer(photo_plan, cached_scenes=2)
    for n, frame in enumerate(seq.iter_frames()):
        if n % 17 == 0:
            assert np.array_equal(frame, rnd.frame_at(n / photo_plan.fps))


def test_scene_cache_is_bounded(photo_plan):
    r = FrameRenderer(photo_plan, cached_scenes=2)
    for t in (0.1, 1.5, 2.5, 0.2, 2.9):
        r.frame_at(t)
    assert len(r._cache) <= 2


def test_automatic_motion_zooms_toward_the_focus():
    focus = Rect(0.05, 0.1, 0.2, 0.2)
    for seed in range(6):
        m = auto_motion(seed, focus)
        tight = m.end if m.end.w < m.start.w else m.start
        assert tight.w < 0.97  # it really zooms
        assert abs(tight.w - tight.h) < 1e-9  # keeps the frame's aspect
        # the tight crop is pulled toward the focus, which stays in view all along
        assert np.hypot(tight.cx - focus.cx, tight.cy - focus.cy) < np.hypot(
            0.5 - focus.cx, 0.5 - focus.cy
        )
        for p in np.linspace(0, 1, 11):
            r = rect_at(m, p)
            assert r.x <= focus.x + 1e-9 and r.y <= focus.y + 1e-9
            assert r.x + r.w >= focus.x + focus.w - 1e-9 and r.y + r.h >= focus.y + focus.h - 1e-9
    directions = {auto_motion(s, focus).start.w > auto_motion(s, focus).end.w for s in range(4)}
    assert directions == {True, False}  # the seed varies zoom in / zoom out


def test_focus_in_image_coordinates_steers_the_rendered_motion(tmp_path):
    img = textured_image(tmp_path / "p.jpg", 3, size=(320, 180))  # same aspect: fills the frame
    focus = Rect(0.7, 0.6, 0.2, 0.25)
    plan = make_plan([ScenePlan(0.0, 2.0, img, focus=focus, seed=0)])
    motion = FrameRenderer(plan).prepared(0).motion
    assert motion.start == Rect.full()
    end = motion.end
    # a gentle zoom can only lean toward a corner: it goes as far as the frame allows
    assert end.cx > 0.54 and end.cy > 0.54
    assert end.x + end.w == pytest.approx(1.0) and end.y + end.h == pytest.approx(1.0)


def test_ken_burns_changes_frames_smoothly(tmp_path):
    img = textured_image(tmp_path / "p.jpg", 4, size=(480, 270))
    plan = make_plan([ScenePlan(0.0, 2.0, img, seed=0)])
    frames = [f.astype(np.int16) for f in FrameRenderer(plan).iter_frames()]
    diffs = [np.abs(b - a).mean() for a, b in zip(frames, frames[1:], strict=False)]
    assert np.abs(frames[-1] - frames[0]).mean() > 5  # it moved
    assert max(diffs) < 8 * np.median(diffs) + 1  # no jumps between consecutive frames


def test_explicit_motion_is_followed(tmp_path):
    img = textured_image(tmp_path / "p.jpg", 5, size=(320, 180))
    m = Motion(Rect(0.0, 0.0, 0.5, 0.5), Rect(0.5, 0.5, 0.5, 0.5))
    plan = make_plan([ScenePlan(0.0, 1.0, img, motion=m)])
    r = FrameRenderer(plan)
    assert r.prepared(0).motion == m
    assert rect_at(m, 0.0) == m.start and rect_at(m, 1.0) == m.end
    assert 0 < ease(0.25) < 0.5 < ease(0.75) < 1


def _two_colour_plan(tmp_path, transition: float):
    red = solid_image(tmp_path / "red.png", (220, 30, 30))
    blue = solid_image(tmp_path / "blue.png", (30, 30, 220))
    return make_plan(
        [
            ScenePlan(0.0, 1.0, red),
            ScenePlan(1.0, 1.0, blue, transition_in=transition),
        ]
    )


def test_crossfade_frames_are_blends_centred_on_the_boundary(tmp_path):
    plan = _two_colour_plan(tmp_path, 0.4)
    r = FrameRenderer(plan)
    red = r.frame_at(0.5).astype(float)
    blue = r.frame_at(1.5).astype(float)
    assert red[..., 2].mean() > 200 and blue[..., 0].mean() > 200  # BGR order
    prev_weight = -1.0
    for t in (0.8, 0.85, 0.9, 1.0, 1.1, 1.15, 1.2):
        f = r.frame_at(t).astype(float)
        # f == (1 - a) * red + a * blue, with one a for every pixel and channel
        a = ((f - red) * (blue - red)).sum() / ((blue - red) ** 2).sum()
        assert np.abs(f - ((1 - a) * red + a * blue)).max() <= 2.0
        assert a >= prev_weight
        prev_weight = a
    mid = r.frame_at(1.0).astype(float)
    assert np.allclose(mid, (red + blue) / 2, atol=3)
    assert np.array_equal(r.frame_at(0.79), r.frame_at(0.5))  # before the fade: pure red


def test_cut_without_transition(tmp_path):
    plan = _two_colour_plan(tmp_path, 0.0)
    r = FrameRenderer(plan)
    assert r.frame_at(29 / 30)[..., 2].mean() > 200
    assert r.frame_at(1.0)[..., 0].mean() > 200


def test_captions_are_burned_only_when_asked(tmp_path):
    img = solid_image(tmp_path / "grey.png", (128, 128, 128), size=(320, 180))
    scenes = [ScenePlan(0.0, 2.0, img, CaptionSpec("Waterproof"))]
    with_text = FrameRenderer(make_plan(scenes)).frame_at(1.0)
    without = FrameRenderer(make_plan(scenes, burn=False)).frame_at(1.0)
    assert np.abs(with_text.astype(int) - without.astype(int)).max() > 60
    assert np.abs(without.astype(int) - 128).max() <= 3


def test_caption_fades_in_and_out(tmp_path):
    img = solid_image(tmp_path / "grey.png", (128, 128, 128), size=(320, 180))
    plan = make_plan(
        [
            ScenePlan(0.0, 1.0, img, CaptionSpec("First")),
            ScenePlan(1.0, 2.0, img, CaptionSpec("Second card")),
            ScenePlan(3.0, 1.0, img, CaptionSpec("Last")),
        ]
    )
    r = FrameRenderer(plan)

    def ink(t: float) -> float:
        return float(np.abs(r.frame_at(t).astype(int) - 128).mean())

    assert ink(0.0) > 0.3  # the first card is on screen at frame 0 (thumbnails)
    assert ink(1.0) < 0.05 < ink(1.1) < ink(1.5)  # fades in after its scene starts
    assert ink(2.9) < ink(2.5)  # and out before it ends
    assert ink(4.0) > 0.3  # the last card stays to the end


def test_importing_the_plan_does_not_load_opencv():
    import subprocess
    import sys

    code = "import sys, studio.render, studio.render.plan; print('cv2' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
