"""What a scene will lose when it is voiced and burned in, said before the export does.

``scene_notes(scene, bullets, voice_language, voice_name)`` returns the notes the inspector
shows: a line the chosen voice cannot say (all of it: the scene is silent; part of it: those
words are skipped), emoji that captions do not draw, letters no caption font has, and a bullet
shortened for the video (with what is said instead). Qt-free, so tests call it directly.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from studio.core.intake import shorten
from studio.core.model import Scene
from studio.render.captiontext import emoji_removed, is_emoji
from studio.render.coverage_check import caption_problems, script_name
from studio.voice.normalize import normalize_for_speech, speakable_for

NoteKind = Literal["silent", "skipped", "emoji", "glyphs", "shortened"]
PREVIEW_CHARS = 80


@dataclass(frozen=True)
class SceneNote:
    kind: NoteKind
    text: str


def language_name(language: str) -> str:
    """The language's English name ("en_US" -> "English"); else the code itself."""
    family = language.replace("-", "_").split("_")[0].lower()
    return _LANGUAGES.get(family, language or "this")


_LANGUAGES = {
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
    "hu": "Hungarian",
    "is": "Icelandic",
    "it": "Italian",
    "ka": "Georgian",
    "kk": "Kazakh",
    "lb": "Luxembourgish",
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


def _excerpt(text: str, limit: int = PREVIEW_CHARS) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _letters(text: str) -> set[str]:
    return {ch for ch in text if unicodedata.category(ch)[0] in "LN"}


def voice_notes(line: str, language: str) -> list[SceneNote]:
    """Whether a voice of ``language`` can say ``line``: silent, or which scripts it skips."""
    if not line.strip():
        return []
    family = language.replace("-", "_").split("_")[0].lower() or "en"
    spoken = speakable_for(normalize_for_speech(line, lang=family), language)
    who = f"The {language_name(language)} voice"
    lost = sorted(_letters(unicodedata.normalize("NFKC", line)) - _letters(spoken))
    lost = [ch for ch in lost if not ch.isascii()]
    scripts = list(dict.fromkeys(script_name(ch) for ch in lost))
    if not spoken:
        what = f" ({', '.join(scripts)})" if scripts else ""
        return [
            SceneNote(
                "silent",
                f"{who} cannot read this line{what}: the scene will be silent. "
                "Choose a voice for its language, or keep the scene silent on purpose.",
            )
        ]
    if scripts:
        return [
            SceneNote(
                "skipped",
                f"{who} skips what is written in {', '.join(scripts)}; it says: "
                f"“{_excerpt(spoken)}”",
            )
        ]
    return []


def caption_notes(caption: str, bold: bool) -> list[SceneNote]:
    """Emoji left out of the burned-in caption, and letters no caption font can draw."""
    notes = []
    if emoji_removed(caption):
        # the pictographs themselves, not the joiners and selectors that build sequences
        shown = "".join(
            dict.fromkeys(ch for ch in caption if is_emoji(ch) and unicodedata.category(ch) == "So")
        )
        notes.append(
            SceneNote(
                "emoji",
                f"Emoji {shown + ' ' if shown else ''}are not drawn in the video's captions "
                "(the subtitle files keep them).",
            )
        )
    for problem in caption_problems([("Caption", caption)], bold=bold):
        notes.append(SceneNote("glyphs", problem[0].upper() + problem[1:] + "."))
    return notes


def shortened_note(scene: Scene, bullets: Sequence[str]) -> list[SceneNote]:
    """A bullet too long for a scene is shortened; say by how much and what is kept."""
    b = scene.bullet
    if scene.kind != "bullet" or b is None or not 0 <= b < len(bullets):
        return []
    full = bullets[b]
    short = shorten(full)
    if short == full or scene.source_text != short:
        return []
    return [
        SceneNote(
            "shortened",
            f"This bullet has {len(full):,} characters; the video uses the first "
            f"{len(short.rstrip('…')):,}: “{_excerpt(short)}”. Edit the caption or voice line "
            "to choose other words.",
        )
    ]


def scene_notes(
    scene: Scene, bullets: Sequence[str], voice_language: str | None
) -> list[SceneNote]:
    """Everything the inspector should warn about for ``scene`` (empty when all is well)."""
    notes = shortened_note(scene, bullets)
    if voice_language is not None:
        notes += voice_notes(scene.voice_line, voice_language)
    notes += caption_notes(scene.caption, bold=scene.kind != "bullet")
    return notes
