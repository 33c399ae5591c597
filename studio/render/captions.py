"""Burned-in captions, drawn once per scene into a small RGBA overlay and blended per frame.

Three looks: "bullet" (a feature line on a rounded translucent box in the lower third),
"title" (product name and a price tag over a soft shadow at the bottom of the hero shot) and
"cta" (logo, brand and a call-to-action button centred on the closing card). Everything stays
inside the platform's safe area: TikTok/Reels draw their own buttons over the bottom ~20 %,
the top ~12 % and the right edge of portrait videos.

A caption never covers the scene's focus region (``CaptionRoom``, measured over the scene's
whole motion): it moves to the top or a corner, and only when no place avoids the focus does
it take the least overlap with smaller text. In a split layout it is the headline of the
brand panel instead.

Sizes are fractions of the frame's short side so a caption looks the same at every export
size and in the small preview. Text is set in the theme's font and the chain behind it
(``fonts.font_chain``); a text that no installed font can draw whole is left out of the
picture (the subtitles keep it; ``coverage_check.caption_problems`` says why).
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter

from studio.core.geometry import Rect
from studio.render.cards import CLOSING_GAP, CLOSING_PHOTO
from studio.render.chainfont import is_cjk
from studio.render.fonts import font_chain
from studio.render.lettering import TextBlock, draw_block, on_color, text_block, word_spots
from studio.render.logo import load_logo
from studio.render.overlay import (
    FADE_SECONDS,
    CaptionOverlay,
    Layer,
    caption_opacity,
    rounded_box,
    shifted,
)
from studio.render.plan import CaptionSpec, Theme
from studio.render.wordspot import WordSpot

__all__ = [
    "FADE_SECONDS",
    "CaptionOverlay",
    "CaptionRoom",
    "SafeArea",
    "caption_opacity",
    "place_bullets",
    "render_caption",
    "render_logo_only",
    "safe_area",
]


@dataclass(frozen=True)
class SafeArea:
    """Where text may go, in pixels of the frame."""

    left: float
    top: float
    right: float
    bottom: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def cx(self) -> float:
        return (self.left + self.right) / 2

    def centre_for(self, width: float, frame_width: int) -> float:
        """Centre x for something ``width`` wide: the frame's centre when that fits inside
        the safe area, else as close to it as the safe area allows."""
        half = width / 2
        lo, hi = self.left + half, self.right - half
        if lo > hi:
            return self.cx
        return min(max(frame_width / 2, lo), hi)


def safe_area(width: int, height: int) -> SafeArea:
    if (
        height > width * 1.2
    ):  # portrait: clear of the Reels/TikTok/Shorts interface (Meta: top 14 %)
        return SafeArea(0.06 * width, 0.14 * height, 0.86 * width, 0.80 * height)
    return SafeArea(0.05 * width, 0.06 * height, 0.95 * width, 0.92 * height)


@dataclass(frozen=True)
class CaptionRoom:
    """Where a scene's caption may go, in frame-normalised coordinates over the scene's whole
    motion (see ``FrameRenderer``): never over ``focus`` (if no place avoids it, the least
    overlap and smaller text), preferably not over ``subject`` (the picture), and inside
    ``panel`` when the layout made a brand panel for it."""

    focus: Rect | None = None
    subject: Rect | None = None
    panel: Rect | None = None
    fixed: tuple[float, str] | None = None  # text size factor and place, chosen beforehand
    avoid: Rect | None = None  # kept clear like the focus region: the watermark


FOCUS_CLEARANCE = 0.015  # frame share kept between a caption and the focus region
CTA_PORTRAIT_GAIN = 1.3  # the closing card's type in a portrait frame, against its width
CTA_SHRINK_STEPS = (1.0, 0.86, 0.74, 0.6)  # the closing card's type sizes, tried in turn
SHRINK_STEPS = (1.0, 0.86, 0.74)  # text sizes tried when no place avoids the focus region ...
SHRINK_COST = 0.3  # ... or the picture: smaller text must buy this much less of it per step
WARM_BOX = (46, 32, 26, 150)  # the experience template's caption box: warm brown
CLEAR_ENOUGH = 0.1  # a score this low (little of the picture covered) needs no smaller text


def render_caption(
    spec: CaptionSpec,
    theme: Theme,
    width: int,
    height: int,
    logo: Path | None = None,
    backdrop: np.ndarray | None = None,
    room: CaptionRoom | None = None,
    below_photo: bool = False,
) -> CaptionOverlay | None:
    """Draw one scene's caption (and the closing card's logo) into an overlay.

    ``backdrop`` is an optional small greyscale picture of the scene (any size, frame
    aspect); bullet boxes get darker over bright photos so white text keeps its contrast.
    ``room`` says where the caption may go (by default: anywhere, in its usual place).
    ``below_photo``: the closing card shows the product's photo, its text goes below it.
    """
    room = room or CaptionRoom()
    if spec.style == "title":
        if room.panel is not None:
            return _panel_text(spec, theme, width, height, room.panel)
        return _title(spec, theme, width, height, room, backdrop)
    if spec.style == "cta":
        return _cta(spec, theme, width, height, logo, below_photo)
    if room.panel is not None:
        return _panel_text(spec, theme, width, height, room.panel)
    return _bullet(spec, theme, width, height, backdrop, room)


def render_logo_only(logo: Path, theme: Theme, width: int, height: int) -> CaptionOverlay | None:
    """The closing card's logo when captions are not burned in."""
    return _cta(CaptionSpec("", "cta", ""), theme, width, height, logo)


Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in frame pixels


