"""The brand kit reaches the picture: the accent colour paints the title card's price badge,
the brand fonts draw the captions, and a broken brand font falls back with a warning."""

from __future__ import annotations

import os
import shutil

import numpy as np

from studio.core.intake import load_product
from studio.core.storyboard import ImageChoice, apply_plan
from studio.media.locations import resource
from studio.render.brand_theme import theme_for, theme_problems
from studio.render.frame import FrameRenderer
from studio.render.timeline import resolve_render_plan
from tests.samples import demo_product

FONT = resource("fonts") / "NotoSans-Regular.ttf"


def _project(tmp_path):
    folder = demo_product(tmp_path / "hoodie")
    project = load_product(folder).project
    project.product.price = "$63.00"
    apply_plan(
        project,
        [ImageChoice(0, "img3.jpg", 0.8), ImageChoice(1, "img1.jpg", 0.6)],
        "img1.jpg",
        [0, 1],
    )
    return project


def _share_near(frame_rgb: np.ndarray, colour: tuple[int, int, int], tol: int = 24) -> float:
    d = np.abs(frame_rgb.astype(int) - np.array(colour)).max(axis=2)
    return float((d <= tol).mean())


def test_the_accent_colour_paints_the_price_badge(tmp_path):
    project = _project(tmp_path)
    frames = {}
    for accent in ("#ffc400", "#00c8ff"):
        project.brand.accent = accent
        plan, _ = resolve_render_plan(project, {})
        assert plan.theme.accent_rgb == tuple(int(accent[i : i + 2], 16) for i in (1, 3, 5))
        renderer = FrameRenderer(plan, 480, 270)
        title = plan.scenes[0]
        frames[accent] = renderer.frame_at(title.start + title.duration / 2)[:, :, ::-1]
    assert _share_near(frames["#00c8ff"], (0, 200, 255)) > 0.002  # the badge, in the new colour
    assert _share_near(frames["#ffc400"], (0, 200, 255)) < 0.0005


def test_brand_fonts_are_used_and_a_broken_one_falls_back_with_a_warning(tmp_path):
    project = _project(tmp_path)
    shutil.copy(FONT, project.root / "Body.ttf")
    (project.root / "Heading.ttf").write_bytes(b"\x00\x01\x00\x00 truncated")
    project.brand.body_font = "Body.ttf"
    project.brand.heading_font = "Heading.ttf"
    theme = theme_for(project)
    assert theme.font_regular == project.root / "Body.ttf"
    assert theme.font_bold != project.root / "Heading.ttf"  # the house bold instead
    (problem,) = theme_problems(project)
    assert "Heading.ttf" in problem and "house font" in problem
    plan, _ = resolve_render_plan(project, {})
    FrameRenderer(plan, 320, 180).frame_at(0.5)  # renders


def test_the_look_travels_in_the_plan(tmp_path):
    project = _project(tmp_path)
    project.look.template = "explainer"
    project.brand.watermark = "top-right"
    plan, _ = resolve_render_plan(project, {})
    assert plan.theme.template == "explainer" and plan.theme.watermark == "top-right"


def test_a_logo_that_cannot_be_drawn_is_left_out_with_a_warning(tmp_path):
    """A product folder's logo that is fully transparent (or damaged) used to stop the render
    at the closing card; the video is now made without it and says so."""
    from PIL import Image

    project = _project(tmp_path)
    Image.new("RGBA", (200, 80), (0, 0, 0, 0)).save(project.root / "logo.png")
    project.product.logo = "logo.png"
    problems = theme_problems(project)
    assert any("logo logo.png" in p and "without it" in p for p in problems), problems
    plan, _ = resolve_render_plan(project, {})
    assert plan.theme.logo is None
    assert all(s.logo is None for s in plan.scenes)
    last = plan.scenes[-1]
    frame = FrameRenderer(plan).frame_at(last.start + last.duration / 2)  # the closing card
    assert frame.shape[:2] == (plan.height, plan.width)

    Image.new("RGBA", (200, 80), (200, 30, 30, 255)).save(project.root / "logo.png")
    project.product.logo = "logo.png"
    os.utime(project.root / "logo.png", (1, 1))  # a new file: checked again
    assert not any("logo" in p for p in theme_problems(project))
    plan, _ = resolve_render_plan(project, {})
    assert plan.theme.logo == project.root / "logo.png"
