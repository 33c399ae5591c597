"""Colours as sellers write them: "#1e66f5", "#abc", "rgb(30, 102, 245)" or a basic name."""

from __future__ import annotations

import re
import reprlib

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
        raise ProjectError(f'{where}: a colour is text such as "#1e66f5", not {shown(value)}')
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
    raise ProjectError(
        f"{where}: {shown(value)} is not a colour (use #rrggbb, rgb(r, g, b) or a name such "
        "as navy)"
    )


def shown(value: object) -> str:
    """A bad value as a message shows it: short, on one line and escaped (a hostile file may
    give a list of a million numbers, a 5,000-digit number, or text with line breaks and
    direction overrides)."""
    if isinstance(value, str):
        return repr(value[:SHOWN_CHARS]) + ("…" if len(value) > SHOWN_CHARS else "")
    text = _BRIEF.repr(value)
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 3] + "..."


class _Brief(reprlib.Repr):
    """reprlib's shortened repr, also for a number too long for repr (Python refuses to
    write an int of more than 4,300 digits)."""

    def repr_int(self, x: int, level: int) -> str:
        if abs(x) >= 10**self.maxlong:
            return "<a number too long to show>"
        return super().repr_int(x, level)


_BRIEF = _Brief()
_BRIEF.maxlevel, _BRIEF.maxlist, _BRIEF.maxdict = 2, 4, 4
_BRIEF.maxstring, _BRIEF.maxlong, _BRIEF.maxother = 20, 20, 20


def rgb(colour: str) -> tuple[int, int, int]:
    """The (r, g, b) of a "#rrggbb" colour that parse_colour accepted."""
    h = colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)