def _overlap(box: Box, r: Rect | None, w: int, h: int, clearance: float = 0.0) -> float:
    """Share of ``box`` that lies over ``r`` (frame-normalised, grown by ``clearance``)."""
    area = _covered(box, r, w, h, clearance)
    return area * w * h / max((box[2] - box[0]) * (box[3] - box[1]), 1.0)


def _covered(box: Box, r: Rect | None, w: int, h: int, clearance: float = 0.0) -> float:
    """How much of ``r`` (grown by ``clearance``) ``box`` covers, as a share of the frame."""
    if r is None:
        return 0.0
    c = clearance * min(w, h)
    x0, y0 = max(box[0], r.x * w - c), max(box[1], r.y * h - c)
    x1, y1 = min(box[2], (r.x + r.w) * w + c), min(box[3], (r.y + r.h) * h + c)
    if x1 <= x0 or y1 <= y0:
        return 0.0
    return (x1 - x0) * (y1 - y0) / (w * h)


def _best_spot(boxes: list[Box], room: CaptionRoom, w: int, h: int) -> tuple[int, float, float]:
    """The box to use (index, how much of the focus region it covers, its score): no overlap
    with the focus first, then the least of the picture, then the usual order of places."""
    scored = []
    for k, box in enumerate(boxes):
        on_focus = _covered(box, room.focus, w, h, FOCUS_CLEARANCE) + _covered(
            box, room.avoid, w, h, FOCUS_CLEARANCE
        )
        on_subject = _overlap(box, room.subject, w, h)
        scored.append((round(on_focus, 4), 30.0 * on_focus + on_subject + 0.02 * k, k))
    best = min(scored, key=lambda s: (s[0], s[1]))
    return best[2], best[0], best[1]


def _places(safe: SafeArea, box_w: float, box_h: float, w: int) -> dict[str, Box]:
    """Where a caption box may stand, in the order a designer would try them: the lower
    third, the top, then the corners (when the box leaves room to move aside)."""
    cx = safe.centre_for(box_w, w)
    bottom, top = float(int(safe.bottom)) - box_h, float(int(safe.top))
    out = {
        "bottom": (cx - box_w / 2, bottom),
        "top": (cx - box_w / 2, top),
    }
    if safe.width - box_w > 0.2 * w:  # room to move aside
        out |= {
            "bottom-left": (safe.left, bottom),
            "bottom-right": (safe.right - box_w, bottom),
            "top-left": (safe.left, top),
            "top-right": (safe.right - box_w, top),
        }
    return {k: (x, y, x + box_w, y + box_h) for k, (x, y) in out.items()}


BAND_MIN = 0.16  # frame share beside the picture that can hold a caption of its own width
BAND_TEXT_SIZE = 0.85  # ... if its text keeps this share of its usual size there


def _band_place(name: str, fitted: _Fitted, safe: SafeArea, band: tuple[float, float]) -> Box:
    """A caption in a free band beside the picture: against the band's outer edge, low."""
    x = band[0] if name == "band-left" else band[1] - fitted.box_w
    y = float(int(safe.bottom)) - fitted.box_h
    return (x, y, x + fitted.box_w, y + fitted.box_h)


@dataclass(frozen=True)
class _Fitted:
    """A bullet caption set at one size: its text and its box size (pixels)."""

    block: TextBlock
    box_w: float
    box_h: float


