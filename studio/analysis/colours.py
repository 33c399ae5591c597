"""Colour names: what a seller would call a colour, for pixels and for the words in a bullet.

Pixel colours are named by the nearest of a few reference shades per name in CIE Lab, so
"navy" and "sky blue" both read as "blue" and the names line up with the words sellers use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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

# Words in product text that name (or imply) a colour: its everyday name (one of COLOUR_NAMES)
# and a typical sRGB shade (CSS/X11 values where the word is a CSS colour name).
SHADES: dict[str, tuple[str, tuple[int, int, int]]] = {
    "black": ("black", (20, 20, 22)),
    "onyx": ("black", (30, 30, 32)),
    "ebony": ("black", (40, 36, 32)),
    "gray": ("gray", (128, 128, 128)),
    "grey": ("gray", (128, 128, 128)),
    "charcoal": ("gray", (60, 64, 68)),
    "silver": ("gray", (192, 192, 192)),
    "graphite": ("gray", (75, 78, 82)),
    "slate": ("gray", (112, 128, 144)),
    "gunmetal": ("gray", (83, 86, 92)),
    "pewter": ("gray", (150, 152, 150)),
    "white": ("white", (248, 248, 246)),
    "ivory": ("white", (255, 255, 240)),
    "pearl": ("white", (240, 234, 224)),
    "crystalline": ("white", (235, 240, 245)),
    "red": ("red", (200, 30, 35)),
    "crimson": ("red", (220, 20, 60)),
    "scarlet": ("red", (255, 36, 0)),
    "burgundy": ("red", (128, 0, 32)),
    "maroon": ("red", (128, 0, 0)),
    "ruby": ("red", (155, 17, 30)),
    "cherry": ("red", (210, 4, 45)),
    "orange": ("orange", (255, 140, 0)),
    "tangerine": ("orange", (242, 133, 0)),
    "amber": ("orange", (255, 191, 0)),
    "peach": ("orange", (255, 203, 164)),
    "apricot": ("orange", (251, 206, 177)),
    "copper": ("orange", (184, 115, 51)),
    "pumpkin": ("orange", (255, 117, 24)),
    "yellow": ("yellow", (250, 220, 30)),
    "gold": ("yellow", (212, 175, 55)),
    "golden": ("yellow", (218, 165, 32)),
    "mustard": ("yellow", (225, 173, 1)),
    "lemon": ("yellow", (255, 244, 79)),
    "canary": ("yellow", (255, 239, 0)),
    "sunflower": ("yellow", (255, 218, 3)),
    "green": ("green", (40, 150, 60)),
    "olive": ("green", (110, 115, 45)),
    "lime": ("green", (160, 220, 50)),
    "mint": ("green", (160, 230, 200)),
    "emerald": ("green", (0, 155, 119)),
    "sage": ("green", (160, 175, 140)),
    "khaki": ("green", (170, 160, 110)),
    "jade": ("green", (0, 168, 107)),
    "seafoam": ("green", (150, 225, 200)),
    "pistachio": ("green", (147, 197, 114)),
    "teal": ("teal", (0, 128, 128)),
    "turquoise": ("teal", (64, 224, 208)),
    "aqua": ("teal", (100, 220, 215)),
    "cyan": ("teal", (0, 200, 220)),
    "blue": ("blue", (30, 80, 200)),
    "navy": ("blue", (20, 30, 80)),
    "royal": ("blue", (40, 70, 200)),
    "cobalt": ("blue", (0, 71, 171)),
    "azure": ("blue", (0, 127, 255)),
    "denim": ("blue", (60, 90, 140)),
    "indigo": ("blue", (60, 40, 130)),
    "sapphire": ("blue", (15, 82, 186)),
    "cerulean": ("blue", (0, 123, 167)),
    "cornflower": ("blue", (100, 149, 237)),
    "purple": ("purple", (120, 50, 160)),
    "violet": ("purple", (143, 0, 255)),
    "lavender": ("purple", (181, 160, 220)),
    "lilac": ("purple", (200, 162, 200)),
    "plum": ("purple", (110, 40, 90)),
    "mauve": ("purple", (190, 140, 170)),
    "magenta": ("purple", (200, 0, 150)),
    "amethyst": ("purple", (153, 102, 204)),
    "orchid": ("purple", (218, 112, 214)),
    "eggplant": ("purple", (80, 40, 70)),
    "grape": ("purple", (111, 45, 168)),
    "pink": ("pink", (240, 130, 160)),
    "rose": ("pink", (230, 120, 140)),
    "fuchsia": ("pink", (230, 40, 160)),
    "coral": ("pink", (255, 127, 100)),
    "salmon": ("pink", (250, 128, 114)),
    "blush": ("pink", (240, 190, 190)),
    "raspberry": ("pink", (210, 40, 90)),
    "berry": ("pink", (170, 40, 90)),
    "brown": ("brown", (120, 72, 35)),
    "chocolate": ("brown", (90, 55, 30)),
    "espresso": ("brown", (75, 50, 35)),
    "mocha": ("brown", (130, 100, 80)),
    "walnut": ("brown", (110, 75, 50)),
    "tan": ("brown", (210, 180, 140)),
    "camel": ("brown", (193, 154, 107)),
    "cognac": ("brown", (150, 75, 30)),
    "chestnut": ("brown", (149, 69, 53)),
    "caramel": ("brown", (195, 130, 70)),
    "bronze": ("brown", (205, 127, 50)),
    "beige": ("beige", (225, 205, 170)),
    "cream": ("beige", (245, 235, 210)),
    "nude": ("beige", (227, 188, 154)),
    "oatmeal": ("beige", (220, 205, 180)),
    "taupe": ("beige", (170, 150, 130)),
    "ecru": ("beige", (225, 215, 190)),
    "champagne": ("beige", (247, 231, 206)),
}
_WORDS: dict[str, str] = {word: name for word, (name, _) in SHADES.items()}
# Words that change a shade's lightness or strength: "light green", "deep navy".
LIGHTER = frozenset({"light", "pale", "pastel", "soft", "baby", "powder"})
DARKER = frozenset({"dark", "deep", "midnight"})
BRIGHTER = frozenset({"bright", "neon", "vivid", "electric", "hot"})
_WORD_RE = re.compile(r"[a-z]+")


def oklab(rgb: np.ndarray) -> np.ndarray:
    """SRGB (..., 3) in 0..255 to OKLab (L 0..1). OKLab keeps hue steady where CIELab bends
    blue toward purple, which matters for naming blues and purples the way people do."""
    c = np.asarray(rgb, dtype=np.float32) / 255.0
    c = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    lms = np.cbrt(c @ _M1.T)
    return (lms @ _M2.T).astype(np.float32)


_M1 = np.array(
    [
        [0.4122214708, 0.5363325363, 0.0514459929],
        [0.2119034982, 0.6806995451, 0.1073969566],
        [0.0883024619, 0.2817188376, 0.6299787005],
    ],
    np.float32,
)
_M2 = np.array(
    [
        [0.2104542553, 0.7936177850, -0.0040720468],
        [1.9779984951, -2.4285922050, 0.4505937099],
        [0.0259040371, 0.7827717662, -0.8086757660],
    ],
    np.float32,
)

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
    result: np.ndarray = w / w.sum(1, keepdims=True)
    return result


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


@dataclass(frozen=True)
class ColourTerm:
    """A colour the text names: the words as written, its everyday name and its OKLab shade."""

    words: str
    name: str
    oklab: tuple[float, float, float]


def colour_terms(text: str) -> list[ColourTerm]:
    """Every colour the text names, in order, with modifiers applied ("light green" is a
    lighter green than "green"). Repeated shades are kept once."""
    words = _WORD_RE.findall(text.lower())
    out: list[ColourTerm] = []
    seen: set[str] = set()
    for k, word in enumerate(words):
        if word not in SHADES or word in seen:
            continue
        seen.add(word)
        name, rgb = SHADES[word]
        lab = oklab(np.array(rgb, np.float32))
        modifier = words[k - 1] if k > 0 else ""
        phrase = word
        if modifier in LIGHTER:
            lab = np.array([min(0.95, lab[0] + 0.12), lab[1] * 0.7, lab[2] * 0.7], np.float32)
            phrase = f"{modifier} {word}"
        elif modifier in DARKER:
            lab = np.array([max(0.15, lab[0] - 0.15), lab[1] * 0.9, lab[2] * 0.9], np.float32)
            phrase = f"{modifier} {word}"
        elif modifier in BRIGHTER:
            lab = np.array([lab[0], lab[1] * 1.3, lab[2] * 1.3], np.float32)
            phrase = f"{modifier} {word}"
        out.append(ColourTerm(phrase, name, (float(lab[0]), float(lab[1]), float(lab[2]))))
    return out


SHADE_SPREAD = (
    0.1  # OKLab distance at which a product colour counts e^-1 as much as a perfect match
)


def palette_closeness(
    palette: tuple[tuple[float, float, float, float], ...], shades: np.ndarray
) -> np.ndarray:
    """For each shade (k, 3 OKLab), how much of a palette ((L, a, b, share), ...) is close to it:
    the shares weighted by a Gaussian of the OKLab distance. Zeros for an empty palette."""
    shades = np.atleast_2d(np.asarray(shades, np.float32))
    if not palette:
        return np.zeros(len(shades), np.float32)
    pal = np.asarray(palette, np.float32)
    d = np.linalg.norm(pal[:, None, :3] - shades[None], axis=2)
    result: np.ndarray = pal[:, 3] @ np.exp(-((d / SHADE_SPREAD) ** 2))
    return result
