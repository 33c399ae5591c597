"""Crop to fill: a portrait or square video fills the frame with a photo as far as the scene's
focus region allows (``fitted_photo_rect``, which the Ken Burns editor shows, and the renderer's
full-bleed crop), with real photos and real renders."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from studio.core.geometry import Rect
from studio.render.canvas import photo_canvas
from studio.render.frame import FrameRenderer
from studio.render.motion import (
    COVER_SLACK,
    auto_motion,
    fit_scale,
    fitted_photo_rect,
    image_to_frame,
    rect_at,
    visible,
)
from studio.render.plan import ScenePlan
from tests.render.conftest import make_plan

PW, PH = 180, 320  # a small portrait (9:16) video
RED, YELLOW, GREEN = (230, 40, 40), (240, 220, 40), (20, 200, 60)


def _striped_photo(path, size=(240, 300), box: Rect | None = None):
    """A 4:5 photo of bright red and yellow columns (busy edges, so bands would get the dark
    blurred fill), with ``box`` (image coordinates) painted green."""
    w, h = size
    img = np.empty((h, w, 3), np.uint8)
    stripes = (np.arange(w) // 20) % 2 == 0
    img[:, stripes] = RED
    img[:, ~stripes] = YELLOW
    if box is not None:
        img[
            int(box.y * h) : int((box.y + box.h) * h), int(box.x * w) : int((box.x + box.w) * w)
        ] = GREEN
    Image.fromarray(img).save(path)
    return path


def _near(pixels_bgr: np.ndarray, colours: list[tuple[int, int, int]], tol: float = 45.0) -> float:
    """Share of the pixels within ``tol`` of one of ``colours`` (RGB)."""
    rgb = pixels_bgr[..., ::-1].reshape(-1, 3).astype(np.float32)
    d = np.min([np.linalg.norm(rgb - np.array(c, np.float32), axis=1) for c in colours], axis=0)
    return float((d < tol).mean())


def _first_frame(
    tmp_path, focus: Rect | None, box: Rect | None = None
) -> tuple[np.ndarray, FrameRenderer]:
    img = _striped_photo(tmp_path / "photo.png", box=box)
    plan = make_plan([ScenePlan(0.0, 2.0, img, focus=focus, seed=0)], w=PW, h=PH)
    r = FrameRenderer(plan)
    assert rect_at(r.prepared(0).motion, 0.0) == Rect.full()  # seed 0 starts wide
    return r.frame_at(0.0), r


def test_a_centred_focus_fills_a_portrait_frame_top_to_bottom(tmp_path):
    frame, r = _first_frame(tmp_path, Rect(0.35, 0.3, 0.3, 0.4))
    for rows in (frame[:3], frame[-3:]):
        assert _near(rows, [RED, YELLOW]) > 0.8  # the photo itself, not a band
    assert r.prepared(0).canvas.image_rect.h == pytest.approx(1.0, abs=0.01)


def test_without_a_focus_a_busy_photo_is_not_cropped_blindly(tmp_path):
    frame, r = _first_frame(tmp_path, None)
    canvas = r.prepared(0).canvas
    assert canvas.layout == "split"  # beside a brand panel, never between blurred copies
    assert _near(frame[:3], [RED, YELLOW]) < 0.2  # the panel, on top in portrait
    assert _near(frame[-3:], [RED, YELLOW]) > 0.8  # the photo reaches the bottom edge
    assert canvas.panel is not None and canvas.panel.y == 0.0


def test_a_wide_focus_that_a_crop_would_cut_keeps_the_photo_beside_a_panel(tmp_path):
    focus = Rect(0.1, 0.35, 0.7, 0.3)
    frame, r = _first_frame(tmp_path, focus, box=focus)
    canvas = r.prepared(0).canvas
    assert canvas.layout == "split"
    placed = image_to_frame(focus, canvas.image_rect)
    assert placed.x >= 0.0 and placed.x + placed.w <= 1.0  # the focus is whole on screen
    green = np.nonzero(_near_mask(frame, GREEN).any(axis=0))[0]
    assert (green[-1] - green[0] + 1) / PW == pytest.approx(placed.w, abs=0.03)
    assert _near(frame[:3], [RED, YELLOW]) < 0.2


def _near_mask(
    frame_bgr: np.ndarray, colour: tuple[int, int, int], tol: float = 45.0
) -> np.ndarray:
    rgb = frame_bgr[..., ::-1].astype(np.float32)
    return np.linalg.norm(rgb - np.array(colour, np.float32), axis=2) < tol


@pytest.mark.parametrize(
    ("focus", "x"),
    [
        (
            Rect(0.0, 0.3, 0.25, 0.4),
            0.0,
        ),  # at the photo's left edge: the photo starts at the frame's
        (Rect(0.75, 0.3, 0.25, 0.4), None),  # at its right edge: it ends at the frame's
        (Rect(0.45, 0.3, 0.3, 0.4), "centred"),  # near the middle: the focus comes to the centre
    ],
)
def test_an_overflowing_photo_covers_the_frame_and_centres_the_focus(focus, x):
    r = fitted_photo_rect(1274, 1580, 1080, 1920, focus)
    assert r.h == pytest.approx(1.0) and r.w > 1  # filled: the sides are cropped
    assert r.x <= 0 and r.x + r.w >= 1 - 1e-9
    if x == 0.0:
        assert r.x == 0.0
    elif x is None:
        assert r.x + r.w == pytest.approx(1.0)
    else:
        assert image_to_frame(focus, r).cx == pytest.approx(0.5)


def test_square_video_of_a_portrait_photo_crops_top_and_bottom():
    focus = Rect(0.2, 0.05, 0.6, 0.4)  # the product's upper half
    r = fitted_photo_rect(1274, 1580, 1080, 1080, focus)
    assert r.w == pytest.approx(1.0) and r.h > 1 and r.y == 0.0


LANDSCAPE = [(1900, 1000), (1920, 1080), (1600, 1200), (4000, 1000), (1280, 720), (1000, 999)]


def _old_fit_rect(iw: int, ih: int, fw: int, fh: int) -> Rect:
    """The placement before crop to fill: whole and centred, or filling when nearly the
    frame's aspect, clamped to the frame."""
    fit, cover = min(fw / iw, fh / ih), max(fw / iw, fh / ih)
    s = cover if cover / fit <= COVER_SLACK else fit
    w, h = iw * s / fw, ih * s / fh
    return Rect(max(0.0, (1 - w) / 2), max(0.0, (1 - h) / 2), min(1.0, w), min(1.0, h))