@functools.lru_cache(maxsize=256)  # placing a caption tries each size and band more than once
def _bullet_fit(
    text: str,
    theme: Theme,
    w: int,
    h: int,
    shrink: float,
    width: float | None = None,
    balance: bool = True,
) -> _Fitted | None:
    """The caption set ``shrink`` times its usual size, in a box at most ``width`` wide
    (pixels; None: the usual width). Unbalanced lines measure places faster; the caption
    drawn is balanced (its box only narrower)."""
    safe = safe_area(w, h)
    u = min(w, h)
    portrait = h > w * 1.2
    size = 0.056 * u * shrink
    pad_x = 0.72 * size
    bar = max(2.0, 0.11 * size)
    box_w = width if width is not None else (safe.width if portrait else min(safe.width, 0.66 * w))
    block = text_block(
        text,
        font_chain(False, theme.font_regular),
        size,
        0.032 * u * shrink,
        box_w - 2 * pad_x - bar,
        4 if portrait or width is not None else 3,
        balance=balance,
    )
    if block is None:
        return None
    pad_x, pad_y = 0.72 * block.size, 0.50 * block.size
    bar = max(2.0, 0.11 * block.size)
    return _Fitted(block, block.width + 2 * pad_x + bar, block.height + 2 * pad_y)


def _bullet_boxes(
    texts: list[str],
    theme: Theme,
    w: int,
    h: int,
    shrink: float,
    room: CaptionRoom,
    balance: bool = True,
) -> dict[str, list[tuple[_Fitted, Box]]]:
    """Every place the captions ``texts`` may take at one size: place -> (set text, box) per
    text, for the places all of them fit."""
    safe = safe_area(w, h)
    out: dict[str, list[tuple[_Fitted, Box]]] = {}
    fits = [_bullet_fit(t, theme, w, h, shrink, None, balance) for t in texts]
    if any(f is None for f in fits):
        return out
    for f in fits:
        assert f is not None
        for name, box in _places(safe, f.box_w, f.box_h, w).items():
            out.setdefault(name, []).append((f, box))
    for name, band in _caption_bands(room.subject, safe, w).items():
        placed = []
        for t in texts:
            f = _bullet_fit(t, theme, w, h, shrink, band[1] - band[0], balance)
            if (
                f is None
                or f.block.fitted.truncated
                or not _words_whole(f.block, t)
                or f.block.size < BAND_TEXT_SIZE * 0.056 * min(w, h) * shrink
            ):
                break
            placed.append((f, _band_place(name, f, safe, band)))
        if len(placed) == len(texts):
            out[name] = placed
    return {k: v for k, v in out.items() if len(v) == len(texts)}


def _words_whole(block: TextBlock, text: str) -> bool:
    """Whether the lines break only between words (a narrow band must not split "pocket")."""
    return " ".join(block.fitted.lines).split() == " ".join(text.split()).split() or any(
        is_cjk(c) for c in text
    )


def _caption_bands(subject: Rect | None, safe: SafeArea, w: int) -> dict[str, tuple[float, float]]:
    """Free bands (x0, x1 in pixels) left and right of the picture, wide enough for a caption."""
    if subject is None:
        return {}
    margin = 0.03 * w
    bands = {
        "band-left": (safe.left, subject.x * w - margin),
        "band-right": ((subject.x + subject.w) * w + margin, safe.right),
    }
    return {k: (a, b) for k, (a, b) in bands.items() if b - a >= BAND_MIN * w}


def place_bullets(
    texts: list[str], theme: Theme, w: int, h: int, room: CaptionRoom | None = None
) -> CaptionRoom:
    """One place and size for the bullet captions ``texts`` (the pages of one scene's
    caption), chosen as for a single caption with every page's box counted: the pages then
    follow each other in the same spot. The result is ``room`` with ``fixed`` set."""
    room = room or CaptionRoom()
    best: tuple[float, float, tuple[float, str]] | None = None
    for shrink in SHRINK_STEPS:
        places = _bullet_boxes(texts, theme, w, h, shrink, room, balance=False)
        for k, (name, placed) in enumerate(places.items()):
            boxes = [box for _, box in placed]
            on_focus = max(
                _covered(b, room.focus, w, h, FOCUS_CLEARANCE)
                + _covered(b, room.avoid, w, h, FOCUS_CLEARANCE)
                for b in boxes
            )
            on_subject = max(_overlap(b, room.subject, w, h) for b in boxes)
            score = 30.0 * on_focus + on_subject + 0.02 * k + SHRINK_COST * (1.0 - shrink)
            key = (round(on_focus, 4), score)
            if best is None or key < (best[0], best[1]):
                best = (key[0], key[1], (shrink, name))
        if best is not None and best[0] == 0.0 and best[1] < CLEAR_ENOUGH:
            break  # clear of the focus and (nearly) of the picture: no need for smaller text
    if best is None:
        return room
    return dataclasses.replace(room, fixed=best[2])


