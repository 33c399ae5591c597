"""How the parts of an animated caption come in: a short rise and fade, eased out.

A title, its price badge, the closing card's brand line and button each enter on their own
beat (the badge after the title, the button last), so a card reads in the order a viewer
should take it in. Moves are small (a few percent of the frame) and short (under half a
second): tasteful, not a slide show transition. Leaving is the caption's own fade.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Entrance:
    delay: float  # seconds after the caption appears
    seconds: float  # how long the move takes
    rise: float  # distance risen, as a share of the frame height


ENTRANCES: dict[str, Entrance] = {
    "title": Entrance(0.0, 0.5, 0.045),
    "text": Entrance(0.0, 0.45, 0.03),
    "badge": Entrance(0.3, 0.4, 0.03),
    "brand": Entrance(0.1, 0.45, 0.035),
    "button": Entrance(0.4, 0.45, 0.045),
}


def ease_out(x: float) -> float:
    """Cubic ease-out: fast start, gentle landing."""
    x = min(max(x, 0.0), 1.0)
    return 1.0 - (1.0 - x) ** 3


def entrance(role: str, since: float, height: int, pace: float = 1.0) -> tuple[float, int]:
    """Opacity and downward offset (pixels) of a part ``since`` seconds after its caption
    appeared; ``pace`` > 1 makes every move slower and softer."""
    e = ENTRANCES.get(role)
    if e is None:
        return 1.0, 0
    x = (since - e.delay * pace) / (e.seconds * pace)
    if x >= 1.0:
        return 1.0, 0
    if x <= 0.0:
        return 0.0, 0
    eased = ease_out(x)
    return min(1.0, 1.6 * x), int(round((1.0 - eased) * e.rise * height / pace))


def settled_after(pace: float = 1.0) -> float:
    """Seconds after which every part is in place."""
    return max(e.delay + e.seconds for e in ENTRANCES.values()) * pace
