"""The comparison's spec card: the bullets' numbers as tiles (value large, a word below) on
the closing card, above or below the logo and button, whichever has room.
"""

from __future__ import annotations

from studio.render.fonts import font_chain
from studio.render.lettering import draw_block, text_block
from studio.render.overlay import CaptionOverlay, Layer, rounded_box
from studio.render.plan import Theme
from studio.render.specs import Spec

Box = tuple[float, float, float, float]
MAX_TILES = 4


def spec_card(
    specs: list[Spec], theme: Theme, w: int, h: int, safe: Box, content: Box | None
) -> CaptionOverlay | None:
    """Tiles for up to four specs in one row (two rows in portrait), clear of ``content``
    (the closing card's logo, brand and button); None when there is no room."""
    specs = specs[:MAX_TILES]
    if not specs:
        return None
    u = min(w, h)
    portrait = h > w * 1.2
    cols = 2 if portrait and len(specs) > 2 else len(specs)
    rows = -(-len(specs) // cols)
    gap = 0.025 * u
    tile_w = min(0.34 * u, (safe[2] - safe[0] - gap * (cols - 1)) / cols)
    bold = font_chain(True, theme.font_bold)
    regular = font_chain(False, theme.font_regular)
    set_text = [
        (
            text_block(s.value, bold, 0.075 * u, 0.04 * u, tile_w - 0.04 * u, 1),
            text_block(s.label, regular, 0.036 * u, 0.026 * u, tile_w - 0.04 * u, 1)
            if s.label
            else None,
        )
        for s in specs
    ]
    tile_h = 0.035 * u + max(
        (v.height if v else 0.0) + (lb.height + 0.012 * u if lb else 0.0) for v, lb in set_text
    )
    total_w = cols * tile_w + (cols - 1) * gap
    total_h = rows * tile_h + (rows - 1) * gap
    top = _room(total_h, safe, content, 0.04 * u)
    if top is None:
        return None
    x0 = (w - total_w) / 2
    layer = Layer(int(x0) - 2, int(top) - 2, int(x0 + total_w) + 3, int(top + total_h) + 3)
    for k, (value, label) in enumerate(set_text):
        r, c = divmod(k, cols)
        tx, ty = x0 + c * (tile_w + gap), top + r * (tile_h + gap)
        m, d = layer.mask()
        rounded_box(d, layer, tx, ty, tx + tile_w, ty + tile_h, 0.03 * u)
        layer.solid(m, (255, 255, 255), 0.1)
        m, d = layer.mask()
        rounded_box(d, layer, tx, ty, tx + tile_w, ty + 0.008 * u, 0.004 * u)
        layer.solid(m, theme.accent_rgb)
        y = ty + 0.02 * u
        if value is not None:
            draw_block(layer, value, tx + tile_w / 2, y, "center", theme.text_rgb)
            y += value.height + 0.012 * u
        if label is not None:
            draw_block(layer, label, tx + tile_w / 2, y, "center", (200, 200, 206))
    return layer.to_overlay(w, h)


def _room(height: float, safe: Box, content: Box | None, gap: float) -> float | None:
    """Top of a block ``height`` tall above ``content`` (or below it), inside ``safe``."""
    if content is None:
        return safe[1]
    above = content[1] - gap - height
    if above >= safe[1]:
        return max(safe[1], (safe[1] + above) / 2)
    below = content[3] + gap
    if below + height <= safe[3]:
        return below
    return None
