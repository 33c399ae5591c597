"""Burned-in captions, drawn once per scene into a small RGBA overlay and blended per frame.

Three looks: "bullet" (a feature line on a rounded translucent box in the lower third),
"title" (product name and a price tag over a soft shadow at the bottom of the hero shot) and
"cta" (logo, brand and a call-to-action button centred on the closing card). Everything stays
inside the platform's safe area: TikTok/Reels draw their own buttons over the bottom ~20 %,
the top ~12 % and the right edge of portrait videos.

Sizes are fractions of the frame's short side so a caption looks the same at every export
size and in the small preview. Text is set in the theme's font and the chain behind it
(``fonts.font_chain``); a text that no installed font can draw whole is left out of the
picture (the subtitles keep it; ``coverage_check.caption_problems`` says why).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter

from studio.render.fonts import font_chain
from studio.render.lettering import draw_block, on_color, text_block
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

__all__ = [
    "FADE_SECONDS",
    "CaptionOverlay",
    "SafeArea",
    "caption_opacity",
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
    if height > width * 1.2:  # portrait: stay clear of the Reels/TikTok/Shorts interface
        return SafeArea(0.06 * width, 0.12 * height, 0.86 * width, 0.80 * height)
    return SafeArea(0.05 * width, 0.06 * height, 0.95 * width, 0.92 * height)


def render_caption(
    spec: CaptionSpec,
    theme: Theme,
    width: int,
    height: int,
    logo: Path | None = None,
    backdrop: np.ndarray | None = None,
) -> CaptionOverlay | None:
    """Draw one scene's caption (and the closing card's logo) into an overlay.

    ``backdrop`` is an optional small greyscale picture of the scene (any size, frame
    aspect); bullet boxes get darker over bright photos so white text keeps its contrast.
    """
    if spec.style == "title":
        return _title(spec, theme, width, height)
    if spec.style == "cta":
        return _cta(spec, theme, width, height, logo)
    return _bullet(spec, theme, width, height, backdrop)


def render_logo_only(logo: Path, theme: Theme, width: int, height: int) -> CaptionOverlay | None:
    """The closing card's logo when captions are not burned in."""
    return _cta(CaptionSpec("", "cta", ""), theme, width, height, logo)


def _bullet(
    spec: CaptionSpec, theme: Theme, w: int, h: int, backdrop: np.ndarray | None = None
) -> CaptionOverlay | None:
    safe = safe_area(w, h)
    u = min(w, h)
    portrait = h > w * 1.2
    size = 0.056 * u
    pad_x, pad_y = 0.72 * size, 0.50 * size
    bar = max(2.0, 0.11 * size)
    max_text_w = (safe.width if portrait else min(safe.width, 0.66 * w)) - 2 * pad_x - bar
    block = text_block(
        spec.text,
        font_chain(False, theme.font_regular),
        size,
        0.032 * u,
        max_text_w,
        4 if portrait else 3,
    )
    if block is None:
        return None
    pad_x, pad_y = 0.72 * block.size, 0.50 * block.size
    bar = max(2.0, 0.11 * block.size)
    box_w = block.width + 2 * pad_x + bar
    box_h = block.height + 2 * pad_y
    x0 = safe.centre_for(box_w, w) - box_w / 2
    x1 = x0 + box_w
    y1 = float(int(safe.bottom))
    y0 = y1 - box_h
    layer = Layer(int(x0) - 2, int(y0) - 2, int(x0 + box_w) + 3, int(y1) + 3)
    m, d = layer.mask()
    radius = 0.32 * block.size
    rounded_box(d, layer, x0, y0, x0 + box_w, y1, radius)
    rgba = theme.caption_box_rgba
    opacity = _box_opacity(rgba, backdrop, (x0 / w, y0 / h, (x0 + box_w) / w, y1 / h))
    layer.solid(m, rgba[:3], opacity)
    # accent bar: a quiet brand-colour edge that makes the box read as designed, not default;
    # it stands where the reading starts, so on the right for Arabic and Hebrew
    m2, d2 = layer.mask()
    inset = pad_y * 0.75
    bar_x = x1 - 0.38 * pad_x - bar if block.rtl else x0 + 0.38 * pad_x
    rounded_box(d2, layer, bar_x, y0 + inset, bar_x + bar, y1 - inset, bar / 2)
    layer.solid(m2, theme.accent_rgb)
    text_x = x0 + pad_x if block.rtl else x0 + pad_x + bar
    draw_block(layer, block, text_x, y0 + pad_y, "left", theme.text_rgb)
    return layer.to_overlay(w, h)


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


