"""A campaign on the cards: a sale badge ("-20%", "SALE") and a date line ("Until 31 December").

Both come from the brand kit (``Theme.sale_badge`` / ``Theme.date_line``; a seasonal colour
is already the theme's accent) and are drawn once per scene on the title card and the closing
card only, where a viewer decides, not on every feature.

The badge is a bold pill in the accent colour with a soft shadow; the date line is small text
on a translucent plate right under it, aligned to the same edge, so the two read as one
sticker. It sits against an edge of the platform safe area, in a corner when one will do:
never over the card's text (its title, price and button, including where they rise in from),
the template's graphics or the watermark; then, as far as it can, off the product (on the
plain backdrop around it, where the scene has one) and not level with the text (beside a
title it reads as part of it). Corners come first in the order top right, top left, bottom
right, bottom left; then places along the edges.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PIL import ImageFilter

from studio.core.geometry import Rect
from studio.render.animate import ENTRANCES
from studio.render.captions import CaptionOverlay, SafeArea, safe_area
from studio.render.fonts import font_chain
from studio.render.lettering import TextBlock, draw_block, on_color, text_block
from studio.render.overlay import Layer, rounded_box, shifted
from studio.render.plan import RenderPlan, Theme

CARD_STYLES = ("title", "cta")  # the scenes that carry the campaign
BADGE_SIZE = 0.052  # badge text, of the frame's short side ...
BADGE_MIN = 0.03
DATE_SIZE = 0.026  # ... and the date line's
DATE_MIN = 0.018
MAX_WIDTH = 0.42  # of the safe area's width, for either line
GAP = 0.012  # between the badge and the date line, of the short side
# kept between the sticker and the card's text, of the short side: more to the side, where
# a sticker level with the title would read as part of it
CLEARANCE_X = 0.08
CLEARANCE_Y = 0.03
BAND_WEIGHT = 100.0  # covering the text counts this much more than standing level with it
PICTURE_WEIGHT = 10.0  # ... and covering the product this much more
EDGE_STEPS = 7  # places tried along each edge of the safe area, corners included
BACKDROP_SPREAD = 24  # grey levels from the backdrop's that make a pixel part of the picture
PLATE_OPACITY = 0.72
FULL_WIDTH = 0.9  # a still layer this wide is a scrim (the picture shows through), not a plate
Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in frame pixels
CORNERS = ("top-right", "top-left", "bottom-right", "bottom-left")  # the order they are tried in


def campaign_decor(
    plan: RenderPlan,
    index: int,
    w: int,
    h: int,
    shown: Sequence[CaptionOverlay],
    avoid: Rect | None = None,
    backdrop: np.ndarray | None = None,
) -> tuple[CaptionOverlay, ...]:
    """The campaign sticker for scene ``index`` (none when the theme has no campaign, the
    scene is not the title or closing card, or captions are off). ``shown``: what the scene
    already draws (captions, the template's graphics), which the sticker keeps clear of, as
    of ``avoid`` (the watermark, frame-normalised). ``backdrop``: the scene as a small grey
    picture (any size, the frame's shape), to keep off the product where it can."""
    theme = plan.theme
    s = plan.scenes[index]
    if not (theme.sale_badge or theme.date_line) or not plan.burn_captions:
        return ()
    if s.caption is None or s.caption.style not in CARD_STYLES:
        return ()
    overlay = sticker(theme, w, h, _clear_boxes(shown, avoid, w, h), picture_mask(backdrop))
    return (overlay,) if overlay is not None else ()


def picture_mask(backdrop: np.ndarray | None) -> np.ndarray | None:
    """Where a small grey picture of the scene shows something other than its backdrop (the
    grey of its border, when the border is one plain grey); None when it has no plain border
    (a photo filling the frame), where every place is as good as another."""
    if backdrop is None or backdrop.size == 0 or min(backdrop.shape[:2]) < 4:
        return None
    g = backdrop.astype(np.float32)
    ring = np.concatenate([g[0], g[-1], g[1:-1, 0], g[1:-1, -1]])
    low, mid, high = np.percentile(ring, (10, 50, 90))
    if high - low > BACKDROP_SPREAD:
        return None
    mask: np.ndarray = np.abs(g - mid) > BACKDROP_SPREAD
    return mask


def sticker(
    theme: Theme,
    w: int,
    h: int,
    clear: Sequence[Box] = (),
    picture: np.ndarray | None = None,
) -> CaptionOverlay | None:
    """The badge and the date line drawn at the best place of the safe area (see the module
    docstring); None when neither can be drawn. ``picture``: a mask of the frame's shape
    (any size) of what is not backdrop."""
    u = min(w, h)
    safe = safe_area(w, h)
    max_w = MAX_WIDTH * safe.width
    badge = _block(theme.sale_badge, theme, True, BADGE_SIZE * u, BADGE_MIN * u, max_w)
    date = _block(theme.date_line, theme, False, DATE_SIZE * u, DATE_MIN * u, max_w)
    if badge is None and date is None:
        return None
    parts = _measure(badge, date, u)
    width = max(pw for pw, _ in parts.values())
    height = sum(ph for _, ph in parts.values()) + (GAP * u if len(parts) == 2 else 0.0)
    x0, y, right = _best_place(safe, width, height, clear, u, picture, w, h)
    pad = int(0.03 * u)  # room for the shadow
    layer = Layer(int(x0) - pad, int(y) - pad, int(x0 + width) + pad, int(y + height) + pad)
    if badge is not None:
        bw, bh = parts["badge"]
        bx = x0 + width - bw if right else x0
        _draw_badge(layer, badge, bx, y, bw, bh, theme, u)
        y += bh + GAP * u
    if date is not None:
        dw, dh = parts["date"]
        dx = x0 + width - dw if right else x0
        _draw_date(layer, date, dx, y, dw, dh, theme)
    return layer.to_overlay(w, h)


def _block(
    text: str, theme: Theme, bold: bool, size: float, least: float, max_w: float
) -> TextBlock | None:
    if not text.strip():
        return None
    font = theme.font_bold if bold else theme.font_regular
    return text_block(text, font_chain(bold, font), size, least, max_w, 1, balance=False)


def _measure(
    badge: TextBlock | None, date: TextBlock | None, u: float
) -> dict[str, tuple[float, float]]:
    """Width and height of each line's box (pixels)."""
    out: dict[str, tuple[float, float]] = {}
    if badge is not None:
        out["badge"] = (badge.width + 1.2 * badge.size, badge.height + 0.7 * badge.size)
    if date is not None:
        out["date"] = (date.width + 1.1 * date.size, date.height + 0.75 * date.size)
    return out


def _places(safe: SafeArea, width: float, height: float) -> list[tuple[float, float, bool]]:
    """Where the sticker may go (x0, y0, aligned right), corners first (see CORNERS), then
    along the left and right edges and the top and bottom ones."""
    left, right = safe.left, safe.right - width
    top, bottom = safe.top, safe.bottom - height
    out = [(right, top, True), (left, top, False), (right, bottom, True), (left, bottom, False)]
    for k in range(1, EDGE_STEPS - 1):
        t = k / (EDGE_STEPS - 1)
        y = top + t * (bottom - top)
        out += [(right, y, True), (left, y, False)]
    for k in range(1, EDGE_STEPS - 1):
        t = k / (EDGE_STEPS - 1)
        x = left + t * (right - left)
        on_right = x + width / 2 > (safe.left + safe.right) / 2
        out += [(x, top, on_right), (x, bottom, on_right)]
    return out


def _best_place(
    safe: SafeArea,
    width: float,
    height: float,
    clear: Sequence[Box],
    u: float,
    picture: np.ndarray | None,
    w: int,
    h: int,
) -> tuple[float, float, bool]:
    mx, my = CLEARANCE_X * u, CLEARANCE_Y * u

    def cost(place: tuple[float, float, bool]) -> float:
        x0, y0, _ = place
        b = (x0 - mx, y0 - my, x0 + width + mx, y0 + height + my)
        over = sum(_overlap(b, c) for c in clear)
        # level with the card's text the sticker reads as part of the title: avoided too,
        # but less than covering anything
        level = sum(_overlap(b, (-1e9, c[1], 1e9, c[3])) for c in clear)
        on_picture = _picture_share(picture, (x0, y0, x0 + width, y0 + height), w, h)
        return BAND_WEIGHT * over + PICTURE_WEIGHT * on_picture * width * height + level

    places = _places(safe, width, height)
    best = min(range(len(places)), key=lambda k: (round(cost(places[k]), 1), k))
    return places[best]


def _picture_share(picture: np.ndarray | None, box: Box, w: int, h: int) -> float:
    """The share of ``box`` (frame pixels) over the picture's content."""
    if picture is None:
        return 0.0
    ph, pw = picture.shape[:2]
    x0, x1 = int(box[0] / w * pw), int(np.ceil(box[2] / w * pw))
    y0, y1 = int(box[1] / h * ph), int(np.ceil(box[3] / h * ph))
    region = picture[max(0, y0) : max(0, y1), max(0, x0) : max(0, x1)]
    return float(region.mean()) if region.size else 0.0


def _overlap(a: Box, b: Box) -> float:
    dx = min(a[2], b[2]) - max(a[0], b[0])
    dy = min(a[3], b[3]) - max(a[1], b[1])
    return dx * dy if dx > 0 and dy > 0 else 0.0


def _clear_boxes(shown: Sequence[CaptionOverlay], avoid: Rect | None, w: int, h: int) -> list[Box]:
    """Where the card's text is (each animated part from where it rises in to where it
    lands), any plate behind it, the template's graphics and the watermark."""
    rise = max(e.rise for e in ENTRANCES.values()) * h
    out: list[Box] = []
    for ov in shown:
        if ov.parts:
            for _, part in ov.parts:
                x0, y0, x1, y1 = part.bbox
                out.append((x0, y0, x1, y1 + rise))
            if ov.still is not None:
                x0, y0, x1, y1 = ov.still.bbox
                if x1 - x0 < FULL_WIDTH * w:
                    out.append((x0, y0, x1, y1))
        else:
            x0, y0, x1, y1 = ov.bbox
            out.append((x0, y0, x1, y1))
    if avoid is not None:
        out.append((avoid.x * w, avoid.y * h, (avoid.x + avoid.w) * w, (avoid.y + avoid.h) * h))
    return out


def _draw_badge(
    layer: Layer,
    block: TextBlock,
    x: float,
    y: float,
    bw: float,
    bh: float,
    theme: Theme,
    u: float,
) -> None:
    """The accent pill, lifted off the picture by a soft shadow, with the text centred."""
    m, d = layer.mask()
    rounded_box(d, layer, x, y, x + bw, y + bh, bh / 2)
    blur = max(1.0, 0.012 * u)
    off = max(1, int(round(0.006 * u)))
    layer.solid(shifted(m.filter(ImageFilter.GaussianBlur(blur)), 0, off), (0, 0, 0), 0.45)
    layer.solid(m, theme.accent_rgb)
    top = y + (bh - block.height) / 2
    draw_block(layer, block, x + bw / 2, top, "center", on_color(theme.accent_rgb, theme))


def _draw_date(
    layer: Layer,
    block: TextBlock,
    x: float,
    y: float,
    dw: float,
    dh: float,
    theme: Theme,
) -> None:
    """Small text on a translucent plate of the caption box colour: readable on any photo."""
    m, d = layer.mask()
    rounded_box(d, layer, x, y, x + dw, y + dh, dh / 2)
    layer.solid(m, theme.caption_box_rgba[:3], PLATE_OPACITY)
    top = y + (dh - block.height) / 2
    draw_block(layer, block, x + dw / 2, top, "center", theme.text_rgb)