def _bullet(
    spec: CaptionSpec,
    theme: Theme,
    w: int,
    h: int,
    backdrop: np.ndarray | None = None,
    room: CaptionRoom | None = None,
) -> CaptionOverlay | None:
    room = room or CaptionRoom()
    if room.fixed is None:
        room = place_bullets([spec.text], theme, w, h, room)
    shrink, name = room.fixed or (1.0, "bottom")
    safe = safe_area(w, h)
    band = _caption_bands(room.subject, safe, w).get(name)
    fitted = _bullet_fit(spec.text, theme, w, h, shrink, band[1] - band[0] if band else None)
    if fitted is None:
        return None
    if band is not None:
        x0, y0, x1, y1 = _band_place(name, fitted, safe, band)
    else:
        places = _places(safe, fitted.box_w, fitted.box_h, w)
        x0, y0, x1, y1 = places.get(name, places["bottom"])
    block = fitted.block
    pad_x, pad_y = 0.72 * block.size, 0.50 * block.size
    bar = max(2.0, 0.11 * block.size)
    layer = Layer(int(x0) - 2, int(y0) - 2, int(x1) + 3, int(y1) + 3)
    if theme.captions == "plain":
        # no box: the text alone, dark on a bright plain backdrop, else white with a shadow;
        # over a bright busy picture only a box keeps it readable
        look = _title_look(backdrop, (x0, y0, x1, y1), w, h)
        if look != "plate":
            ink, shadow = (
                (_ink_on_light(theme), 0.0) if look == "dark text" else (theme.text_rgb, 0.7)
            )
            tx = x0 + pad_x + bar / 2
            draw_block(layer, block, tx, y0 + pad_y, "left", ink, shadow=shadow)
            return _with_words(layer.to_overlay(w, h), word_spots(block, tx, y0 + pad_y, "left"))
    m, d = layer.mask()
    soft = theme.template == "experience"  # a warm, rounder box without the accent edge
    radius = (0.75 if soft else 0.32) * block.size
    rounded_box(d, layer, x0, y0, x1, y1, radius)
    rgba = WARM_BOX if soft else theme.caption_box_rgba
    opacity = _box_opacity(rgba, backdrop, (x0 / w, y0 / h, x1 / w, y1 / h))
    layer.solid(m, rgba[:3], opacity)
    if soft:
        draw_block(layer, block, x0 + pad_x + bar / 2, y0 + pad_y, "left", theme.text_rgb)
        spots = word_spots(block, x0 + pad_x + bar / 2, y0 + pad_y, "left")
        return _with_words(layer.to_overlay(w, h), spots)
    # accent bar: a quiet brand-colour edge that makes the box read as designed, not default;
    # it stands where the reading starts, so on the right for Arabic and Hebrew
    m2, d2 = layer.mask()
    inset = pad_y * 0.75
    bar_x = x1 - 0.38 * pad_x - bar if block.rtl else x0 + 0.38 * pad_x
    rounded_box(d2, layer, bar_x, y0 + inset, bar_x + bar, y1 - inset, bar / 2)
    layer.solid(m2, theme.accent_rgb)
    text_x = x0 + pad_x if block.rtl else x0 + pad_x + bar
    draw_block(layer, block, text_x, y0 + pad_y, "left", theme.text_rgb)
    return _with_words(layer.to_overlay(w, h), word_spots(block, text_x, y0 + pad_y, "left"))


def _with_words(
    overlay: CaptionOverlay | None, words: tuple[WordSpot, ...]
) -> CaptionOverlay | None:
    return dataclasses.replace(overlay, words=words) if overlay is not None else None


