"""Colours as sellers write them: "#1e66f5", "#abc", "rgb(30, 102, 245)" or a basic name."""

from __future__ import annotations

import re

from studio.core.errors import ProjectError

SHORT_HEX = 3
MAX_CHANNEL = 255
SHOWN_CHARS = 40

# CSS's basic colour names, for sellers who write "navy" rather than "#000080"
NAMED_COLOURS = {
    "black": "#000000",
    "white": "#ffffff",
    "gray": "#808080",
    "grey": "#808080",
    "silver": "#c0c0c0",
    "red": "#ff0000",
    "maroon": "#800000",
    "orange": "#ffa500",
    "gold": "#ffd700",
    "yellow": "#ffff00",
    "olive": "#808000",
    "lime": "#00ff00",
    "green": "#008000",
    "teal": "#008080",
    "aqua": "#00ffff",
    "cyan": "#00ffff",
    "blue": "#0000ff",
    "navy": "#000080",
    "purple": "#800080",
    "fuchsia": "#ff00ff",
    "magenta": "#ff00ff",
    "pink": "#ffc0cb",
    "brown": "#a52a2a",
}
_HEX = re.compile(r"#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
_RGB = re.compile(r"rgb\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*\)", re.I)


def parse_colour(value: object, where: str) -> str:
    """The colour as "#rrggbb" ("#abc", "#aabbcc", "aabbcc", "rgb(1, 2, 3)" or a name)."""
    if not isinstance(value, str):
        raise ProjectError(f'{where}: a colour is text such as "#1e66f5", not {value!r}')
    text = value.strip().lower()
    if text in NAMED_COLOURS:
        return NAMED_COLOURS[text]
    m = _HEX.fullmatch(text)
    if m:
        h = m.group(1)
        if len(h) == SHORT_HEX:
            h = "".join(c * 2 for c in h)
        return f"#{h}"
    m = _RGB.fullmatch(text)
    if m and all(int(g) <= MAX_CHANNEL for g in m.groups()):
        return "#" + "".join(f"{int(g):02x}" for g in m.groups())
    shown = value if len(value) <= SHOWN_CHARS else value[:SHOWN_CHARS] + "…"
    raise ProjectError(
        f"{where}: {shown!r} is not a colour (use #rrggbb, rgb(r, g, b) or a name such as navy)"
    )


def rgb(colour: str) -> tuple[int, int, int]:
    """The (r, g, b) of a "#rrggbb" colour that parse_colour accepted."""
    h = colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)
