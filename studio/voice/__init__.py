"""Voice: TTS engines behind one interface, the voice library, text normalisation, takes.

Importing this package loads no model and no onnxruntime; the first synthesis does.
"""
from __future__ import annotations

from studio.voice.commands import say, voices_json
from studio.voice.engine import PiperEngine, VoiceEngine, get_engine
from studio.voice.library import (
    VoiceInfo,
    VoiceProblem,
    available_voices,
    register_voice,
    user_voices_dir,
    voice_problems,
)
from studio.voice.normalize import normalize_for_speech, speakable_for
from studio.voice.takes import (
    VoiceLine,
    VoiceTake,
    cached_take,
    load_take_audio,
    synthesize_take,
    take_by_id,
    voice_lines_job,
)

__all__ = [
    "PiperEngine", "VoiceEngine", "get_engine", "VoiceInfo", "available_voices", "register_voice",
    "normalize_for_speech", "speakable_for", "VoiceTake", "cached_take", "load_take_audio",
    "synthesize_take", "take_by_id", "voice_lines_job", "VoiceLine", "VoiceProblem", "voice_problems",
    "user_voices_dir", "say", "voices_json",
]