def _panel_text(
    spec: CaptionSpec, theme: Theme, w: int, h: int, panel: Rect
) -> CaptionOverlay | None:
    """The caption as a headline in a split layout's brand panel: large, left-aligned after
    an accent bar, centred in the part of the panel inside the safe area; a title card's
    price follows as a pill."""
    safe = safe_area(w, h)
    u = min(w, h)
    x0 = max(panel.x * w, safe.left) + 0.05 * u
    x1 = min((panel.x + panel.w) * w, safe.right) - 0.05 * u
    y0 = max(panel.y * h, safe.top) + 0.04 * u
    y1 = min((panel.y + panel.h) * h, safe.bottom) - 0.04 * u
    if x1 - x0 < 0.2 * u or y1 - y0 < 0.12 * u:
        return _bullet(spec, theme, w, h, None, CaptionRoom()) if spec.style == "bullet" else None
    title = spec.style == "title"
    bold = font_chain(True, theme.font_bold)
    chain = bold if title else font_chain(False, theme.font_regular)
    size = (0.085 if title else 0.068) * u
    bar = max(3.0, 0.09 * size)
    gap = 0.6 * size
    price = (
        text_block(spec.sub, bold, 0.05 * u, 0.03 * u, x1 - x0 - bar - gap, 1)
        if title and spec.sub
        else None
    )
    kicker = (
        text_block(
            spec.kicker,
            font_chain(False, theme.font_regular),
            0.042 * u,
            0.028 * u,
            x1 - x0 - bar - gap,
            2,
        )
        if title and spec.kicker
        else None
    )
    over = kicker.height + KICKER_GAP * kicker.size if kicker else 0.0
    pill_pad_x = 0.55 * price.size if price else 0.0
    pill_pad_y = 0.30 * price.size if price else 0.0
    pill_h = price.height + 2 * pill_pad_y if price else 0.0
    room_h = y1 - y0 - over - (pill_h + 0.5 * size if price else 0.0)
    lines = max(1, min(5, int(room_h / (1.22 * 0.045 * u))))
    block = text_block(spec.text, chain, size, 0.04 * u, x1 - x0 - bar - gap, lines, leading=1.22)
    if block is None and price is None:
        return None
    text_h = block.height if block else 0.0
    total = over + text_h + ((0.5 * block.size if block else 0.0) + pill_h if price else 0.0)
    top = y0 + max(0.0, (y1 - y0 - total) / 2)
    bounds = (int(x0) - 2, int(top) - 2, int(x1) + 3, int(top + total) + 3)
    layer, badge = Layer(*bounds), Layer(*bounds)
    text_x = x0 + bar + gap
    words: tuple[WordSpot, ...] = ()
    if kicker is not None:
        draw_block(layer, kicker, text_x, top, "left", theme.text_rgb)
        top += over
    if block is not None:
        m, d = layer.mask()
        rounded_box(d, layer, x0, top, x0 + bar, top + text_h, bar / 2)
        layer.solid(m, theme.accent_rgb)
        draw_block(layer, block, text_x, top, "left", theme.text_rgb)
        words = word_spots(block, text_x, top, "left")
    if price is not None:
        py = top + text_h + (0.5 * block.size if block else 0.0)
        pill_w = price.width + 2 * pill_pad_x
        m, d = badge.mask()
        rounded_box(d, badge, text_x, py, text_x + pill_w, py + pill_h, pill_h / 2)
        badge.solid(m, theme.accent_rgb)
        draw_block(
            badge,
            price,
            text_x + pill_w / 2,
            py + pill_pad_y,
            "center",
            on_color(theme.accent_rgb, theme),
        )
    role = "title" if title else "text"
    return _with_words(assemble(w, h, None, [(role, layer), ("badge", badge)]), words)


def assemble(
    w: int, h: int, still: Layer | None, parts: list[tuple[str, Layer]]
) -> CaptionOverlay | None:
    """One caption from layers drawn apart (in drawing order: ``still``, then the parts):
    the whole as one overlay, and its pieces, so an animated style can move the parts while
    a static one blends the whole in one go."""
    layers = ([still] if still is not None else []) + [layer for _, layer in parts]
    x0 = min(layer.x0 for layer in layers)
    y0 = min(layer.y0 for layer in layers)
    x1 = max(layer.x0 + layer.img.size[0] for layer in layers)
    y1 = max(layer.y0 + layer.img.size[1] for layer in layers)
    whole = Layer(x0, y0, x1, y1)
    for layer in layers:
        whole.over(layer.img, layer.x0, layer.y0)
    full = whole.to_overlay(w, h)
    if full is None:
        return None
    pieces = tuple(
        (role, ov) for role, ov in ((r, layer.to_overlay(w, h)) for r, layer in parts) if ov
    )
    kept = still.to_overlay(w, h) if still is not None else None
    return dataclasses.replace(full, still=kept, parts=pieces)


def _box_opacity(
    rgba: tuple[int, int, int, int],
    backdrop: np.ndarray | None,
    box: tuple[float, float, float, float],
) -> float:
    """The theme's box opacity, raised over bright backgrounds until the light text has
    about 7:1 contrast (the seamless white backdrops of product shots need it)."""
    base = rgba[3] / 255.0
    if backdrop is None or backdrop.size == 0:
        return base
    bh, bw = backdrop.shape[:2]
    x0, y0 = int(box[0] * bw), int(box[1] * bh)
    x1, y1 = max(x0 + 1, int(np.ceil(box[2] * bw))), max(y0 + 1, int(np.ceil(box[3] * bh)))
    region = backdrop[max(0, y0) : y1, max(0, x0) : x1]
    if region.size == 0:
        return base
    bright = float(np.percentile(region, 75))
    box_lum = 0.2126 * rgba[0] + 0.7152 * rgba[1] + 0.0722 * rgba[2]
    target = 62.0  # grey level behind white text for roughly 7:1 contrast
    if bright <= target or box_lum >= target:
        return base
    need = (bright - target) / max(bright - box_lum, 1.0)
    return float(min(0.86, max(base, need)))


