"""Parallax scenes: the product, lifted off a real demo photo with its real salient-object
mask, moves at another rate than its backdrop; without a usable mask the scene is Ken Burns."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from studio.analysis.segment import available
from studio.core.geometry import Rect
from studio.core.model import Motion
from studio.render.frame import FrameRenderer
from studio.render.plan import ScenePlan
from tests.conftest import REPO
from tests.render.conftest import make_plan

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not available(), reason="the salient-object model is not installed"),
]
DEMO = REPO / "studio" / "resources" / "demo"


@pytest.fixture(scope="module")
def hoodie(tmp_path_factory) -> tuple[Path, Path, Path, Path]:
    """The demo's blue hoodie photo and its u2netp mask, and the same photo in the middle of
    a wide textured backdrop (the product's pixels unchanged, its mask padded alike), which
    fills a 16:9 frame and shows where the backdrop moves."""
    from studio.analysis.segment import object_mask
    from studio.media.images import load_rgb

    d = tmp_path_factory.mktemp("hoodie")
    photo = DEMO / "img1.jpg"
    rgb = load_rgb(photo)
    mask = object_mask(rgb)
    assert mask is not None
    mask_path = d / "mask.png"
    cv2.imwrite(str(mask_path), mask)
    h, w = rgb.shape[:2]
    wide = round(h * 16 / 9)
    left = (wide - w) // 2
    rng = np.random.default_rng(3)
    blobs = cv2.GaussianBlur(rng.normal(0, 1, (h, wide)).astype(np.float32), (0, 0), 20)
    grey = 128 + 60 * blobs / blobs.std()  # a random, non-repeating backdrop
    busy = np.clip(grey[..., None] + rng.normal(0, 4, (h, wide, 3)), 0, 255)
    a = cv2.resize(mask, (w, h), interpolation=cv2.INTER_LINEAR)[..., None] / 255.0
    busy[:, left : left + w] = rgb * a + busy[:, left : left + w] * (1 - a)
    busy_path = d / "busy.png"
    cv2.imwrite(str(busy_path), cv2.cvtColor(busy.astype(np.uint8), cv2.COLOR_RGB2BGR))
    busy_mask = np.zeros((h, wide), np.uint8)
    busy_mask[:, left : left + w] = cv2.resize(mask, (w, h), interpolation=cv2.INTER_LINEAR)
    busy_mask_path = d / "busy_mask.png"
    cv2.imwrite(str(busy_mask_path), busy_mask)
    return photo, mask_path, busy_path, busy_mask_path


def _plan(
    image: Path,
    mask: Path | None,
    style: str = "parallax",
    w: int = 320,
    h: int = 180,
    framing: Motion | None = None,
):
    scene = ScenePlan(0.0, 2.0, image, None, seed=0, mask=mask, motion_style=style, motion=framing)
    return make_plan([scene], w, h)


def _blue(frame: np.ndarray) -> np.ndarray:
    b, g, r = (frame[..., k].astype(np.int16) for k in range(3))
    return (b - r > 60) & (b - g > 60)


def _shift(a: np.ndarray, b: np.ndarray, cols: slice) -> int:
    """How far (whole pixels) the picture in columns ``cols`` of ``a`` moved sideways in ``b``."""
    ga, gb = (cv2.cvtColor(f, cv2.COLOR_BGR2GRAY).astype(np.float32) for f in (a, b))
    x0, x1 = cols.start, cols.stop
    errors = {k: np.abs(gb[:, x0 + k : x1 + k] - ga[:, x0:x1]).mean() for k in range(-20, 21)}
    return min(errors, key=errors.__getitem__)


def test_the_product_moves_farther_than_its_backdrop(hoodie):
    _, _, busy, busy_mask = hoodie
    # the seller's framing pans the backdrop sideways, evenly: its shift is the same anywhere
    pan = Motion(Rect(0.03, 0.05, 0.9, 0.9), Rect(0.05, 0.05, 0.9, 0.9))
    r = FrameRenderer(_plan(busy, busy_mask, framing=pan))
    p = r.prepared(0)
    assert p.product is not None and p.canvas.layout == "cover"
    a, b = r.frame_at(0.3), r.frame_at(1.7)
    ya, xa = np.nonzero(_blue(a))
    yb, xb = np.nonzero(_blue(b))
    assert xa.min() > 60 and xa.max() < 260  # the frame's sides show only backdrop
    product_dx = xb.mean() - xa.mean()  # the blue hoodie's centroid
    backdrop_dx = np.mean([_shift(a, b, cols) for cols in (slice(20, 60), slice(260, 300))])
    assert backdrop_dx < -3.0  # the backdrop drifts left ...
    assert product_dx < 1.8 * backdrop_dx  # ... and the product, nearer, much farther


def test_the_products_place_in_the_backdrop_is_filled(hoodie):
    photo, mask, _, _ = hoodie
    r = FrameRenderer(_plan(photo, mask))
    p = r.prepared(0)
    assert p.product is not None
    kb = FrameRenderer(_plan(photo, None, "ken burns")).prepared(0).canvas
    before, after = kb.luma, p.canvas.luma
    was_product = before < 150  # the hoodie and the trousers on the white backdrop
    assert was_product.mean() > 0.1
    assert np.percentile(after[was_product], 2) > 200  # backdrop white, no hoodie, no black
    for t in np.linspace(0.0, 2.0, 7):
        frame = r.frame_at(float(t))
        assert not np.all(frame == 0, axis=2).any()  # no pure black hole anywhere


def test_without_a_usable_mask_the_scene_is_ken_burns(hoodie, tmp_path):
    photo, _, busy, _ = hoodie
    full = tmp_path / "full.png"
    empty = tmp_path / "empty.png"
    cv2.imwrite(str(full), np.full((100, 80), 255, np.uint8))
    cv2.imwrite(str(empty), np.zeros((100, 80), np.uint8))
    smoky = tmp_path / "smoky.png"  # undecided everywhere around the product: it would drag a ghost
    cv2.imwrite(str(smoky), cv2.GaussianBlur(cv2.imread(str(hoodie[1]), 0), (0, 0), 40))
    for image in (photo, busy):
        reference = FrameRenderer(_plan(image, None, "ken burns"))
        expected = [reference.frame_at(t) for t in (0.0, 1.0, 2.0)]
        for mask in (None, full, empty, smoky, tmp_path / "missing.png"):
            r = FrameRenderer(_plan(image, mask))
            assert r.prepared(0).product is None
            for t, want in zip((0.0, 1.0, 2.0), expected, strict=True):
                assert np.array_equal(r.frame_at(t), want)


def test_parallax_frames_are_deterministic(hoodie):
    _, _, busy, busy_mask = hoodie
    plan = _plan(busy, busy_mask, w=180, h=320)  # portrait too
    one, two = FrameRenderer(plan), FrameRenderer(plan)
    for t in (0.0, 0.7, 2.0):
        assert np.array_equal(one.frame_at(t), two.frame_at(t))


def test_the_product_stays_in_a_portrait_frame(hoodie):
    photo, mask, _, _ = hoodie
    r = FrameRenderer(_plan(photo, mask, w=180, h=320))
    assert r.prepared(0).product is not None
    for t in (0.0, 1.0, 2.0):
        ys, xs = np.nonzero(_blue(r.frame_at(t)))
        assert xs.min() > 2 and xs.max() < 177 and ys.min() > 2
