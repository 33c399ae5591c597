"""The four templates are real designs drawn by the same frame function: they render in every
aspect and differ from each other; the explainer's callout rings the focus region without
covering it; spec numbers are read from bullets."""

from __future__ import annotations

import dataclasses
import itertools
import math

import numpy as np
import pytest

from studio.core.geometry import Rect
from studio.render.callout import callout
from studio.render.fonts import default_theme
from studio.render.frame import FrameRenderer
from studio.render.plan import CaptionSpec, RenderPlan, ScenePlan
from studio.render.specs import find_spec
from tests.render.conftest import make_plan, solid_image, textured_image

TEMPLATES = ("highlight", "explainer", "experience", "comparison")
SIZES = ((320, 180), (180, 320), (240, 240))
FOCUS = Rect(0.4, 0.4, 0.2, 0.2)  # image coordinates


def _plan(tmp_path, template: str, w: int, h: int) -> RenderPlan:
    a = textured_image(tmp_path / "a.jpg", 1, size=(w, h))
    b = solid_image(tmp_path / "b.png", (235, 235, 235), size=(w, h))
    c = textured_image(tmp_path / "c.jpg", 2, size=(w, h))
    plan = make_plan(
        [
            ScenePlan(0.0, 2.0, a, CaptionSpec("Trail Kettle", "title", "$49"), seed=0),
            ScenePlan(2.0, 2.0, b, CaptionSpec("20 L capacity"), focus=FOCUS, seed=1),
            ScenePlan(4.0, 2.0, c, CaptionSpec("Boils in 3 minutes"), transition_in=0.5),
            ScenePlan(6.0, 2.0, None, CaptionSpec("Shop now", "cta", "Acme"), transition_in=0.5),
        ],
        w,
        h,
    )
    return dataclasses.replace(plan, theme=dataclasses.replace(plan.theme, template=template))


def _frames(plan: RenderPlan) -> np.ndarray:
    r = FrameRenderer(plan)
    return np.stack([r.frame_at(s.start + 0.6 * s.duration) for s in plan.scenes]).astype(int)


@pytest.mark.parametrize(("w", "h"), SIZES)
def test_the_four_templates_render_in_every_aspect_and_differ(tmp_path, w, h):
    frames = {t: _frames(_plan(tmp_path, t, w, h)) for t in TEMPLATES}
    for t, f in frames.items():
        assert f.shape[1:3] == (h, w), t
    for a, b in itertools.combinations(TEMPLATES, 2):
        assert np.abs(frames[a] - frames[b]).mean() > 0.5, (a, b)


def test_the_explainer_callout_rings_the_focus_without_covering_it(tmp_path):
    w, h = 320, 180
    plan = _plan(tmp_path, "explainer", w, h)
    plain = _plan(tmp_path, "highlight", w, h)
    r = FrameRenderer(plan)
    assert r.prepared(1).decor  # the callout is drawn
    t = 3.2
    a, b = r.frame_at(t).astype(int), FrameRenderer(plain).frame_at(t).astype(int)
    diff = np.abs(a - b).max(axis=2) > 30
    assert diff.sum() > 100  # the callout shows
    # and nothing of it lies over the focus region, wherever the motion takes it
    prepared = r.prepared(1)
    from studio.render.motion import image_to_frame, region_over_motion

    shown = region_over_motion(image_to_frame(FOCUS, prepared.canvas.image_rect), prepared.motion)
    assert shown is not None
    x0, y0 = int(shown.x * w), int(shown.y * h)
    x1, y1 = int(math.ceil((shown.x + shown.w) * w)), int(math.ceil((shown.y + shown.h) * h))
    assert not diff[y0:y1, x0:x1].any()