@pytest.mark.parametrize("frame", [(640, 360), (1920, 1080)])
@pytest.mark.parametrize("photo", LANDSCAPE)
def test_landscape_photos_in_landscape_video_are_placed_as_before(photo, frame):
    old = _old_fit_rect(*photo, *frame)
    for focus in (None, Rect(0.4, 0.4, 0.1, 0.1), Rect(0.0, 0.0, 0.3, 0.9)):
        assert fit_scale(*photo, *frame, focus) == fit_scale(*photo, *frame)
        new = fitted_photo_rect(*photo, *frame, focus)
        assert new == fitted_photo_rect(*photo, *frame)
        assert visible(new).to_list() == pytest.approx(old.to_list(), abs=1e-12)


def test_a_photo_of_the_frames_shape_fills_it_whatever_the_focus():
    rng = np.random.default_rng(7)
    img = rng.integers(0, 255, (170, 300, 3), dtype=np.uint8)
    plain = photo_canvas(img, 320, 180, 1.2)
    focused = photo_canvas(img, 320, 180, 1.2, focus=Rect(0.4, 0.4, 0.1, 0.1))
    for canvas in (plain, focused):
        r = canvas.image_rect
        assert canvas.layout == "cover"
        assert r.x <= 0 and r.y <= 0 and r.x + r.w >= 1 - 1e-9 and r.y + r.h >= 1 - 1e-9
    assert plain.image_rect.w == pytest.approx(focused.image_rect.w)  # the focus only steers


@pytest.mark.parametrize("frame", [(360, 640), (640, 640), (640, 360)])
@pytest.mark.parametrize("photo", [(1274, 1580), (1080, 1080), (1920, 1080), (600, 3000)])
def test_without_focus_every_photo_is_placed_as_before(photo, frame):
    assert visible(fitted_photo_rect(*photo, *frame)).to_list() == pytest.approx(
        _old_fit_rect(*photo, *frame).to_list(), abs=1e-12
    )


def test_automatic_motion_stays_on_the_visible_part_of_a_cropped_photo():
    photo = Rect(-0.2, 0.0, 1.4, 1.0)  # cropped at both sides
    for seed in range(4):
        m = auto_motion(seed, None, photo)
        for r in (m.start, m.end):
            assert r.x >= 0.0 and r.x + r.w <= 1.0 + 1e-9
    assert visible(photo) == Rect.full()
    assert visible(Rect(-0.1, 0.2, 0.5, 0.6)).to_list() == pytest.approx([0.0, 0.2, 0.4, 0.6])
