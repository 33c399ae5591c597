"""Where a named part usually sits on a product, as a focus region when no evidence placed it.

A hood or a collar is at the top of a garment, a sole or a hem at the bottom, cuffs at the
sides. This is common knowledge about how products are built, not about any listing, and it
only steers the camera: it never decides which photo is chosen. Parts whose place depends on
the product (a waistband is the top of trousers but the bottom of a jacket) are left out.
"""

from __future__ import annotations

from studio.analysis.image_features import ImageAnalysis
from studio.analysis.words import stem, tokens, word_list
from studio.core.geometry import Rect

PLACES: dict[str, tuple[str, ...]] = {
    "top": word_list(
        "hood hoodie collar neckline neck crewneck shoulder shoulders lid cap crown headband"
    ),
    "bottom": word_list("hem sole soles outsole tread base feet wheels ankle ankles heel heels"),
    "sides": word_list("sleeve sleeves cuff cuffs armhole"),
}
# The part of the product's box each place covers (x, y, w, h relative to the box).
SHARES = {
    "top": (0.0, 0.0, 1.0, 0.4),
    "bottom": (0.0, 0.65, 1.0, 0.35),
    "sides": (0.0, 0.25, 1.0, 0.6),
}


def place_of(bullet: str) -> str | None:
    """The usual place of the first part the bullet names, if it is one with a fixed place."""
    stems = {place: {stem(w) for w in words} for place, words in PLACES.items()}
    for word in tokens(bullet):
        for place, known in stems.items():
            if stem(word) in known:
                return place
    return None


def part_focus(bullet: str, a: ImageAnalysis) -> Rect | None:
    """The region of the product where the bullet's part usually is, or None. Close-ups show
    the part already, and products cut by the frame have no known top or bottom."""
    place = place_of(bullet)
    if place is None or a.is_closeup:
        return None
    box = a.salient.box if a.salient is not None and a.salient.area > 0 else a.product_box
    x, y, w, h = SHARES[place]
    return Rect(box.x + x * box.w, box.y + y * box.h, w * box.w, h * box.h).clamped()
