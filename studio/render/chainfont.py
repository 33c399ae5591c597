"""Setting one caption in a font chain: which fonts, measuring lines, drawing them.

A caption's letters decide its main font: the first font of the chain that has all of them
(Latin: Noto Sans, Latin + Chinese: Studio Sans SC, Arabic: Noto Sans Arabic). A line that
font has whole is drawn in it alone, and libraqm shapes it and orders right-to-left text
exactly. Otherwise the line is split into runs: Noto's script fonts lack Latin digits and
punctuation (Noto Sans Hebrew has no "5" or ","), and Noto Sans has no ★, so those come from
the next font that has them, and the runs are put in visual order by ``studio.render.bidi``.
This keeps a Latin caption's quotes proportional even when it also has a ★.

A caption that mixes Chinese or Japanese with Latin words has no main font: the CJK font also
has Latin letters, but its apostrophe, quotes and dashes are full-width. Such a caption is
set in runs: CJK characters in the CJK font, Latin letters and digits in the Latin font, and
punctuation between them in the Latin font too, unless it stands among CJK characters only
("world’s" keeps Noto Sans's apostrophe; "“好”" keeps the CJK quotes). A caption with a
character that no font has is not drawable at all: it is left out of the picture and
reported (``coverage_check.caption_problems``), never drawn with holes.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import ImageDraw, ImageFont

from studio.render.bidi import bidi_levels
from studio.render.captiontext import caption_text, needs_glyph
from studio.render.fonts import COMPLEX_LAYOUT, coverage, face_index, load_font


@dataclass(frozen=True)
class CaptionFonts:
    """The fonts one caption is set in, decided once per caption."""

    text: str  # the caption as it will be drawn (emoji and control characters removed)
    order: tuple[Path, ...]  # the main font first (if any), then the chain
    primary: Path | None  # the first font with all the letters; None: letters of several fonts
    faces: tuple[tuple[Path, int], ...]  # face index for collections (Noto Sans CJK region)
    rtl: bool  # paragraph direction, from the first strong letter (Arabic, Hebrew: True)
    missing: frozenset[str]  # characters no font has: the caption cannot be drawn

    @property
    def drawable(self) -> bool:
        return bool(self.text) and not self.missing

    def at(self, size: int) -> ChainFont:
        return ChainFont(self, int(size))


def caption_fonts(text: str, chain: Sequence[Path]) -> CaptionFonts:
    """Clean ``text`` and choose its fonts. A character no font has is first tried in its
    compatibility form (ﬁ -> fi); if that is not drawable either, it is ``missing``."""
    text = caption_text(text)
    covs = [coverage(p) for p in chain]

    def known(ch: str) -> bool:
        return not needs_glyph(ch) or any(ch in c for c in covs)

    out: list[str] = []
    missing: set[str] = set()
    for ch in text:
        if known(ch):
            out.append(ch)
            continue
        compat = unicodedata.normalize("NFKD", ch)
        if compat != ch and all(known(c) for c in compat):
            out.append(compat)
        else:
            missing.add(ch)
            out.append(ch)
    text = "".join(out)
    letters = "".join(c for c in text if unicodedata.category(c)[0] in "LM")
    primary = next((p for p, c in zip(chain, covs, strict=True) if c.covers(letters)), None)
    if _mixes_cjk(letters):
        primary = None  # Latin from the Latin font, CJK from the CJK font (see the docstring)
    order = tuple(dict.fromkeys(([primary] if primary else []) + list(chain)))
    faces = tuple((p, face_index(p, text)) for p in order if p.suffix.lower() in (".ttc", ".otc"))
    return CaptionFonts(text, order, primary, faces, _first_strong_is_rtl(text), frozenset(missing))


@dataclass(frozen=True)
class Run:
    """A piece of a line in one font and one direction, in visual (left-to-right) order."""

    text: str
    font: ImageFont.FreeTypeFont
    rtl: bool

    @property
    def direction(self) -> str | None:
        return _direction(self.rtl)

    @property
    def width(self) -> float:
        return self.font.getlength(self.text, direction=self.direction)


class ChainFont:
    """A caption's fonts at one pixel size; measures and draws lines (a ``TextMeasure``)."""

    def __init__(self, fonts: CaptionFonts, size: int) -> None:
        self.fonts = fonts
        self.size = size
        self._faces = dict(fonts.faces)
        self._pil: dict[Path, ImageFont.FreeTypeFont] = {}
        self._direction = _direction(fonts.rtl)

    def _font(self, path: Path) -> ImageFont.FreeTypeFont:
        font = self._pil.get(path)
        if font is None:
            font = self._pil[path] = load_font(path, self.size, self._faces.get(path, 0))
        return font

    def runs(self, line: str) -> list[Run]:
        """``line`` split into runs of one font and direction, in visual order."""
        primary = self.fonts.primary
        if primary is not None and coverage(primary).covers(line):
            return [Run(line, self._font(primary), self.fonts.rtl)]
        return visual_runs(line, [self._font(p) for p in self._assign(line)], self.fonts.rtl)

    def getlength(self, text: str) -> float:
        primary = self.fonts.primary
        if primary is not None and coverage(primary).covers(text):
            return self._font(primary).getlength(text, direction=self._direction)
        return sum(r.width for r in self.runs(text))

    def draw(
        self, d: ImageDraw.ImageDraw, x: float, y: float, line: str, fill: int, anchor: str = "ls"
    ) -> None:
        """Draw ``line`` with its baseline at ``y``; ``anchor`` is "ls", "ms" or "rs" (x is
        the line's left edge, centre or right edge), as in Pillow."""
        runs = self.runs(line)
        if len(runs) == 1:
            r = runs[0]
            d.text((x, y), r.text, font=r.font, fill=fill, anchor=anchor, direction=r.direction)
            return
        widths = [r.width for r in runs]
        left = x - {"l": 0.0, "m": 0.5, "r": 1.0}[anchor[0]] * sum(widths)
        for r, w in zip(runs, widths, strict=True):
            d.text((left, y), r.text, font=r.font, fill=fill, anchor="ls", direction=r.direction)
            left += w

    def _assign(self, line: str) -> list[Path]:
        """The font of each character. Letters and digits take the first font of the order
        that has them; marks, spaces and punctuation stay in the current font when it has
        them, so in "שלום 50%" the space stays Hebrew and the digits and % are Noto Sans.
        In a caption that mixes CJK with Latin, punctuation and spaces go with the CJK font
        only among CJK characters, else with the first font that has them (the Latin one)."""
        order = self.fonts.order
        mixed = self.fonts.primary is None and _mixes_cjk(line)
        out: list[Path | None] = []
        cur: Path | None = None
        for i, ch in enumerate(line):
            if not needs_glyph(ch):
                out.append(cur)
                continue
            cat = unicodedata.category(ch)[0]
            if mixed and cat not in "LN" and not is_cjk(ch):
                if _among_cjk(line, i) and cur is not None and ch in coverage(cur):
                    pass  # among CJK characters: stay in the CJK font
                else:
                    cur = next((p for p in order if ch in coverage(p)), cur)
            elif cur is None or cat in "LN" or ch not in coverage(cur):
                cur = next((p for p in order if ch in coverage(p)), cur)
            out.append(cur)
        first = next((p for p in out if p is not None), order[0])
        return [p or first for p in out]


