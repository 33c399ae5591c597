"""TTS engines behind one small interface, and the per-process registry that loads each once.

``VoiceEngine`` is what the rest of the app needs from a voice: text in, float32 mono samples
out, reproducibly. ``PiperEngine`` implements it for Piper voices (.onnx + .onnx.json).

Expressiveness. Piper (VITS) has no emphasis or emotion input. What it has is two noise
sources: ``noise_w`` drives phoneme-duration variation (rhythm, lengthened words) and
``noise_scale`` drives pitch/energy variation within phonemes. ``expressiveness`` (0..1) turns
these up, to EXPRESSIVE_W x the voice's default ``noise_w`` and EXPRESSIVE_SCALE x its
``noise_scale`` at 1: a livelier, less even reading, not control over which word is stressed.
It is fed from the same seeded noise as ``variation`` (seed 0 when variation is 0), so an
expressive take is as reproducible as any other.

Reproducibility. With ``variation=0`` Piper's noise is switched off (noise scales 0) and the
same text always gives the same samples. With ``variation>0`` the model's two noise sources
(phoneme durations and voice texture) are fed from numpy generators seeded by ``seed`` and the
sentence index, instead of onnxruntime's clock-seeded generator, so a (text, speed, variation,
seed) always gives the same take on this model and machine, and another seed gives another
take. Bit-identity across CPUs/onnxruntime versions is not promised (float kernels differ);
the take cache key includes the model fingerprint, not the machine.

Word timings. ``synthesize_timed`` also says when each word of the text is spoken. The
model's graph is edited on load to return its per-phoneme durations (``_onnx_durations``), so
one run gives the audio and its timing, exact on the model's frame grid; sentence gaps, the
pieces of a long sentence, the speed and the final trim are accounted for, so the times are
those of the returned samples. A model whose graph can't be edited gets estimated times
(``Speech.estimated``; see ``studio.voice.wordtiming``).

``import piper`` / onnxruntime happen on first synthesis (or ``load()``), never at import.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import numpy as np

from studio.core.errors import MediaError, StudioError
from studio.core.model import VoiceSettings, limits
from studio.voice.library import VoiceInfo, available_voices, find_voice
from studio.voice.normalize import speakable_for
from studio.voice.wordtiming import (
    PhonemeWord,
    WordTiming,
    phoneme_edges,
    split_words,
    word_times,
)

if TYPE_CHECKING:
    from studio.voice._onnx_noise import NoiseInput

__all__ = [
    "VoiceEngine",
    "Speech",
    "PiperEngine",
    "get_engine",
    "available_voices",
    "SILENCE_SECONDS",
    "MIN_SPEED",
    "MAX_SPEED",
]

ENGINE_VERSION = "piper-1"  # bump when output for the same inputs changes (cache invalidation)
SILENCE_SECONDS = 0.25  # what a line with nothing speakable becomes
MIN_SPEED, MAX_SPEED = limits(VoiceSettings, "speed")
EXPRESSIVE_W = 1.6  # noise_w multiple at expressiveness 1 (durations vary more)
EXPRESSIVE_SCALE = 1.2  # noise_scale multiple at expressiveness 1 (more pitch/energy movement)
SENTENCE_GAP = 0.12  # extra pause between sentences, on top of the model's own (~0.2 s)
LEAD_IN, TAIL_OUT = 0.03, 0.08  # silence kept before the first and after the last sound
PEAK = 10 ** (-1.0 / 20)  # takes are peak-normalised to -1 dBFS as a whole (not per sentence)


@dataclass(frozen=True, eq=False)  # samples are an array: compare them with numpy
class Speech:
    """Synthesised samples and when each word of the text is spoken in them."""

    samples: np.ndarray  # mono float32 at the engine's sample_rate
    words: tuple[WordTiming, ...]  # one per whitespace-separated word of the speakable text
    estimated: bool = False  # times shared out by phoneme count: the model gave no durations


@runtime_checkable
class VoiceEngine(Protocol):
    """A loaded (or lazily loading) voice."""

    id: str
    sample_rate: int
    language: str

    @property
    def fingerprint(self) -> str:
        """Identifies the engine code and model bytes; part of every take's cache key."""
        ...

    def speakable(self, text: str) -> str:
        """The part of ``text`` this voice can pronounce; "" if nothing."""
        ...

    def synthesize(
        self,
        text: str,
        *,
        speed: float = 1.0,
        variation: float = 0.0,
        seed: int = 0,
        expressiveness: float = 0.0,
    ) -> np.ndarray:
        """Mono float32 samples at ``sample_rate``; a short silence if nothing is speakable."""
        ...

    def synthesize_timed(
        self,
        text: str,
        *,
        speed: float = 1.0,
        variation: float = 0.0,
        seed: int = 0,
        expressiveness: float = 0.0,
    ) -> Speech:
        """The samples ``synthesize`` gives, with a timing for every word of ``speakable(text)``."""
        ...


