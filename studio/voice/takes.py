"""Voice takes: synthesised lines cached on disk by everything that determines their sound.

A take's id is the hash of (engine version + model fingerprint, spoken text, speed,
variation, seed, and expressiveness when it is not 0 — so takes made before that control
existed keep their ids), so asking again for the same line costs a file lookup, a changed model or
setting never reuses stale audio, and two texts that read the same ("$20", "20 dollars") share
one recording. Each take is a 16-bit WAV plus a JSON sidecar in ``DiskCache("voice")``; the
sidecar is written last, so its presence means the take is complete.

A take id names files, so only a well-formed id (``is_take_id``: 32 lowercase hex digits) is
ever looked up, and a take's WAV is always ``<id>.wav`` inside the cache folder: the file name
stored in a sidecar is never followed, so a project file cannot point the studio at audio
elsewhere on the disk.

``variation=0`` ignores the seed (the take is the voice's one deterministic reading), so the
seed is stored as 0 there. Regenerating a line means asking with variation > 0 and a new seed.

Word timings (``VoiceTake.words``, see ``studio.voice.wordtiming``) come from the same model run
as the audio and are stored in the sidecar as (spoken word, start, end); which written token
each word reads is worked out again whenever a take is handed out for a text, since texts
that read the same share a take. A sidecar written before word timings existed still loads,
with ``words`` None: nothing resynthesises behind a caller's back; ``with_word_timings`` fills
them in on request. The take id does not depend on them, so existing caches stay valid and
the format number is unchanged.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from studio.core.cache import DiskCache, hash_key
from studio.core.model import DEFAULT_VOICE, VoiceSettings
from studio.core.progress import Progress
from studio.core.project_io import is_take_id
from studio.media.audio import read_wav, write_wav
from studio.voice.engine import VoiceEngine, check_settings, get_engine
from studio.voice.normalize import normalize_for_speech
from studio.voice.wordtiming import WordTiming, with_tokens, written_word_times

TAKE_FORMAT = 1
CACHE_NAMESPACE = "voice"


@dataclass(frozen=True)
class VoiceTake:
    id: str
    text: str  # as the user wrote it
    spoken_text: str  # what the voice was given; "" when nothing in ``text`` is speakable
    voice: str
    speed: float
    variation: float
    seed: int
    path: Path  # WAV, mono, ``sample_rate``
    duration: float  # seconds
    sample_rate: int
    empty: bool = False  # nothing speakable: the WAV is a short silence and the UI should say so
    expressiveness: float = 0.0  # 0..1, see engine.noise_amounts
    # When each spoken word is heard, one per word of ``spoken_text``, pointing at the tokens of
    # ``text``; None: not known (a take cached before word timings), see ``with_word_timings``.
    words: tuple[WordTiming, ...] | None = None
    words_estimated: bool = False  # shared out by phoneme count, not the voice's own durations

    def to_json(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["path"] = self.path.name
        d["format"] = TAKE_FORMAT
        if self.words is None:
            del d["words"], d["words_estimated"]
        else:
            d["words"] = [w.to_json() for w in self.words]
        return d

    @classmethod
    def from_json(cls, d: dict[str, Any], folder: Path) -> VoiceTake:
        """The take a sidecar describes; its WAV is ``folder/<id>.wav`` whatever ``d["path"]`` says.
        Word timings that are missing or malformed load as None (unknown), not as an error."""
        fields = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in d.items() if k in fields}
        values["path"] = folder / f"{d['id']}.wav"
        values["words"] = _words_from_json(d.get("words"))
        values["words_estimated"] = bool(d.get("words_estimated", False))
        take = cls(**values)
        return take.for_text(take.text)

    def for_text(self, text: str) -> VoiceTake:
        """This take handed out for ``text`` (which reads as its spoken text): the same audio,
        its words pointing at the tokens of ``text``."""
        words = None if self.words is None else with_tokens(self.words, text, self.spoken_text)
        return dataclasses.replace(self, text=text, words=words)

    def written_words(self) -> tuple[tuple[float, float, str], ...]:
        """(start, end, token) in seconds of the WAV for each token of ``text`` that is heard,
        in order: "$63.00" spans both "63" and "dollars". Empty when timings are unknown."""
        return written_word_times(self.words or (), self.text)


def _words_from_json(raw: object) -> tuple[WordTiming, ...] | None:
    if not isinstance(raw, list):
        return None
    out = []
    for item in raw:
        if not (
            isinstance(item, list)
            and len(item) == 3
            and isinstance(item[0], str)
            and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in item[1:])
        ):
            return None
        out.append(WordTiming(item[0], float(item[1]), float(item[2])))
    return tuple(out)


def _cache() -> DiskCache:
    return DiskCache(CACHE_NAMESPACE)


def spoken_text_for(text: str, engine: VoiceEngine) -> str:
    """The text a voice is given for ``text``: normalised, then limited to what it can say."""
    family = engine.language.replace("-", "_").split("_")[0] or "en"
    return engine.speakable(normalize_for_speech(text, lang=family))


def take_key(
    engine: VoiceEngine,
    spoken_text: str,
    speed: float,
    variation: float,
    seed: int,
    expressiveness: float = 0.0,
) -> str:
    parts: list[object] = [
        "voice-take",
        TAKE_FORMAT,
        engine.fingerprint,
        spoken_text,
        round(speed, 4),
        round(variation, 4),
        seed if variation > 0 else 0,
    ]
    if round(expressiveness, 4):
        parts.append(("expressiveness", round(expressiveness, 4)))
    return hash_key(*parts)


def _in_cache(cache: DiskCache, path: Path) -> bool:
    """True if ``path``, with any links followed, is a file directly in the cache folder."""
    try:
        return path.resolve().parent == cache.dir.resolve() and path.is_file()
    except (OSError, RuntimeError):  # RuntimeError: a link loop
        return False


def _load(cache: DiskCache, key: str) -> VoiceTake | None:
    """The complete take stored under ``key``, or None for anything missing, damaged or foreign."""
    if not is_take_id(key):
        return None
    sidecar = cache.path(key, ".json")
    if not _in_cache(cache, sidecar):
        return None
    try:
        meta = cache.get_json(key)
    except (OSError, ValueError, RecursionError):  # unreadable, a huge number, deep nesting
        return None
    if not isinstance(meta, dict) or meta.get("format") != TAKE_FORMAT or meta.get("id") != key:
        return None
    try:
        take = VoiceTake.from_json(meta, cache.dir)
    except (KeyError, TypeError):
        return None
    return take if _in_cache(cache, take.path) else None


def take_by_id(take_id: str) -> VoiceTake | None:
    """A cached take by its id (what a Scene stores as its chosen take), or None: also for an id
    that is not a take id at all ("../x", a NUL, 5,000 characters), which never touches the disk."""
    return _load(_cache(), take_id)


def cached_take(
    text: str,
    voice: str = DEFAULT_VOICE,
    speed: float = 1.0,
    variation: float = 0.0,
    seed: int = 0,
    expressiveness: float = 0.0,
) -> VoiceTake | None:
    """The take ``synthesize_take`` would return, if it is already on disk; never synthesises."""
    engine = get_engine(voice)
    spoken = spoken_text_for(text, engine)
    take = _load(_cache(), take_key(engine, spoken, speed, variation, seed, expressiveness))
    return take.for_text(text) if take else None


def synthesize_take(
    text: str,
    voice: str = DEFAULT_VOICE,
    speed: float = 1.0,
    variation: float = 0.0,
    seed: int = 0,
    expressiveness: float = 0.0,
) -> VoiceTake:
    """The take for ``text`` with these settings, from the cache or synthesised once."""
    check_settings(speed, variation, expressiveness)
    engine = get_engine(voice)
    seed = int(seed) if variation > 0 else 0
    spoken = spoken_text_for(text, engine)
    cache = _cache()
    key = take_key(engine, spoken, speed, variation, seed, expressiveness)
    hit = _load(cache, key)
    if hit is not None:
        return hit.for_text(text)
    speech = engine.synthesize_timed(
        spoken, speed=speed, variation=variation, seed=seed, expressiveness=expressiveness
    )
    samples = speech.samples
    path = write_wav(cache.path(key, ".wav"), samples, engine.sample_rate)
    take = VoiceTake(
        id=key,
        text=text,
        spoken_text=spoken,
        voice=engine.id,
        speed=float(speed),
        variation=float(variation),
        seed=seed,
        path=path,
        duration=len(samples) / engine.sample_rate,
        sample_rate=engine.sample_rate,
        empty=not spoken,
        expressiveness=float(expressiveness),
        words=speech.words,
        words_estimated=speech.estimated,
    ).for_text(text)
    cache.put_json(key, take.to_json())
    return take


def with_word_timings(take: VoiceTake) -> VoiceTake:
    """``take`` with its word timings, working them out for a take cached before they existed
    by running the voice again (seconds of work: call it where a user asked for timings, not
    inside a render) and storing them in its sidecar. If this machine's run no longer gives
    the cached length exactly, the times are scaled to the WAV and marked estimated."""
    if take.words is not None:
        return take
    if take.empty:
        words: tuple[WordTiming, ...] = ()
        estimated = False
    else:
        speech = get_engine(take.voice).synthesize_timed(
            take.spoken_text,
            speed=take.speed,
            variation=take.variation,
            seed=take.seed,
            expressiveness=take.expressiveness,
        )
        cached = int(round(take.duration * take.sample_rate))
        estimated = speech.estimated
        words = speech.words
        if speech.samples.size != cached and speech.samples.size:
            k = cached / speech.samples.size
            words = tuple(WordTiming(w.text, w.start * k, w.end * k) for w in words)
            estimated = True
    done = dataclasses.replace(take, words=words, words_estimated=estimated).for_text(take.text)
    cache = _cache()
    if _load(cache, take.id) is not None:  # only a take of this cache gets its sidecar updated
        cache.put_json(
            take.id, dataclasses.replace(done, path=cache.path(take.id, ".wav")).to_json()
        )
    return done


def load_take_audio(take: VoiceTake) -> tuple[np.ndarray, int]:
    """A take's samples (mono float32) and rate; re-synthesised if the cache was cleared."""
    if not take.path.is_file():
        take = synthesize_take(
            take.text, take.voice, take.speed, take.variation, take.seed, take.expressiveness
        )
    samples, sr = read_wav(take.path)
    if samples.ndim == 2:
        samples = samples.mean(axis=1)
    return samples, sr


