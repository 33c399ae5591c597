"""What of a caption's text is meant to be drawn: emoji and control characters taken out.

The app ships no colour emoji font, so emoji are removed from burned-in captions (the
subtitles keep them). An emoji sequence goes as a whole: 🏃‍♀️ is RUNNER + ZWJ + FEMALE SIGN +
VARIATION SELECTOR-16, and removing only the pictograph would leave a stray ♀ behind.
Everything else the seller typed is kept here, even characters no font has: deciding whether a
caption can be drawn is the font chain's job (``studio.render.chainfont``), and a caption that
cannot be drawn whole is left out rather than shown with holes.
"""

from __future__ import annotations

import re
import unicodedata

ZWJ, ZWNJ = "\u200d", "\u200c"
# Default-ignorable joiners that shape Indic and Arabic/Persian text; HarfBuzz never draws them.
JOINERS = frozenset((ZWJ, ZWNJ))

# Emoji that are drawn as pictures by default, even in the Basic Multilingual Plane.
_BMP_EMOJI = frozenset(
    [
        0x231A,
        0x231B,
        0x23E9,
        0x23EA,
        0x23EB,
        0x23EC,
        0x23F0,
        0x23F3,
        0x25FD,
        0x25FE,
        0x2614,
        0x2615,
        0x267F,
        0x2693,
        0x26A1,
        0x26AA,
        0x26AB,
        0x26BD,
        0x26BE,
        0x26C4,
        0x26C5,
        0x26CE,
        0x26D4,
        0x26EA,
        0x26F2,
        0x26F3,
        0x26F5,
        0x26FA,
        0x26FD,
        0x2705,
        0x270A,
        0x270B,
        0x2728,
        0x274C,
        0x274E,
        0x2753,
        0x2754,
        0x2755,
        0x2757,
        0x2795,
        0x2796,
        0x2797,
        0x27B0,
        0x27BF,
        0x2B1B,
        0x2B1C,
        0x2B50,
        0x2B55,
    ]
    + list(range(0x2648, 0x2654))  # zodiac signs
)
# What may follow an element of an emoji sequence: variation selectors, keycap, skin tones, tags.
_TRAIL = "\ufe0e\ufe0f\u20e3\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f"
_EMOJI_CLUSTER = re.compile(f"[^{_TRAIL}][{_TRAIL}]*(?:{ZWJ}[^{_TRAIL}][{_TRAIL}]*)*", re.S)
_TRAIL_CHARS = re.compile(f"[{_TRAIL}]")
_SPACES = re.compile(r"[ \t\u00A0\u2000-\u200A\u202F\u205F\u3000]+")


def is_emoji(ch: str) -> bool:
    """Pictographic emoji and the invisible characters that build emoji sequences."""
    cp = ord(ch)
    return (
        0x1F000 <= cp <= 0x1FAFF  # pictographs, emoticons, transport, flags, skin tones
        or 0xE0020 <= cp <= 0xE007F  # tag sequences (subdivision flags)
        or cp in (0x200D, 0xFE0E, 0xFE0F, 0x20E3)  # ZWJ, variation selectors, keycap
        or cp in _BMP_EMOJI
    )


def _strip_emoji(text: str) -> tuple[str, bool]:
    """``text`` without emoji, and whether any were removed.

    A ZWJ sequence with a pictograph in it goes whole, including text symbols joined into it
    (♀, ♂, ❤ in ❤️‍🔥); a symbol on its own only loses its variation selector or keycap mark
    (1️⃣ -> 1, ™️ -> ™). A joiner between letters (Devanagari, Persian) is not an emoji and stays.
    """
    out: list[str] = []
    removed = False
    for m in _EMOJI_CLUSTER.finditer(text):
        cluster = m.group()
        elements = cluster.split(ZWJ)
        if any(e and is_emoji(e[0]) for e in elements):
            removed = True
            # a letter someone glued to an emoji with a ZWJ is still text
            out.extend(
                e[0]
                for e in elements
                if e and not is_emoji(e[0]) and unicodedata.category(e[0])[0] in "LN"
            )
            continue
        out.append(_TRAIL_CHARS.sub("", cluster))
    return "".join(out), removed


def emoji_removed(text: str) -> bool:
    """True when burning ``text`` in drops emoji (the UI can say so; subtitles keep them)."""
    return _strip_emoji(text)[1]


def caption_text(text: str) -> str:
    """The caption as it is meant to be drawn: NFC, emoji and control characters removed
    (tab -> space; joiners kept for shaping), runs of spaces collapsed, single line breaks
    kept, empty lines dropped. Private-use and unassigned characters are kept: they are
    the font chain's business (no font has them, so the caption is reported, not drawn)."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text, _ = _strip_emoji(text)
    out: list[str] = []
    for ch in text:
        cat = unicodedata.category(ch)
        if ch == "\n" or ch in JOINERS:
            out.append(ch)
        elif cat == "Cc":
            out.append(" " if ch == "\t" else "")
        elif cat in ("Cf", "Zl", "Zp"):  # bidi marks, soft hyphen, word joiner, separators
            out.append("\n" if cat in ("Zl", "Zp") else "")
        else:
            out.append(ch)
    lines = [_SPACES.sub(" ", ln).strip() for ln in "".join(out).split("\n")]
    return "\n".join(ln for ln in lines if ln)


def needs_glyph(ch: str) -> bool:
    """Whether drawing ``ch`` needs a glyph in the font (line breaks and joiners do not)."""
    return ch != "\n" and ch not in JOINERS
