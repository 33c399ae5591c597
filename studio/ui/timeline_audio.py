"""The sound drawn on the timeline: each scene's voice take and the music bed, as peak
envelopes (the loudest sample in every hundredth of a second), and the music's beats.

Qt-free. The envelopes come from the audio the preview just used — the takes in the voice
cache and the bed it mixed (cached on disk too) — so nothing is synthesised here; a line whose
take is not cached yet simply has no waveform until the next preview. ``waveforms_job`` runs on
a worker; painting only pools the small envelopes into pixel columns (``columns``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from studio.core.model import Project
from studio.core.progress import Job, Progress
from studio.media.audio import AUDIO_RATE
from studio.ui.timeline_time import Spoken, voice_key

ENVELOPE_RATE = 100  # peaks per second


def peak_envelope(samples: np.ndarray, sr: int, rate: int = ENVELOPE_RATE) -> np.ndarray:
    """The largest absolute sample (over channels) in each 1/``rate`` s bucket, float32."""
    x = np.abs(np.asarray(samples, dtype=np.float32))
    if x.ndim > 1:  # channels
        x = x.max(axis=1)
    if not len(x):
        return np.zeros(0, np.float32)
    hop = sr / rate
    starts = (np.arange(int(np.ceil(len(x) / hop))) * hop).astype(np.int64)
    return np.maximum.reduceat(x, starts).astype(np.float32)


def columns(env: np.ndarray, t0: float, t1: float, n: int, rate: int = ENVELOPE_RATE) -> np.ndarray:
    """The envelope's peaks over ``n`` equal columns spanning ``t0``..``t1`` seconds of it;
    0 where the envelope has no sound (before 0, after its end)."""
    if n <= 0 or t1 <= t0:
        return np.zeros(max(0, n), np.float32)
    return pool(env, t0 + (t1 - t0) * np.arange(n + 1) / n, rate)


def pool(env: np.ndarray, edges: np.ndarray, rate: int = ENVELOPE_RATE) -> np.ndarray:
    """The envelope's peak between each pair of consecutive ``edges`` (seconds, increasing):
    one value per column; 0 where the envelope has no sound."""
    n = len(edges) - 1
    out = np.zeros(max(0, n), np.float32)
    if n <= 0 or not len(env):
        return out
    lo = np.floor(np.asarray(edges[:-1]) * rate).astype(np.int64)
    hi = np.maximum(lo + 1, np.floor(np.asarray(edges[1:]) * rate).astype(np.int64))
    inside = (hi > 0) & (lo < len(env))
    if not inside.any():
        return out
    lo_in = np.clip(lo[inside], 0, len(env) - 1)
    end = int(min(len(env), hi[inside][-1]))
    # reduceat takes the peak from each index to the next (one bucket where they repeat)
    out[inside] = np.maximum.reduceat(env[:end], lo_in) if end > lo_in[-1] else env[lo_in]
    return out


@dataclass(frozen=True)
class VoiceWave:
    """One scene's take: what it was made for (``voice_key``), its length and its envelope."""

    key: tuple[object, ...]
    spoken: Spoken
    envelope: np.ndarray


@dataclass(frozen=True)
class MusicWave:
    key: tuple[object, ...]
    duration: float
    envelope: np.ndarray
    beats: tuple[float, ...] = ()  # when cuts snap to beats: the beats they snap to


@dataclass(frozen=True)
class Waveforms:
    voices: dict[str, VoiceWave] = field(default_factory=dict)  # by scene id
    music: MusicWave | None = None


def music_key(
    project: Project, duration: float, scene_ends: Sequence[float] = ()
) -> tuple[object, ...]:
    m = project.music
    ends = tuple(round(e, 3) for e in scene_ends)
    return (m.source, m.mood, m.seed, m.path, m.snap_to_beats, round(duration, 3), ends)


def _cached_take(project: Project, scene_id: str):  # -> VoiceTake | None
    """The take the preview used for the scene, from the voice cache (never synthesised)."""
    from studio.jobs.pipeline import take_says
    from studio.voice.takes import cached_take, take_by_id

    s = project.timeline.find(scene_id)
    chosen = take_by_id(s.take) if s.take else None
    if chosen is not None and take_says(chosen, s.voice_line):
        return chosen
    return cached_take(
        s.voice_line,
        project.voice.voice,
        s.voice_speed or project.voice.speed,
        0.0,
        0,
        s.expressiveness,
    )


def _music(project: Project, duration: float, scene_ends: Sequence[float] = ()) -> MusicWave | None:
    from studio.music.soundtrack import beat_times, music_form, resolve_mood

    m = project.music
    if m.source == "generated":
        from studio.music.generate import cached_bed

        # the export's own bed: shaped by the same scene ends (intro, lift, hits on the cuts)
        form = music_form(project, duration, scene_ends)
        audio = cached_bed(resolve_mood(project), m.seed, duration, sr=AUDIO_RATE, form=form)
    elif m.source == "file" and m.path:
        from studio.music.tracks import load_track

        audio = load_track(project.image_path(m.path), duration, sr=AUDIO_RATE)
    else:
        return None
    beats = tuple(beat_times(project, duration)) if m.snap_to_beats else ()
    return MusicWave(
        music_key(project, duration, scene_ends), duration, peak_envelope(audio, AUDIO_RATE), beats
    )


def waveforms_job(
    snap: Project,
    duration: float,
    known: Mapping[str, VoiceWave] | None = None,
    music: MusicWave | None = None,
    scene_ends: Sequence[float] = (),
) -> Job[Waveforms]:
    """The envelopes of a project snapshot's voice takes and music, for a video of ``duration``
    seconds. ``known`` (by scene id) and ``music`` are reused where they still fit."""
    from studio.core.errors import StudioError
    from studio.voice.takes import load_take_audio

    known = known or {}
    voiced = [s for s in snap.timeline.scenes if s.voice_line.strip()]
    voices: dict[str, VoiceWave] = {}
    for i, s in enumerate(voiced):
        yield Progress("Drawing the sound", i, len(voiced) + 1)
        key = voice_key(s, snap)
        old = known.get(s.id)
        if old is not None and old.key == key:
            voices[s.id] = old
            continue
        try:
            take = _cached_take(snap, s.id)
        except StudioError:
            take = None  # e.g. the voice is no longer installed: the preview says so
        if take is None:
            continue
        env = np.zeros(0, np.float32) if take.empty else peak_envelope(*load_take_audio(take))
        voices[s.id] = VoiceWave(key, Spoken(take.duration, take.empty), env)
    yield Progress("Drawing the sound", len(voiced), len(voiced) + 1)
    if music is None or music.key != music_key(snap, duration, scene_ends):
        try:
            music = _music(snap, duration, scene_ends)
        except StudioError:
            music = None
    return Waveforms(voices, music)