@dataclass(frozen=True)
class VoiceLine:
    """One line to voice with its own controls; None means "the project's setting"."""

    key: str
    text: str
    speed: float | None = None  # per-scene voice speed
    expressiveness: float = 0.0


def _as_line(line: VoiceLine | tuple[str, str]) -> VoiceLine:
    return line if isinstance(line, VoiceLine) else VoiceLine(line[0], line[1])


def voice_lines_job(
    lines: Sequence[VoiceLine | tuple[str, str]],
    settings: VoiceSettings,
    *,
    variation: float = 0.0,
    seed: int = 0,
    on_take: Callable[[str, VoiceTake], Any] | None = None,
) -> Generator[Progress, None, dict[str, VoiceTake]]:
    """Voice each line ((key, text) or a VoiceLine with its own speed/expressiveness) in
    order; return {key: take}. All settings are checked before any work.

    Yields once before the first line (the voice may take seconds to load) and after each line,
    so a consumer can start playing line 1 (``on_take``, or ``cached_take``) while later lines
    are still being voiced. Closing the generator stops between lines; finished takes stay
    cached (each is complete on disk), nothing half-written is left.
    """
    todo = [_as_line(line) for line in lines]
    n = len(todo)
    check_settings(settings.speed, variation)
    for line in todo:
        check_settings(line.speed or settings.speed, variation, line.expressiveness)
    get_engine(settings.voice)  # an unknown voice fails here, before any work
    takes: dict[str, VoiceTake] = {}
    yield Progress("Voicing", 0, n, "Preparing the voice")
    for i, line in enumerate(todo):
        take = synthesize_take(
            line.text,
            settings.voice,
            line.speed or settings.speed,
            variation,
            seed,
            line.expressiveness,
        )
        takes[line.key] = take
        if on_take is not None:
            on_take(line.key, take)
        note = " (nothing the voice can say)" if take.empty else ""
        yield Progress("Voicing", i + 1, n, f"Voiced line {i + 1} of {n}{note}")
    return takes
