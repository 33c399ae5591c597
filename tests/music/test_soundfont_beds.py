"""Beds played by the General MIDI SoundFont: composed for the video's form, reproducible per
seed, mastered to the project's loudness without clipping, ending on a cadence at the last
frame; and the built-in synthesiser when the SoundFont is missing."""

from __future__ import annotations

import logging

import numpy as np
import pytest

from studio.media.audio import TARGET_LUFS, TRUE_PEAK_CEILING_DB
from studio.music import soundfont
from studio.music.compose import Form, cadence_time, compose, default_form, form_from_scenes
from studio.music.generate import BED_LUFS, bed_tempo, generate_bed, moods, synth_bed
from studio.music.loudness import integrated_loudness, true_peak_db
from studio.music.mix import mix

SR = 48000
needs_soundfont = pytest.mark.skipif(
    soundfont.soundfont_path() is None, reason="no General MIDI SoundFont installed"
)


def test_the_form_follows_the_timeline() -> None:
    form = form_from_scenes(["title", "bullet", "bullet", "cta"], [3.0, 8.0, 13.0, 20.0], 20.0)
    assert (form.intro_end, form.lift_start, form.cuts) == (3.0, 13.0, (3.0, 8.0, 13.0))
    no_title = form_from_scenes(["bullet", "bullet"], [5.0, 10.0], 10.0)
    assert no_title.intro_end == 0.0 and no_title.lift_start == 7.5
    assert default_form(40.0, 120.0).intro_end == 4.0  # two bars at 120 bpm
    assert default_form(10.0, 120.0).intro_end == 2.0  # one in a short bed


@pytest.mark.parametrize("duration", [7.3, 12.0, 20.55, 31.9])
def test_the_cadence_lands_within_a_beat_of_the_end(duration: float) -> None:
    for mood in moods():
        beat = 60.0 / bed_tempo(mood)
        t = cadence_time(bed_tempo(mood), duration)
        assert 0.0 < duration - t <= beat
        score = compose(mood, 3, default_form(duration, bed_tempo(mood)), SR)
        last_on = max(e.at for e in score.events if e.velocity > 0) / SR
        assert abs(last_on - t) < 1e-3  # nothing starts after the final chord


def _onset_strength(x: np.ndarray, t: float) -> float:
    """Rise of the 10 ms energy envelope around ``t`` against its median over the bed."""
    mono = x.mean(axis=1)
    hop = SR // 100
    env = np.sqrt(np.mean(mono[: mono.size // hop * hop].reshape(-1, hop) ** 2, axis=1))
    flux = np.maximum(np.diff(np.log(env + 1e-6)), 0)
    i = int(t * 100)
    return float(flux[i - 2 : i + 4].max() / (np.median(flux) + 1e-9))


@needs_soundfont
@pytest.mark.slow
@pytest.mark.parametrize("mood", moods())
def test_every_mood_renders_levelled_and_ends_on_its_cadence(mood: str) -> None:
    duration = 9.0
    bed = generate_bed(mood, 1, duration, SR)
    assert bed.shape == (int(duration * SR), 2) and bed.dtype == np.float32
    assert np.all(np.isfinite(bed))
    assert abs(integrated_loudness(bed, SR) - BED_LUFS) < 0.5
    assert true_peak_db(bed, SR) < -0.5
    assert np.all(bed[-1] == 0) and float(np.max(np.abs(bed[-48:]))) < 1e-3
    t = cadence_time(bed_tempo(mood), duration)
    assert _onset_strength(bed, t) > 3.0  # the final chord is struck where it should be


@needs_soundfont
@pytest.mark.slow
def test_deterministic_per_seed_and_seeds_differ() -> None:
    a = generate_bed("upbeat", 5, 6.0, SR)
    assert np.array_equal(a, generate_bed("upbeat", 5, 6.0, SR))
    for seed in (6, 7):
        b = generate_bed("upbeat", seed, 6.0, SR)
        assert float(np.mean(np.abs(a - b))) > 0.1 * float(np.mean(np.abs(a)))


@needs_soundfont
@pytest.mark.slow
def test_the_lift_is_the_loud_part_and_mastering_meets_the_target() -> None:
    """Bed alone through the mixer: the whole at -14 LUFS, the lift (call to action) at
    least as loud, the title card's intro quieter, true peaks under the ceiling."""
    ends = [3.0, 7.0, 11.0, 16.0]
    form = form_from_scenes(["title", "bullet", "bullet", "cta"], ends, 16.0)
    bed = generate_bed("energetic", 2, 16.0, SR, form)
    out = mix([], bed, 16.0, sr=SR)
    assert abs(integrated_loudness(out, SR) - TARGET_LUFS) < 0.5
    assert true_peak_db(out, SR) <= TRUE_PEAK_CEILING_DB + 0.05
    lift = integrated_loudness(out[int(11.5 * SR) : int(15.0 * SR)], SR)
    intro = integrated_loudness(out[int(1.0 * SR) : int(3.0 * SR)], SR)
    assert lift >= TARGET_LUFS - 0.5
    assert intro < lift - 3.0


@needs_soundfont
@pytest.mark.slow
def test_cuts_change_the_bed_and_a_different_form_is_cached_apart(fresh_cache) -> None:
    from studio.music.generate import cached_bed

    plain = cached_bed("corporate", 1, 8.0, SR)
    shaped = cached_bed("corporate", 1, 8.0, SR, Form(8.0, 2.0, 5.0, (2.0, 5.0)))
    assert not np.array_equal(plain, shaped)
    assert len(list((fresh_cache / "music").glob("*.wav"))) == 2


@pytest.mark.slow  # renders a bed with the built-in synthesiser
def test_without_the_soundfont_beds_fall_back_to_the_synthesiser(monkeypatch, caplog) -> None:
    monkeypatch.setenv("STUDIO_SOUNDFONT", "")
    monkeypatch.setattr(soundfont, "_LOADED", {})
    monkeypatch.setattr(soundfont, "_WARNED", [])
    with caplog.at_level(logging.WARNING, logger="studio.music.soundfont"):
        a = generate_bed("calm", 4, 3.0, SR)
        b = generate_bed("calm", 4, 3.0, SR)
    assert np.array_equal(a, synth_bed("calm", 4, 3.0, SR)) and np.array_equal(a, b)
    warnings = [r for r in caplog.records if r.name == "studio.music.soundfont"]
    assert len(warnings) == 1 and "synthesiser" in warnings[0].getMessage()
    assert soundfont.engine_name() == "synth"


def test_our_meter_agrees_with_pyloudnorm() -> None:
    """The mixer's streaming BS.1770 meter against the reference implementation."""
    import pyloudnorm

    rng = np.random.default_rng(0)
    for sr in (44100, 48000):
        t = np.arange(int(6 * sr)) / sr
        tone = 0.2 * np.sin(2 * np.pi * 997 * t) * (t > 1)  # a second of silence first
        noise = 0.05 * rng.standard_normal((t.size, 2)) * (1 + np.sin(t)[:, None])
        for x in (np.stack([tone, 0.5 * tone], axis=1), noise, synth_bed("upbeat", 1, 6.0, sr)):
            ref = pyloudnorm.Meter(sr).integrated_loudness(np.asarray(x, np.float64))
            assert abs(integrated_loudness(x, sr) - ref) < 0.1
