"""Voice takes: the disk cache, the empty-take flag, and the cancellable voicing job."""

from __future__ import annotations

import numpy as np
import pytest

from studio.core.model import DEFAULT_VOICE, VoiceSettings
from studio.core.progress import Progress, run_job
from studio.voice.engine import get_engine
from studio.voice.takes import (
    VoiceTake,
    cached_take,
    load_take_audio,
    synthesize_take,
    take_by_id,
    voice_lines_job,
)

pytestmark = pytest.mark.slow


def _calls() -> int:
    return get_engine(DEFAULT_VOICE).synth_calls  # type: ignore[attr-defined]


def test_take_is_cached_and_second_call_does_not_synthesise(fresh_cache) -> None:
    first = synthesize_take("Waterproof to ten meters.")
    assert first.path.is_file() and first.path.is_relative_to(fresh_cache)
    assert first.path.with_suffix(".json").is_file()
    mtime = first.path.stat().st_mtime_ns
    before = _calls()
    second = synthesize_take("Waterproof to ten meters.")
    assert _calls() == before
    assert second == first
    assert second.path.stat().st_mtime_ns == mtime


def test_take_fields_and_audio(fresh_cache) -> None:
    take = synthesize_take("Only $19.99 today!", speed=1.1)
    assert isinstance(take, VoiceTake)
    assert take.text == "Only $19.99 today!"
    assert take.spoken_text == "Only 19 dollars 99 today!"
    assert take.voice == DEFAULT_VOICE and take.speed == 1.1 and take.sample_rate == 22050
    assert not take.empty
    audio, sr = load_take_audio(take)
    assert sr == 22050 and audio.dtype == np.float32
    assert abs(audio.size / sr - take.duration) < 1e-3
    assert take_by_id(take.id) == take


def test_settings_change_the_take(fresh_cache) -> None:
    base = synthesize_take("Lightweight.")
    assert synthesize_take("Lightweight.", speed=1.3).id != base.id
    v1 = synthesize_take("Lightweight.", variation=0.7, seed=1)
    v2 = synthesize_take("Lightweight.", variation=0.7, seed=2)
    assert len({base.id, v1.id, v2.id}) == 3
    a1, _ = load_take_audio(v1)
    a2, _ = load_take_audio(v2)
    assert a1.size != a2.size or not np.array_equal(a1, a2)
    # the same seed is the same take, from the cache
    before = _calls()
    assert synthesize_take("Lightweight.", variation=0.7, seed=1) == v1
    assert _calls() == before


def test_texts_that_read_the_same_share_audio(fresh_cache) -> None:
    a = synthesize_take("Just $20")
    before = _calls()
    b = synthesize_take("Just 20 dollars")
    assert _calls() == before
    assert b.id == a.id and b.text == "Just 20 dollars"


def test_unspeakable_line_gives_an_empty_take(fresh_cache) -> None:
    take = synthesize_take("超长续航 🔋")
    assert take.empty and take.spoken_text == ""
    audio, _ = load_take_audio(take)
    assert 0 < take.duration < 0.5 and not audio.any()


def test_cleared_cache_is_regenerated_on_load(fresh_cache) -> None:
    take = synthesize_take("Fits in your pocket.")
    audio, _ = load_take_audio(take)
    take.path.unlink()
    again, _ = load_take_audio(take)
    assert np.array_equal(audio, again)


def test_cached_take_never_synthesises(fresh_cache) -> None:
    before = _calls()
    assert cached_take("Never said before, surely.") is None
    assert _calls() == before


LINES = [
    ("title", "Meet the AeroBlend."),
    ("b1", "Crushes ice in seconds."),
    ("b2", "Quiet as a whisper."),
    ("cta", "Order yours today."),
]


def test_voice_lines_job_yields_per_line_and_returns_takes(fresh_cache) -> None:
    seen: list[Progress] = []
    ready: list[str] = []
    job = voice_lines_job(LINES, VoiceSettings(), on_take=lambda key, take: ready.append(key))
    takes = run_job(job, seen.append)
    assert list(takes) == [k for k, _ in LINES]
    assert ready == [k for k, _ in LINES]
    assert [p.done for p in seen] == [0, 1, 2, 3, 4]
    assert all(p.stage == "Voicing" and p.total == 4 for p in seen)
    assert all(t.path.is_file() for t in takes.values())


def test_first_line_is_playable_before_the_last_is_voiced(fresh_cache) -> None:
    job = voice_lines_job(LINES, VoiceSettings())
    next(job)  # preparing
    p = next(job)
    assert p.done == 1
    first = cached_take(LINES[0][1])
    assert first is not None and load_take_audio(first)[0].size > 0
    assert cached_take(LINES[-1][1]) is None
    job.close()


def test_cancel_midway_stops_between_lines(fresh_cache) -> None:
    job = voice_lines_job(LINES, VoiceSettings(speed=1.2))
    next(job)
    next(job)
    next(job)  # two lines done
    job.close()
    before = _calls()
    assert cached_take(LINES[1][1], speed=1.2) is not None
    assert cached_take(LINES[2][1], speed=1.2) is None
    assert cached_take(LINES[3][1], speed=1.2) is None
    assert _calls() == before
    leftovers = [p for p in fresh_cache.rglob("*") if p.name.endswith(".part")]
    assert leftovers == []


def test_unknown_voice_fails_before_any_work(fresh_cache) -> None:
    from studio.core.errors import StudioError

    job = voice_lines_job(LINES, VoiceSettings(voice="xx_XX-nobody-low"))
    with pytest.raises(StudioError, match="xx_XX-nobody-low"):
        next(job)