def test_the_ring_encloses_the_focus_box_with_a_margin():
    w, h = 640, 360
    focus = Rect(0.45, 0.3, 0.12, 0.2)
    safe = (32.0, 22.0, 608.0, 331.0)
    made = callout(focus, 2, "20 L", "capacity", default_theme(), w, h, safe, [])
    assert made is not None and made.ring is not None
    x0, y0, x1, y1 = made.ring
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    stroke = max(2.0, 0.008 * h) * 2.2  # the ring's dark edge, its widest stroke
    a, b = (x1 - x0) / 2 - stroke, (y1 - y0) / 2 - stroke  # inside edge of the ring
    corners = [(focus.x + dx * focus.w, focus.y + dy * focus.h) for dx in (0, 1) for dy in (0, 1)]
    for fx, fy in corners:
        assert ((fx * w - cx) / a) ** 2 + ((fy * h - cy) / b) ** 2 < 1.0
    fb = (focus.x * w, focus.y * h, (focus.x + focus.w) * w, (focus.y + focus.h) * h)
    card = made.card
    assert card[2] <= fb[0] or card[0] >= fb[2] or card[3] <= fb[1] or card[1] >= fb[3]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("20L capacity fits a dinner plate", "20 L"),
        ("800 watts of cooking power", "800 W"),
        ("Records 1080p video", "1080p"),
        ("5 MP camera", "5 MP"),
        ("Made from 100% recycled polyester", "100%"),
        ("Arrives in 3 days", None),
        ("Two-tone knit", None),
    ],
)
def test_spec_numbers_are_read_from_bullets(text, value):
    spec = find_spec(text)
    assert (spec.value if spec else None) == value


def test_a_step_card_without_a_ring_stands_beside_its_caption_not_on_the_product():
    """A portrait frame: the caption above the product, the product right under it; the
    card reads with the caption (on its row), not in a far corner or on the product."""
    w, h = 360, 640
    safe = (0.06 * w, 0.14 * h, 0.86 * w, 0.80 * h)
    caption = (0.06 * w, 0.3 * h, 0.38 * w, 0.35 * h)
    subject = (0.2 * w, 0.38 * h, 0.8 * w, 1.0 * h)
    made = callout(
        None, 2, "", "Step 2 of 5", default_theme(), w, h, safe, [caption], caption, subject
    )
    assert made is not None and made.ring is None
    x0, y0, x1, y1 = made.card
    gap = max(caption[1] - y1, y0 - caption[3], caption[0] - x1, x0 - caption[2])
    assert gap <= 0.03 * w  # next to its caption
    assert y1 <= subject[1] or x1 <= subject[0] or x0 >= subject[2]  # off the product


def test_a_close_up_whose_focus_is_the_whole_picture_still_gets_its_step_card():
    w, h = 320, 320
    safe = (0.05 * w, 0.06 * h, 0.95 * w, 0.92 * h)
    caption = (0.3 * w, 0.82 * h, 0.7 * w, 0.9 * h)
    focus = Rect(0.05, 0.05, 0.9, 0.85)  # a close-up: the part fills the frame
    made = callout(
        focus, 1, "", "Step 1 of 5", default_theme(), w, h, safe, [caption], caption, None
    )
    assert made is not None and made.ring is None
    x0, y0, x1, y1 = made.card
    assert y1 <= caption[1] and caption[1] - y1 <= 0.03 * w  # the caption's header


@pytest.mark.parametrize(("w", "h"), [(640, 360), (360, 640), (480, 480)])
def test_a_tagline_on_the_comparison_title_stays_below_the_photos(tmp_path, w, h):
    """The photos side by side leave more room when a tagline goes over the title, so the
    tagline never lands on the lower row of cards (it did in 1:1)."""
    plan = _plan(tmp_path, "comparison", w, h)
    title = dataclasses.replace(plan.scenes[0].caption, kicker="New for spring: built for the rain")
    plan = dataclasses.replace(
        plan, scenes=(dataclasses.replace(plan.scenes[0], caption=title), *plan.scenes[1:])
    )
    r = FrameRenderer(plan)
    prepared = r.prepared(0)
    cards = prepared.canvas.subject  # the cards' area, frame-normalised at zoom 1
    ink = prepared.overlay.alpha[..., 0] > 128
    rows = ink.any(axis=1).nonzero()[0]
    text_top = prepared.overlay.y + rows[0]
    # the slow zoom grows the cards by at most the canvas headroom: a margin for it
    assert text_top >= (cards.y + cards.h) * h * 1.05, (text_top, cards)
