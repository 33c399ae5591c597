"""Imported music: real files in several formats, decoded by ffmpeg, looped or cut to length."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest

from studio.core.errors import MediaError
from studio.media.ffmpeg import ffmpeg_exe
from studio.music.beats import beat_grid, snap_to_beats
from studio.music.tracks import decode_audio, fit_track, load_track

SR = 48000
BPM = 120.0


def _encode(path: Path, seconds: float, bpm: float = BPM) -> Path:
    """A sine drone plus a decaying click on every beat, encoded by ffmpeg from lavfi."""
    period = 60.0 / bpm
    graph = (
        f"sine=frequency=227.3:duration={seconds}:sample_rate={SR},volume=0.3[a];"
        f"aevalsrc='0.6*sin(2*PI*1000*t)*exp(-40*mod(t,{period}))':d={seconds}:s={SR}[b];"
        "[a][b]amix=inputs=2:normalize=0[out]"
    )
    subprocess.run(
        [ffmpeg_exe(), "-y", "-v", "error", "-filter_complex", graph, "-map", "[out]", str(path)],
        check=True,
    )
    return path


@pytest.fixture(scope="module")
def tracks(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("tracks")
    return {ext: _encode(d / f"loop.{ext}", 6.0) for ext in ("mp3", "ogg", "flac", "m4a", "wav")}


def _max_jump(x: np.ndarray) -> float:
    return float(np.abs(np.diff(x, axis=0)).max())


@pytest.mark.parametrize("ext", ["mp3", "ogg", "flac", "m4a", "wav"])
def test_short_track_is_looped_to_the_exact_length(tracks, ext: str) -> None:
    src = decode_audio(tracks[ext], SR)
    assert abs(src.shape[0] / SR - 6.0) < 0.1
    out = load_track(tracks[ext], 15.0, SR)
    assert out.shape == (15 * SR, 2) and out.dtype == np.float32
    # no click at any seam: no sample step bigger than the source's own steepest one
    assert _max_jump(out) <= 1.1 * _max_jump(src) + 1e-3
    # the beat continues through the seams: the result has the source's tempo
    assert abs(beat_grid(out, SR).bpm - BPM) / BPM < 0.02


def test_loop_seam_lands_on_the_beat(tracks) -> None:
    out = load_track(tracks["wav"], 15.0, SR)
    grid = beat_grid(out[: 13 * SR], SR)  # before the closing fade
    beat_pos = (grid.beats - grid.beats[0]) / grid.period
    assert np.abs(beat_pos - np.round(beat_pos)).max() < 0.05  # one steady grid, no stumble
    # the clicks keep their loudness after a seam: every beat has one
    env = np.abs(out[:, 0])
    peaks = [env[int(b * SR) : int(b * SR) + 2400].max() for b in grid.beats if b < 12.5]
    assert min(peaks) > 0.5 * max(peaks)


@pytest.mark.slow
def test_long_track_is_cut_and_faded_on_a_beat(tmp_path) -> None:
    path = _encode(tmp_path / "long.ogg", 12.0)
    out = load_track(path, 7.2, SR)
    assert out.shape == (round(7.2 * SR), 2)
    src = decode_audio(path, SR)
    assert np.allclose(out[SR : 2 * SR], src[SR : 2 * SR], atol=1e-6)  # untouched before the fade
    tail = np.abs(out[:, 0])
    # the fade reaches silence on the last beat (7.0 s), not mid-bar
    assert tail[int(7.0 * SR) :].max() < 1e-3
    assert tail[int(6.0 * SR) : int(6.3 * SR)].max() > 0.1  # still audible a second before
    assert tail[int(4.0 * SR) : int(4.3 * SR)].max() > tail[int(6.5 * SR) : int(6.8 * SR)].max()


def test_not_audio_is_a_media_error(tmp_path) -> None:
    bad = tmp_path / "song.mp3"
    bad.write_bytes(b"this is not an mp3" * 100)
    with pytest.raises(MediaError, match="song.mp3"):
        load_track(bad, 5.0)
    with pytest.raises(MediaError, match="not found"):
        load_track(tmp_path / "missing.wav", 5.0)


def test_zero_duration(tracks) -> None:
    assert load_track(tracks["wav"], 0.0).shape == (0, 2)


def test_fitted_track_gives_the_beats_to_cut_on(tracks) -> None:
    fitted = fit_track(tracks["flac"], 15.0, SR)
    assert fitted.audio.shape == (15 * SR, 2)
    assert abs(fitted.grid.bpm - BPM) / BPM < 0.02
    assert fitted.grid.beats[-1] > 14.0  # beats cover the looped part too
    measured = beat_grid(fitted.audio[: 13 * SR], SR).beats
    err = np.abs(measured[:, None] - fitted.grid.beats[None, :]).min(axis=1)
    assert np.median(err) < 0.02
    cuts = snap_to_beats([0.0, 3.1, 7.4, 11.2, 15.0], fitted.grid.beats)
    assert all(np.abs(fitted.grid.beats - c).min() < 1e-9 for c in cuts[1:-1])


def test_loop_points_are_bar_lines(tmp_path) -> None:
    """Bar lines carry the accent here (every 4th click louder): the loop jumps bar to bar."""
    from studio.music.tracks import loop_points

    path = tmp_path / "bars.wav"
    graph = (
        f"sine=frequency=227.3:duration=7:sample_rate={SR},volume=0.3[a];"
        f"aevalsrc='0.6*(0.4+0.6*lt(mod(t,2),0.25))*sin(2*PI*1000*t)*exp(-40*mod(t,0.5))':d=7:s={SR}[b];"
        "[a][b]amix=inputs=2:normalize=0[out]"
    )
    subprocess.run(
        [ffmpeg_exe(), "-y", "-v", "error", "-filter_complex", graph, "-map", "[out]", str(path)],
        check=True,
    )
    audio = decode_audio(path, SR)
    grid = beat_grid(audio, SR)
    start, end, xf = loop_points(audio, SR, grid)
    for point in (start, end):
        bars = point / SR / 2.0
        assert abs(bars - round(bars)) < 0.02, point / SR
    assert end - start >= 2 * SR and abs(xf / SR - 0.5) < 0.02


def test_cached_fit_track_reuses_the_result(tracks, fresh_cache) -> None:
    from studio.music.tracks import cached_fit_track

    first = cached_fit_track(tracks["ogg"], 9.0, SR)
    files = sorted(p.name for p in (fresh_cache / "music").iterdir())
    again = cached_fit_track(tracks["ogg"], 9.0, SR)
    assert sorted(p.name for p in (fresh_cache / "music").iterdir()) == files
    assert np.array_equal(first.audio, again.audio)
    assert (
        np.allclose(first.grid.beats, again.grid.beats)
        and first.grid.downbeat == again.grid.downbeat
    )
    assert np.array_equal(first.audio, load_track(tracks["ogg"], 9.0, SR))


def _clicks(seconds: float, bpm: float) -> np.ndarray:
    t = np.arange(int(seconds * SR)) / SR
    drone = 0.2 * np.sin(2 * np.pi * 227.3 * t)
    return drone + 0.6 * np.sin(2 * np.pi * 1000 * t) * np.exp(-40 * np.mod(t, 60.0 / bpm))


def test_cuts_snap_to_the_beats_of_the_fitted_track(tmp_path, monkeypatch) -> None:
    """beat_times found beats in up to ten minutes of the track while the fitted track
    follows the grid of its first ANALYSE_MAX seconds: a track whose tempo changes later had
    its cuts snapped to another grid than the music played."""
    import studio.music.tracks as tracks_module
    from studio.core.intake import load_product
    from studio.media.audio import write_wav
    from studio.media.images import image_info
    from studio.music.soundtrack import beat_times
    from tests.samples import product_photo

    monkeypatch.setattr(tracks_module, "ANALYSE_MAX", 4.0)  # a 90 s opening, shrunk
    d = tmp_path / "kettle"
    d.mkdir()
    product_photo(d / "a.jpg", size=(120, 160))
    (d / "bullets.txt").write_text("Warm\n", encoding="utf-8")
    song = np.concatenate([_clicks(4.0, 120.0), _clicks(12.0, 75.0)]).astype(np.float32)
    write_wav(d / "song.wav", song, SR)
    (d / "product.toml").write_text('music = "song.wav"\n', encoding="utf-8")
    project = load_product(d, image_info).project
    fitted = fit_track(d / "song.wav", 10.0, SR).grid
    assert abs(fitted.bpm - 120.0) < 3.0
    assert np.allclose(beat_times(project, 10.0), fitted.beats)