def check_settings(speed: float, variation: float, expressiveness: float = 0.0) -> None:
    if not MIN_SPEED <= speed <= MAX_SPEED:
        raise StudioError(f"voice speed {speed:g} is out of range ({MIN_SPEED:g} to {MAX_SPEED:g})")
    if not 0.0 <= variation <= 1.0:
        raise StudioError(f"voice variation {variation:g} is out of range (0 to 1)")
    if not 0.0 <= expressiveness <= 1.0:
        raise StudioError(f"voice expressiveness {expressiveness:g} is out of range (0 to 1)")


def noise_amounts(variation: float, expressiveness: float) -> tuple[float, float]:
    """Multiples of the voice's (noise_scale, noise_w) for these settings: ``variation`` alone
    gives (v, v); expressiveness moves both towards (EXPRESSIVE_SCALE, EXPRESSIVE_W)."""
    e = expressiveness
    return variation + e * (EXPRESSIVE_SCALE - variation), variation + e * (
        EXPRESSIVE_W - variation
    )


class PiperEngine:
    """One Piper voice. Cheap to construct; the model loads once, on first use, thread-safely."""

    frames_per_id = 6.0  # first guess of audio frames per phoneme id, for sizing noise buffers

    def __init__(self, info: VoiceInfo) -> None:
        self.info = info
        self.id = info.id
        self.sample_rate = info.sample_rate
        self.language = info.language
        self.synth_calls = 0  # sentences run through the model; lets tests see cache hits
        self.load_seconds: float | None = None
        self.reproducible_variation = True  # False if the graph could not be patched
        self._lock = threading.Lock()
        self._voice: Any = None
        self._noise: list[NoiseInput] = []
        self._noise_channels: list[int] = []
        self._noise_per_phoneme: list[bool] = []
        self._outputs: list[str] = []  # audio, each noise input's shape, then durations if any
        self._durations: str | None = None  # the graph output with frames per phoneme id
        self._templates: dict[str, list[list[str]]] = {}  # a word's phonemes said alone
        self._hop_length = 256  # samples per model frame; the config's value once loaded
        cfg = json.loads(info.config_path.read_text(encoding="utf-8")).get("inference", {})
        self._noise_scale = float(cfg.get("noise_scale", 0.667))
        self._noise_w = float(cfg.get("noise_w", 0.8))
        self._length_scale = float(cfg.get("length_scale", 1.0))

    @property
    def fingerprint(self) -> str:
        return f"{ENGINE_VERSION}:{self.info.fingerprint}"

    def speakable(self, text: str) -> str:
        return speakable_for(text, self.language)

    # -- loading ------------------------------------------------------------------------
    def load(self) -> None:
        """Load the model now (otherwise the first synthesis does). Idempotent."""
        if self._voice is not None:
            return
        with self._lock:
            if self._voice is None:
                self._load_locked()

    def _load_locked(self) -> None:
        import time

        import onnxruntime
        from piper import PiperConfig, PiperVoice

        from studio.voice._onnx_durations import expose_durations
        from studio.voice._onnx_noise import patch_noise_inputs

        t0 = time.perf_counter()
        try:
            config = PiperConfig.from_dict(
                json.loads(self.info.config_path.read_text(encoding="utf-8"))
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise MediaError(self.info.config_path, f"not a Piper voice config ({exc})") from exc
        self._hop_length = int(getattr(config, "hop_length", 256) or 256)
        opts = onnxruntime.SessionOptions()
        opts.log_severity_level = 3

        def open_voice(model: str | bytes) -> Any:
            session = onnxruntime.InferenceSession(
                model, sess_options=opts, providers=["CPUExecutionProvider"]
            )
            return PiperVoice(session=session, config=config)

        original = self.info.model_path.read_bytes()
        try:
            model, durations = expose_durations(original)
        except Exception:  # no single Ceil, or not an ONNX file: estimated word times
            model, durations = original, None
        try:
            patched, self._noise = patch_noise_inputs(model)
            voice = open_voice(patched)
            self._set_outputs(voice, durations)
            self._probe_noise_shapes(voice)
        except Exception:
            # An export we can't patch still speaks, with onnxruntime's own (unseedable) noise:
            # its variation takes differ per call, though each is kept once cached.
            self._noise = []
            self.reproducible_variation = False
            voice = None
            if durations is not None:
                try:
                    voice = open_voice(model)
                except Exception:
                    durations = None
            if voice is None:
                try:
                    voice = open_voice(str(self.info.model_path))
                except Exception as exc:
                    if not type(exc).__module__.startswith("onnxruntime"):
                        raise
                    raise MediaError(
                        self.info.model_path, "not a voice model this app can load"
                    ) from exc
            self._set_outputs(voice, durations)
        self._check_matches_config(voice)
        voice.phonemize("Ready.")  # espeak's first call sets itself up; pay for it here
        _ = self.fingerprint  # hashes the model file once, so the first take doesn't wait
        self._voice = voice
        self.load_seconds = time.perf_counter() - t0

    def _check_matches_config(self, voice: Any) -> None:
        """A model and a config from different voices fail here with a sentence, not later
        with an onnxruntime shape error in the middle of a render."""
        inputs = {i.name: i for i in voice.session.get_inputs()}
        missing = {"input", "input_lengths", "scales"} - set(inputs)
        if missing:
            raise MediaError(
                self.info.model_path, f"not a Piper voice model (no input {sorted(missing)[0]!r})"
            )
        takes_speaker = "sid" in inputs
        multi = voice.config.num_speakers > 1
        if takes_speaker != multi:
            have = "several speakers" if takes_speaker else "one speaker"
            raise MediaError(
                self.info.config_path,
                f"does not match its model: the config lists {voice.config.num_speakers} "
                f"speaker(s) but the model has {have}",
            )
        if (
            self.info.speaker_id is not None
            and not 0 <= self.info.speaker_id < voice.config.num_speakers
        ):
            raise MediaError(self.info.model_path, f"has no speaker {self.info.speaker_id}")

    def _set_outputs(self, voice: Any, durations: str | None) -> None:
        """The outputs each run asks for, by name: the audio, the noise shapes, durations."""
        self._durations = durations
        self._outputs = [voice.session.get_outputs()[0].name]
        self._outputs += [n.shape_output for n in self._noise]
        if durations is not None:
            self._outputs.append(durations)

    def _probe_noise_shapes(self, voice: Any) -> None:
        """Learn each noise input's channel count and whether its time axis is per phoneme."""
        ids = voice.phonemes_to_ids(list("ab"))
        outs = self._run(voice, ids, [(1, 1024, 1024)] * len(self._noise), np.zeros(3, np.float32))
        shapes = [tuple(int(d) for d in o) for o in outs[1 : 1 + len(self._noise)]]
        self._noise_channels = [s[1] for s in shapes]
        self._noise_per_phoneme = [s[2] == len(ids) for s in shapes]

    # -- synthesis ----------------------------------------------------------------------
    def synthesize(
        self,
        text: str,
        *,
        speed: float = 1.0,
        variation: float = 0.0,
        seed: int = 0,
        expressiveness: float = 0.0,
    ) -> np.ndarray:
        return self.synthesize_timed(
            text, speed=speed, variation=variation, seed=seed, expressiveness=expressiveness
        ).samples

    def synthesize_timed(
        self,
        text: str,
        *,
        speed: float = 1.0,
        variation: float = 0.0,
        seed: int = 0,
        expressiveness: float = 0.0,
    ) -> Speech:
        check_settings(speed, variation, expressiveness)
        text = self.speakable(text)
        if not text:
            return Speech(self.silence(), ())
        self.load()
        voice = self._voice
        length_scale = self._length_scale / speed
        amount_s, amount_w = noise_amounts(variation, expressiveness)
        scales = np.array(
            [self._noise_scale * amount_s, length_scale, self._noise_w * amount_w], np.float32
        )
        variation = max(amount_s, amount_w)  # any noise at all: feed the seeded buffers
        gap = np.zeros(int(SENTENCE_GAP * length_scale * self.sample_rate), np.float32)
        parts: list[np.ndarray] = []
        heard: list[PhonemeWord] = []  # phoneme words, timed in samples of the joined parts
        at = 0  # where the next part starts in the joined parts
        estimated = False
        for i, sentence in enumerate(voice.phonemize(text)):
            for k, phonemes in enumerate(phoneme_chunks(sentence)):
                ids = voice.phonemes_to_ids(phonemes)
                # A sentence's first piece keeps the noise stream it always had (so takes stay
                # reproducible); later pieces of a long one get streams of their own.
                audio, per_id = self._sentence(
                    voice, ids, scales, variation, seed, i + 1_000_000 * k
                )
                if parts:
                    parts.append(gap if k == 0 else gap[: len(gap) // 2])
                    at += len(parts[-1])
                edges, guessed = _phoneme_edges(voice, phonemes, ids, audio.size, per_id)
                estimated |= guessed
                heard.extend(split_words(phonemes, at + edges))
                parts.append(audio)
                at += audio.size
        if not parts:
            return Speech(self.silence(), ())
        samples, start = _finish(np.concatenate(parts), self.sample_rate)
        if not samples.any():
            return Speech(samples, ())
        templates = [self._template(voice, word) for word in text.split()]
        words = word_times(text, templates, heard, start, samples.size, self.sample_rate)
        return Speech(samples, words, estimated)

    def _template(self, voice: Any, word: str) -> list[list[str]]:
        """``word``'s phoneme words when said alone: what the alignment looks for."""
        found = self._templates.get(word)
        if found is None:
            found = [list(w.phonemes) for s in voice.phonemize(word) for w in split_words(s)]
            if len(self._templates) > 20_000:
                self._templates.clear()
            self._templates[word] = found
        return found

    def silence(self) -> np.ndarray:
        return np.zeros(int(round(SILENCE_SECONDS * self.sample_rate)), np.float32)

    def _sentence(
        self,
        voice: Any,
        ids: list[int],
        scales: np.ndarray,
        variation: float,
        seed: int,
        index: int,
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """One model run: its samples, and the samples each phoneme id got (None if the model
        does not report durations)."""
        with self._lock:
            self.synth_calls += 1
        if not self._noise:
            return self._audio_and_durations(self._run(voice, ids, [], scales))
        frames = int(self.frames_per_id * len(ids) * float(scales[1])) + 64
        for _attempt in range(5):
            shapes = [
                (1, ch, len(ids) if per_ph else frames)
                for ch, per_ph in zip(self._noise_channels, self._noise_per_phoneme, strict=True)
            ]
            buffers = [
                _noise_buffer(shape, seed, index, k)
                if variation > 0
                else np.zeros(shape, np.float32)
                for k, shape in enumerate(shapes)
            ]
            try:
                outs = self._run(voice, ids, buffers, scales)
            except Exception as exc:
                if not type(exc).__module__.startswith("onnxruntime"):
                    raise
                frames *= 2  # the utterance needed more frames of noise than estimated
                continue
            needed = [tuple(int(d) for d in o) for o in outs[1 : 1 + len(self._noise)]]
            if all(
                n <= b
                for need, buf in zip(needed, buffers, strict=True)
                for n, b in zip(need, buf.shape, strict=True)
            ):
                return self._audio_and_durations(outs)
            frames = max(frames * 2, max(n[2] for n in needed))
        raise RuntimeError("voice model kept asking for more noise than supplied")

    def _audio_and_durations(self, outs: list[Any]) -> tuple[np.ndarray, np.ndarray | None]:
        audio = np.asarray(outs[0], np.float32).reshape(-1)
        if self._durations is None:
            return audio, None
        per_id = np.asarray(outs[-1], np.float64).reshape(-1) * self._hop_length
        # The decoder makes hop_length samples per frame; anything else is a graph we misread.
        return audio, per_id if abs(per_id.sum() - audio.size) < 1 else None

    def _run(
        self, voice: Any, ids: Sequence[int], noise: Sequence[Any], scales: np.ndarray
    ) -> list[Any]:
        feed: dict[str, np.ndarray] = {
            "input": np.asarray([ids], np.int64),
            "input_lengths": np.asarray([len(ids)], np.int64),
            "scales": scales,
        }
        if voice.config.num_speakers > 1:
            sid = (
                self.info.speaker_id
                if self.info.speaker_id is not None
                else voice.config.default_speaker_id
            )
            feed["sid"] = np.asarray([sid], np.int64)
        for spec, buf in zip(self._noise, noise, strict=False):
            feed[spec.name] = np.zeros(buf, np.float32) if isinstance(buf, tuple) else buf
        result: list[Any] = voice.session.run(self._outputs or None, feed)
        return result


MAX_PHONEMES = 300  # per model run: the network's memory grows with the square of the input
CLAUSE_MARKS = frozenset(",;:—–")


def phoneme_chunks(phonemes: Sequence[str], limit: int = MAX_PHONEMES) -> list[list[str]]:
    """One sentence's phonemes in pieces the model can take: whole when short, else cut at
    the last clause mark (comma, semicolon...) before ``limit``, else at the last word
    boundary, else hard. A 10,000-character line without a full stop then costs what a few
    dozen short sentences cost (measured before: 20 GB for one such line)."""
    rest = list(phonemes)
    out: list[list[str]] = []
    while len(rest) > limit:
        window = rest[:limit]
        cut = next(
            (i + 1 for i in range(limit - 1, limit // 3, -1) if window[i] in CLAUSE_MARKS), 0
        )
        if not cut:
            cut = next((i + 1 for i in range(limit - 1, limit // 3, -1) if window[i] == " "), limit)
        piece, rest = rest[:cut], rest[cut:]
        while rest and rest[0] == " ":
            rest = rest[1:]
        if any(p.strip() for p in piece):
            out.append(piece)
    if any(p.strip() for p in rest):
        out.append(rest)
    return out


def _phoneme_edges(
    voice: Any, phonemes: list[str], ids: list[int], length: int, per_id: np.ndarray | None
) -> tuple[np.ndarray, bool]:
    """Where each phoneme of one model run starts in its ``length`` samples, from the model's
    durations when it gave them, else estimated (True): the samples shared out equally among
    the ids (or the phonemes, for an id scheme that isn't Piper's framing)."""
    id_map = voice.config.phoneme_id_map
    if per_id is not None:
        edges = phoneme_edges(phonemes, ids, per_id, id_map)
        if edges is not None:
            return edges, False
    edges = phoneme_edges(phonemes, ids, [length / len(ids)] * len(ids), id_map)
    return (np.linspace(0.0, length, len(phonemes) + 1) if edges is None else edges), True


def _noise_buffer(shape: tuple[int, int, int], seed: int, sentence: int, k: int) -> np.ndarray:
    """Standard normal noise laid out so column t depends only on (seed, sentence, k, t)."""
    rng = np.random.default_rng([seed & 0xFFFFFFFF, sentence, k])
    _, ch, t = shape
    return np.ascontiguousarray(rng.standard_normal((t, ch), dtype=np.float32).T)[None]


def _finish(audio: np.ndarray, sr: int) -> tuple[np.ndarray, int]:
    """Trim to a short lead-in/tail, fade the cut edges, peak-normalise the whole take.
    Also returns where in ``audio`` the result starts."""
    peak = float(np.max(np.abs(audio))) if audio.size else 0.0
    if peak < 1e-6:
        return np.zeros(int(round(SILENCE_SECONDS * sr)), np.float32), 0
    loud = np.flatnonzero(np.abs(audio) > peak * 0.01)  # -40 dB below the peak
    start = max(0, int(loud[0]) - int(LEAD_IN * sr))
    end = min(audio.size, int(loud[-1]) + 1 + int(TAIL_OUT * sr))
    out = audio[start:end] * (PEAK / peak)
    fade = min(int(0.005 * sr), out.size // 2)
    if fade:
        ramp = np.linspace(0.0, 1.0, fade, dtype=np.float32)
        out[:fade] *= ramp
        out[-fade:] *= ramp[::-1]
    return out.astype(np.float32), start


_engines: dict[str, PiperEngine] = {}
_engines_lock = threading.Lock()


def get_engine(voice_id: str) -> VoiceEngine:
    """The engine for ``voice_id``, created once per process. Unknown id: StudioError."""
    engine = _engines.get(voice_id)
    if engine is not None:
        return engine
    with _engines_lock:
        engine = _engines.get(voice_id)
        if engine is None:
            engine = _engines[voice_id] = PiperEngine(find_voice(voice_id))
        return engine
