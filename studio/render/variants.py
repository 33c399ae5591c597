"""The comparison's variants frame: two to four photos of the product side by side, each on
a light card on the brand panel, with the lower part of the frame left for the title.

Built once per scene as a canvas like any photo's, so the frame function zooms it gently and
crossfades it as usual.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from studio.core.geometry import Rect
from studio.media.images import load_rgb
from studio.render.canvas import Canvas, _planes, canvas_size
from studio.render.cards import photo_card
from studio.render.fills import panel_canvas

TITLE_ROOM = 0.3  # of the frame height, kept free below the cards for the title ...
TITLE_ROOM_PORTRAIT = 0.42  # ... above the platform's bottom bar in portrait
TAGLINE_ROOM = 0.07  # ... and this much more for a tagline over the title


def grid_shape(n: int, w: int, h: int) -> tuple[int, int]:
    """Columns and rows for ``n`` cards in a ``w`` x ``h`` frame."""
    if h > w * 1.2:
        return (1, n) if n <= 2 else (2, (n + 1) // 2)
    if abs(w - h) <= 0.2 * w and n >= 3:
        return 2, (n + 1) // 2
    return n, 1


def variants_canvas(
    photos: list[Path],
    w: int,
    h: int,
    scale: float,
    panel_rgb: tuple[int, int, int],
    tagline: bool = False,
) -> Canvas:
    cw, ch = canvas_size(w, h, scale)
    out = panel_canvas(panel_rgb, cw, ch)
    cols, rows = grid_shape(len(photos), w, h)
    # margins hold the frame's own margin plus what the slow zoom crops off the canvas
    mx, my, gap = 0.11 * cw, 0.1 * ch, 0.025 * min(cw, ch)
    top = my + (0.06 * ch if h > w * 1.2 else 0.0)  # portrait: below the platform's top bar
    room = (TITLE_ROOM_PORTRAIT if h > w * 1.2 else TITLE_ROOM) + (TAGLINE_ROOM if tagline else 0.0)
    area = (mx, top, cw - mx, ch * (1.0 - room))
    cell_w = (area[2] - area[0] - gap * (cols - 1)) / cols
    cell_h = (area[3] - area[1] - gap * (rows - 1)) / rows
    for k, path in enumerate(photos):
        r, c = divmod(k, cols)
        x0 = area[0] + c * (cell_w + gap)
        y0 = area[1] + r * (cell_h + gap)
        _card(out, path, int(x0), int(y0), int(cell_w), int(cell_h))
    subject = Rect(area[0] / cw, area[1] / ch, (area[2] - area[0]) / cw, (area[3] - area[1]) / ch)
    return Canvas(cw, ch, _planes(out), Rect.full(), subject, None, "variants")


def _card(out: np.ndarray, path: Path, x: int, y: int, cell_w: int, cell_h: int) -> None:
    bgr = cv2.cvtColor(load_rgb(path, max_side=2 * max(cell_w, cell_h)), cv2.COLOR_RGB2BGR)
    photo_card(out, bgr, x, y, cell_w, cell_h)
