"""Music the user brings: any file ffmpeg can decode, fitted to the video's length musically.

A longer track is cut; a shorter one is looped. The loop jumps from a bar line late in the
track back to a bar line early in it, with a one-beat equal-power crossfade, so the seam falls
where a listener expects a phrase to repeat and the beat never stumbles. Either way the music
ends with a fade that starts on a beat and reaches silence on the last beat before the end,
rather than being cut mid-note. Beat positions come from ``beats.beat_grid``.
"""

from __future__ import annotations

import functools
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from studio.core.errors import MediaError
from studio.media.audio import AUDIO_RATE
from studio.music.beats import PRIOR_BPM, BeatGrid, beat_grid

BEATS_PER_BAR = 4
FADE_BEATS = 4  # the closing fade lasts about a bar ...
FADE_MIN, FADE_MAX = 1.0, 3.0  # ... kept within these many seconds
START_FADE = 0.01  # a decoded file may start mid-waveform
ANALYSE_MAX = 90.0  # seconds of a long track that the beat grid is estimated from
LAST_BEAT_MAX_GAP = 0.75  # seconds of silence allowed after the final beat before the end
QUIET = 0.5  # a loop point must be at least this fraction of the track's median beat loudness


MAX_TRACK_SECONDS = 600.0  # the longest video the app makes: no more of a track is ever heard
MIN_TRACK_SECONDS = 0.5  # shorter is a click, not music (and leaves no beat to find)
DECODE_TIMEOUT = 300.0  # seconds; ffmpeg decodes ten minutes of any format in a few
# what ffmpeg says (stderr) -> why the file cannot be used, in the user's words
_DECODE_FAILURES = (
    ("matches no streams", "holds no sound (a video without an audio track?)"),
    ("moov atom not found", "damaged or cut short (the file ends before its index)"),
    ("End of file", "damaged or cut short"),
    ("Invalid data found", "not an audio file this app can read (damaged, or not sound)"),
)


ENDS_EARLY_SLACK = 0.5  # seconds: encoder padding and rounding, not a missing piece
_DURATION = re.compile(r"^  Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)", re.M)
_GUESSED = "Estimating duration from bitrate"  # the length is the bytes there are: no check