def _title(
    spec: CaptionSpec,
    theme: Theme,
    w: int,
    h: int,
    room: CaptionRoom | None = None,
    backdrop: np.ndarray | None = None,
) -> CaptionOverlay | None:
    room = room or CaptionRoom()
    safe = safe_area(w, h)
    u = min(w, h)
    portrait = h > w * 1.2
    max_w = safe.width if portrait else min(safe.width, 0.78 * w)
    bold = font_chain(True, theme.font_bold)
    regular = font_chain(False, theme.font_regular)
    best: tuple[float, Box, TextBlock | None, TextBlock | None, TextBlock | None, bool] | None = (
        None
    )
    best_score = 0.0
    lines = 3 if portrait else 2
    for shrink in SHRINK_STEPS:

        def fit(
            width: float, lines: int = lines, shrink: float = shrink
        ) -> tuple[TextBlock | None, TextBlock | None, TextBlock | None]:
            title = text_block(
                spec.text, bold, 0.088 * u * shrink, 0.045 * u * shrink, width, lines, leading=1.18
            )
            price = (
                text_block(spec.sub, bold, 0.052 * u * shrink, 0.032 * u * shrink, width * 0.8, 1)
                if spec.sub
                else None
            )
            kicker = (
                text_block(spec.kicker, regular, 0.046 * u * shrink, 0.03 * u * shrink, width, 2)
                if spec.kicker
                else None
            )
            return kicker, title, price

        kicker, title, price = fit(max_w)
        if title is None and price is None:
            return None
        total = _title_height(title, price, kicker)
        widest = _title_width(title, price, kicker)
        cx = safe.centre_for(widest, w)
        x0, x1 = cx - widest / 2, cx + widest / 2
        bottom = safe.bottom - 0.01 * h
        options = [
            ((x0, bottom - total, x1, bottom), kicker, title, price, False),
            ((x0, safe.top, x1, safe.top + total), kicker, title, price, True),
        ]
        for left, right in _side_bands(room.subject, safe, w):
            k2, t2, p2 = fit(right - left, 4)  # a narrow column may take more lines
            if (
                t2 is not None
                and not t2.fitted.truncated
                and _words_whole(t2, spec.text)
                and t2.size >= BAND_TEXT_SIZE * 0.088 * u * shrink
            ):
                total2, widest2 = _title_height(t2, p2, k2), _title_width(t2, p2, k2)
                c2 = (left + right) / 2
                box2 = (c2 - widest2 / 2, bottom - total2, c2 + widest2 / 2, bottom)
                options.append((box2, k2, t2, p2, False))
        k, on_focus, score = _best_spot([o[0] for o in options], room, w, h)
        score += SHRINK_COST * (1.0 - shrink)
        if best is None or (on_focus, score) < (best[0], best_score):
            best, best_score = (on_focus, *options[k]), score
        if on_focus == 0.0 and score < CLEAR_ENOUGH:
            break
    assert best is not None
    _, box, kicker, title, price, at_top = best
    top = box[1]
    total = _title_height(title, price, kicker)
    look = _title_look(backdrop, box, w, h)
    text_rgb = theme.text_rgb
    shadow = 0.45
    if look == "dark text":  # on a bright, plain backdrop: no shadow needed at all
        layer = Layer(0, max(0, int(top - 0.05 * h)), w, min(h, int(top + total + 0.05 * h)))
        text_rgb, shadow = _ink_on_light(theme), 0.0
    elif look == "clean":  # on a dark, plain backdrop (a brand panel): the text alone
        layer = Layer(0, max(0, int(top - 0.05 * h)), w, min(h, int(top + total + 0.05 * h)))
        shadow = 0.3
    elif look == "plate":  # over a bright, busy picture: a plate like the bullets' box
        pad = 0.35 * (title.size if title else price.size if price else 0.05 * u)
        layer = Layer(0, max(0, int(top - 2 * pad)), w, min(h, int(top + total + 2 * pad)))
        m, d = layer.mask()
        rounded_box(
            d, layer, box[0] - 1.6 * pad, top - pad, box[2] + 1.6 * pad, top + total + pad, pad
        )
        layer.solid(m, theme.caption_box_rgba[:3], 0.78)
        shadow = 0.0
    else:
        # a soft shadow rising from the frame's edge keeps white text readable on photos
        if at_top:
            layer = Layer(0, 0, w, min(h, int(top + total + 0.22 * h)))
        else:
            layer = Layer(0, max(0, int(top - 0.22 * h)), w, h)
        lh = layer.img.size[1]
        ramp = np.linspace(0.0, 1.0, lh, dtype=np.float32)
        ramp = ramp * ramp * (3 - 2 * ramp)
        if at_top:
            ramp = ramp[::-1]
        alpha = (ramp * 0.72 * 255).astype(np.uint8)
        scrim = Image.fromarray(
            np.ascontiguousarray(np.repeat(alpha[:, None], layer.img.size[0], axis=1))
        )
        layer.solid(scrim, (0, 0, 0))
    y = top
    cx = (box[0] + box[2]) / 2
    gap = 0.38 * (title.size if title else 0)
    bounds = (layer.x0, layer.y0, layer.x0 + layer.img.size[0], layer.y0 + layer.img.size[1])
    text, badge = Layer(*bounds), Layer(*bounds)
    words: tuple[WordSpot, ...] = ()
    if kicker is not None:
        draw_block(text, kicker, cx, y, "center", text_rgb, shadow=shadow)
        y += kicker.height + KICKER_GAP * kicker.size
    if title is not None:
        draw_block(text, title, cx, y, "center", text_rgb, shadow=shadow)
        words = word_spots(title, cx, y, "center")
        y += title.height + gap
    if price is not None:
        pill_pad_x, pill_pad_y = 0.55 * price.size, 0.30 * price.size
        pill_h = price.height + 2 * pill_pad_y
        pill_w = price.width + 2 * pill_pad_x
        x0 = cx - pill_w / 2
        m, d = badge.mask()
        rounded_box(
            d,
            badge,
            x0,
            y,
            x0 + pill_w,
            y + pill_h,
            pill_h / 2 if len(price.fitted.lines) == 1 else 0.3 * price.size,
        )
        badge.solid(m, theme.accent_rgb)
        draw_block(badge, price, cx, y + pill_pad_y, "center", on_color(theme.accent_rgb, theme))
    return _with_words(assemble(w, h, layer, [("title", text), ("badge", badge)]), words)


