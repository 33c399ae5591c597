"""A long bullet is captioned page by page, in step with its voice, never squeezed or cut."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from studio.core.model import ImageAsset, Product, Project, Scene, Timeline
from studio.jobs.pipeline import resolve_render_plan
from studio.render.frame import FrameRenderer
from studio.render.timeline import LEAD_IN
from studio.voice.takes import VoiceTake
from tests.samples import product_photo

LONG = (
    "This insulated bottle keeps drinks cold for twenty-four hours. It keeps them hot for twelve. "
    "The powder coat will not sweat or slip in your hand, and the lid is leak-proof."
)


@pytest.fixture
def plan(tmp_path):
    product_photo(tmp_path / "a.jpg")
    scene = Scene(kind="bullet", bullet=0, caption=LONG, voice_line=LONG, image="a.jpg")
    p = Project(tmp_path, Product("Bottle", [LONG]), [ImageAsset("a.jpg")], Timeline([scene]))
    p.export.height = 360
    take = VoiceTake("id", LONG, LONG, "v", 1.0, 0.0, 0, Path("/none.wav"), 9.0, 22050)
    rplan, _ = resolve_render_plan(p, {scene.id: take})
    return rplan


def test_pages_cover_the_scene_and_follow_the_voice(plan):
    s = plan.scenes[0]
    pages = s.caption_pages
    assert len(pages) >= 3
    assert pages[0].start == s.start and pages[-1].end == pytest.approx(s.end)
    for a, b in zip(pages, pages[1:], strict=False):
        assert a.end == pytest.approx(b.start)
        assert (
            s.start + LEAD_IN < a.end < s.start + LEAD_IN + 9.0
        )  # page turns happen while speaking
    assert " ".join(p.text for p in pages) == LONG  # nothing dropped, nothing added
    assert [(c.start, c.end, c.text) for c in plan.cues] == [
        (p.start, p.end, p.text) for p in pages
    ]


def test_the_picture_shows_each_page_in_turn(plan):
    r = FrameRenderer(plan)
    pages = plan.scenes[0].caption_pages
    mids = [(p.start + p.end) / 2 for p in pages]
    frames = [r.frame_at(t).astype(np.int16) for t in mids]
    band = slice(int(plan.height * 0.6), plan.height)  # where the caption sits
    # the photo moves slowly; the caption region changes far more between pages than the rest
    for a, b in zip(frames, frames[1:], strict=False):
        caption_change = np.abs(a[band] - b[band]).mean()
        photo_change = np.abs(a[: int(plan.height * 0.4)] - b[: int(plan.height * 0.4)]).mean()
        assert caption_change > 3 * photo_change + 1