def decode_audio(
    path: Path,
    sr: int = AUDIO_RATE,
    max_seconds: float | None = MAX_TRACK_SECONDS,
    warnings: list[str] | None = None,
) -> np.ndarray:
    """A file's first audio stream as (n, 2) float32 at ``sr``, decoded by ffmpeg: its first
    ``max_seconds`` (all of it with None), so a two-hour mix costs no more than ten minutes.
    Samples that are not numbers become silence; a file that cannot be decoded raises one
    MediaError naming it and saying why. A file whose sound ends before the length its header
    gives (cut short: an unfinished download or copy) is used up to the cut, with a line
    saying so added to ``warnings``."""
    from studio.media.audio import (
        check_audio_file,
        finite,
        wav_claimed_seconds,
        wav_header_too_short,
    )
    from studio.media.ffmpeg import ffmpeg_exe

    path = Path(path)
    check_audio_file(path, "music file")
    limit = [] if max_seconds is None else ["-t", f"{max(float(max_seconds), 0.001):.3f}"]
    # a WAV header that undercounts its samples: read them to the end of the file
    whole = ["-ignore_length", "1"] if wav_header_too_short(path) else []
    try:
        proc = subprocess.run(
            [
                ffmpeg_exe(),
                "-hide_banner",
                "-v",
                "info",  # the input's Duration, to tell a file cut short
                "-nostats",
                "-nostdin",
                *whole,
                "-i",
                str(path),
                *limit,
                "-map",
                "0:a:0",
                "-vn",
                "-ac",
                "2",
                "-ar",
                str(int(sr)),
                "-f",
                "f32le",
                "-",
            ],
            capture_output=True,
            timeout=DECODE_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        raise MediaError(path, "took too long to decode; convert it to MP3 or WAV") from None
    data = np.frombuffer(proc.stdout, np.float32)
    if data.size < 2 and proc.returncode != 0:
        said = proc.stderr.decode("utf-8", "replace")
        why = next((w for key, w in _DECODE_FAILURES if key in said), None)
        raise MediaError(path, why or "not an audio file this app can read")
    # a file damaged after its start (returncode != 0) still gives the music before the damage
    audio = finite(data[: data.size // 2 * 2].reshape(-1, 2).copy())
    if audio.shape[0] < MIN_TRACK_SECONDS * sr:
        raise MediaError(
            path,
            f"too short to use as music ({audio.shape[0] / sr:.2f} s of sound; "
            f"at least {MIN_TRACK_SECONDS:g} s)",
        )
    if warnings is not None:
        said = proc.stderr.decode("utf-8", "replace")
        claimed = wav_claimed_seconds(path) if not whole else None
        if claimed is None and _GUESSED not in said and (m := _DURATION.search(said)):
            claimed = int(m[1]) * 3600 + int(m[2]) * 60 + float(m[3])
        heard = audio.shape[0] / sr
        if claimed is not None and max_seconds is not None:
            claimed = min(claimed, float(max_seconds))
        if claimed is not None and heard < claimed - ENDS_EARLY_SLACK:
            warnings.append(
                f"{path.name}: the track ends early, after {heard:.1f} s of the {claimed:.1f} s "
                "it should last (the file is cut short or damaged); the music before the cut "
                "is used"
            )
    return audio


@dataclass(frozen=True)
class FittedTrack:
    """A track fitted to a video: its samples and the beat grid they follow (for cuts)."""

    audio: np.ndarray  # (n, 2) float32
    grid: BeatGrid  # beats over the whole fitted length; the loop keeps them in step


def _decode_for_fit(path: Path, duration: float, sr: int) -> tuple[np.ndarray, int]:
    """The samples a fit of ``duration`` seconds is made from, and its length in samples."""
    return decode_audio(path, sr, max(duration, ANALYSE_MAX) + 1.0), max(
        int(round(duration * sr)), 0
    )


def _grid_for_fit(audio: np.ndarray, n: int, sr: int) -> tuple[BeatGrid, BeatGrid] | None:
    """(the track's own grid, from its first ANALYSE_MAX seconds; that grid continued over
    the ``n`` fitted samples), or None for nothing to fit (no length, or silence)."""
    if n == 0 or not np.any(audio):
        return None
    grid = beat_grid(audio[: int(ANALYSE_MAX * sr)], sr)
    # whole bars are looped, so the track's grid simply continues through the result
    first = float(grid.beats[0]) if grid.beats.size else 0.0
    return grid, BeatGrid(grid.bpm, np.arange(first, n / sr, grid.period), grid.downbeat)


NO_BEATS = BeatGrid(PRIOR_BPM, np.zeros(0))


def fit_track(path: Path, duration: float, sr: int = AUDIO_RATE) -> FittedTrack:
    """``load_track`` plus the beat grid of the result, for ``snap_to_beats``."""
    audio, n = _decode_for_fit(path, duration, sr)
    grids = _grid_for_fit(audio, n, sr)
    if grids is None:
        return FittedTrack(np.zeros((n, 2), np.float32), NO_BEATS)
    grid, fitted = grids
    out = audio[:n].copy() if audio.shape[0] >= n else loop_to_length(audio, n, sr, grid)
    head = min(int(START_FADE * sr), n)
    out[:head] *= np.linspace(0.0, 1.0, head, dtype=np.float32)[:, None]
    return FittedTrack(end_on_beat(out, sr, fitted.beats, grid.period), fitted)


def fitted_beat_grid(path: Path, duration: float, sr: int = AUDIO_RATE) -> BeatGrid:
    """The beat grid ``fit_track`` gives the track for ``duration``, without fitting it: the
    same samples analysed the same way, so cuts snap to the beats the music plays."""
    audio, n = _decode_for_fit(path, duration, sr)
    grids = _grid_for_fit(audio, n, sr)
    return NO_BEATS if grids is None else grids[1]


@functools.lru_cache(maxsize=16)
def _track_notes(path: Path, mtime: float, size: int) -> tuple[str, ...]:
    notes: list[str] = []
    try:
        decode_audio(path, sr=8000, warnings=notes)  # a low rate: only its length matters
    except MediaError:
        return ()  # the render itself says why the track cannot be used
    return tuple(notes)


def track_notes(path: Path) -> list[str]:
    """What an export should say about a track it uses as it is (e.g. that it ends before
    the length its header gives): once per file and version."""
    try:
        st = Path(path).stat()
    except OSError:
        return []
    return list(_track_notes(Path(path), st.st_mtime, st.st_size))


def load_track(path: Path, duration: float, sr: int = AUDIO_RATE) -> np.ndarray:
    """The track at ``path`` fitted to exactly ``round(duration * sr)`` samples, (n, 2) float32:
    looped at bar lines or cut, ending in a fade that reaches silence on a beat."""
    return fit_track(path, duration, sr).audio


def loop_points(audio: np.ndarray, sr: int, grid: BeatGrid) -> tuple[int, int, int]:
    """(loop start, loop end, crossfade) in samples: start and end are bar lines (the grid's
    downbeats) a whole number of bars apart, in audible parts of the track, with a beat of
    audio after the end to fade."""
    n = audio.shape[0]
    beat = int(round(grid.period * sr))
    xf = max(1, min(beat, n // 4))
    idx = np.round(grid.beats * sr).astype(np.int64)
    idx = idx[(idx >= 0) & (idx + xf < n)]
    if idx.size < BEATS_PER_BAR + 1:  # too short for bars: loop the whole sound
        return 0, n - xf, xf
    mono = np.abs(audio).mean(axis=1)
    level = np.array([mono[max(0, i - beat) : i + beat].mean() for i in idx])
    loud = level >= QUIET * np.median(level)
    bar_lines = [k for k in range(idx.size) if (k - grid.downbeat) % BEATS_PER_BAR == 0]
    starts = [k for k in bar_lines if loud[k]] or bar_lines or [0]
    start_k = starts[0]
    ends = [
        k
        for k in range(start_k + BEATS_PER_BAR, idx.size)
        if (k - start_k) % BEATS_PER_BAR == 0 and loud[k]
    ]
    if not ends:
        ends = [k for k in range(start_k + 1, idx.size) if (k - start_k) % BEATS_PER_BAR == 0]
    end_k = ends[-1] if ends else idx.size - 1
    return int(idx[start_k]), int(idx[end_k]), xf


def loop_to_length(audio: np.ndarray, n: int, sr: int, grid: BeatGrid) -> np.ndarray:
    """The track played from its start, then its [loop start, loop end) body repeated, each
    seam an equal-power crossfade of ``xf`` samples beginning on the loop end's beat."""
    start, end, xf = loop_points(audio, sr, grid)
    body = end - start
    if body <= xf:  # pathological (silence between two clicks): a plain crossfaded tile
        start, end, xf = (
            0,
            audio.shape[0] - max(1, audio.shape[0] // 4),
            max(1, audio.shape[0] // 4),
        )
        body = end - start
    t = np.linspace(0.0, np.pi / 2, xf, dtype=np.float32)
    fade_in, fade_out = np.sin(t)[:, None], np.cos(t)[:, None]
    out = np.zeros((n + audio.shape[0], 2), np.float32)
    pos, src = 0, 0
    while pos < n:
        seg = audio[src : end + xf].copy()
        if src:  # every repeat fades in over the previous segment's tail
            seg[:xf] *= fade_in
        seg[-xf:] *= fade_out
        out[pos : pos + seg.shape[0]] += seg
        pos += end - src
        src = start
    return out[:n]


def end_on_beat(x: np.ndarray, sr: int, beats: np.ndarray, period: float) -> np.ndarray:
    """Fade ``x`` out so it starts on a beat and reaches silence on the last beat at or
    before the end (silence after it), unless that beat is more than LAST_BEAT_MAX_GAP early;
    then the fade ends at the last sample."""
    n = x.shape[0]
    end = n
    before = beats[(beats * sr <= n) & (beats * sr >= n - LAST_BEAT_MAX_GAP * sr)]
    if before.size:
        end = int(round(before[-1] * sr))
    fade_s = float(np.clip(FADE_BEATS * period, FADE_MIN, FADE_MAX))
    fade_s = min(fade_s, 0.3 * n / sr)
    start = end - int(round(fade_s * sr))
    on_beat = beats[
        (beats * sr <= start + 0.5 * period * sr) & (beats * sr >= start - 0.5 * period * sr)
    ]
    if on_beat.size:
        start = int(round(on_beat[np.argmin(np.abs(on_beat * sr - start))] * sr))
    start = int(np.clip(start, 0, end - 1)) if end > 0 else 0
    length = end - start
    if length > 0:
        x[start:end] *= (0.5 + 0.5 * np.cos(np.linspace(0, np.pi, length, dtype=np.float32)))[
            :, None
        ]
    x[end:] = 0.0
    return x


TRACK_VERSION = 1  # bump when fitting changes the result for the same file and duration


def cached_fit_track(path: Path, duration: float, sr: int = AUDIO_RATE) -> FittedTrack:
    """``fit_track`` through the disk cache (float WAV + beat grid JSON in DiskCache("music")),
    keyed by the file's bytes, so re-rendering a preview doesn't decode and analyse again."""
    from studio.core.cache import DiskCache, file_hash, hash_key
    from studio.core.errors import StudioError
    from studio.media.audio import check_audio_file, read_wav, write_wav

    path = Path(path)
    check_audio_file(path, "music file")
    key = hash_key("track", TRACK_VERSION, file_hash(path), round(float(duration), 3), int(sr))
    cache = DiskCache("music")
    meta = cache.get_json(key)
    wav = cache.path(key, ".wav")
    if meta and wav.is_file():
        try:
            audio, file_sr = read_wav(wav)
            if file_sr == sr and audio.ndim == 2 and audio.shape[0] == int(round(duration * sr)):
                grid = BeatGrid(
                    float(meta["bpm"]), np.asarray(meta["beats"], np.float64), int(meta["downbeat"])
                )
                return FittedTrack(audio, grid)
        except (StudioError, KeyError, TypeError, ValueError):
            pass  # a damaged entry is rebuilt
    fitted = fit_track(path, duration, sr)
    write_wav(wav, fitted.audio, sr, float32=True)
    g = fitted.grid
    cache.put_json(
        key, {"bpm": g.bpm, "beats": [round(float(b), 6) for b in g.beats], "downbeat": g.downbeat}
    )
    return fitted
