"""The explainer's callout: a ring (an ellipse) around what the scene is about, a line, and a label card
(the step number, and the bullet's spec number large or a word or two about it).

Drawn once per scene. The ring encloses the focus region over the scene's whole motion with
a margin, so it never covers it; the card goes beside the ring wherever it stays inside the
safe area and clear of the focus region, the caption and the watermark. When nothing fits (a
focus region too large to ring, no room beside it) the card stands alone above the caption.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from studio.core.geometry import Rect
from studio.render.fonts import font_chain
from studio.render.lettering import TextBlock, draw_block, on_color, text_block
from studio.render.overlay import CaptionOverlay, Layer, rounded_box
from studio.render.plan import Theme

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in frame pixels

RING_MAX = 0.3  # of the frame's short side: a larger focus region is not ringed
RING_MARGIN = 0.025  # between the focus region and the ring
GAP = 0.07  # between the ring and the card


@dataclass(frozen=True)
class Callout:
    overlay: CaptionOverlay | None
    ring: Box | None  # the ring's outer box (None: the card stands alone)
    card: Box


def _card(
    step: int, value: str, label: str, theme: Theme, u: float
) -> tuple[float, float, TextBlock | None, TextBlock | None, float]:
    """The card's size and its set text: (width, height, big line, small line, disc)."""
    bold = font_chain(True, theme.font_bold)
    big = text_block(value, bold, 0.1 * u, 0.06 * u, 0.5 * u, 1) if value else None
    small = (
        text_block(label, font_chain(False, theme.font_regular), 0.048 * u, 0.034 * u, 0.42 * u, 1)
        if label
        else None
    )
    disc = 0.09 * u if big else 0.07 * u
    pad = 0.03 * u
    text_w = max(big.width if big else 0.0, small.width if small else 0.0)
    text_h = (big.height if big else 0.0) + (small.height + 0.012 * u if small else 0.0)
    w = pad + disc + (0.03 * u + text_w if text_w else 0.0) + pad
    h = max(disc, text_h) + 2 * pad
    return w, h, big, small, disc


def callout(
    focus: Rect | None,
    step: int,
    value: str,
    label: str,
    theme: Theme,
    w: int,
    h: int,
    safe: Box,
    keep_clear: list[Box],
    caption: Box | None = None,
    subject: Box | None = None,
) -> Callout | None:
    """The callout for a scene whose focus region (frame-normalised, over its motion) is
    ``focus``; ``safe`` is where text may go, ``keep_clear`` what the card must not cover.
    A card without a ring goes next to the ``caption`` (its box), off the picture
    (``subject``) if it can."""
    u = min(w, h)
    cw, ch, big, small, disc = _card(step, value, label, theme, u)
    ring = _ring(focus, w, h, u) if focus is not None else None
    avoid = list(keep_clear)
    if focus is not None:
        m = RING_MARGIN * u
        avoid.append(
            (
                focus.x * w - m,
                focus.y * h - m,
                (focus.x + focus.w) * w + m,
                (focus.y + focus.h) * h + m,
            )
        )
    card: Box | None = None
    if ring is not None:
        avoid.append(ring)
        card = _beside(ring, cw, ch, safe, avoid, w, h, u, subject)
        if card is None:
            ring = None
    if card is None:
        card = _alone(cw, ch, safe, avoid, caption, subject, u)
    if card is None and focus is not None and focus.w * focus.h >= WIDE_FOCUS:
        # a focus region that is most of the frame (a close-up) leaves no room beside it:
        # the small card then goes with its caption, over the picture like the caption
        card = _alone(cw, ch, safe, list(keep_clear), caption, None, u)
    if card is None:
        return None
    layer = Layer(0, 0, w, h)
    if ring is not None:
        _draw_ring(layer, ring, card, theme, u)
    _draw_card(layer, card, step, big, small, disc, theme, u)
    return Callout(layer.to_overlay(w, h), ring, card)


WIDE_FOCUS = 0.25  # of the frame's area: a focus region this large is the whole picture


def _ring(focus: Rect, w: int, h: int, u: float) -> Box | None:
    """An ellipse around the focus region (through its corners scaled by the square root of
    two, plus a margin: it hugs a wide or tall region), inside the frame."""
    cx, cy = (focus.x + focus.w / 2) * w, (focus.y + focus.h / 2) * h
    m = RING_MARGIN * u
    a, b = focus.w * w / math.sqrt(2) + m, focus.h * h / math.sqrt(2) + m
    if max(a, b) > RING_MAX * u:
        return None
    box = (cx - a, cy - b, cx + a, cy + b)
    edge = 0.01 * u
    if box[0] < edge or box[1] < edge or box[2] > w - edge or box[3] > h - edge:
        return None
    return box


