"""Captions that move with the voice: the spoken word is marked, the title's price badge and
the closing button ease in, a static style keeps them still; the brand kit's watermark and
intro card. Real frames, real fonts, small sizes."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
from PIL import Image

from studio.core.model import ImageAsset, Product, Project, Scene, Timeline
from studio.render.frame import FrameRenderer
from studio.render.plan import CaptionSpec, RenderPlan, ScenePlan
from studio.render.timeline import resolve_render_plan
from studio.voice.takes import VoiceTake
from studio.voice.wordtiming import WordTiming
from tests.render.conftest import make_plan, solid_image, textured_image

LINE = "Warm fleece keeps you dry on long trail runs"


def _take(text: str, gaps: float = 0.3) -> VoiceTake:
    words = tuple(WordTiming(w, k * gaps, k * gaps + 0.25) for k, w in enumerate(text.split()))
    seconds = len(words) * gaps + 0.3
    take = VoiceTake(
        "id", text, text, "v", 1.0, 0.0, 0, Path("/nonexistent.wav"), seconds, 22050, words=words
    )
    return take.for_text(text)


def _voiced_plan(tmp_path: Path, caption: str, captions: str = "animated") -> RenderPlan:
    textured_image(tmp_path / "a.jpg", 3, size=(320, 180))
    scene = Scene(kind="bullet", image="a.jpg", caption=caption, voice_line=LINE)
    project = Project(tmp_path, Product("Jacket", [LINE]), [ImageAsset("a.jpg")], Timeline([scene]))
    project.brand.captions = captions  # type: ignore[assignment]
    plan, _ = resolve_render_plan(project, {scene.id: _take(LINE)})
    return plan


def _changed_box(a: np.ndarray, b: np.ndarray) -> tuple[float, float] | None:
    """Centre of the pixels that differ between two frames."""
    ys, xs = np.nonzero(np.abs(a.astype(int) - b.astype(int)).max(axis=2) > 40)
    return (float(xs.mean()), float(ys.mean())) if len(xs) else None


def test_the_spoken_word_is_marked_and_the_mark_moves_with_the_voice(tmp_path):
    plan = _voiced_plan(tmp_path, LINE)
    still = _voiced_plan(tmp_path, LINE, "static")
    scene = plan.scenes[0]
    assert len(scene.words) == len(LINE.split())
    live, quiet = FrameRenderer(plan, 320, 180), FrameRenderer(still, 320, 180)
    spots = []
    for word in (scene.words[1], scene.words[4]):
        t = (word.start + word.end) / 2
        spots.append(_changed_box(live.frame_at(t), quiet.frame_at(t)))
    assert spots[0] is not None and spots[1] is not None
    assert abs(spots[0][0] - spots[1][0]) + abs(spots[0][1] - spots[1][1]) > 10
    # the mark is the accent colour (the theme's), over the caption's word
    t = (scene.words[1].start + scene.words[1].end) / 2
    rgb = live.frame_at(t)[..., ::-1].astype(int)
    near = np.abs(rgb - np.array(plan.theme.accent_rgb)).max(axis=2) <= 30
    assert near.sum() > 30


def test_a_caption_that_differs_from_the_voice_marks_nothing(tmp_path):
    other = "Ships in a recyclable box with a lifetime warranty card"
    plan = _voiced_plan(tmp_path, other)
    still = _voiced_plan(tmp_path, other, "static")
    t = (plan.scenes[0].words[2].start + plan.scenes[0].words[2].end) / 2
    a = FrameRenderer(plan, 320, 180).frame_at(t)
    b = FrameRenderer(still, 320, 180).frame_at(t)
    assert _changed_box(a, b) is None


def _title_plan(tmp_path: Path, captions: str) -> RenderPlan:
    grey = solid_image(tmp_path / "grey.png", (90, 90, 90), size=(320, 180))
    plan = make_plan(
        [
            ScenePlan(0.0, 2.0, grey, CaptionSpec("Welcome")),
            ScenePlan(2.0, 3.0, grey, CaptionSpec("Trail Jacket", "title", "$89"), seed=1),
            ScenePlan(5.0, 3.0, None, CaptionSpec("Shop now", "cta", "Acme"), seed=2),
        ]
    )
    return dataclasses.replace(plan, theme=dataclasses.replace(plan.theme, captions=captions))


def _part_box(r: FrameRenderer, scene: int, role: str) -> tuple[int, int, int, int]:
    overlay = r.prepared(scene).overlay
    assert overlay is not None
    return next(p.bbox for name, p in overlay.parts if name == role)


def test_the_price_badge_and_button_ease_in_unless_the_style_is_static(tmp_path):
    for captions, moves in (("animated", True), ("static", False)):
        r = FrameRenderer(_title_plan(tmp_path, captions))
        for scene, role, start in ((1, "badge", 2.0), (2, "button", 5.0)):
            x0, y0, x1, y1 = _part_box(r, scene, role)
            early = r.frame_at(start + 0.3)[y0 - 8 : y1 + 8, x0:x1].astype(int)
            late = r.frame_at(start + 1.2)[y0 - 8 : y1 + 8, x0:x1].astype(int)
            changed = np.abs(early - late).max()
            assert (changed > 40) == moves, (captions, role, changed)


def _logo(path: Path) -> Path:
    img = Image.new("RGBA", (120, 60), (0, 0, 0, 0))
    img.paste((250, 240, 60, 255), (10, 10, 110, 50))
    img.save(path)
    return path


def test_the_watermark_sits_in_its_corner_at_its_opacity(tmp_path):
    grey = solid_image(tmp_path / "grey.png", (60, 60, 60), size=(320, 180))
    logo = _logo(tmp_path / "logo.png")
    plan = make_plan(
        [
            ScenePlan(0.0, 2.0, grey, None),
            ScenePlan(2.0, 2.0, None, CaptionSpec("Shop now", "cta", "Acme"), logo=logo),
        ]
    )
    theme = dataclasses.replace(plan.theme, watermark="top-right", watermark_opacity=0.5, logo=logo)
    r = FrameRenderer(dataclasses.replace(plan, theme=theme))
    frame = r.frame_at(1.0)[..., ::-1].astype(int)
    h, w = frame.shape[:2]
    marked = np.abs(frame - 60).max(axis=2) > 20
    ys, xs = np.nonzero(marked)
    assert len(xs) > 50
    assert xs.min() > w / 2 and ys.max() < h / 2  # top right, nowhere else
    # half the logo's yellow over the grey photo
    centre = frame[int(ys.mean()), int(xs.mean())]
    assert np.allclose(centre, 0.5 * np.array([250, 240, 60]) + 0.5 * 60, atol=12)
    # the closing card shows the logo itself: no watermark there
    closing = r.frame_at(3.5)[..., ::-1].astype(int)
    corner = closing[: h // 5, 3 * w // 4 :]
    assert (corner[..., 0] - corner[..., 2]).max() < 20  # no yellow


def test_the_intro_card_opens_on_the_brand_panel(tmp_path):
    grey = solid_image(tmp_path / "grey.png", (140, 140, 140), size=(320, 180))
    plan = make_plan([ScenePlan(0.0, 3.0, grey, CaptionSpec("Trail Jacket", "title", "$89"))])
    theme = dataclasses.replace(plan.theme, intro=True, logo=_logo(tmp_path / "logo.png"))
    r = FrameRenderer(dataclasses.replace(plan, theme=theme))
    opening = r.frame_at(0.4)[..., ::-1].astype(int)
    panel = np.abs(opening - np.array(theme.background_rgb)).max(axis=2) < 10
    assert panel.mean() > 0.8
    yellow = np.abs(opening - np.array([250, 240, 60])).max(axis=2) < 20
    assert yellow.sum() > 100  # the logo
    later = r.frame_at(2.0)[..., ::-1].astype(int)
    assert (np.abs(later - 140).max(axis=2) < 10).mean() > 0.5  # the photo again


def test_the_plain_style_draws_the_caption_without_its_box(tmp_path):
    grey = solid_image(tmp_path / "grey.png", (60, 60, 60), size=(320, 180))
    plan = make_plan([ScenePlan(0.0, 2.0, grey, CaptionSpec("Waterproof and breathable"))])
    boxed = FrameRenderer(plan).frame_at(1.0).astype(int)
    plain_theme = dataclasses.replace(plan.theme, captions="plain")
    plain = FrameRenderer(dataclasses.replace(plan, theme=plain_theme)).frame_at(1.0).astype(int)
    ink = np.abs(boxed - 60).max(axis=2) > 12
    bare = np.abs(plain - 60).max(axis=2) > 12
    assert bare.sum() > 100  # the text is there
    assert bare.sum() < 0.6 * ink.sum()  # but not the box around it


def test_a_paged_caption_marks_words_on_each_of_its_pages(tmp_path):
    long_line = (
        "Warm fleece keeps you dry on long trail runs and the brushed lining stays soft "
        "after many washes while two zip pockets hold your keys phone and a small snack"
    )
    textured_image(tmp_path / "a.jpg", 3, size=(320, 180))
    scene = Scene(kind="bullet", image="a.jpg", caption=long_line, voice_line=long_line)
    project = Project(
        tmp_path, Product("Jacket", [long_line]), [ImageAsset("a.jpg")], Timeline([scene])
    )
    take = _take(long_line, gaps=0.2)
    plan, _ = resolve_render_plan(project, {scene.id: take})
    s = plan.scenes[0]
    assert len(s.caption_pages) > 1
    still_project_theme = dataclasses.replace(plan.theme, captions="static")
    still = dataclasses.replace(plan, theme=still_project_theme)
    live, quiet = FrameRenderer(plan, 320, 180), FrameRenderer(still, 320, 180)
    for page in (s.caption_pages[0], s.caption_pages[-1]):
        heard = [w for w in s.words if page.start + 0.3 < w.start and w.end < page.end - 0.3]
        assert heard
        t = (heard[0].start + heard[0].end) / 2
        assert _changed_box(live.frame_at(t), quiet.frame_at(t)) is not None


def test_the_cover_waits_for_the_intro_card_and_the_title(tmp_path):
    from studio.render.poster import cover_time

    grey = solid_image(tmp_path / "grey.png", (140, 140, 140), size=(320, 180))
    plan = make_plan([ScenePlan(0.0, 4.0, grey, CaptionSpec("Trail Jacket", "title", "$89"))])
    with_intro = dataclasses.replace(plan, theme=dataclasses.replace(plan.theme, intro=True))
    assert cover_time(with_intro) > cover_time(plan)
    r = FrameRenderer(with_intro)
    cover = r.frame_at(cover_time(with_intro)).astype(int)
    settled = r.frame_at(3.5).astype(int)
    assert np.abs(cover - settled).max() < 8  # the title and its badge are in place
