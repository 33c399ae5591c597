"""Is a model's head in the picture? Read from the silhouette, for telling back views apart.

The top of a person-shaped foreground narrows into a head. A head with a frontal face (see
``faces``) is a front view; a head without one is a model seen from behind. Products that
nobody wears get no head and no opinion here; their back side is found relative to their
siblings in ``cues`` (same outline, less detail).
"""

from __future__ import annotations

import numpy as np

HEAD_SHARE = 0.16  # top part of the figure examined as the head
MIN_FIGURE_HEIGHT = 0.45  # of the frame: smaller shapes are objects, not a standing model


def head_visible(fg: np.ndarray) -> float:
    """0..1: the figure in the foreground mask (small working copy) has a head on top."""
    h, w = fg.shape
    rows = np.flatnonzero(fg.any(axis=1))
    if rows.size == 0:
        return 0.0
    top, bottom = int(rows[0]), int(rows[-1])
    height = bottom - top + 1
    if height < MIN_FIGURE_HEIGHT * h or top <= 1:
        return 0.0  # small object, or the figure is cut by the top edge (no head)
    head_rows = fg[top : top + max(2, int(HEAD_SHARE * height))]
    body_rows = fg[top + int(0.3 * height) : top + int(0.6 * height)]
    head_width = float(np.percentile(head_rows.sum(axis=1), 75))
    body_width = float(np.median(body_rows.sum(axis=1))) if body_rows.size else 0.0
    if body_width <= 0 or head_width <= 0:
        return 0.0
    return round(float(np.clip((0.75 - head_width / body_width) / 0.35, 0.0, 1.0)), 4)
