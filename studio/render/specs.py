"""Spec numbers in a bullet ("20 L capacity", "1080p video", "5 MP camera"), for showing
them large: the explainer's callouts and the comparison's spec card.

Only a number with a unit (or a resolution like "1080p"/"4K") counts; a bare number is too
often a count of something the viewer cannot read off ("2 pockets" is a spec, "in 3 days" is
not, so units are a closed list).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# unit as written -> as shown
UNITS: dict[str, str] = {
    "%": "%",
    "mah": "mAh",
    "mp": "MP",
    "megapixels": "MP",
    "megapixel": "MP",
    "mm": "mm",
    "cm": "cm",
    "m": "m",
    "km": "km",
    "kg": "kg",
    "g": "g",
    "lb": "lb",
    "lbs": "lb",
    "pounds": "lb",
    "oz": "oz",
    "ounces": "oz",
    "l": "L",
    "litre": "L",
    "litres": "L",
    "liter": "L",
    "liters": "L",
    "ml": "ml",
    "w": "W",
    "watt": "W",
    "watts": "W",
    "kw": "kW",
    "v": "V",
    "volt": "V",
    "volts": "V",
    "hz": "Hz",
    "ghz": "GHz",
    "gb": "GB",
    "tb": "TB",
    "in": "in",
    "inch": "in",
    "inches": "in",
    '"': "in",
    "ft": "ft",
    "hours": "h",
    "hour": "h",
    "hrs": "h",
    "h": "h",
    "minutes": "min",
    "min": "min",
    "°c": "°C",
    "°f": "°F",
    "pockets": "pockets",
    "speeds": "speeds",
    "settings": "settings",
    "levels": "levels",
    "programs": "programs",
    "pieces": "pieces",
    "pcs": "pieces",
    "cups": "cups",
    "gallons": "gal",
    "gal": "gal",
    "qt": "qt",
    "quarts": "qt",
}

_UNIT = "|".join(sorted((re.escape(u) for u in UNITS), key=len, reverse=True))
_SPEC = re.compile(
    rf"(?<![\w.])(\d+(?:[.,]\d+)?)\s?(?:-\s?)?({_UNIT})(?![\w])|(?<![\w])(\d{{3,4}}p|[48]K)(?![\w])",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z][A-Za-z-]*")
_SMALL = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "and",
        "with",
        "for",
        "to",
        "in",
        "on",
        "at",
        "by",
        "your",
        "you",
        "our",
        "it",
        "its",
        "up",
    ]
)


@dataclass(frozen=True)
class Spec:
    """A number and unit as shown large ("20 L", "1080p"), and a word or two about it."""

    value: str
    label: str


def find_spec(text: str) -> Spec | None:
    """The first spec number in a bullet, or None."""
    m = _SPEC.search(text)
    if m is None:
        return None
    if m.group(3):
        value = m.group(3)
        value = value[:-1] + "p" if value[-1] in "pP" else value.upper()
    else:
        unit = UNITS[m.group(2).lower()]
        value = f"{m.group(1)}{unit}" if unit == "%" else f"{m.group(1)} {unit}"
    return Spec(value, _label(text, m.start(), m.end()))


def _label(text: str, start: int, end: int) -> str:
    """The content word right after the number ("capacity"; two when the first describes
    the second: "cooking power"), else the one before it."""
    after = [w for w in _WORD.findall(text[end:])[:3] if w.lower() not in _SMALL]
    if after:
        first = after[0]
        two = len(after) > 1 and first.lower().endswith(("ing", "ed"))
        return " ".join(after[:2]) if two else first
    before = [w for w in _WORD.findall(text[:start]) if w.lower() not in _SMALL]
    return before[-1] if before else ""
