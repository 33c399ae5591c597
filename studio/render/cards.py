"""A photo on a light rounded card with a soft shadow, laid on a dark canvas: the
comparison's variants frame and the closing card's product."""

from __future__ import annotations

import cv2
import numpy as np

CARD_RGB = (255, 255, 255)  # product shots are mostly on white: the card continues it
# The closing card's product photo, top and bottom as shares of the frame's height, by
# "portrait": the name and the button go below it (captions place them from its bottom).
CLOSING_PHOTO = {False: (0.08, 0.58), True: (0.16, 0.54)}
CLOSING_PHOTO_ALONE = {False: (0.12, 0.88), True: (0.2, 0.76)}  # ... with no text under it
CLOSING_GAP = 0.04  # of the frame's height, between the photo and the name
# In portrait the photo spans the safe area's width: a campaign sticker needs this much of
# the frame's height above it (in landscape and square it stands in a corner beside it).
CLOSING_STICKER_ROOM = 0.1


def photo_card(out: np.ndarray, bgr: np.ndarray, x: int, y: int, cell_w: int, cell_h: int) -> None:
    """Draw ``bgr`` on a card that hugs it, centred in the cell at (``x``, ``y``) of
    ``out`` (BGR, in place)."""
    pad = int(0.05 * min(cell_w, cell_h))
    ih, iw = bgr.shape[:2]
    f = min((cell_w - 2 * pad) / iw, (cell_h - 2 * pad) / ih)
    pw, ph = max(1, int(iw * f)), max(1, int(ih * f))
    cw, ch = pw + 2 * pad, ph + 2 * pad
    x, y = x + (cell_w - cw) // 2, y + (cell_h - ch) // 2
    radius = max(4, int(0.05 * min(cw, ch)))
    mask = np.zeros((ch, cw), np.uint8)
    cv2.rectangle(mask, (radius, 0), (cw - radius - 1, ch - 1), 255, -1)
    cv2.rectangle(mask, (0, radius), (cw - 1, ch - radius - 1), 255, -1)
    for cx, cy in (
        (radius, radius),
        (cw - radius - 1, radius),
        (radius, ch - radius - 1),
        (cw - radius - 1, ch - radius - 1),
    ):
        cv2.circle(mask, (cx, cy), radius, 255, -1, cv2.LINE_AA)
    blur = max(3, int(0.05 * min(cw, ch))) | 1
    shadow = cv2.GaussianBlur(mask, (0, 0), blur / 2).astype(np.float32) / 255.0 * 0.45
    sy = y + int(0.02 * ch)
    region = out[sy : sy + ch, x : x + cw]
    s = shadow[: region.shape[0], : region.shape[1], None]
    region[:] = (region * (1.0 - s)).astype(np.uint8)
    card = np.empty((ch, cw, 3), np.uint8)
    card[:] = CARD_RGB[::-1]
    card[pad : pad + ph, pad : pad + pw] = cv2.resize(bgr, (pw, ph), interpolation=cv2.INTER_AREA)
    a = mask[..., None].astype(np.float32) / 255.0
    dst = out[y : y + ch, x : x + cw]
    dst[:] = (card * a + dst * (1.0 - a)).astype(np.uint8)