def is_cjk(ch: str) -> bool:
    """Chinese, Japanese and Korean characters and their own punctuation and full-width forms
    (not the general punctuation they share with Latin, such as ’ “ ” – — …)."""
    cp = ord(ch)
    return (
        0x2E80 <= cp <= 0x9FFF  # radicals, CJK punctuation, kana, bopomofo, ideographs
        or 0xAC00 <= cp <= 0xD7AF  # hangul
        or 0xF900 <= cp <= 0xFAFF
        or 0xFF00 <= cp <= 0xFFEF  # full-width forms
        or 0x20000 <= cp <= 0x3FFFF
    )


def _strong(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LN"


def _mixes_cjk(text: str) -> bool:
    """Whether ``text`` has both CJK letters and other letters or digits."""
    strong = [c for c in text if _strong(c)]
    return any(is_cjk(c) for c in strong) and not all(is_cjk(c) for c in strong)


def _among_cjk(line: str, i: int) -> bool:
    """Whether the nearest letters or digits on both sides of ``line[i]`` (on the one side
    that has any, at an end) are CJK."""
    before = next((c for c in reversed(line[:i]) if _strong(c)), None)
    after = next((c for c in line[i + 1 :] if _strong(c)), None)
    near = [c for c in (before, after) if c is not None]
    return bool(near) and all(is_cjk(c) for c in near)


def _direction(rtl: bool) -> str | None:
    """Pillow's ``direction`` argument; it needs libraqm (without it all text is left-to-right
    and the chain has no right-to-left fonts)."""
    if not COMPLEX_LAYOUT:
        return None
    return "rtl" if rtl else "ltr"


def _first_strong_is_rtl(text: str) -> bool:
    for ch in text:
        t = unicodedata.bidirectional(ch)
        if t in ("R", "AL"):
            return True
        if t == "L":
            return False
    return False


def visual_runs(line: str, fonts: Sequence[ImageFont.FreeTypeFont], rtl: bool) -> list[Run]:
    """``line`` cut where its font (one per character) or bidi level changes, in visual order."""
    levels = bidi_levels(line, rtl)
    runs: list[tuple[int, Run]] = []
    start = 0
    for i in range(1, len(line) + 1):
        if i == len(line) or levels[i] != levels[start] or fonts[i] is not fonts[start]:
            runs.append((levels[start], Run(line[start:i], fonts[start], levels[start] % 2 == 1)))
            start = i
    # rule L2 on whole runs: a run's own letters are ordered by libraqm in its direction
    top = max((lv for lv, _ in runs), default=0)
    lowest_odd = min((lv for lv, _ in runs if lv % 2), default=top + 1)
    for level in range(top, lowest_odd - 1, -1):
        i = 0
        while i < len(runs):
            if runs[i][0] < level:
                i += 1
                continue
            j = i
            while j < len(runs) and runs[j][0] >= level:
                j += 1
            runs[i:j] = runs[i:j][::-1]
            i = j
    return [r for _, r in runs]
