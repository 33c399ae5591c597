"""Writing systems by their readers' names, and quoting a user's text, for messages about text
a font or a voice lacks.

Unicode names say the script for most letters ("CYRILLIC SMALL LETTER A" -> "Cyrillic"); the
ranges below cover the ones whose names do not (CJK ideographs, Hangul syllables, kana).
"""

from __future__ import annotations

import unicodedata

# Writing systems whose characters go by names that do not say which script they are.
NAMED_RANGES = (
    ((0x1100, 0x11FF), "Hangul (Korean)"),
    ((0x3130, 0x318F), "Hangul (Korean)"),
    ((0xA960, 0xA97F), "Hangul (Korean)"),
    ((0xAC00, 0xD7FF), "Hangul (Korean)"),
    ((0x3040, 0x30FF), "Japanese kana"),
    ((0x31F0, 0x31FF), "Japanese kana"),
    ((0x2E80, 0x2FDF), "Chinese/Japanese characters"),
    ((0x3400, 0x4DBF), "Chinese/Japanese characters"),
    ((0x4E00, 0x9FFF), "Chinese/Japanese characters"),
    ((0xF900, 0xFAFF), "Chinese/Japanese characters"),
    ((0x20000, 0x3FFFF), "Chinese/Japanese characters"),
    ((0xE000, 0xF8FF), "private-use characters"),
    ((0xF0000, 0x10FFFF), "private-use characters"),
)
# Words that end the script part of a character name ("OL CHIKI LETTER LA" -> "Ol Chiki").
_NAME_STOPS = frozenset(
    [
        "LETTER",
        "SYLLABLE",
        "DIGIT",
        "NUMBER",
        "SIGN",
        "VOWEL",
        "CONSONANT",
        "CHARACTER",
        "MARK",
        "PUNCTUATION",
        "SYMBOL",
        "LIGATURE",
        "CAPITAL",
        "SMALL",
        "COMMA",
        "FULL",
        "WORD",
        "HIEROGLYPH",
        "IDEOGRAPH",
        "FRACTION",
        "ABBREVIATION",
        "INDEPENDENT",
        "DEPENDENT",
        "MEDIAL",
        "FINAL",
        "INITIAL",
        "TONE",
        "ACCENT",
    ]
)


def script_name(ch: str) -> str:
    """A reader's name for the writing system of ``ch`` ("Hangul (Korean)", "Ol Chiki")."""
    cp = ord(ch)
    for (lo, hi), name in NAMED_RANGES:
        if lo <= cp <= hi:
            return name
    words = unicodedata.name(ch, "").split()
    head: list[str] = []
    for w in words:
        if w in _NAME_STOPS:
            break
        head.append(w)
    if not head:
        return "unassigned characters" if unicodedata.category(ch) == "Cn" else "symbols"
    return " ".join(w.capitalize() for w in head)


def excerpt(text: str, limit: int) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis, to quote in a message."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
