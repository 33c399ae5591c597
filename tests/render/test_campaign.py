"""The campaign on real frames: the sale badge in the seasonal accent against an edge of the
safe area, never over the card's text and off the product where the backdrop has room; the
date line on the title and closing cards only; nothing at all without a campaign; and an
audience variant keeps its own badge beside the price."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from studio.core.audience import BUILT_IN
from studio.core.intake import load_product
from studio.core.model import ExportSettings
from studio.core.storyboard import ImageChoice, apply_plan
from studio.core.variants import derive_variant
from studio.render.animate import ENTRANCES
from studio.render.captions import safe_area
from studio.render.frame import FrameRenderer
from studio.render.poster import cover_time
from studio.render.timeline import resolve_render_plan
from tests.samples import demo_product

SEASON = (0, 170, 90)  # a green that is in none of the demo photos


def _project(tmp_path, badge="-20%", date="Until 31 December"):
    folder = demo_product(tmp_path / "hoodie")
    project = load_product(folder).project
    project.product.price = "$63.00"
    project.product.brand = "Luma"
    apply_plan(
        project,
        [ImageChoice(0, "img3.jpg", 0.8), ImageChoice(1, "img1.jpg", 0.6)],
        "img1.jpg",
        [0, 1],
    )
    project.brand.sale_badge = badge
    project.brand.date_line = date
    project.brand.season_accent = "#" + "".join(f"{c:02x}" for c in SEASON)
    return project


def _renderer(project, preset="landscape", height=360):
    plan, _ = resolve_render_plan(project, {}, ExportSettings(preset=preset, height=height))
    return plan, FrameRenderer(plan)


def _near(rgb: np.ndarray, colour, tol=30) -> np.ndarray:
    return np.abs(rgb.astype(int) - np.array(colour)).max(axis=2) <= tol


def _intersects(a, b) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def _text_boxes(prepared, h):
    """The card's text parts, from where they rise in to where they land."""
    rise = max(e.rise for e in ENTRANCES.values()) * h
    ov = prepared.overlay
    return [(x0, y0, x1, y1 + rise) for _, p in ov.parts for x0, y0, x1, y1 in [p.bbox]]


@pytest.mark.parametrize("preset", ["landscape", "portrait", "square"])
def test_the_badge_is_in_the_accent_against_a_safe_edge_clear_of_the_title(tmp_path, preset):
    project = _project(tmp_path)
    plan, r = _renderer(project, preset)
    assert plan.theme.accent_rgb == SEASON  # the seasonal colour replaces the accent
    w, h = r.width, r.height
    title = r.prepared(0)
    sticker = title.decor[-1]
    x0, y0, x1, y1 = sticker.bbox
    safe = safe_area(w, h)
    slack = 0.03 * min(w, h)  # the badge's soft shadow may reach past the safe area a little
    assert safe.left - slack <= x0 and x1 <= safe.right + slack
    assert safe.top - slack <= y0 and y1 <= safe.bottom + slack
    against_an_edge = x0 < safe.left + slack or x1 > safe.right - slack
    assert against_an_edge, sticker.bbox
    for box in _text_boxes(title, h):
        assert not _intersects(sticker.bbox, box), (sticker.bbox, box)

    rgb = r.frame_at(cover_time(plan))[:, :, ::-1]
    inside = _near(rgb[y0:y1, x0:x1], SEASON)
    assert inside.mean() > 0.15  # the pill, in the seasonal accent
    # the title's own text carries no badge pixels (the price pill is accent-coloured too)
    tx0, ty0, tx1, ty1 = title.overlay.parts[0][1].bbox
    assert not _intersects(sticker.bbox, (tx0, ty0, tx1, ty1))


def test_the_date_line_is_on_the_title_and_closing_cards_only(tmp_path):
    with_date = _project(tmp_path / "a", badge="")
    without = _project(tmp_path / "b", badge="", date="")
    plan, r = _renderer(with_date)
    _, bare = _renderer(without)
    changed = []
    for s in plan.scenes:
        t = s.start + 0.6 * s.duration
        diff = np.abs(r.frame_at(t).astype(int) - bare.frame_at(t).astype(int)).max(axis=2)
        changed.append((s.caption.style if s.caption else None, int((diff > 40).sum())))
    kinds = dict(changed)
    assert kinds["title"] > 50 and kinds["cta"] > 50, changed
    assert all(n == 0 for style, n in changed if style not in ("title", "cta")), changed
    # small: a line, not a banner
    sticker = r.prepared(0).decor[-1]
    assert sticker.bbox[3] - sticker.bbox[1] < 0.08 * r.height


def test_nothing_is_drawn_without_a_campaign(tmp_path):
    project = _project(tmp_path, badge="", date="")
    project.brand.season_accent = ""
    plan, r = _renderer(project)
    assert plan.theme.accent_rgb == (255, 196, 0)  # the kit's accent
    for i in range(len(plan.scenes)):
        assert r.prepared(i).decor == ()
    plain = dataclasses.replace(plan.theme, sale_badge="", date_line="")
    same = FrameRenderer(dataclasses.replace(plan, theme=plain))
    t = cover_time(plan)
    assert np.array_equal(r.frame_at(t), same.frame_at(t))


def test_an_audience_variant_keeps_its_badge_beside_the_price_and_the_campaign(tmp_path):
    from studio.analysis.text import embed

    project = _project(tmp_path)
    gift = next(p for p in BUILT_IN if p.name == "Gift buyers")
    variant = derive_variant(project, gift, embed)
    assert variant.product.price == "$63.00 · Gift idea"
    assert variant.brand.sale_badge == "-20%"  # the campaign follows the product
    plan, r = _renderer(variant)
    assert plan.scenes[0].caption.sub == "$63.00 · Gift idea"
    assert r.prepared(0).decor, "the campaign sticker on the variant's title card"


@pytest.mark.parametrize("preset", ["landscape", "portrait"])
def test_the_sticker_keeps_off_the_product_where_the_backdrop_has_room(tmp_path, preset):
    """On the demo's white backdrop there is room beside the model in 16:9 and 9:16: the
    sticker goes there, not over the hoodie (9:16 put it on the pocket)."""
    plan, r = _renderer(_project(tmp_path / "a"), preset)
    _, bare = _renderer(_project(tmp_path / "b", badge="", date=""), preset)
    t = cover_time(plan)
    x0, y0, x1, y1 = r.prepared(0).decor[-1].bbox
    grey = bare.frame_at(t)[max(0, y0) : y1, max(0, x0) : x1].astype(int).mean(axis=2)
    on_product = float((grey < 200).mean())  # the backdrop is white; the hoodie is dark
    assert on_product < 0.05, (preset, on_product, (x0, y0, x1, y1))
