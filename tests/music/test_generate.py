"""Generated music beds: deterministic, exact length, faded, levelled, cached."""

from __future__ import annotations

import numpy as np
import pytest

from studio.core.errors import StudioError
from studio.music.generate import BED_LUFS, bed_beats, bed_tempo, cached_bed, generate_bed, moods
from studio.music.loudness import integrated_loudness, true_peak_db

SR = 48000


@pytest.fixture(scope="module")
def upbeat() -> np.ndarray:
    return generate_bed("upbeat", 7, 20.0, SR)


def test_moods_and_tempi() -> None:
    assert {"upbeat", "calm", "corporate"} <= set(moods())
    assert bed_tempo("upbeat") > bed_tempo("corporate") > bed_tempo("calm")
    beats = bed_beats("calm", 10.0)
    assert np.allclose(np.diff(beats), 60.0 / bed_tempo("calm"))


def test_unknown_mood_is_a_user_error() -> None:
    with pytest.raises(StudioError, match="upbeat"):
        generate_bed("polka", 0, 5.0)


@pytest.mark.slow
def test_shape_dtype_and_exact_length(upbeat: np.ndarray) -> None:
    assert upbeat.shape == (20 * SR, 2) and upbeat.dtype == np.float32
    assert generate_bed("calm", 0, 3.3333, 44100).shape == (round(3.3333 * 44100), 2)
    assert generate_bed("calm", 0, 0.0).shape == (0, 2)


@pytest.mark.slow
def test_deterministic_per_mood_and_seed(upbeat: np.ndarray) -> None:
    assert np.array_equal(upbeat, generate_bed("upbeat", 7, 20.0, SR))
    other_seed = generate_bed("upbeat", 8, 20.0, SR)
    other_mood = generate_bed("corporate", 7, 20.0, SR)
    assert not np.allclose(upbeat, other_seed)
    assert not np.allclose(upbeat, other_mood)


@pytest.mark.parametrize("mood", ["upbeat", "calm", "corporate"])
@pytest.mark.slow
def test_levelled_not_clipping_and_stereo(mood: str) -> None:
    bed = generate_bed(mood, 1, 12.0, SR)
    assert abs(integrated_loudness(bed, SR) - BED_LUFS) < 1.0
    assert true_peak_db(bed, SR) < -0.5
    side = bed[:, 0] - bed[:, 1]
    assert np.sqrt(np.mean(side**2)) > 0.01 * np.sqrt(np.mean(bed**2))  # not mono


def test_fades_in_and_ends_in_silence(upbeat: np.ndarray) -> None:
    def rms(x: np.ndarray) -> float:
        return float(np.sqrt(np.mean(x**2)))

    assert float(np.max(np.abs(upbeat[:48]))) < 1e-3  # the first millisecond
    assert rms(upbeat[: SR // 10]) < 0.2 * rms(upbeat[5 * SR : 10 * SR])
    assert float(np.max(np.abs(upbeat[-48:]))) < 1e-3  # the fade ends at the last sample
    assert np.all(upbeat[-1] == 0)


def test_energy_follows_the_beat(upbeat: np.ndarray) -> None:
    """Onsets (low band energy rises) line up with the mood's beat grid."""
    from scipy.signal import butter, sosfilt

    mono = upbeat[:, 0] + upbeat[:, 1]
    low = sosfilt(butter(2, 150, "lowpass", fs=SR, output="sos"), mono)
    hop = SR // 100
    env = np.sqrt(np.mean(low[: low.size // hop * hop].reshape(-1, hop) ** 2, axis=1))
    flux = np.maximum(np.diff(env), 0)
    beats = bed_beats("upbeat", 20.0)
    on = [flux[int(t * 100) - 1 : int(t * 100) + 3].max() for t in beats if 6 < t < 16]
    off = [flux[int(t * 100) + 15 : int(t * 100) + 20].max() for t in beats if 6 < t < 16]
    assert np.median(on) > 3 * np.median(off)


@pytest.mark.slow
def test_cached_bed_matches_and_reuses_the_file(fresh_cache) -> None:
    a = cached_bed("calm", 3, 4.0, SR)
    files = list((fresh_cache / "music").glob("*.wav"))
    assert len(files) == 1
    mtime = files[0].stat().st_mtime_ns
    b = cached_bed("calm", 3, 4.0, SR)
    assert np.array_equal(a, b)
    assert files[0].stat().st_mtime_ns == mtime
    assert np.allclose(a, generate_bed("calm", 3, 4.0, SR), atol=1e-6)
