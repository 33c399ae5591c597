"""Rebuild the shipped caption fonts (a dev-time tool; the app never runs it).

Subsets Noto Sans CJK SC Regular and Bold to Latin, common punctuation and symbols, and the
GB2312 character set (all 6763 hanzi of everyday Simplified Chinese), and renames the family
to "Studio Sans SC" because the OFL asks modified versions not to pose as the original.

    apt-get install -y fonts-noto-cjk
    python3 -m venv /tmp/ft && /tmp/ft/bin/pip install fonttools
    /tmp/ft/bin/python scripts/make_font_subset.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

SOURCE_DIR = Path("/usr/share/fonts/opentype/noto")
SC_INDEX = 2  # Noto Sans CJK SC inside the .ttc (JP, KR, SC, TC, HK, then the Mono faces)
FAMILY = "Studio Sans SC"
OUT_DIR = Path(__file__).resolve().parents[1] / "studio" / "resources" / "fonts"

RANGES = [
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x017F),  # Latin-1 Supplement, Latin Extended-A
    (0x0300, 0x036F),  # combining diacritics (decomposed accents)
    (0x2000, 0x206F),  # General Punctuation
    (0x20A0, 0x20CF),  # Currency Symbols
    (0x2100, 0x214F),  # Letterlike (TM, No.)
    (0x2190, 0x21FF),  # Arrows
    (0x2460, 0x24FF),  # Enclosed numbers (1) in circles
    (0x25A0, 0x25FF),  # Geometric shapes (bullets, triangles)
    (0x2600, 0x26FF),  # Misc symbols (stars, check boxes)
    (0x2700, 0x27BF),  # Dingbats (check marks)
    (0x3000, 0x303F),  # CJK Symbols and Punctuation
    # Hiragana and Katakana in full: GB2312 has the letters but not the prolonged sound mark
    # ー (フード), the iteration marks ゝゞヽヾ or the voicing marks, so Japanese lost them
    (0x3040, 0x30FF),
    (0x31F0, 0x31FF),  # Katakana Phonetic Extensions (small ㇰ ㇱ ... for Ainu and loanwords)
    (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms
]


def gb2312_chars() -> set[int]:
    """Every character of GB2312 (symbols, kana, Greek, Cyrillic and the 6763 hanzi)."""
    out: set[int] = set()
    for row in range(0xA1, 0xF8):
        for col in range(0xA1, 0xFF):
            try:
                ch = bytes((row, col)).decode("gb2312")
            except UnicodeDecodeError:
                continue
            out.add(ord(ch))
    return out


def build(weight: str) -> Path:
    src = SOURCE_DIR / f"NotoSansCJK-{weight}.ttc"
    font = TTCollection(str(src)).fonts[SC_INDEX]
    unicodes = gb2312_chars()
    for lo, hi in RANGES:
        unicodes.update(range(lo, hi + 1))
    opts = subset.Options()
    # Horizontal text only: kerning, ligatures, proportional punctuation. Dropping locl/vert and
    # the alternate sets halves the size (the JP/KR/TC forms are thousands of glyphs).
    opts.layout_features = ["kern", "liga", "ccmp", "calt", "mark", "mkmk", "halt", "palt"]
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.notdef_outline = True
    opts.hinting = False  # captions are large; CFF hints only add size
    opts.desubroutinize = False
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=sorted(unicodes))
    sub.subset(font)
    _rename(font, weight)
    out = OUT_DIR / f"StudioSansSC-{weight}.otf"
    font.save(str(out))
    return out


def _rename(font, weight: str) -> None:
    ps = f"StudioSansSC-{weight}"
    full = f"{FAMILY} {weight}" if weight != "Regular" else FAMILY
    name = font["name"]
    for rec in name.names:
        if rec.nameID in (1, 16):
            rec.string = FAMILY
        elif rec.nameID in (4,):
            rec.string = full
        elif rec.nameID == 6:
            rec.string = ps
        elif rec.nameID == 3:
            rec.string = f"2.004;{ps};subset of Noto Sans CJK SC"
        elif rec.nameID == 7:
            rec.string = "Derived from Noto Sans CJK SC. Noto is a trademark of Google Inc."
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [ps]
        top = cff.topDictIndex[0]
        top.FullName = full
        top.FamilyName = FAMILY


if __name__ == "__main__":
    for w in ("Regular", "Bold"):
        p = build(w)
        print(p, p.stat().st_size // 1024, "KiB", file=sys.stderr)
