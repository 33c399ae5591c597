"""Lettering: a caption paragraph fitted to a width and drawn with consistent metrics.

Vertical placement uses the em box rather than the ink of the actual letters, so a line of
lower-case Latin and a line of Chinese sit at the same height in the same box.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import ImageFilter

from studio.render.fonts import coverage
from studio.render.overlay import Layer, shifted
from studio.render.plan import Theme
from studio.render.textfit import FittedText, clean_text, fit_text


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
    def height(self) -> float:
        # visual extent: ideograph/cap top (0.80 em above the first baseline) to just below
        # the last baseline (0.14 em), independent of which letters happen to be used
        return 0.94 * self.size + (len(self.fitted.lines) - 1) * self.line_h


def text_block(
    text: str, font: Path, max_size: float, min_size: float, max_width: float, max_lines: int,
    leading: float = 1.3, balance: bool = True,
) -> TextBlock | None:
    """Clean ``text`` for the font and fit it; None when nothing drawable is left."""
    text = clean_text(text, coverage(font))
    if not text:
        return None
    fitted = fit_text(text, font, int(round(max_size)), int(round(min_size)), max_width, max_lines)
    if balance and not fitted.truncated and len(fitted.lines) > 1:
        fitted = _balanced(text, font, fitted, max_width)
    width = max(fitted.font.getlength(ln) for ln in fitted.lines)
    return TextBlock(fitted, leading * fitted.size, width)


def _balanced(text: str, font: Path, fitted: FittedText, max_width: float) -> FittedText:
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


def draw_block(layer: Layer, block: TextBlock, x: float, top: float, align: str,
                rgb: tuple[int, int, int], shadow: float = 0.0) -> None:
    """Draw a block with its visual top at ``top``; ``x`` is the left edge or the centre."""
    m, d = layer.mask()
    font = block.fitted.font
    base = top + 0.80 * block.size
    for i, line in enumerate(block.fitted.lines):
        y = base + i * block.line_h - layer.y0
        if align == "center":
            d.text((x - layer.x0, y), line, font=font, fill=255, anchor="ms")
        else:
            d.text((x - layer.x0, y), line, font=font, fill=255, anchor="ls")
    if shadow > 0:
        r = max(1.0, block.size * 0.10)
        sh = m.filter(ImageFilter.GaussianBlur(r))
        off = int(round(block.size * 0.04))
        sh = shifted(sh, off, off)
        layer.solid(sh, (0, 0, 0), shadow)
    layer.solid(m, rgb)


def on_color(bg: tuple[int, int, int], theme: Theme) -> tuple[int, int, int]:
    """Dark or light text, whichever reads better on ``bg``."""
    lum = 0.2126 * bg[0] + 0.7152 * bg[1] + 0.0722 * bg[2]
    return theme.background_rgb if lum > 150 else (255, 255, 255)
