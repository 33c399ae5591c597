"""Caption fonts: the shipped ones, the system fonts behind them, and what each can draw.

No single font covers what sellers type, so captions use a chain, per weight:

1. Noto Sans (shipped): Latin, Greek, Cyrillic with proportional typographic punctuation.
2. Studio Sans SC (shipped subset of Noto Sans CJK SC): Simplified Chinese (GB2312), kana,
   and symbols such as ★ ✓; it also has Latin, so a mixed Latin + Chinese caption uses it alone.
3. The script fonts of Debian's ``fonts-noto-core`` found at run time (Arabic, Hebrew, Thai,
   Devanagari, Tamil, ... ; ``scripts/setup.sh`` installs the package).
4. Noto Sans CJK (``fonts-noto-cjk``) when installed: Hangul and hanzi/kanji outside GB2312.

Fonts are loaded by path, so captions look the same on every machine that has the same
packages. ``GlyphCoverage`` reads a font's cmap, so the chain can pick a font that has every
character of a caption instead of drawing "tofu" boxes in a published video.
"""

from __future__ import annotations

import functools
import struct
from collections.abc import Sequence
from pathlib import Path

from PIL import ImageFont, features

from studio.core.errors import MediaError
from studio.media.locations import resource
from studio.render.captiontext import caption_text, needs_glyph
from studio.render.cmap import cmap_codepoints
from studio.render.plan import Theme

FONT_DIR = resource("fonts")
LATIN_REGULAR = FONT_DIR / "NotoSans-Regular.ttf"
LATIN_BOLD = FONT_DIR / "NotoSans-Bold.ttf"
CJK_REGULAR = FONT_DIR / "StudioSansSC-Regular.otf"
CJK_BOLD = FONT_DIR / "StudioSansSC-Bold.otf"