def _title(spec: CaptionSpec, theme: Theme, w: int, h: int) -> CaptionOverlay | None:
    safe = safe_area(w, h)
    u = min(w, h)
    portrait = h > w * 1.2
    max_w = safe.width if portrait else min(safe.width, 0.78 * w)
    bold = font_chain(True, theme.font_bold)
    title = text_block(
        spec.text, bold, 0.088 * u, 0.045 * u, max_w, 3 if portrait else 2, leading=1.18
    )
    price = text_block(spec.sub, bold, 0.052 * u, 0.032 * u, max_w * 0.8, 1) if spec.sub else None
    if title is None and price is None:
        return None
    gap = 0.38 * (title.size if title else 0)
    pill_pad_x = 0.55 * price.size if price else 0
    pill_pad_y = 0.30 * price.size if price else 0
    pill_h = (price.height + 2 * pill_pad_y) if price else 0
    total = (title.height if title else 0) + (gap + pill_h if price and title else pill_h)
    bottom = safe.bottom - 0.01 * h
    top = bottom - total
    # a soft shadow rising from the bottom edge keeps white text readable on bright photos
    scrim_top = max(0, int(top - 0.22 * h))
    layer = Layer(0, scrim_top, w, h)
    lh = layer.img.size[1]
    ramp = np.linspace(0.0, 1.0, lh, dtype=np.float32)
    ramp = ramp * ramp * (3 - 2 * ramp)
    alpha = (ramp * 0.72 * 255).astype(np.uint8)
    scrim = Image.fromarray(
        np.ascontiguousarray(np.repeat(alpha[:, None], layer.img.size[0], axis=1))
    )
    layer.solid(scrim, (0, 0, 0))
    y = top
    widest = max(title.width if title else 0.0, (price.width + 2 * pill_pad_x) if price else 0.0)
    cx = safe.centre_for(widest, w)
    if title is not None:
        draw_block(layer, title, cx, y, "center", theme.text_rgb, shadow=0.45)
        y += title.height + gap
    if price is not None:
        pill_w = price.width + 2 * pill_pad_x
        x0 = cx - pill_w / 2
        m, d = layer.mask()
        rounded_box(
            d,
            layer,
            x0,
            y,
            x0 + pill_w,
            y + pill_h,
            pill_h / 2 if len(price.fitted.lines) == 1 else 0.3 * price.size,
        )
        layer.solid(m, theme.accent_rgb)
        draw_block(layer, price, cx, y + pill_pad_y, "center", on_color(theme.accent_rgb, theme))
    return layer.to_overlay(w, h)


def _cta(
    spec: CaptionSpec, theme: Theme, w: int, h: int, logo: Path | None
) -> CaptionOverlay | None:
    safe = safe_area(w, h)
    u = min(w, h)
    portrait = h > w * 1.2
    max_w = safe.width if portrait else min(safe.width, 0.7 * w)
    logo_img = load_logo(logo, 0.17 * u, 0.6 * max_w) if logo else None
    bold = font_chain(True, theme.font_bold)
    brand = text_block(spec.sub, bold, 0.062 * u, 0.034 * u, max_w, 2) if spec.sub else None
    btn_size = 0.062 * u
    btn_pad_x, btn_pad_y = 0.95 * btn_size, 0.48 * btn_size
    button = (
        text_block(spec.text, bold, btn_size, 0.034 * u, max_w - 2 * btn_pad_x, 2)
        if spec.text
        else None
    )
    if button is not None:
        btn_pad_x, btn_pad_y = 0.95 * button.size, 0.48 * button.size
    items: list[tuple[str, float]] = []
    if logo_img is not None:
        items.append(("logo", float(logo_img.size[1])))
    if brand is not None:
        items.append(("brand", brand.height))
    if button is not None:
        items.append(("button", button.height + 2 * btn_pad_y))
    if not items:
        return None
    gap = 0.45 * u * 0.062
    total = sum(hh for _, hh in items) + gap * (len(items) - 1)
    if logo_img is not None and len(items) > 1:
        total += gap * 0.5  # the logo gets a little more air
    cy = safe.top + (safe.bottom - safe.top) * 0.47
    y = cy - total / 2
    widest = max([float(logo_img.size[0])] if logo_img is not None else [0.0])
    widest = max(
        widest, brand.width if brand else 0.0, (button.width + 2 * btn_pad_x) if button else 0.0
    )
    cx = safe.centre_for(widest, w)
    margin = int(0.05 * u)
    layer = Layer(
        int(safe.left) - margin, int(y) - margin, int(safe.right) + margin, int(y + total) + margin
    )
    for kind, hh in items:
        if kind == "logo":
            assert logo_img is not None  # items holds only the parts that exist
            lw = logo_img.size[0]
            layer.over(logo_img, cx - lw / 2, y)
            y += hh + gap * 1.5
            continue
        if kind == "brand":
            assert brand is not None
            draw_block(layer, brand, cx, y, "center", theme.text_rgb, shadow=0.4)
        else:
            assert button is not None
            bw = button.width + 2 * btn_pad_x
            x0 = cx - bw / 2
            m, d = layer.mask()
            rounded_box(
                d,
                layer,
                x0,
                y,
                x0 + bw,
                y + hh,
                hh / 2 if len(button.fitted.lines) == 1 else 0.35 * button.size,
            )
            sh = shifted(
                m.filter(ImageFilter.GaussianBlur(0.25 * button.size)), 0, int(0.08 * button.size)
            )
            layer.solid(sh, (0, 0, 0), 0.35)
            layer.solid(m, theme.accent_rgb)
            draw_block(
                layer, button, cx, y + btn_pad_y, "center", on_color(theme.accent_rgb, theme)
            )
        y += hh + gap
    return layer.to_overlay(w, h)
