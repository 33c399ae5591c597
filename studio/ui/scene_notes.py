"""What a scene will lose when it is voiced and burned in, said before the export does.

``scene_notes(scene, bullets, voice_language, voices)`` returns the notes the inspector
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
from studio.core.scripts import excerpt, script_name
from studio.render.captiontext import emoji_removed, is_emoji
from studio.render.coverage_check import caption_problems
from studio.voice.language_fit import (
    HasLanguage,
    family,
    language_name,
    unread_scripts,
    voices_that_read,
)
from studio.voice.normalize import normalize_for_speech, speakable_for

NoteKind = Literal["silent", "skipped", "emoji", "glyphs", "shortened"]
PREVIEW_CHARS = 80


@dataclass(frozen=True)
class SceneNote:
    kind: NoteKind
    text: str


def _letters(text: str) -> set[str]:
    return {ch for ch in text if unicodedata.category(ch)[0] in "LN"}


def voice_notes(
    line: str, language: str, voices: Sequence[HasLanguage] | None = None
) -> list[SceneNote]:
    """Whether a voice of ``language`` can say ``line``: silent, or which scripts it skips.
    With ``voices`` (the installed ones), the note names those that read the line whole."""
    if not line.strip():
        return []
    spoken = speakable_for(normalize_for_speech(line, lang=family(language) or "en"), language)
    who = f"The {language_name(language)} voice"
    lost = sorted(_letters(unicodedata.normalize("NFKC", line)) - _letters(spoken))
    lost = [ch for ch in lost if not ch.isascii()]
    scripts = list(dict.fromkeys(script_name(ch) for ch in lost))
    scripts += [s for s in unread_scripts(line, language) if s not in scripts]
    offer = "" if voices is None else " " + _offer(line, voices)
    if not spoken:
        what = f" ({', '.join(scripts)})" if scripts else ""
        return [
            SceneNote(
                "silent",
                f"{who} cannot read this line{what}: the scene will be silent. "
                "Choose a voice for its language, or keep the scene silent on purpose." + offer,
            )
        ]
    if scripts and spoken != line.strip() and lost:
        return [
            SceneNote(
                "skipped",
                f"{who} skips what is written in {', '.join(scripts)}; it says: "
                f"“{excerpt(spoken, PREVIEW_CHARS)}”" + offer,
            )
        ]
    if scripts:
        return [
            SceneNote(
                "skipped",
                f"{who} does not read {', '.join(scripts)}: those words will be spelled out "
                "or left out." + offer,
            )
        ]
    return []


def _offer(line: str, voices: Sequence[HasLanguage]) -> str:
    able = [v.id for v in voices_that_read([line], voices)]
    if able:
        return f"Installed voices that read it: {', '.join(able)}."
    return "No installed voice reads it yet: add one for its language in the Voice tab."


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
            f"{len(short.rstrip('…')):,}: “{excerpt(short, PREVIEW_CHARS)}”. Edit the caption or voice line "
            "to choose other words.",
        )
    ]


def scene_notes(
    scene: Scene,
    bullets: Sequence[str],
    voice_language: str | None,
    voices: Sequence[HasLanguage] | None = None,
) -> list[SceneNote]:
    """Everything the inspector should warn about for ``scene`` (empty when all is well)."""
    notes = shortened_note(scene, bullets)
    if voice_language is not None:
        notes += voice_notes(scene.voice_line, voice_language, voices)
    notes += caption_notes(scene.caption, bold=scene.kind != "bullet")
    return notes
