"""Lettering: a caption paragraph fitted to a width and drawn with consistent metrics.

Vertical placement uses the em box rather than the ink of the actual letters, so a line of
lower-case Latin and a line of Chinese sit at the same height in the same box. A caption the
font chain cannot draw whole gives no block at all: it is left out, never drawn with holes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import ImageFilter

from studio.render.chainfont import CaptionFonts, caption_fonts
from studio.render.overlay import Layer, shifted
from studio.render.plan import Theme
from studio.render.textfit import FittedText, fit_text
from studio.render.wordspot import WordSpot, line_spots


@dataclass(frozen=True)
class TextBlock:
    """A fitted paragraph and its metrics (pixels)."""

    fitted: FittedText
    line_h: float
    width: float

    @property
    def size(self) -> int:
        return self.fitted.size

    @property
    def rtl(self) -> bool:
        """Right-to-left paragraph (Arabic, Hebrew): lines align to the right edge."""
        return self.fitted.font.fonts.rtl

    @property
    def height(self) -> float:
        # visual extent: ideograph/cap top (0.80 em above the first baseline) to just below
        # the last baseline (0.14 em), independent of which letters happen to be used
        return 0.94 * self.size + (len(self.fitted.lines) - 1) * self.line_h


def text_block(
    text: str,
    chain: Sequence[Path],
    max_size: float,
    min_size: float,
    max_width: float,
    max_lines: int,
    leading: float = 1.3,
    balance: bool = True,
) -> TextBlock | None:
    """Set ``text`` in the font chain and fit it; None when there is nothing to draw (only
    emoji) or when some character is in no font of the chain (the caption is left out)."""
    fonts = caption_fonts(text, chain)
    if not fonts.drawable:
        return None
    text = fonts.text
    fitted = fit_text(text, fonts, int(round(max_size)), int(round(min_size)), max_width, max_lines)
    if balance and not fitted.truncated and len(fitted.lines) > 1:
        fitted = _balanced(text, fonts, fitted, max_width)
    width = max(fitted.font.getlength(ln) for ln in fitted.lines)
    return TextBlock(fitted, leading * fitted.size, width)


def _balanced(text: str, font: CaptionFonts, fitted: FittedText, max_width: float) -> FittedText:
    """Same size and line count, but lines of even length (no lonely last word)."""
    n = len(fitted.lines)
    lo, hi = max_width * 0.4, max_width
    best = fitted
    for _ in range(8):
        mid = (lo + hi) / 2
        trial = fit_text(text, font, fitted.size, fitted.size, mid, n)
        if not trial.truncated and len(trial.lines) <= n:
            best, hi = trial, mid
        else:
            lo = mid
    return best


def draw_block(
    layer: Layer,
    block: TextBlock,
    x: float,
    top: float,
    align: str,
    rgb: tuple[int, int, int],
    shadow: float = 0.0,
) -> None:
    """Draw a block with its visual top at ``top``; ``x`` is the left edge or the centre.
    A right-to-left block drawn "left" fills the same box but aligns its lines right."""
    m, d = layer.mask()
    font = block.fitted.font
    base = top + 0.80 * block.size
    if align == "center":
        anchor = "ms"
    elif block.rtl:
        x, anchor = x + block.width, "rs"
    else:
        anchor = "ls"
    for i, line in enumerate(block.fitted.lines):
        y = base + i * block.line_h - layer.y0
        font.draw(d, x - layer.x0, y, line, 255, anchor)
    if shadow > 0:
        r = max(1.0, block.size * 0.10)
        sh = m.filter(ImageFilter.GaussianBlur(r))
        off = int(round(block.size * 0.04))
        sh = shifted(sh, off, off)
        layer.solid(sh, (0, 0, 0), shadow)
    layer.solid(m, rgb)


def word_spots(block: TextBlock, x: float, top: float, align: str) -> tuple[WordSpot, ...]:
    """The words of ``block`` as ``draw_block`` places them with the same arguments; none for
    right-to-left text and for text set without spaces (CJK), whose words cannot be told
    apart on screen."""
    if block.rtl:
        return ()
    font = block.fitted.font
    base = top + 0.80 * block.size
    out: list[WordSpot] = []
    for i, line in enumerate(block.fitted.lines):
        left = x - font.getlength(line) / 2 if align == "center" else x
        out.extend(line_spots(line, font, block.size, left, base + i * block.line_h))
    return tuple(out)


def on_color(bg: tuple[int, int, int], theme: Theme) -> tuple[int, int, int]:
    """Dark or light text, whichever reads better on ``bg``."""
    lum = 0.2126 * bg[0] + 0.7152 * bg[1] + 0.0722 * bg[2]
    return theme.background_rgb if lum > 150 else (255, 255, 255)
