"""Which writing systems a voice reads, so a line in another language is caught before it is voiced.

A Piper voice speaks one language through espeak-ng. A line written in a script the language
does not use (Chinese under an English voice, Cyrillic under a German one) comes out silent or
as letter names, so the studio says so when the line is written, offers the installed voices
that do read it, and the CLI says it once per product. Latin letters count as readable by every
voice: brand names and model codes appear in Latin in every language's listings, and espeak
spells them out in any of its languages.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from studio.core.scripts import excerpt, script_name

QUOTE_CHARS = 40  # of a line quoted in a warning

# The writing systems of the languages Piper has voices for, beyond Latin.
SCRIPTS_OF_LANGUAGE: dict[str, frozenset[str]] = {
    "ar": frozenset({"Arabic"}),
    "fa": frozenset({"Arabic"}),
    "ur": frozenset({"Arabic"}),
    "el": frozenset({"Greek"}),
    "ka": frozenset({"Georgian"}),
    "hy": frozenset({"Armenian"}),
    "he": frozenset({"Hebrew"}),
    "ru": frozenset({"Cyrillic"}),
    "uk": frozenset({"Cyrillic"}),
    "kk": frozenset({"Cyrillic"}),
    "sr": frozenset({"Cyrillic"}),
    "bg": frozenset({"Cyrillic"}),
    "mk": frozenset({"Cyrillic"}),
    "be": frozenset({"Cyrillic"}),
    "mn": frozenset({"Cyrillic"}),
    "ne": frozenset({"Devanagari"}),
    "hi": frozenset({"Devanagari"}),
    "mr": frozenset({"Devanagari"}),
    "bn": frozenset({"Bengali"}),
    "ta": frozenset({"Tamil"}),
    "te": frozenset({"Telugu"}),
    "ml": frozenset({"Malayalam"}),
    "th": frozenset({"Thai"}),
    "zh": frozenset({"Chinese/Japanese characters"}),
    "ja": frozenset({"Chinese/Japanese characters", "Japanese kana"}),
    "ko": frozenset({"Hangul (Korean)"}),
}

LANGUAGE_NAMES = {
    "ar": "Arabic",
    "ca": "Catalan",
    "cs": "Czech",
    "cy": "Welsh",
    "da": "Danish",
    "de": "German",
    "el": "Greek",
    "en": "English",
    "es": "Spanish",
    "fa": "Persian",
    "fi": "Finnish",
    "fr": "French",
    "he": "Hebrew",
    "hi": "Hindi",
    "hu": "Hungarian",
    "is": "Icelandic",
    "it": "Italian",
    "ja": "Japanese",
    "ka": "Georgian",
    "kk": "Kazakh",
    "ko": "Korean",
    "lb": "Luxembourgish",
    "lv": "Latvian",
    "ne": "Nepali",
    "nl": "Dutch",
    "no": "Norwegian",
    "pl": "Polish",
    "pt": "Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "sk": "Slovak",
    "sl": "Slovenian",
    "sr": "Serbian",
    "sv": "Swedish",
    "sw": "Swahili",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "vi": "Vietnamese",
    "zh": "Chinese",
}


class HasLanguage(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def language(self) -> str: ...


V = TypeVar("V", bound=HasLanguage)


def family(language: str) -> str:
    """The language part of a voice's locale ("en_US" -> "en")."""
    return language.replace("-", "_").split("_")[0].lower()


def language_name(language: str) -> str:
    """The language's English name ("en_US" -> "English"); else the code itself."""
    return LANGUAGE_NAMES.get(family(language), language or "this")


def _letter_scripts(text: str) -> dict[str, str]:
    """Each writing system of the letters in ``text`` (Latin aside), with its first letter."""
    found: dict[str, str] = {}
    for ch in unicodedata.normalize("NFKC", text):
        if unicodedata.category(ch)[0] != "L" or ch.isascii():
            continue
        name = script_name(ch)
        if name != "Latin":
            found.setdefault(name, ch)
    return found


def unread_scripts(text: str, language: str) -> list[str]:
    """The writing systems in ``text`` a voice of ``language`` does not read, first seen first."""
    reads = SCRIPTS_OF_LANGUAGE.get(family(language), frozenset())
    return [s for s in _letter_scripts(text) if s not in reads]


def reads(text: str, language: str) -> bool:
    return not unread_scripts(text, language)


def voices_that_read(lines: Iterable[str], voices: Sequence[V]) -> list[V]:
    """The voices that read every one of ``lines`` whole, in the order given."""
    texts = [t for t in lines if t.strip()]
    return [v for v in voices if all(reads(t, v.language) for t in texts)]


@dataclass(frozen=True)
class VoiceMismatch:
    """The lines of a product the chosen voice cannot read, in one message."""

    scripts: tuple[str, ...]
    lines: tuple[str, ...]
    alternatives: tuple[str, ...]  # installed voice ids that read all of them

    def message(self, voice_id: str, language: str) -> str:
        n = len(self.lines)
        shown = excerpt(self.lines[0], QUOTE_CHARS)
        what = ", ".join(self.scripts)
        head = (
            f"the voice {voice_id} ({language_name(language)}) cannot read {what} "
            f"in {n} line{'s' if n != 1 else ''} (first: {shown!r}); "
            "those words are left out of the voice"
        )
        if self.alternatives:
            return head + f"; installed voices that read them: {', '.join(self.alternatives)}"
        return head + "; no installed voice reads them: add a Piper voice for that language"


def voice_mismatch(
    lines: Iterable[str], voice_id: str, language: str, voices: Sequence[HasLanguage]
) -> VoiceMismatch | None:
    """What the product's voice cannot read, or None when it reads every line."""
    bad: list[str] = []
    scripts: dict[str, None] = {}
    for line in lines:
        lost = unread_scripts(line, language)
        if lost:
            bad.append(line)
            scripts.update(dict.fromkeys(lost))
    if not bad:
        return None
    others = [v.id for v in voices_that_read(bad, voices) if v.id != voice_id]
    return VoiceMismatch(tuple(scripts), tuple(bad), tuple(others))
