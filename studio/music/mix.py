"""The soundtrack: voice lines over a ducked music bed, mastered to -14 LUFS / -1 dBTP.

Levels before mastering, so ``music_db`` means the same for every voice and track: the voice
bus is levelled to -18 LUFS, the bed to ``-14 + music_db`` LUFS (-30 LUFS at the default -16,
12 LU under the voice between lines) and dips a further ``duck_db`` under speech. Mastering
then lifts or lowers the whole mix to the target and limits its true peaks. Speech peaks are
limited beforehand on the voice bus, by what that mastering gain will need, so the master
limiter does not also push the music down under loud syllables (that made the measured duck
16 dB instead of 12, unevenly); see tests/music/test_mix_checks.py.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from studio.media.audio import (
    AUDIO_RATE,
    TARGET_LUFS,
    TRUE_PEAK_CEILING_DB,
    db_to_gain,
    resample,
    to_stereo,
)
from studio.music.loudness import integrated_loudness, limiter_gain, master, peak_envelope

__all__ = ["mix", "duck_gain", "speech_regions", "VoiceClip"]

VOICE_LUFS = -18.0
MUSIC_REF_LUFS = TARGET_LUFS
VOICE_PEAK_MARGIN = 0.5  # dB more headroom for the voice's peaks than the master's gain needs
DUCK_ATTACK = 0.08  # the dip reaches full depth this long ...
DUCK_LOOKAHEAD = 0.02  # ... ending this long before the first word
DUCK_RELEASE = 0.30
DUCK_BRIDGE = 0.6  # gaps shorter than this between lines stay ducked (no pumping)
MUSIC_TAIL_FADE = 1.5  # a bed longer than the video is faded over its last seconds

VoiceClip = tuple[float, np.ndarray, int]  # (start seconds, mono samples, their rate)


@dataclass(frozen=True)
class Region:
    start: float
    end: float


def _active_span(samples: np.ndarray, sr: int) -> tuple[float, float] | None:
    """First and last moment a clip is audibly speaking (40 dB under its peak)."""
    a = np.abs(samples)
    peak = float(a.max()) if a.size else 0.0
    if peak < 1e-5:
        return None
    loud = np.flatnonzero(a > peak * 0.01)
    return loud[0] / sr, (loud[-1] + 1) / sr


def speech_regions(voice: Sequence[VoiceClip], duration: float) -> list[Region]:
    """Where speech is, merged across short gaps, clipped to [0, duration]."""
    spans = []
    for start, samples, sr in voice:
        span = _active_span(np.asarray(samples), sr)
        if span is not None:
            spans.append((start + span[0], start + span[1]))
    spans.sort()
    regions: list[Region] = []
    for s, e in spans:
        s, e = max(0.0, s), min(duration, e)
        if e <= s:
            continue
        if regions and s - regions[-1].end < DUCK_BRIDGE:
            regions[-1] = Region(regions[-1].start, max(regions[-1].end, e))
        else:
            regions.append(Region(s, e))
    return regions


def duck_gain(regions: Sequence[Region], n: int, sr: int, duck_db: float) -> np.ndarray:
    """Music gain per sample: 1 between lines, ``-duck_db`` dB under speech, with raised-cosine
    ramps in dB (attack ends just before the first word, release after the last)."""
    depth = np.zeros(n, np.float32)
    if duck_db <= 0 or not regions:
        return np.ones(n, np.float32)
    for r in regions:
        full_from = r.start - DUCK_LOOKAHEAD
        xs = [full_from - DUCK_ATTACK, full_from, r.end, r.end + DUCK_RELEASE]
        a, b = max(0, int(math.floor(xs[0] * sr))), min(n, int(math.ceil(xs[-1] * sr)) + 1)
        if b <= a:
            continue
        t = np.arange(a, b, dtype=np.float64) / sr
        d = np.ones(b - a)
        up = t < xs[1]
        d[up] = 0.5 - 0.5 * np.cos(np.pi * np.clip((t[up] - xs[0]) / DUCK_ATTACK, 0, 1))
        down = t > xs[2]
        d[down] = 0.5 + 0.5 * np.cos(np.pi * np.clip((t[down] - xs[2]) / DUCK_RELEASE, 0, 1))
        np.maximum(depth[a:b], d.astype(np.float32), out=depth[a:b])
    depth *= np.float32(-duck_db / 20.0)
    return np.power(np.float32(10.0), depth, out=depth)  # in place: no float64 copies of a long mix


def compress(x: np.ndarray, sr: int, ratio: float = 2.5, knee_db: float = 0.0) -> np.ndarray:
    """Light speech compression: peaks above the voice's typical level are pulled in, so the
    loudest words don't stick out and mastering needs less limiting."""
    from scipy.ndimage import minimum_filter1d, uniform_filter1d

    if not x.size:
        return x
    # float32 and in place throughout: on a long video each full-length temporary is large.
    w = max(1, int(0.010 * sr))
    level = uniform_filter1d(np.square(x, dtype=np.float32), size=w)
    level += np.float32(1e-12)
    np.log10(level, out=level)
    level *= np.float32(10.0)
    top = float(level.max())
    active = level[level > top - 40]
    if not active.size:
        return x
    threshold = float(np.percentile(active, 60)) + knee_db
    del active
    level -= np.float32(threshold)
    np.maximum(level, np.float32(0.0), out=level)
    level *= np.float32(-(1.0 - 1.0 / ratio))  # now the gain reduction in dB
    a = max(1, int(0.005 * sr))
    gr: np.ndarray = uniform_filter1d(minimum_filter1d(level, size=2 * a + 1), size=int(0.04 * sr))
    del level
    gr *= np.float32(1 / 20)
    np.power(np.float32(10.0), gr, out=gr)
    gr *= x
    return gr


