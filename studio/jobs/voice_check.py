"""What the export says about the voice, once per product rather than once per scene.

A product written in a language the chosen voice does not read would otherwise print the same
warning for every scene; one line names the voice, the writing systems, how many lines are
affected and which installed voices would read them.
"""

from __future__ import annotations

from collections.abc import Mapping

from studio.core.errors import StudioError
from studio.core.model import Project
from studio.core.scripts import excerpt
from studio.voice.language_fit import QUOTE_CHARS, voice_mismatch
from studio.voice.library import available_voices, find_voice, user_voices_dir


def voice_warnings(project: Project, takes: Mapping[str, object]) -> list[str]:
    """At most two lines: the scripts the voice cannot read, then the scenes left silent."""
    scenes = [s for s in project.timeline.scenes if s.voice_line.strip()]
    warnings: list[str] = []
    voice_id = project.voice.voice
    try:
        language = find_voice(voice_id).language
    except StudioError:
        language = None  # the voice job reports a missing voice itself
    if language is not None:
        found = voice_mismatch(
            [s.voice_line for s in scenes], voice_id, language, available_voices()
        )
        if found is not None:
            text = found.message(voice_id, language)
            if not found.alternatives:
                text += f" (put its .onnx and .onnx.json in {user_voices_dir()})"
            warnings.append(text)
    silent = [
        s.caption or s.voice_line
        for s in scenes
        if (take := takes.get(s.id)) is None or getattr(take, "empty", False)
    ]
    if silent:
        shown = excerpt(silent[0], QUOTE_CHARS)
        n = len(silent)
        warnings.append(
            f"{n} scene{'s' if n != 1 else ''} with nothing the voice can speak "
            f"(first: {shown!r}) {'are' if n != 1 else 'is'} shown for reading time"
        )
    return warnings
