"""Product masks for cut-outs: computed only where a layout may use one, cached by content."""

from __future__ import annotations

import shutil
from dataclasses import replace

import cv2
import numpy as np
import pytest

from studio.analysis.segment import available
from studio.jobs.cutouts import cutout_mask, with_cutouts
from studio.render.fonts import default_theme
from studio.render.frame import FrameRenderer
from studio.render.plan import CaptionSpec, RenderPlan, ScenePlan
from tests.conftest import REPO, SHARED_EVAL

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not available(), reason="the salient-object model is not installed"),
]
DEMO = REPO / "studio" / "resources" / "demo"
KITCHEN = SHARED_EVAL / "bagisto-420-20l-solo-microwave-oven" / "img1.webp"


def _plan(images, w=640, h=360) -> RenderPlan:
    scenes = tuple(
        ScenePlan(float(i), 1.0, p, CaptionSpec("A feature"), seed=i) for i, p in enumerate(images)
    )
    return RenderPlan(w, h, 30, scenes, default_theme())


def test_masks_go_only_where_a_cut_out_may_be_chosen(fresh_cache, tmp_path):
    if not KITCHEN.is_file():
        pytest.skip("the shared evaluation photos are not here")
    kitchen = shutil.copy(KITCHEN, tmp_path / "kitchen.webp")
    studio_shot = DEMO / "img1.jpg"  # a model on seamless white: the backdrop continues
    plan = with_cutouts(_plan([kitchen, studio_shot]))
    busy, plain = plan.scenes
    assert busy.mask is not None and busy.mask.is_file()
    assert plain.mask is None
    mask = cv2.imread(str(busy.mask), cv2.IMREAD_GRAYSCALE)
    assert mask.shape[0] / mask.shape[1] == pytest.approx(1088 / 960, abs=0.01)  # the photo's shape
    assert 0.2 < (mask > 127).mean() < 0.7  # the microwave, not everything
    # a square frame crops this photo a little instead: no mask needed there
    assert with_cutouts(_plan([kitchen], 480, 480)).scenes[0].mask is None


def test_a_parallax_scene_gets_the_mask_even_on_a_seamless_backdrop(fresh_cache):
    (still,) = _plan([DEMO / "img1.jpg"]).scenes
    moving = replace(still, motion_style="parallax")
    assert with_cutouts(RenderPlan(640, 360, 30, (still,), default_theme())).scenes[0].mask is None
    plan = with_cutouts(RenderPlan(640, 360, 30, (moving,), default_theme()))
    assert plan.scenes[0].mask is not None and plan.scenes[0].mask.is_file()
    # with its mask the scene really moves in layers: it differs from its Ken Burns twin
    kb = FrameRenderer(RenderPlan(640, 360, 30, (still,), default_theme())).frame_at(0.9)
    px = FrameRenderer(plan).frame_at(0.9)
    assert np.abs(kb.astype(int) - px.astype(int)).mean() > 0.5


def test_masks_are_cached_by_content(fresh_cache, tmp_path):
    if not KITCHEN.is_file():
        pytest.skip("the shared evaluation photos are not here")
    a = shutil.copy(KITCHEN, tmp_path / "a.webp")
    b = shutil.copy(KITCHEN, tmp_path / "renamed.webp")
    first = cutout_mask(a)
    assert first is not None
    written = first.stat().st_mtime_ns
    again = cutout_mask(b)  # same bytes under another name
    assert again == first and first.stat().st_mtime_ns == written  # served, not recomputed
    closing = ScenePlan(0.0, 1.0, a, CaptionSpec("Shop now", "cta"))
    plan = RenderPlan(640, 360, 30, (closing,), default_theme())
    assert with_cutouts(plan) is plan  # the closing card never cuts the product out
