"""Caption text: cleaning it for the font, wrapping it, and fitting it into a box.

Sellers paste anything into captions: emoji, Chinese, 2000-character descriptions. Burned-in
text must never show tofu boxes or run off the frame, so text is cleaned against the font's
glyph coverage, wrapped by words (Latin) or characters (CJK, honouring the rule that closing
punctuation never starts a line), shrunk down to a minimum size, and only then truncated with
an ellipsis.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from PIL import ImageFont

from studio.render.fonts import GlyphCoverage, coverage, load_font

ELLIPSIS = "…"

# Characters that must not begin a line (closing brackets and CJK/Latin trailing punctuation).
NO_BREAK_BEFORE = frozenset(
    "!%),.:;?]}¢°·’”†‡›℃∶、。〃々〆〉》」』】〕〗〙〛〞〟・ー！＂％＇），．：；？］｝～｡｣､･"
    "…‥—–-ゝゞヽヾ"
)
# Characters that must not end a line (opening brackets and currency signs before amounts).
NO_BREAK_AFTER = frozenset("([{£¥$‘“‹〈《「『【〔〖〘〚〝（［｛｢＄￥￡")

# Emoji that are drawn as pictures by default, even in the Basic Multilingual Plane.
_BMP_EMOJI = frozenset(
    [0x231A, 0x231B, 0x23E9, 0x23EA, 0x23EB, 0x23EC, 0x23F0, 0x23F3, 0x25FD, 0x25FE,
     0x2614, 0x2615, 0x267F, 0x2693, 0x26A1, 0x26AA, 0x26AB, 0x26BD, 0x26BE, 0x26C4,
     0x26C5, 0x26CE, 0x26D4, 0x26EA, 0x26F2, 0x26F3, 0x26F5, 0x26FA, 0x26FD, 0x2705,
     0x270A, 0x270B, 0x2728, 0x274C, 0x274E, 0x2753, 0x2754, 0x2755, 0x2757, 0x2795,
     0x2796, 0x2797, 0x27B0, 0x27BF, 0x2B1B, 0x2B1C, 0x2B50, 0x2B55]
    + list(range(0x2648, 0x2654))  # zodiac signs
)


def is_emoji(ch: str) -> bool:
    """Pictographic emoji and the invisible characters that build emoji sequences."""
    cp = ord(ch)
    return (
        0x1F000 <= cp <= 0x1FAFF  # pictographs, emoticons, transport, flags, skin tones
        or 0xE0020 <= cp <= 0xE007F  # tag sequences (subdivision flags)
        or cp in (0x200D, 0xFE0E, 0xFE0F, 0x20E3)  # ZWJ, variation selectors, keycap
        or cp in _BMP_EMOJI
    )


_SPACES = re.compile(r"[ \t\u00A0\u2000-\u200A\u202F\u205F\u3000]+")


def clean_text(text: str, cov: GlyphCoverage) -> str:
    """Text the font can draw: emoji and control characters removed, characters missing from
    the font replaced by their plain decomposition (é -> e) or dropped, spaces collapsed."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    out: list[str] = []
    for ch in text:
        if ch == "\n":
            out.append(ch)
        elif is_emoji(ch):
            continue
        elif unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs", "Cn"):
            out.append(" " if ch == "\t" else "")
        elif ch in cov or _SPACES.fullmatch(ch):
            out.append(ch)
        else:
            out.append(_fallback(ch, cov))
    lines = [_SPACES.sub(" ", ln).strip() for ln in "".join(out).split("\n")]
    # keep single explicit line breaks, drop empty lines
    return "\n".join(ln for ln in lines if ln)


def _fallback(ch: str, cov: GlyphCoverage) -> str:
    decomposed = unicodedata.normalize("NFKD", ch)
    kept = "".join(c for c in decomposed if c in cov and not unicodedata.combining(c))
    return kept if decomposed != ch else ""


def _is_cjk(ch: str) -> bool:
    cp = ord(ch)
    return (
        0x2E80 <= cp <= 0x9FFF  # radicals, CJK punctuation, kana, bopomofo, ideographs
        or 0xAC00 <= cp <= 0xD7AF  # hangul
        or 0xF900 <= cp <= 0xFAFF
        or 0xFF00 <= cp <= 0xFFEF  # full-width forms
        or 0x20000 <= cp <= 0x3FFFF
    )


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
        if ch == " " or _is_cjk(ch):
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


def _split_long(word: str, width, max_width: float) -> list[str]:
    pieces: list[str] = []
    cur = ""
    for ch in word:
        if cur and width(cur + ch) > max_width:
            pieces.append(cur)
            cur = ch
        else:
            cur += ch
    pieces.append(cur)
    return pieces


@dataclass(frozen=True)
class FittedText:
    lines: tuple[str, ...]
    font: ImageFont.FreeTypeFont
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
    text: str, font_path: Path, max_size: int, min_size: int, max_width: float, max_lines: int
) -> FittedText:
    """The largest size at which ``text`` fits in ``max_lines`` lines of ``max_width``;
    at ``min_size`` the text is cut after the last line that fits and ends with an ellipsis."""
    min_size = max(1, min(min_size, max_size))
    font = load_font(font_path, min_size)
    for size in font_sizes(max_size, min_size):
        font = load_font(font_path, size)
        lines = wrap(text, font, max_width, max_lines)
        if len(lines) <= max_lines:
            return FittedText(tuple(lines), font, size, False)
    lines = wrap(text, font, max_width, max_lines)
    kept = lines[:max_lines]
    kept[-1] = _with_ellipsis(kept[-1], font, max_width)
    return FittedText(tuple(kept), font, min_size, True)


def _with_ellipsis(line: str, font: ImageFont.FreeTypeFont, max_width: float) -> str:
    line = line.rstrip()
    while line and font.getlength(line + ELLIPSIS) > max_width:
        line = line[:-1].rstrip()
    line = line.rstrip(" ,.;:，。、；：-—")
    return line + ELLIPSIS


def clean_for_font(text: str, font_path: Path) -> str:
    return clean_text(text, coverage(font_path))
