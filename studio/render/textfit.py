"""Caption text: wrapping it and fitting it into a box.

Sellers paste anything into captions: Arabic, Chinese, 2000-character descriptions. Burned-in
text must never run off the frame, so text is wrapped by words (Latin, Arabic, Indic) or
characters (CJK, honouring the rule that closing punctuation never starts a line), shrunk down
to a minimum size, and only then truncated with an ellipsis. Which fonts draw it is decided
before (``studio.render.chainfont``); a word is only ever broken between whole letters with
their marks, never inside a Thai or Devanagari cluster.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from studio.render.captiontext import JOINERS
from studio.render.chainfont import CaptionFonts, ChainFont, caption_fonts, is_cjk

ELLIPSIS = "…"

# Characters that must not begin a line (closing brackets and CJK/Latin trailing punctuation).
NO_BREAK_BEFORE = frozenset(
    "!%),.:;?]}¢°·’”†‡›℃∶、。〃々〆〉》」』】〕〗〙〛〞〟・ー！＂％＇），．：；？］｝～｡｣､･"
    "…‥—–-ゝゞヽヾ"
    "،؛؟۔।॥"  # Arabic comma, semicolon, question mark, Urdu full stop, Devanagari dandas
)
# Characters that must not end a line (opening brackets and currency signs before amounts).
NO_BREAK_AFTER = frozenset("([{£¥$‘“‹〈《「『【〔〖〘〚〝（［｛｢＄￥￡")


@dataclass
class _Atom:
    text: str
    space_before: bool


def _atoms(paragraph: str) -> list[_Atom]:
    """Unbreakable pieces: Latin words, single CJK characters, with punctuation glued on."""
    raw: list[_Atom] = []
    word = ""
    word_space = False
    space = False
    for ch in paragraph:
        if ch == " " or is_cjk(ch):
            if word:
                raw.append(_Atom(word, word_space))
                word = ""
                space = False
            if ch == " ":
                space = True
            else:
                raw.append(_Atom(ch, space))
                space = False
            continue
        if not word:
            word_space = space
        word += ch
    if word:
        raw.append(_Atom(word, word_space))
    # glue: closing punctuation to the previous piece, opening punctuation to the next
    glued: list[_Atom] = []
    pending_open = ""
    pending_space = False
    for a in raw:
        if pending_open:
            a = _Atom(pending_open + a.text, pending_space)
            pending_open = ""
        if glued and not a.space_before and a.text[0] in NO_BREAK_BEFORE:
            glued[-1] = _Atom(glued[-1].text + a.text, glued[-1].space_before)
            continue
        if len(a.text) == 1 and a.text in NO_BREAK_AFTER:
            pending_open, pending_space = a.text, a.space_before
            continue
        glued.append(a)
    if pending_open:
        glued.append(_Atom(pending_open, pending_space))
    return glued


class TextMeasure(Protocol):
    """Anything that measures a string's advance: a Pillow font, or character cells."""

    def getlength(self, text: str) -> float: ...


def wrap(text: str, font: TextMeasure, max_width: float, max_lines: int | None = None) -> list[str]:
    """Greedy line breaking within ``max_width`` (pixels for a font). Stops early once more
    than ``max_lines`` lines are certain (the caller will shrink or truncate anyway)."""
    lines: list[str] = []
    widths: dict[str, float] = {}

    def width(s: str) -> float:
        w = widths.get(s)
        if w is None:
            w = widths[s] = font.getlength(s)
        return w

    space_w = width(" ")
    for paragraph in text.split("\n"):
        line = ""
        line_w = 0.0
        for atom in _atoms(paragraph):
            if max_lines is not None and len(lines) > max_lines:
                return lines
            sep = " " if (atom.space_before and line) else ""
            aw = width(atom.text)
            add = aw + (space_w if sep else 0.0)
            if line and line_w + add <= max_width:
                line += sep + atom.text
                line_w += add
                continue
            if line:
                lines.append(line)
            if aw <= max_width:
                line, line_w = atom.text, aw
            else:  # a word longer than the line: break it by characters
                pieces = _split_long(atom.text, width, max_width)
                lines.extend(pieces[:-1])
                line = pieces[-1]
                line_w = width(line)
        if line:
            lines.append(line)
    return lines


def _split_long(word: str, width: Callable[[str], float], max_width: float) -> list[str]:
    pieces: list[str] = []
    cur = ""
    for cluster in clusters(word):
        if cur and width(cur + cluster) > max_width:
            pieces.append(cur)
            cur = cluster
        else:
            cur += cluster
    pieces.append(cur)
    return pieces


# Thai and Lao vowels written before the consonant they follow in speech (เก = e + k).
_LEADING_VOWELS = frozenset("เแโใไເແໂໃໄ")


def clusters(text: str) -> list[str]:
    """``text`` cut where a line may break inside a word: between letters, never before a
    combining mark or joiner, nor after a virama (Indic conjunct) or a Thai leading vowel.
    An approximation of grapheme clusters that is enough for Thai, Indic and Arabic."""
    out: list[str] = []
    for ch in text:
        if out and (
            unicodedata.category(ch)[0] == "M"
            or ch in JOINERS
            or out[-1][-1] in JOINERS
            or out[-1][-1] in _LEADING_VOWELS
            or unicodedata.combining(out[-1][-1]) == 9  # virama: the conjunct goes on
        ):
            out[-1] += ch
        else:
            out.append(ch)
    return out


@dataclass(frozen=True)
class FittedText:
    lines: tuple[str, ...]
    font: ChainFont
    size: int
    truncated: bool


def font_sizes(max_size: int, min_size: int) -> Iterable[int]:
    """Sizes from large to small in ~6 % steps, always ending with ``min_size``."""
    size = float(max_size)
    last = None
    while size > min_size:
        s = int(round(size))
        if s != last:
            yield s
            last = s
        size *= 0.94
    yield min_size


def fit_text(
    text: str,
    fonts: CaptionFonts | Path,
    max_size: int,
    min_size: int,
    max_width: float,
    max_lines: int,
) -> FittedText:
    """The largest size at which ``text`` fits in ``max_lines`` lines of ``max_width``;
    at ``min_size`` the text is cut after the last line that fits and ends with an ellipsis.
    ``fonts``: the caption's fonts (``caption_fonts``), or one font file for plain tests."""
    if isinstance(fonts, Path):
        fonts = caption_fonts(text, (fonts,))
        text = fonts.text
    min_size = max(1, min(min_size, max_size))
    font = fonts.at(min_size)
    for size in font_sizes(max_size, min_size):
        font = fonts.at(size)
        lines = wrap(text, font, max_width, max_lines)
        if len(lines) <= max_lines:
            return FittedText(tuple(lines), font, size, False)
    lines = wrap(text, font, max_width, max_lines)
    kept = lines[:max_lines]
    kept[-1] = _with_ellipsis(kept[-1], font, max_width)
    return FittedText(tuple(kept), font, min_size, True)


def _with_ellipsis(line: str, font: TextMeasure, max_width: float) -> str:
    pieces = clusters(line.rstrip())
    while pieces and font.getlength("".join(pieces) + ELLIPSIS) > max_width:
        pieces.pop()
        while pieces and pieces[-1] == " ":
            pieces.pop()
    line = "".join(pieces).rstrip(" ,.;:，。、；：-—،؛")
    return line + ELLIPSIS
