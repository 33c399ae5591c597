"""Where the beats are in a piece of music, and moving scene cuts onto them.

Cuts that land on a beat feel edited; cuts a few hundred milliseconds off feel accidental. For
generated beds the grid is known exactly (``generate.bed_beats``); for an imported track it is
estimated here: an onset-strength envelope (half-wave rectified spectral flux of the log
spectrogram), the tempo from its autocorrelation scored as a comb over the first few beat
multiples (which favours the beat over its half and double), then the phase that puts the
most onset energy on the grid. A constant tempo is assumed, which holds for the produced
music people import for product videos; a rubato piano piece gets a best-fit grid.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from studio.media.audio import resample

ANALYSIS_SR = 22050
HOP = 256  # ~86 onset frames per second
MIN_BPM, MAX_BPM = 60.0, 200.0
PRIOR_BPM = 110.0  # the tempo prior's centre: half/double ambiguity goes towards it
PRIOR_OCTAVES = 1.0  # its width (standard deviation) in octaves
MIN_SCENE = 1.0  # seconds; snapping never makes a scene shorter than this
LOW_BAND_HZ = 200.0
OFFBEAT_RATIO = 0.6  # half-way onsets this strong (of the beats') make the tempo double
LATENCY = 0.003  # seconds the onset envelope peaks before the sound's true onset


@dataclass(frozen=True)
class BeatGrid:
    bpm: float
    beats: np.ndarray  # beat times in seconds, ascending, within the audio
    downbeat: int = 0  # index in ``beats`` of the first beat that starts a bar (4/4 assumed)

    @property
    def period(self) -> float:
        return 60.0 / self.bpm


def _analyse(samples: np.ndarray, sr: int) -> tuple[np.ndarray, float, np.ndarray]:
    """Onset envelope, frame rate, and the log spectrum of the harmonic band per frame."""
    from scipy.ndimage import uniform_filter1d
    from scipy.signal import stft

    x = np.asarray(samples, np.float32)
    if x.ndim == 2:
        x = x.mean(axis=1)
    x = resample(x, sr, ANALYSIS_SR) if sr != ANALYSIS_SR else x
    f, _, z = stft(x, fs=ANALYSIS_SR, nperseg=1024, noverlap=1024 - HOP)  # frame i centred at i*HOP
    mag = np.log1p(100.0 * np.abs(z))  # compressed, so quiet hats count next to loud kicks
    rise = np.maximum(np.diff(mag, axis=1), 0.0)
    # the whole spectrum finds every onset; the bass band (kick, bass notes) gets equal weight
    # so that the beat, not the off-beat hi-hat, wins the phase
    full, low = rise.mean(axis=0), rise[f < LOW_BAND_HZ].mean(axis=0)
    flux = full / (full.max() + 1e-12) + low / (low.max() + 1e-12)
    env = np.concatenate([[0.0], flux])
    # subtract a running local mean: sustained loudness changes are not onsets
    env = np.maximum(env - uniform_filter1d(env, size=int(ANALYSIS_SR / HOP * 0.5)), 0.0)
    harmonic = mag[(f >= 100.0) & (f <= 2500.0)]
    return env.astype(np.float64), ANALYSIS_SR / HOP, harmonic


def _tempo(env: np.ndarray, fps: float) -> float:
    """Beats per minute from the autocorrelation, scored at 1..4 multiples of each lag."""
    n = env.size
    e = env - env.mean()
    spec = np.fft.rfft(e, 2 * n)
    ac = np.fft.irfft(spec * np.conj(spec))[:n]
    if ac[0] <= 0:
        return PRIOR_BPM
    ac /= ac[0]
    bpms = np.arange(MIN_BPM, MAX_BPM, 0.05)
    lags = 60.0 * fps / bpms
    idx = np.arange(n)
    score = np.zeros_like(bpms)
    for k, w in ((1, 1.0), (2, 0.5), (3, 0.33), (4, 0.25)):
        lk = lags * k
        ok = lk < n - 1
        score[ok] += w * np.interp(lk[ok], idx, ac)
    prior = np.exp(-0.5 * (np.log2(bpms / PRIOR_BPM) / PRIOR_OCTAVES) ** 2)
    score = np.maximum(score, 0.0) * prior
    return float(bpms[int(np.argmax(score))])


def _phase(env: np.ndarray, fps: float, period_frames: float) -> float:
    """Offset (frames, in [0, period)) of the grid that collects the most onset strength."""
    n = env.size
    k = np.arange(int((n - 1) / period_frames) + 1)
    best, best_score = 0.0, -1.0
    for off in np.arange(0.0, period_frames, 0.25):
        pos = off + k * period_frames
        pos = pos[pos < n - 1]
        s = float(np.interp(pos, np.arange(n), env).sum())
        if s > best_score:
            best, best_score = float(off), s
    return best


def _offbeats_are_beats(env: np.ndarray, fps: float, bpm: float) -> bool:
    """Whether the points halfway between the beats of ``bpm`` hit as hard as the beats.

    The autocorrelation cannot tell a fast track from one at half its tempo (every lag of
    one is a lag of the other), and the tempo prior then picks the slower: 170 BPM was read
    as 85. If the half-way points carry onsets about as strong as the beats (a kick or snare,
    not only a hi-hat, which the bass band weighs less), the beat is twice as fast."""
    period = 60.0 * fps / bpm
    offset = _phase(env, fps, period)
    n = env.size
    on = np.arange(offset, n - 1, period)
    half = on + period / 2
    half = half[half < n - 1]
    if on.size < 4 or half.size < 4:
        return False
    idx = np.arange(n)
    strength = float(np.interp(on, idx, env).mean())
    return strength > 0 and float(np.interp(half, idx, env).mean()) >= OFFBEAT_RATIO * strength


def beat_grid(samples: np.ndarray, sr: int) -> BeatGrid:
    """The estimated tempo and beat times of ``samples`` ((n,) or (n, channels))."""
    duration = len(samples) / sr
    env, fps, harmonic = _analyse(samples, sr)
    if env.size < 8 or not env.any():
        bpm = PRIOR_BPM
        return BeatGrid(bpm, np.arange(0.0, duration, 60.0 / bpm))
    bpm = _tempo(env, fps)
    if bpm * 2 <= MAX_BPM and _offbeats_are_beats(env, fps, bpm):
        bpm *= 2
    period = 60.0 * fps / bpm
    # refine the tempo: fit a line through the strongest onset near each predicted beat
    offset = _phase(env, fps, period)
    beats_f = _refine(env, offset, period)
    if beats_f is not None:
        offset, period = beats_f
        bpm = 60.0 * fps / period
    first = (offset % period) / fps + LATENCY
    beats = np.arange(first, duration, period / fps)
    return BeatGrid(bpm, beats, _downbeat(env, harmonic, fps, beats))


def _downbeat(
    env: np.ndarray, harmonic: np.ndarray, fps: float, beats: np.ndarray, per_bar: int = 4
) -> int:
    """Which of the first ``per_bar`` beats starts a bar. Chords mostly change at bar lines,
    so the main cue is harmonic change: how different the spectrum after a beat is from the
    spectrum before it. The onset accent (kick, crash) on each beat is the second cue."""
    if beats.size < 2 * per_bar + 1:
        return 0
    frames = np.clip(np.round((beats - LATENCY) * fps).astype(int), 0, env.size - 1)
    w = max(1, int(0.03 * fps))
    accent = np.array([env[max(0, f - w) : f + w + 1].max() for f in frames])
    spans = [
        harmonic[:, a:b].mean(axis=1) if b > a else harmonic[:, a]
        for a, b in zip(frames, frames[1:], strict=False)
    ]
    spec = np.array(spans)
    spec = spec / (np.linalg.norm(spec, axis=1, keepdims=True) + 1e-12)
    change = np.zeros(beats.size)
    change[1:-1] = 1.0 - np.sum(spec[1:] * spec[:-1], axis=1)  # at beat k: span k-1 vs span k
    change, accent = change[1:-1], accent[1:-1]  # beat 0 has no span before it; so start at 1

    def by_phase(v: np.ndarray) -> np.ndarray:
        """How much more each phase carries than the average, in units of its standard error,
        so a cue that is just noise here (no chord changes in a drone) can't outvote one that
        is consistent from bar to bar."""
        bars = v[: v.size // per_bar * per_bar].reshape(-1, per_bar)
        spread = float(bars.std(axis=0).mean()) / np.sqrt(bars.shape[0]) + 1e-9
        m = bars.mean(axis=0)
        result: np.ndarray = (m - m.mean()) / spread
        return result

    return (int(np.argmax(by_phase(change) + by_phase(accent))) + 1) % per_bar


def _refine(env: np.ndarray, offset: float, period: float) -> tuple[float, float] | None:
    """Least-squares (offset, period) through the onset peaks found near each grid beat."""
    n = env.size
    win = max(1, int(0.15 * period))
    ks, ts = [], []
    k = 0
    while offset + k * period < n:
        c = int(round(offset + k * period))
        a, b = max(0, c - win), min(n, c + win + 1)
        seg = env[a:b]
        if seg.size and seg.max() > 0.3 * env.max():
            j = int(np.argmax(seg))
            if 0 < a + j < n - 1:  # sub-frame peak position (parabola through 3 points)
                y0, y1, y2 = env[a + j - 1], env[a + j], env[a + j + 1]
                den = y0 - 2 * y1 + y2
                frac = 0.5 * (y0 - y2) / den if den != 0 else 0.0
            else:
                frac = 0.0
            ks.append(k)
            ts.append(a + j + frac)
        k += 1
    if len(ks) < 4:
        return None
    slope, intercept = np.polyfit(np.asarray(ks, float), np.asarray(ts, float), 1)
    if not 0.9 * period < slope < 1.1 * period:
        return None
    return float(intercept), float(slope)


def snap_to_beats(
    boundaries: Sequence[float],
    beats: Sequence[float] | np.ndarray,
    max_shift: float = 0.25,
    min_scene: float = MIN_SCENE,
) -> list[float]:
    """Scene boundaries (first = start, last = end, both kept) with each interior one moved to
    its nearest beat when that is within ``max_shift`` seconds and leaves both neighbouring
    scenes at least ``min_scene`` long (or no shorter than they were). Boundaries stay
    strictly increasing; one that can't move stays where it was."""
    out = [float(b) for b in boundaries]
    grid = np.sort(np.asarray(beats, np.float64))
    if len(out) < 3 or grid.size == 0:
        return out
    for i in range(1, len(out) - 1):
        b = out[i]
        j = int(np.searchsorted(grid, b))
        near = [grid[k] for k in (j - 1, j) if 0 <= k < grid.size]
        target = float(min(near, key=lambda t: abs(t - b)))
        if abs(target - b) > max_shift:
            continue
        prev, nxt = out[i - 1], out[i + 1]
        need_before = min(min_scene, b - prev)
        need_after = min(min_scene, nxt - b)
        if target - prev >= need_before and nxt - target >= need_after and prev < target < nxt:
            out[i] = target
    return out
