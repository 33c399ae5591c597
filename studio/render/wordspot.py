"""Where each word of a drawn caption stands, so the spoken word can be marked later.

A caption is laid out once (``lettering.text_block``); its words keep their pen position,
baseline and font here. Marking a word then draws only that word again, in a small patch,
and never lays the caption out a second time.
"""

from __future__ import annotations

from dataclasses import dataclass

from studio.render.chainfont import ChainFont


@dataclass(frozen=True)
class WordSpot:
    """One word as drawn: its text, left pen x and baseline y (frame pixels), advance width
    and font (the caption's, at the caption's size)."""

    text: str
    x: float
    base: float
    width: float
    size: int
    font: ChainFont

    @property
    def box(self) -> tuple[float, float, float, float]:
        """The word's em box: cap height above the baseline to descender depth below."""
        return (
            self.x,
            self.base - 0.80 * self.size,
            self.x + self.width,
            self.base + 0.22 * self.size,
        )


def line_spots(
    line: str, font: ChainFont, size: int, left: float, base: float
) -> tuple[WordSpot, ...]:
    """The words of one left-to-right line whose pen starts at ``left``."""
    out = []
    pos = 0
    for word in line.split(" "):
        if word:
            x = left + (font.getlength(line[:pos]) if pos else 0.0)
            out.append(WordSpot(word, x, base, font.getlength(word), size, font))
        pos += len(word) + 1
    return tuple(out)
