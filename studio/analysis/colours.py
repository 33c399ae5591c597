"""Colour names: what a seller would call a colour, for pixels and for the words in a bullet.

Pixel colours are named by the nearest of a few reference shades per name in CIE Lab, so
"navy" and "sky blue" both read as "blue" and the names line up with the words sellers use.
"""
from __future__ import annotations

import re

import numpy as np

# A few sRGB reference shades per everyday colour name.
_REFERENCES: dict[str, tuple[tuple[int, int, int], ...]] = {
    "black": ((0, 0, 0), (28, 28, 30), (40, 38, 42)),
    "gray": ((70, 70, 72), (105, 105, 108), (140, 140, 142), (175, 175, 178), (200, 200, 202)),
    "white": ((255, 255, 255), (236, 236, 236), (222, 222, 218)),
    "red": ((200, 30, 35), (150, 20, 30), (230, 60, 50), (110, 20, 30)),
    "orange": ((255, 140, 0), (230, 120, 40), (240, 160, 80)),
    "yellow": ((250, 220, 30), (230, 190, 60), (250, 240, 130)),
    "green": ((30, 140, 60), (20, 100, 40), (120, 200, 90), (90, 120, 50), (60, 180, 120)),
    "teal": ((0, 150, 150), (60, 190, 190), (20, 110, 120), (120, 210, 200)),
    "blue": ((30, 60, 200), (20, 40, 120), (40, 120, 220), (100, 170, 230), (20, 30, 80)),
    "purple": ((110, 50, 160), (80, 40, 120), (150, 100, 200), (75, 20, 120), (170, 60, 170)),
    "pink": ((240, 130, 160), (250, 180, 195), (230, 80, 130), (245, 120, 120)),
    "brown": ((120, 70, 30), (90, 60, 40), (150, 100, 60), (60, 40, 30)),
    "beige": ((220, 200, 160), (200, 180, 140), (235, 225, 200)),
}

COLOUR_NAMES: tuple[str, ...] = tuple(_REFERENCES)
ACHROMATIC: frozenset[str] = frozenset({"black", "gray", "white"})

# Words in product text that name (or imply) one of COLOUR_NAMES.
_WORDS: dict[str, str] = {
    "black": "black", "onyx": "black", "ebony": "black",
    "gray": "gray", "grey": "gray", "charcoal": "gray", "silver": "gray", "graphite": "gray",
    "slate": "gray", "gunmetal": "gray", "pewter": "gray",
    "white": "white", "ivory": "white",
    "red": "red", "crimson": "red", "scarlet": "red", "burgundy": "red", "maroon": "red",
    "ruby": "red",
    "orange": "orange", "tangerine": "orange", "rust": "orange", "amber": "orange",
    "yellow": "yellow", "gold": "yellow", "golden": "yellow", "mustard": "yellow",
    "green": "green", "olive": "green", "lime": "green", "mint": "green", "emerald": "green",
    "sage": "green", "khaki": "green",
    "teal": "teal", "turquoise": "teal", "aqua": "teal", "cyan": "teal",
    "blue": "blue", "navy": "blue", "royal": "blue", "cobalt": "blue", "azure": "blue",
    "denim": "blue", "indigo": "blue", "sapphire": "blue",
    "purple": "purple", "violet": "purple", "lavender": "purple", "lilac": "purple",
    "plum": "purple", "mauve": "purple", "magenta": "purple",
    "pink": "pink", "rose": "pink", "fuchsia": "pink", "coral": "pink", "salmon": "pink",
    "blush": "pink",
    "brown": "brown", "chocolate": "brown", "espresso": "brown",
    "mocha": "brown", "walnut": "brown", "tan": "brown", "camel": "brown", "cognac": "brown",
    "beige": "beige", "cream": "beige", "nude": "beige", "oatmeal": "beige",
    "taupe": "beige",
}
_WORD_RE = re.compile(r"[a-z]+")


def oklab(rgb: np.ndarray) -> np.ndarray:
    """sRGB (..., 3) in 0..255 to OKLab (L 0..1). OKLab keeps hue steady where CIELab bends
    blue toward purple, which matters for naming blues and purples the way people do."""
    c = np.asarray(rgb, dtype=np.float32) / 255.0
    c = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    lms = np.cbrt(c @ _M1.T)
    return (lms @ _M2.T).astype(np.float32)


_M1 = np.array([
    [0.4122214708, 0.5363325363, 0.0514459929],
    [0.2119034982, 0.6806995451, 0.1073969566],
    [0.0883024619, 0.2817188376, 0.6299787005],
], np.float32)
_M2 = np.array([
    [0.2104542553, 0.7936177850, -0.0040720468],
    [1.9779984951, -2.4285922050, 0.4505937099],
    [0.0259040371, 0.7827717662, -0.8086757660],
], np.float32)

_REF_NAMES: list[str] = [name for name, shades in _REFERENCES.items() for _ in shades]
_REF_OKLAB: np.ndarray = oklab(np.array([s for shades in _REFERENCES.values() for s in shades]))
_NAME_INDEX = {n: i for i, n in enumerate(COLOUR_NAMES)}
SOFTNESS = 0.02  # OKLab distance over which a colour's membership fades from one name to the next


def name_memberships(ok: np.ndarray) -> np.ndarray:
    """Soft membership (N, len(COLOUR_NAMES)) of OKLab colours in each name; rows sum to 1.

    A colour on the border of two names (an indigo between blue and purple) counts for both,
    so a bullet's word matches either reading instead of losing on a coin toss.
    """
    ok = np.atleast_2d(np.asarray(ok, dtype=np.float32))
    d = np.linalg.norm(ok[:, None, :] - _REF_OKLAB[None, :, :], axis=2)
    per_name = np.full((len(ok), len(COLOUR_NAMES)), np.inf, np.float32)
    for j, name in enumerate(_REF_NAMES):
        k = _NAME_INDEX[name]
        per_name[:, k] = np.minimum(per_name[:, k], d[:, j])
    w = np.exp(-(per_name - per_name.min(1, keepdims=True)) / SOFTNESS)
    w[w < 0.15] = 0.0
    return w / w.sum(1, keepdims=True)


def name_oklab(ok: np.ndarray) -> list[str]:
    """The single best name for each OKLab colour."""
    m = name_memberships(ok)
    return [COLOUR_NAMES[i] for i in m.argmax(1)]


def name_rgb(rgb: tuple[int, int, int] | np.ndarray) -> str:
    return name_oklab(oklab(np.asarray(rgb)))[0]


def colour_words(text: str) -> list[tuple[str, str]]:
    """(word as written, colour name) for every colour word in ``text``, in order, unique names.

    "two-tone gray heather" -> [("gray", "gray")]; "royal zipper" -> [("royal", "blue")].
    """
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for word in _WORD_RE.findall(text.lower()):
        name = _WORDS.get(word)
        if name and name not in seen:
            seen.add(name)
            out.append((word, name))
    return out
