"""The finished soundtrack, measured: real Piper lines over a generated bed and over an imported
track, checked for -14 LUFS integrated, <= -1 dBTP, and how deep the music ducks under speech."""

from __future__ import annotations

import subprocess

import numpy as np
import pytest

from studio.media.ffmpeg import ffmpeg_exe
from studio.music.generate import generate_bed
from studio.music.loudness import integrated_loudness, true_peak_db
from studio.music.mix import mix
from studio.music.tracks import load_track

pytestmark = pytest.mark.slow
SR = 48000
GAP = 2.0  # seconds between lines: long enough for the duck to release fully


def _lines() -> tuple[list[tuple[float, np.ndarray, int]], list[tuple[float, float]], float]:
    from studio.voice.takes import load_take_audio, synthesize_take

    clips, spans, t = [], [], 0.8
    for text in ["Meet the AeroBlend.", "Crushes ice in seconds.", "Order yours today!"]:
        take = synthesize_take(text)
        audio, sr = load_take_audio(take)
        clips.append((t, audio, sr))
        spans.append((t, t + take.duration))
        t += take.duration + GAP
    return clips, spans, t


def _level_db(x: np.ndarray, a: float, b: float) -> float:
    seg = x[int(a * SR) : int(b * SR)]
    return float(10 * np.log10(np.mean(seg.astype(np.float64) ** 2) + 1e-20))


def _duck_depth(
    clips, music: np.ndarray, duration: float, spans: list[tuple[float, float]]
) -> float:
    """How much lower the music sits under speech than between lines in the finished mix, dB.

    The music's part of the mix is isolated by mixing once with the bed and once with it
    inverted: (A - B) / 2 is the bed as it comes out (ducked, mastered, limited), since voice
    and music are summed linearly and both mixes get practically the same mastering gain.
    Each window is measured against the same window of the bed before mixing, so the bed's own
    arrangement (an intro without drums, a sparse bar) does not count as ducking."""
    a = mix(clips, music, duration)
    b = mix(clips, -music, duration)
    part = (a - b) / 2

    def rel(t0: float, t1: float) -> float:
        return _level_db(part, t0, t1) - _level_db(music, t0, t1)

    during = np.mean([rel(s + 0.2, e - 0.2) for s, e in spans])
    between = np.mean(
        [rel(e1 + 0.6, s2 - 0.3) for (_, e1), (s2, _) in zip(spans, spans[1:], strict=False)]
    )
    return float(between - during)


@pytest.fixture(scope="module")
def lines():
    return _lines()


@pytest.mark.parametrize("mood", ["energetic", "luxury", "playful"])
def test_mix_over_each_new_mood(lines, mood: str) -> None:
    clips, spans, duration = lines
    bed = generate_bed(mood, 1, duration, SR)
    out = mix(clips, bed, duration)
    loud, peak, depth = (
        integrated_loudness(out, SR),
        true_peak_db(out, SR),
        _duck_depth(clips, bed, duration, spans),
    )
    print(f"\n{mood}: {loud:.2f} LUFS, true peak {peak:.2f} dBTP, duck depth {depth:.1f} dB")
    assert loud == pytest.approx(-14.0, abs=1.0)
    assert peak <= -1.0
    assert depth == pytest.approx(12.0, abs=1.0)  # mix(duck_db=12)


def test_mix_over_an_imported_track(lines, tmp_path) -> None:
    clips, spans, duration = lines
    song = tmp_path / "song.mp3"
    graph = (
        f"sine=frequency=55:duration=5:sample_rate={SR},volume=0.5[a];"
        f"aevalsrc='0.5*sin(2*PI*880*t)*exp(-30*mod(t,0.5))':d=5:s={SR}[b];"
        "[a][b]amix=inputs=2:normalize=0[out]"
    )
    subprocess.run(
        [ffmpeg_exe(), "-y", "-v", "error", "-filter_complex", graph, "-map", "[out]", str(song)],
        check=True,
    )
    track = load_track(song, duration, SR)
    out = mix(clips, track, duration)
    loud, peak, depth = (
        integrated_loudness(out, SR),
        true_peak_db(out, SR),
        _duck_depth(clips, track, duration, spans),
    )
    print(f"\nimported mp3: {loud:.2f} LUFS, true peak {peak:.2f} dBTP, duck depth {depth:.1f} dB")
    assert out.shape == (round(duration * SR), 2)
    assert loud == pytest.approx(-14.0, abs=1.0)
    assert peak <= -1.0
    assert depth == pytest.approx(12.0, abs=1.0)  # mix(duck_db=12)
