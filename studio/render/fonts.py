"""The shipped caption fonts and which characters a font can draw.

The app ships a subset of Noto Sans CJK SC (Latin + Simplified Chinese, see resources/fonts)
and loads it by path, so captions look the same on every machine. ``GlyphCoverage`` reads a
font's cmap so text can be cleaned of characters the font lacks before drawing: a missing
glyph would otherwise appear as an empty "tofu" box in a published video.
"""
from __future__ import annotations

import functools
import struct
from pathlib import Path

from PIL import ImageFont

from studio.core.errors import MediaError
from studio.render.plan import Theme

FONT_DIR = Path(__file__).resolve().parents[2] / "resources" / "fonts"
REGULAR = FONT_DIR / "StudioSansSC-Regular.otf"
BOLD = FONT_DIR / "StudioSansSC-Bold.otf"


def default_theme() -> Theme:
    """The house look: white text, amber accent, near-black background, shipped fonts."""
    return Theme(font_regular=REGULAR, font_bold=BOLD)


@functools.lru_cache(maxsize=64)
def load_font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    """A Pillow font at a pixel size; cached because captions try several sizes per scene."""
    try:
        return ImageFont.truetype(str(path), max(1, int(size)))
    except OSError as exc:
        raise MediaError(path, f"cannot load the font ({exc})") from exc


class GlyphCoverage:
    """The set of code points a font maps to a glyph (from its cmap table)."""

    def __init__(self, codepoints: frozenset[int]) -> None:
        self.codepoints = codepoints

    def __contains__(self, ch: str) -> bool:
        return len(ch) == 1 and ord(ch) in self.codepoints

    def missing(self, text: str) -> set[str]:
        """Characters of ``text`` (other than line breaks) the font cannot draw."""
        return {c for c in text if c not in "\n\r\t" and ord(c) not in self.codepoints}


@functools.lru_cache(maxsize=8)
def coverage(path: Path) -> GlyphCoverage:
    """Coverage of an OpenType/TrueType font or the first face of a collection."""
    try:
        data = Path(path).read_bytes()
        return GlyphCoverage(frozenset(_cmap_codepoints(data)))
    except (OSError, struct.error, ValueError) as exc:
        raise MediaError(path, f"cannot read the font's character map ({exc})") from exc


def _cmap_codepoints(data: bytes) -> set[int]:
    base = 0
    if data[:4] == b"ttcf":
        base = struct.unpack_from(">I", data, 12)[0]  # first face of the collection
    num_tables = struct.unpack_from(">H", data, base + 4)[0]
    cmap_off = None
    for i in range(num_tables):
        tag, _sum, off, _len = struct.unpack_from(">4sIII", data, base + 12 + 16 * i)
        if tag == b"cmap":
            cmap_off = off
            break
    if cmap_off is None:
        raise ValueError("no cmap table")
    n_sub = struct.unpack_from(">H", data, cmap_off + 2)[0]
    best: tuple[int, int] | None = None  # (priority, offset)
    for i in range(n_sub):
        plat, enc, off = struct.unpack_from(">HHI", data, cmap_off + 4 + 8 * i)
        fmt = struct.unpack_from(">H", data, cmap_off + off)[0]
        if fmt == 12 and (plat, enc) in ((3, 10), (0, 4), (0, 6)):
            prio = 2
        elif fmt == 4 and (plat, enc) in ((3, 1), (0, 3), (0, 1), (0, 0)):
            prio = 1
        else:
            continue
        if best is None or prio > best[0]:
            best = (prio, cmap_off + off)
    if best is None:
        raise ValueError("no Unicode cmap subtable")
    prio, off = best
    return _format12(data, off) if prio == 2 else _format4(data, off)


def _format12(data: bytes, off: int) -> set[int]:
    n_groups = struct.unpack_from(">I", data, off + 12)[0]
    out: set[int] = set()
    for g in range(n_groups):
        start, end, glyph = struct.unpack_from(">III", data, off + 16 + 12 * g)
        if glyph == 0:
            out.update(range(start + 1, end + 1))
        else:
            out.update(range(start, end + 1))
    return out


def _format4(data: bytes, off: int) -> set[int]:
    seg_x2 = struct.unpack_from(">H", data, off + 6)[0]
    n = seg_x2 // 2
    ends = struct.unpack_from(f">{n}H", data, off + 14)
    starts = struct.unpack_from(f">{n}H", data, off + 16 + seg_x2)
    deltas = struct.unpack_from(f">{n}h", data, off + 16 + 2 * seg_x2)
    ro_pos = off + 16 + 3 * seg_x2
    range_offsets = struct.unpack_from(f">{n}H", data, ro_pos)
    out: set[int] = set()
    for i in range(n):
        for c in range(starts[i], ends[i] + 1):
            if c == 0xFFFF:
                continue
            if range_offsets[i] == 0:
                glyph = (c + deltas[i]) & 0xFFFF
            else:
                pos = ro_pos + 2 * i + range_offsets[i] + 2 * (c - starts[i])
                glyph = struct.unpack_from(">H", data, pos)[0]
                if glyph:
                    glyph = (glyph + deltas[i]) & 0xFFFF
            if glyph:
                out.add(c)
    return out