def _hits(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _inside(a: Box, safe: Box) -> bool:
    return a[0] >= safe[0] and a[1] >= safe[1] and a[2] <= safe[2] and a[3] <= safe[3]


def _beside(
    ring: Box,
    cw: float,
    ch: float,
    safe: Box,
    avoid: list[Box],
    w: int,
    h: int,
    u: float,
    subject: Box | None = None,
) -> Box | None:
    """The card right, left, above or below the ring (toward the frame's centre first), off
    the picture (``subject``) if a longer line can take it there, else next to the ring."""
    g = GAP * u
    cx, cy = (ring[0] + ring[2]) / 2, (ring[1] + ring[3]) / 2
    near = {
        "right": ring[2] + g,
        "left": ring[0] - g - cw,
        "above": ring[1] - g - ch,
        "below": ring[3] + g,
    }
    far = dict(near)
    if subject is not None:
        far = {
            "right": max(near["right"], subject[2] + g),
            "left": min(near["left"], subject[0] - g - cw),
            "above": min(near["above"], subject[1] - g - ch),
            "below": max(near["below"], subject[3] + g),
        }
    order = sorted(
        near,
        key=lambda k: {"right": cx / w, "left": 1 - cx / w, "above": 1 - cy / h, "below": cy / h}[
            k
        ],
    )
    for spots, blocked in ((far, avoid + ([subject] if subject else [])), (near, avoid)):
        for k in order:
            if k in ("left", "right"):
                x, y = spots[k], min(max(cy - ch / 2, safe[1]), safe[3] - ch)
            else:
                x, y = min(max(cx - cw / 2, safe[0]), safe[2] - cw), spots[k]
            box = (x, y, x + cw, y + ch)
            if _inside(box, safe) and not any(_hits(box, a) for a in blocked):
                return box
    return None


def _alone(
    cw: float,
    ch: float,
    safe: Box,
    avoid: list[Box],
    caption: Box | None,
    subject: Box | None,
    u: float,
) -> Box | None:
    """The card as the caption's header (above it), beside it on its first line, below it,
    else in a top corner; off the picture if any of these is, else anywhere clear of
    ``avoid``. (Beside before below: a caption at the top of a portrait frame has the
    model's head just under it.)"""
    spots: list[tuple[float, float]] = []
    if caption is not None:
        g = 0.02 * u
        spots += [(caption[0], caption[1] - g - ch), (caption[2] - cw, caption[1] - g - ch)]
        spots += [(caption[2] + g, caption[1]), (caption[0] - g - cw, caption[1])]
        spots += [(caption[0], caption[3] + g), (caption[2] - cw, caption[3] + g)]
        # below it but at a side of the frame, beside a centred product
        spots += [(safe[0], caption[3] + g), (safe[2] - cw, caption[3] + g)]
    spots += [(safe[0], safe[1]), (safe[2] - cw, safe[1])]
    boxes = [(x, y, x + cw, y + ch) for x, y in spots]
    fits = [b for b in boxes if _inside(b, safe) and not any(_hits(b, a) for a in avoid)]
    if not fits:
        return None
    # off the picture first, else over as little of it as these places allow (the first
    # such place on ties)
    return min(fits, key=lambda b: _overlap_area(b, subject) if subject is not None else 0.0)


def _overlap_area(a: Box, b: Box) -> float:
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def _draw_ring(layer: Layer, ring: Box, card: Box, theme: Theme, u: float) -> None:
    stroke = max(2.0, 0.008 * u)
    cx, cy = (ring[0] + ring[2]) / 2, (ring[1] + ring[3]) / 2
    a, b = (ring[2] - ring[0]) / 2 - stroke / 2, (ring[3] - ring[1]) / 2 - stroke / 2
    # the line from the ring toward the nearest point of the card
    tx = min(max(cx, card[0]), card[2])
    ty = min(max(cy, card[1]), card[3])
    ang = math.atan2((ty - cy) / b, (tx - cx) / a)
    sx, sy = cx + a * math.cos(ang), cy + b * math.sin(ang)
    for colour, width, opacity in (
        ((0, 0, 0), 2.2 * stroke, 0.35),
        (theme.accent_rgb, stroke, 1.0),
    ):
        m, d = layer.mask()
        d.ellipse((cx - a, cy - b, cx + a, cy + b), outline=255, width=int(round(width)))
        d.line((sx, sy, tx, ty), fill=255, width=int(round(width)))
        dot = 1.6 * width
        d.ellipse((sx - dot, sy - dot, sx + dot, sy + dot), fill=255)
        layer.solid(m, colour, opacity)


def _draw_card(
    layer: Layer,
    card: Box,
    step: int,
    big: TextBlock | None,
    small: TextBlock | None,
    disc: float,
    theme: Theme,
    u: float,
) -> None:
    x0, y0, x1, y1 = card
    pad = 0.03 * u
    m, d = layer.mask()
    rounded_box(d, layer, x0, y0, x1, y1, 0.35 * (y1 - y0))
    layer.solid(m, theme.caption_box_rgba[:3], 0.82)
    dx, dy = x0 + pad, (y0 + y1) / 2 - disc / 2
    m, d = layer.mask()
    d.ellipse((dx, dy, dx + disc, dy + disc), fill=255)
    layer.solid(m, theme.accent_rgb)
    number = text_block(
        str(step), font_chain(True, theme.font_bold), 0.55 * disc, 0.3 * disc, disc, 1
    )
    if number is not None:
        draw_block(
            layer,
            number,
            dx + disc / 2,
            dy + (disc - number.height) / 2,
            "center",
            on_color(theme.accent_rgb, theme),
        )
    tx = dx + disc + 0.03 * u
    total = (big.height if big else 0.0) + (small.height + 0.012 * u if small and big else 0.0)
    if small and not big:
        total = small.height
    ty = (y0 + y1) / 2 - total / 2
    if big is not None:
        draw_block(layer, big, tx, ty, "left", theme.text_rgb)
        ty += big.height + 0.012 * u
    if small is not None:
        draw_block(layer, small, tx, ty, "left", (205, 205, 210))
