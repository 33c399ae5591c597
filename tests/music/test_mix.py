"""The soundtrack mix: exact length, ducking, loudness and true peak (also checked by ffmpeg)."""

from __future__ import annotations

import re
import subprocess

import numpy as np
import pytest
from scipy.signal import butter, sosfiltfilt

from studio.core.errors import MediaError
from studio.media.audio import read_wav, write_wav
from studio.media.ffmpeg import ffmpeg_exe
from studio.music.generate import generate_bed
from studio.music.loudness import integrated_loudness, true_peak_db
from studio.music.mix import Region, duck_gain, mix, speech_regions

SR = 48000


def _tone(freq: float, seconds: float, sr: int, amp: float = 0.5) -> np.ndarray:
    t = np.arange(int(seconds * sr)) / sr
    return (amp * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def _rms_db(x: np.ndarray) -> float:
    return float(10 * np.log10(np.mean(np.asarray(x, np.float64) ** 2) + 1e-20))


@pytest.mark.parametrize("duration", [5.0, 7.3331, 0.01])
def test_output_length_is_exact(duration: float) -> None:
    voice = [(0.5, _tone(200, 1.0, 22050), 22050), (duration - 0.2, _tone(200, 2.0, 22050), 22050)]
    music = np.zeros((int(duration * SR) + 999, 2), np.float32)
    out = mix(voice, music, duration)
    assert out.shape == (round(duration * SR), 2) and out.dtype == np.float32


def test_clips_land_at_their_start_times() -> None:
    click = np.zeros(2205, np.float32)
    click[0] = 1.0
    out = mix([(1.0, click, 22050), (2.5, click, 22050)], None, 4.0, compress_voice=False)
    env = np.abs(out[:, 0])
    first = int(np.argmax(env[: 2 * SR]))
    second = 2 * SR + int(np.argmax(env[2 * SR :]))
    assert abs(first - SR) <= 2 and abs(second - int(2.5 * SR)) <= 2


def test_duck_envelope_shape() -> None:
    regions = [Region(1.0, 2.0)]
    g = 20 * np.log10(duck_gain(regions, 4 * SR, SR, 12.0))
    at = lambda t: g[int(t * SR)]  # noqa: E731
    assert at(0.5) == pytest.approx(0.0, abs=0.01)
    assert at(1.0) == pytest.approx(-12.0, abs=0.01)  # full depth as the first word starts
    assert at(0.95) < -6  # the dip starts before speech (look-ahead)
    assert at(1.99) == pytest.approx(-12.0, abs=0.01)
    assert -12 < at(2.15) < 0  # releasing
    assert at(2.4) == pytest.approx(0.0, abs=0.01)
    assert np.max(np.abs(np.diff(g))) < 0.01  # smooth: no steps


def test_close_lines_stay_ducked_between_them() -> None:
    sr = 22050
    line = _tone(200, 1.0, sr)
    regions = speech_regions([(1.0, line, sr), (2.3, line, sr), (5.0, line, sr)], 8.0)
    assert [(round(r.start, 2), round(r.end, 2)) for r in regions] == [(1.0, 3.3), (5.0, 6.0)]


@pytest.mark.parametrize("duck_db", [12.0, 6.0])
def test_music_dips_by_duck_db_under_speech(duck_db: float) -> None:
    """Voice is a 200 Hz tone, music a 5 kHz tone: band-pass the mix to measure the music."""
    sr_v = 22050
    voice = [(1.0, _tone(200, 2.0, sr_v), sr_v), (5.0, _tone(200, 2.0, sr_v), sr_v)]
    music = np.stack([_tone(5000, 9.0, SR, 0.3)] * 2, axis=1)
    out = mix(voice, music, 9.0, duck_db=duck_db)
    band = sosfiltfilt(butter(4, [3500, 7000], "bandpass", fs=SR, output="sos"), out[:, 0])
    during = _rms_db(band[int(1.5 * SR) : int(2.5 * SR)])
    between = _rms_db(band[int(3.6 * SR) : int(4.6 * SR)])
    assert between - during == pytest.approx(duck_db, abs=1.0)


@pytest.fixture(scope="module")
def real_mix(tmp_path_factory) -> tuple[np.ndarray, str]:
    from studio.voice.takes import load_take_audio, synthesize_take

    lines = [
        "Meet the AeroBlend, the 5-in-1 blender.",
        "It crushes ice in 10 seconds.",
        "Now only $89.99!",
    ]
    clips, t = [], 0.8
    for text in lines:
        take = synthesize_take(text)
        audio, sr = load_take_audio(take)
        clips.append((t, audio, sr))
        t += take.duration + 0.8
    duration = t + 1.0
    out = mix(clips, generate_bed("upbeat", 2, duration, SR), duration)
    path = tmp_path_factory.mktemp("mix") / "mix.wav"
    write_wav(path, out, SR)
    return out, str(path)


@pytest.mark.slow
def test_real_mix_meets_loudness_and_true_peak(real_mix) -> None:
    out, _ = real_mix
    assert integrated_loudness(out, SR) == pytest.approx(-14.0, abs=1.0)
    assert true_peak_db(out, SR) <= -1.0


@pytest.mark.slow
def test_ffmpeg_agrees_on_loudness_and_true_peak(real_mix) -> None:
    _, path = real_mix
    proc = subprocess.run(
        [
            ffmpeg_exe(),
            "-hide_banner",
            "-nostats",
            "-i",
            path,
            "-af",
            "ebur128=peak=true",
            "-f",
            "null",
            "-",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    summary = proc.stderr[proc.stderr.rindex("Summary:") :]
    integrated = float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary)[1])
    peak = float(re.search(r"Peak:\s+(-?[\d.]+) dBFS", summary)[1])
    assert integrated == pytest.approx(-14.0, abs=1.0)
    assert peak <= -1.0


@pytest.mark.slow
def test_music_only_and_silence() -> None:
    bed = generate_bed("calm", 0, 6.0, SR)
    out = mix([], bed, 6.0)
    assert integrated_loudness(out, SR) == pytest.approx(-14.0, abs=1.0)
    assert not mix([], None, 2.0).any()


def test_voice_at_another_rate_is_resampled() -> None:
    out = mix([(0.0, _tone(1000, 1.0, 16000), 16000)], None, 1.0, compress_voice=False)
    spectrum = np.abs(np.fft.rfft(out[:, 0]))
    freqs = np.fft.rfftfreq(out.shape[0], 1 / SR)
    assert freqs[np.argmax(spectrum)] == pytest.approx(1000.0, abs=2.0)


def test_wav_round_trip(tmp_path) -> None:
    x = np.stack([_tone(440, 0.5, SR, 0.5), _tone(660, 0.5, SR, 0.25)], axis=1)
    p16 = write_wav(tmp_path / "a.wav", x, SR)
    y, sr = read_wav(p16)
    assert sr == SR and y.shape == x.shape and np.max(np.abs(y - x)) < 1e-4
    pf = write_wav(tmp_path / "b.wav", x, SR, float32=True)
    z, _ = read_wav(pf)
    assert np.array_equal(z, x)
    mono, _ = read_wav(write_wav(tmp_path / "m.wav", x[:, 0], 22050))
    assert mono.ndim == 1
    assert not list(tmp_path.glob("*.part"))


def test_unreadable_wav_is_a_media_error(tmp_path) -> None:
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"not a wav at all")
    with pytest.raises(MediaError):
        read_wav(bad)
    with pytest.raises(MediaError):
        read_wav(tmp_path / "missing.wav")