BRIGHT = 170  # grey level above which white text needs help
DARK = 70  # grey level below which a plain backdrop needs no scrim under white text
PLAIN_SPREAD = 24  # grey levels between the 10th and 90th percentile of a plain backdrop


def _title_look(backdrop: np.ndarray | None, box: Box, w: int, h: int) -> str:
    """How the title stays readable where it stands: "dark text" on a bright plain backdrop,
    "clean" white text on a dark plain one, a "plate" over a bright busy picture, else white
    text over a "scrim"."""
    if backdrop is None or backdrop.size == 0:
        return "scrim"
    bh, bw = backdrop.shape[:2]
    x0, y0 = max(0, int(box[0] / w * bw)), max(0, int(box[1] / h * bh))
    x1, y1 = max(x0 + 1, int(np.ceil(box[2] / w * bw))), max(y0 + 1, int(np.ceil(box[3] / h * bh)))
    region = backdrop[y0:y1, x0:x1]
    if region.size == 0:
        return "scrim"
    p10, p90 = (float(v) for v in np.percentile(region, (10, 90)))
    if p10 > BRIGHT and p90 - p10 < PLAIN_SPREAD:
        return "dark text"
    if p90 < DARK and p90 - p10 < PLAIN_SPREAD:
        return "clean"
    if p90 > BRIGHT:
        return "plate"
    return "scrim"


def _ink_on_light(theme: Theme) -> tuple[int, int, int]:
    """Text colour on a bright backdrop: the brand's panel colour when it is dark enough."""
    r, g, b = theme.background_rgb
    return theme.background_rgb if 0.2126 * r + 0.7152 * g + 0.0722 * b < 80 else (20, 20, 24)


def _side_bands(subject: Rect | None, safe: SafeArea, w: int) -> list[tuple[float, float]]:
    """Free bands (x0, x1 in pixels) left and right of the picture, wide enough for a title."""
    if subject is None:
        return []
    margin = 0.03 * w
    bands = [
        (safe.left, subject.x * w - margin),
        (subject.x * w + subject.w * w + margin, safe.right),
    ]
    return [(a, b) for a, b in bands if b - a >= BAND_MIN * w]


KICKER_GAP = 0.45  # between the tagline and the title, of the tagline's size


def _title_height(
    title: TextBlock | None, price: TextBlock | None, kicker: TextBlock | None = None
) -> float:
    gap = 0.38 * (title.size if title else 0)
    pill_h = (price.height + 0.6 * price.size) if price else 0.0
    over = kicker.height + KICKER_GAP * kicker.size if kicker else 0.0
    return over + (title.height if title else 0.0) + (gap + pill_h if price and title else pill_h)