NOTO_CORE_DIR = Path("/usr/share/fonts/truetype/noto")  # Debian fonts-noto-core
# Debian fonts-noto-cjk (the first path); the second is where some other systems put it.
NOTO_CJK_DIRS = (Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/opentype/noto"))
# fonts-noto-core families that are not script fallbacks: Latin faces the shipped Noto Sans
# already covers (a serif or display face would change the look of a Latin caption).
_NOT_FALLBACKS = frozenset(
    {"NotoSans", "NotoSansDisplay", "NotoSansMono", "NotoSerif", "NotoSerifDisplay"}
)

# Arabic joining, Indic conjuncts and right-to-left order need libraqm (HarfBuzz + FriBiDi);
# without it the system script fonts would draw wrong text, so they are left out of the chain.
COMPLEX_LAYOUT = features.check_feature("raqm")


def default_theme() -> Theme:
    """The house look: white text, amber accent, near-black background, shipped fonts."""
    return Theme(font_regular=LATIN_REGULAR, font_bold=LATIN_BOLD)


@functools.lru_cache(maxsize=256)
def load_font(path: Path, size: int, index: int = 0) -> ImageFont.FreeTypeFont:
    """A Pillow font at a pixel size (``index``: face of a .ttc); cached because captions try
    several sizes per scene. Laid out with libraqm when present, so text is shaped and bidi."""
    engine = ImageFont.Layout.RAQM if COMPLEX_LAYOUT else ImageFont.Layout.BASIC
    try:
        return ImageFont.truetype(str(path), max(1, int(size)), index=index, layout_engine=engine)
    except OSError as exc:
        raise MediaError(path, f"cannot load the font ({exc})") from exc


class GlyphCoverage:
    """The set of code points a font maps to a glyph (from its cmap table)."""

    def __init__(self, codepoints: frozenset[int]) -> None:
        self.codepoints = codepoints

    def __contains__(self, ch: str) -> bool:
        return len(ch) == 1 and ord(ch) in self.codepoints

    def covers(self, text: str) -> bool:
        """Whether the font has every character of ``text`` that needs a glyph."""
        cps = self.codepoints
        return all(ord(c) in cps or not needs_glyph(c) for c in text)

    def missing(self, text: str) -> set[str]:
        """Characters of ``text`` (other than line breaks) the font cannot draw."""
        return {c for c in text if c not in "\n\r\t" and ord(c) not in self.codepoints}


@functools.cache
def coverage(path: Path) -> GlyphCoverage:
    """Coverage of an OpenType/TrueType font or the first face of a collection (cached for
    the process: the chain holds ~200 fonts, read once each and only when needed)."""
    try:
        return GlyphCoverage(frozenset(cmap_codepoints(Path(path).read_bytes())))
    except (OSError, struct.error, ValueError) as exc:
        raise MediaError(path, f"cannot read the font's character map ({exc})") from exc


@functools.lru_cache(maxsize=2)
def _system_script_fonts(bold: bool) -> tuple[Path, ...]:
    """fonts-noto-core's fonts, one per family: Noto Sans <Script> first (alphabetical),
    then the other families (serif-only scripts such as Tibetan). Bold where it exists."""
    if not NOTO_CORE_DIR.is_dir():
        return ()
    sans: list[Path] = []
    other: list[Path] = []
    for regular in sorted(NOTO_CORE_DIR.glob("Noto*-Regular.ttf")):
        family = regular.name.removesuffix("-Regular.ttf")
        if family in _NOT_FALLBACKS:
            continue
        heavy = regular.with_name(f"{family}-Bold.ttf")
        path = heavy if bold and heavy.is_file() else regular
        (sans if family.startswith("NotoSans") else other).append(path)
    return tuple(sans + other)


def system_cjk_font(bold: bool = False) -> Path | None:
    """Noto Sans CJK from fonts-noto-cjk, or None when the package is not installed."""
    for folder in NOTO_CJK_DIRS:
        for name in (("NotoSansCJK-Bold.ttc",) if bold else ()) + ("NotoSansCJK-Regular.ttc",):
            if (folder / name).is_file():
                return folder / name
    return None


def font_chain(bold: bool = False, first: Path | None = None) -> tuple[Path, ...]:
    """The fonts a caption may use, in order of preference; ``first`` (a theme's own font)
    goes before the house chain. fonts-noto-core's folder is listed once per process;
    Noto Sans CJK is looked for on every call, so installing it needs no restart."""
    chain = [LATIN_BOLD if bold else LATIN_REGULAR, CJK_BOLD if bold else CJK_REGULAR]
    if COMPLEX_LAYOUT:
        chain += _system_script_fonts(bold)
    cjk = system_cjk_font(bold)
    if cjk is not None:
        chain.append(cjk)
    if first is not None:
        chain.insert(0, first)
    return tuple(dict.fromkeys(chain))


def font_for(text: str, bold: bool = False, chain: Sequence[Path] | None = None) -> Path | None:
    """The first font of the chain that has every character of ``text`` once emoji and
    control characters are removed; None when no single font has them all."""
    text = caption_text(text)
    for path in font_chain(bold) if chain is None else chain:
        if coverage(path).covers(text):
            return path
    return None


_KANA = ((0x3040, 0x30FF), (0x31F0, 0x31FF), (0xFF66, 0xFF9F))
_HANGUL = ((0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xAC00, 0xD7FF))


def face_index(path: Path, text: str) -> int:
    """Which face of a collection to draw ``text`` with: Noto Sans CJK holds one face per
    region (JP, KR, SC, TC, HK) with the same characters but regional glyph shapes. Kana
    means Japanese, Hangul Korean, otherwise Simplified Chinese like the shipped font."""
    if Path(path).suffix.lower() not in (".ttc", ".otc"):
        return 0

    def has(ranges: tuple[tuple[int, int], ...]) -> bool:
        return any(lo <= ord(c) <= hi for c in text for lo, hi in ranges)

    region = "JP" if has(_KANA) else "KR" if has(_HANGUL) else "SC"
    return _region_faces(Path(path)).get(region, 0)


@functools.lru_cache(maxsize=8)
def _region_faces(path: Path) -> dict[str, int]:
    """Region code -> face index, from the faces' family names ("Noto Sans CJK JP")."""
    try:
        with open(path, "rb") as f:
            head = f.read(12)
        count = struct.unpack_from(">I", head, 8)[0] if head[:4] == b"ttcf" else 1
        faces: dict[str, int] = {}
        for i in range(count):
            family = load_font(path, 12, i).getname()[0] or ""
            region = family.rsplit(" ", 1)[-1]
            if "Mono" not in family and region not in faces:
                faces[region] = i
        return faces
    except (OSError, struct.error, MediaError):
        return {}