def _voice_bus(voice: Sequence[VoiceClip], n: int, sr: int) -> np.ndarray:
    bus = np.zeros(n, np.float32)
    for start, samples, clip_sr in voice:
        y = resample(np.asarray(samples, np.float32).reshape(-1), int(clip_sr), sr)
        pos = int(round(start * sr))
        a, b = max(0, pos), min(n, pos + y.size)
        if b > a:
            bus[a:b] += y[a - pos : b - pos]
    return bus


def _music_bus(music: np.ndarray, n: int, sr: int, owned: bool) -> np.ndarray:
    m = to_stereo(np.asarray(music, np.float32))
    if m.shape[0] >= n:
        # it is scaled in place: a copy unless the caller gave the bed away
        m = m[:n] if owned and m.flags.writeable else np.array(m[:n], np.float32)
        if music.shape[0] > n:  # cut short: fade rather than stop dead
            f = min(int(MUSIC_TAIL_FADE * sr), n)
            m[n - f :] *= (0.5 + 0.5 * np.cos(np.linspace(0, np.pi, f, dtype=np.float32)))[:, None]
        return m
    out = np.zeros((n, 2), np.float32)
    out[: m.shape[0]] = m
    return out


def _level_to(x: np.ndarray, sr: int, lufs: float) -> np.ndarray:
    loud = integrated_loudness(x, sr)
    return x * db_to_gain(lufs - loud) if math.isfinite(loud) else x


def mix(
    voice: list[tuple[float, np.ndarray, int]],
    music: np.ndarray | None,
    duration: float,
    *,
    sr: int = AUDIO_RATE,
    music_db: float = -16.0,
    duck_db: float = 12.0,
    compress_voice: bool = True,
    target_lufs: float = TARGET_LUFS,
    ceiling_dbtp: float = TRUE_PEAK_CEILING_DB,
    give_music: bool = False,
) -> np.ndarray:
    """The finished soundtrack, (round(duration*sr), 2) float32.

    ``voice``: (start seconds, mono samples, their sample rate) per line; clips are resampled
    to ``sr`` and cut at ``duration``. ``music``: a bed at ``sr`` (mono or stereo), padded with
    silence or cut (with a short fade) to the duration. ``give_music``: the caller no longer
    needs ``music``, which is then levelled and ducked in place (a long bed is not copied).
    """
    n = max(int(round(duration * sr)), 0)
    if n == 0:
        return np.zeros((0, 2), np.float32)
    # The voice stays mono (one copy) until it joins the stereo bed; its loudness is measured
    # as it will sound, in both channels.
    bus = _voice_bus(voice, n, sr)
    if compress_voice:
        bus = compress(bus, sr)
    voice_loud = integrated_loudness(np.broadcast_to(bus[:, None], (n, 2)), sr)
    if math.isfinite(voice_loud):
        bus *= np.float32(db_to_gain(VOICE_LUFS - voice_loud))
    bed = None
    if music is not None and len(music):
        bed = _music_bus(music, n, sr, give_music)
        loud = integrated_loudness(bed, sr)
        if math.isfinite(loud):
            bed *= np.float32(db_to_gain(MUSIC_REF_LUFS + music_db - loud))
        bed *= duck_gain(speech_regions(voice, duration), n, sr, duck_db)[:, None]
    if math.isfinite(voice_loud):
        bus = _limit_voice_for_master(bus, bed, sr, target_lufs, ceiling_dbtp)
    out = bed if bed is not None else np.zeros((n, 2), np.float32)
    out += bus[:, None]
    del bus
    return master(out, sr, target_lufs=target_lufs, ceiling_db=ceiling_dbtp, in_place=True)


def _limit_voice_for_master(
    voice: np.ndarray, bed: np.ndarray | None, sr: int, target_lufs: float, ceiling_dbtp: float
) -> np.ndarray:
    """The voice bus with its peaks limited by as much as mastering's gain will need, so the
    master's limiter has (almost) nothing left to do. Limiting speech in the master would pull
    the music down with every loud syllable (measured: ~4 dB of extra, uneven ducking).

    The gain is found by a few secant steps: limiting the voice lowers the mix's loudness,
    which raises the gain, which needs more limiting. Music between lines counts in the gated
    loudness, so with long pauses that gain can be several dB.
    """
    env = peak_envelope(voice, sr)
    gain_db, last = 0.0, None
    lim = None
    stereo = np.broadcast_to(voice[:, None], (len(voice), 2))  # a view: no copy
    for _ in range(5):
        lim = None  # the previous step's curve goes before the next is made
        lim = limiter_gain(env, sr, ceiling_dbtp - VOICE_PEAK_MARGIN - max(gain_db, 0.0))
        loud = integrated_loudness(stereo, sr, gain=lim, add=bed)  # voice * lim + bed, unmade
        if not math.isfinite(loud):
            return voice
        after = loud + gain_db  # the loudness mastering would reach with this gain
        err = target_lufs - after
        if abs(err) < 0.1:
            break
        slope = 1.0
        if last is not None and gain_db != last[0]:
            slope = float(np.clip((after - last[1]) / (gain_db - last[0]), 0.15, 1.0))
        last = (gain_db, after)
        gain_db += min(err / slope, 12.0)
    del env
    if lim is not None:
        voice *= lim  # the bus is the caller's to give: no second copy of a long voice track
    return voice
