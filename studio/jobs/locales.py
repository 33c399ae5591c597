"""Which voice reads a translation, and the translated project an export renders.

A translation names its voice (``voice`` in ``product.<code>.toml``), or the first installed
voice of its language is used: the same region first ("pt_BR" for pt_BR), then the language
("pt_PT"), and the project's own voice when it already speaks that language. With none
installed the video is made with captions and music only, and the seller is told where Piper
voices come from and where to put one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from studio.core.errors import StudioError
from studio.core.locales import locale_text, localised
from studio.core.model import Project
from studio.voice.language_fit import family, language_name
from studio.voice.library import VoiceInfo, available_voices, find_voice, user_voices_dir

PIPER_VOICES_URL = "https://huggingface.co/rhasspy/piper-voices"


@dataclass
class LocaleProject:
    code: str
    project: Project
    voice: str | None  # the voice that reads it; None: captions and music only
    warnings: list[str] = field(default_factory=list)


def _region(code: str) -> str:
    return code.replace("-", "_").lower()


def voice_for(code: str, current: str, voices: list[VoiceInfo]) -> VoiceInfo | None:
    """An installed voice of the language ``code``: the same region first, then the project's
    own voice (``current``) when it speaks the language, then any voice of the language."""
    same = [v for v in voices if family(v.language) == family(code)]
    exact = [v for v in same if _region(v.language) == _region(code)]
    mine = [v for v in same if v.id == current]
    ranked = exact + mine + same
    return ranked[0] if ranked else None


def no_voice_message(code: str) -> str:
    name = language_name(code)
    return (
        f"no installed voice speaks {name} ({code}): the {code} video has captions and music "
        f"only. Piper voices come from {PIPER_VOICES_URL}; put the .onnx and its .onnx.json "
        f"in {user_voices_dir()}"
    )


def locale_project(project: Project, code: str) -> LocaleProject:
    """The product in ``code``, with the voice that reads it (see the module docstring)."""
    text = locale_text(project, code)
    warnings: list[str] = []
    chosen: str | None = None
    if text.voice:
        try:
            chosen = find_voice(text.voice).id
        except StudioError as exc:
            warnings.append(f"{code}: {exc}; choosing a voice of the language instead")
    if chosen is None:
        found = voice_for(code, project.voice.voice, available_voices())
        chosen = found.id if found is not None else None
    if chosen is None:
        warnings.append(no_voice_message(code))
    return LocaleProject(code, localised(project, code, chosen), chosen, warnings)
