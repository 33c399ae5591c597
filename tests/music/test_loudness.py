"""The loudness meter, true-peak meter and limiter against known signals."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.signal import sosfreqz

from studio.music.loudness import (
    integrated_loudness,
    k_weighting,
    limit,
    master,
    true_peak_db,
)

SR = 48000


def _sine(
    freq: float, seconds: float, amp: float = 1.0, sr: int = SR, phase: float = 0.0
) -> np.ndarray:
    t = np.arange(int(seconds * sr)) / sr
    return (amp * np.sin(2 * np.pi * freq * t + phase)).astype(np.float32)


def test_k_weighting_at_48k_is_the_tabulated_filter() -> None:
    sos = k_weighting(48000)
    assert sos[0, :3] == pytest.approx([1.53512485958697, -2.69169618940638, 1.19839281085285])
    assert sos[1, 4:] == pytest.approx([-1.99004745483398, 0.99007225036621])


@pytest.mark.parametrize("sr", [22050, 44100, 96000])
def test_k_weighting_at_other_rates_has_the_same_response(sr: int) -> None:
    freqs = [30.0, 100.0, 1000.0, 4000.0, 9000.0]
    ref = np.abs(sosfreqz(k_weighting(48000), worN=freqs, fs=48000)[1])
    got = np.abs(sosfreqz(k_weighting(sr), worN=freqs, fs=sr)[1])
    assert 20 * np.log10(got / ref) == pytest.approx(np.zeros(5), abs=0.1)


def test_reference_sine_reads_minus_3_lufs() -> None:
    # BS.1770: a 0 dBFS 997 Hz sine in one channel reads -3.01 LKFS
    assert integrated_loudness(_sine(997, 5), SR) == pytest.approx(-3.01, abs=0.05)
    stereo = np.stack([_sine(997, 5, 0.5)] * 2, axis=1)
    assert integrated_loudness(stereo, SR) == pytest.approx(-6.02 + 0.0, abs=0.05)


def test_gating_ignores_silence() -> None:
    tone = _sine(997, 4, 0.5)
    with_gaps = np.concatenate([tone, np.zeros(SR * 8, np.float32), tone])
    # blocks straddling the edges still count (by design), so allow a few tenths
    assert integrated_loudness(with_gaps, SR) == pytest.approx(
        integrated_loudness(tone, SR), abs=0.3
    )
    ungated = -0.691 + 10 * np.log10(np.mean(with_gaps.astype(np.float64) ** 2) * 1.0)
    assert integrated_loudness(with_gaps, SR) > ungated + 3  # silence would pull it down ~5 dB
    assert integrated_loudness(np.zeros(SR, np.float32), SR) == float("-inf")


def test_true_peak_sees_between_samples() -> None:
    # fs/4 sine with a 45 degree phase: every sample sits at 0.707 of the true peak
    x = _sine(SR / 4, 1, 1.0, phase=np.pi / 4)
    sample_peak = 20 * np.log10(np.max(np.abs(x)))
    assert sample_peak == pytest.approx(-3.01, abs=0.05)
    assert true_peak_db(x, SR) == pytest.approx(0.0, abs=0.2)


def test_limiter_holds_the_ceiling_and_leaves_quiet_parts() -> None:
    quiet = _sine(440, 1, 0.1)
    burst = _sine(440, 0.2, 1.5)
    x = np.concatenate([quiet, burst, quiet])
    y = limit(x, SR, -1.0)
    assert true_peak_db(y, SR) <= -0.95
    assert np.allclose(y[: SR // 2], x[: SR // 2], atol=1e-6)  # far from the burst: untouched


@pytest.mark.parametrize("level", [0.02, 0.3, 0.9])
def test_master_reaches_target_under_the_ceiling(level: float) -> None:
    rng = np.random.default_rng(0)
    noise = rng.standard_normal((SR * 6, 2)).astype(np.float32) * level
    noise[SR : SR + 200] *= 4  # a few hot transients
    y = master(noise, SR, -14.0, -1.0)
    assert integrated_loudness(y, SR) == pytest.approx(-14.0, abs=0.5)
    assert true_peak_db(y, SR) <= -1.0 + 1e-6