def _title_width(
    title: TextBlock | None, price: TextBlock | None, kicker: TextBlock | None = None
) -> float:
    return max(
        title.width if title else 0.0,
        (price.width + 1.1 * price.size) if price else 0.0,
        kicker.width if kicker else 0.0,
    )


def _cta(
    spec: CaptionSpec, theme: Theme, w: int, h: int, logo: Path | None, below_photo: bool = False
) -> CaptionOverlay | None:
    safe = safe_area(w, h)
    portrait = h > w * 1.2
    # a tall frame is seen on a phone held upright: its short side is small, the type is not
    u = min(w, h) * (CTA_PORTRAIT_GAIN if portrait else 1.0)
    if below_photo:  # the text's room is what the photo leaves (canvas.closing_card_box)
        top = (CLOSING_PHOTO[portrait][1] + CLOSING_GAP) * h
        safe = dataclasses.replace(safe, top=max(safe.top, top))
    max_w = safe.width if portrait else min(safe.width, 0.7 * w)
    bold = font_chain(True, theme.font_bold)
    name = spec.sub or spec.kicker  # the brand, else the product's own name
    least = 0.034 * min(w, h)  # long names shrink as far as in any frame

    def layout(
        f: float,
    ) -> tuple[Image.Image | None, TextBlock | None, TextBlock | None, float, float]:
        """Logo, name and button at ``f`` times the card's type size, and the button's pads."""
        logo_img = load_logo(logo, 0.17 * u * f, 0.6 * max_w) if logo else None
        size = 0.062 * u * f
        # shadows spread a little past the letters and the button: both fit a little narrower
        brand = text_block(name, bold, size, least, 0.96 * max_w, 2) if name else None
        room = 0.96 * max_w - 2 * 0.95 * size
        button = text_block(spec.text, bold, size, least, room, 2) if spec.text else None
        size = button.size if button is not None else size  # the pads follow the fitted text
        return logo_img, brand, button, 0.95 * size, 0.48 * size

    for f in CTA_SHRINK_STEPS:  # smaller until the block fits its room (under a photo)
        logo_img, brand, button, btn_pad_x, btn_pad_y = layout(f)
        items: list[tuple[str, float]] = []
        if logo_img is not None:
            items.append(("logo", float(logo_img.size[1])))
        if brand is not None:
            items.append(("brand", brand.height))
        if button is not None:
            items.append(("button", button.height + 2 * btn_pad_y))
        if not items:
            return None
        gap = 0.45 * u * f * 0.062
        total = sum(hh for _, hh in items) + gap * (len(items) - 1)
        if logo_img is not None and len(items) > 1:
            total += gap * 0.5  # the logo gets a little more air
        if total <= safe.bottom - safe.top:
            break
    cy = safe.top + (safe.bottom - safe.top) * (0.42 if below_photo else 0.47)
    y = max(cy - total / 2, safe.top) if below_photo else cy - total / 2
    widest = max([float(logo_img.size[0])] if logo_img is not None else [0.0])
    widest = max(
        widest,
        brand.width if brand else 0.0,
        # the button's soft shadow spreads about a quarter of its type size to each side
        (button.width + 2 * btn_pad_x + 0.5 * button.size) if button else 0.0,
    )
    cx = safe.centre_for(widest, w)
    margin = int(0.05 * u)
    bounds = (
        int(safe.left) - margin,
        int(y) - margin,
        int(safe.right) + margin,
        int(y + total) + margin,
    )
    layer, brand_layer, button_layer = Layer(*bounds), Layer(*bounds), Layer(*bounds)
    for kind, hh in items:
        if kind == "logo":
            assert logo_img is not None  # items holds only the parts that exist
            lw = logo_img.size[0]
            layer.over(logo_img, cx - lw / 2, y)
            y += hh + gap * 1.5
            continue
        if kind == "brand":
            assert brand is not None
            draw_block(brand_layer, brand, cx, y, "center", theme.text_rgb, shadow=0.4)
        else:
            assert button is not None
            bw = button.width + 2 * btn_pad_x
            x0 = cx - bw / 2
            m, d = button_layer.mask()
            rounded_box(
                d,
                button_layer,
                x0,
                y,
                x0 + bw,
                y + hh,
                hh / 2 if len(button.fitted.lines) == 1 else 0.35 * button.size,
            )
            sh = shifted(
                m.filter(ImageFilter.GaussianBlur(0.25 * button.size)), 0, int(0.08 * button.size)
            )
            button_layer.solid(sh, (0, 0, 0), 0.35)
            button_layer.solid(m, theme.accent_rgb)
            draw_block(
                button_layer, button, cx, y + btn_pad_y, "center", on_color(theme.accent_rgb, theme)
            )
        y += hh + gap
    return assemble(w, h, layer, [("brand", brand_layer), ("button", button_layer)])
