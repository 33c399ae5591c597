"""Beat grids: tempo and phase of click tracks and generated beds; snapping scene cuts."""

from __future__ import annotations

import numpy as np
import pytest

from studio.music.beats import beat_grid, snap_to_beats
from studio.music.generate import bed_beats, bed_tempo, generate_bed

SR = 48000


def _clicks(bpm: float, seconds: float = 10.0, offset: float = 0.13) -> np.ndarray:
    """Noise clicks on every beat (accented bar lines) over a quiet drone."""
    n = int(seconds * SR)
    rng = np.random.default_rng(0)
    t = np.arange(int(0.03 * SR)) / SR
    click = (rng.standard_normal(t.size) * np.exp(-t * 200) * 0.5).astype(np.float32)
    x = 0.1 * np.sin(2 * np.pi * 220 * np.arange(n) / SR).astype(np.float32)
    for i, b in enumerate(np.arange(offset, seconds, 60.0 / bpm)):
        p = int(b * SR)
        c = click[: n - p] * (1.0 if i % 4 == 0 else 0.6)
        x[p : p + c.size] += c
    return x


@pytest.mark.parametrize("bpm", [72.0, 90.0, 100.0, 117.0, 128.0, 140.0, 165.0, 180.0])
def test_click_track_tempo_and_phase(bpm: float) -> None:
    grid = beat_grid(_clicks(bpm), SR)
    assert abs(grid.bpm - bpm) / bpm < 0.02
    period = 60.0 / bpm
    phase = (grid.beats[0] - 0.13) / period
    assert abs(phase - round(phase)) * period < 0.02  # beats within 20 ms of the clicks
    bar = (grid.beats[grid.downbeat] - 0.13) / period
    assert round(bar) % 4 == 0  # the accented click starts the bar
    assert np.all(np.diff(grid.beats) > 0)


@pytest.mark.parametrize("mood", ["upbeat", "corporate", "calm"])
@pytest.mark.slow
def test_generated_bed_grid_matches_bed_beats(mood: str) -> None:
    bed = generate_bed(mood, 3, 12.0, SR)
    grid = beat_grid(bed, SR)
    bpm = bed_tempo(mood)
    assert abs(grid.bpm - bpm) / bpm < 0.02
    known = bed_beats(mood, 12.0)
    err = np.abs(grid.beats[:, None] - known[None, :]).min(axis=1)
    assert np.median(err) < 0.03  # on the beat, not the off-beat
    bar = grid.beats[grid.downbeat] / (60.0 / bpm)
    assert round(bar) % 4 == 0  # bed_beats: every 4th beat from 0 starts a bar


def test_silence_gives_a_default_grid() -> None:
    grid = beat_grid(np.zeros(SR * 2, np.float32), SR)
    assert grid.bpm > 0 and grid.beats.size > 0


BEATS = np.arange(0.0, 20.0, 0.5)


def test_snap_moves_interior_boundaries_within_reach() -> None:
    out = snap_to_beats([0.0, 3.1, 6.4, 9.7, 12.33], BEATS, max_shift=0.25)
    assert out == [0.0, 3.0, 6.5, 9.5, 12.33]  # ends kept, 9.7 -> 9.5 (0.2 away)


def test_snap_leaves_far_boundaries_alone() -> None:
    beats = np.arange(0.0, 20.0, 1.0)
    assert snap_to_beats([0.0, 2.5, 5.0], beats, max_shift=0.25) == [0.0, 2.5, 5.0]


def test_snap_keeps_scenes_long_enough_and_increasing() -> None:
    # 1.2 -> 1.0 would leave a 1.0 s first scene, so it stays; 2.4 -> 2.5 is fine
    out = snap_to_beats([0.0, 1.2, 2.4, 4.0], BEATS, max_shift=0.25, min_scene=1.1)
    assert out == [0.0, 1.2, 2.5, 4.0]
    # a scene already shorter than the minimum is never made shorter still
    out = snap_to_beats([0.0, 1.2, 2.15, 4.0], BEATS, max_shift=0.25, min_scene=1.1)
    assert out[2] - out[1] >= 0.95 - 1e-9
    # two cuts near the same beat cannot collapse onto it
    out = snap_to_beats([0.0, 2.9, 3.1, 6.0], BEATS, max_shift=0.25, min_scene=0.1)
    assert all(b > a for a, b in zip(out, out[1:], strict=False))


def test_snap_with_no_beats_changes_nothing() -> None:
    assert snap_to_beats([0.0, 1.3, 2.0], [], 0.25) == [0.0, 1.3, 2.0]
