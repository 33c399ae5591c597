"""Per-line controls: expressiveness (more of the model's own prosody noise), per-line speed,
and takes streamed to the caller one by one."""

from __future__ import annotations

import numpy as np
import pytest

from studio.core.errors import StudioError
from studio.core.model import DEFAULT_VOICE, VoiceSettings
from studio.core.progress import run_job
from studio.voice.engine import get_engine, noise_amounts
from studio.voice.takes import (
    VoiceLine,
    load_take_audio,
    synthesize_take,
    take_key,
    voice_lines_job,
)

pytestmark = pytest.mark.slow
SENTENCE = "Crushes ice in seconds, and cleans itself."


def test_noise_amounts_mapping() -> None:
    assert noise_amounts(0.0, 0.0) == (0.0, 0.0)
    assert noise_amounts(0.7, 0.0) == (0.7, 0.7)
    s, w = noise_amounts(0.0, 1.0)
    assert w > s > 1.0  # durations get the bigger boost
    assert noise_amounts(0.0, 0.5)[1] < w


def test_expressiveness_is_reproducible_and_changes_the_reading() -> None:
    engine = get_engine(DEFAULT_VOICE)
    plain = engine.synthesize(SENTENCE)
    assert np.array_equal(plain, engine.synthesize(SENTENCE, expressiveness=0.0))
    lively = engine.synthesize(SENTENCE, expressiveness=1.0)
    assert np.array_equal(lively, engine.synthesize(SENTENCE, expressiveness=1.0))
    assert lively.size != plain.size or not np.allclose(lively, plain)
    # seeds matter only with variation; expressive takes with variation differ per seed
    a = engine.synthesize(SENTENCE, expressiveness=0.6, variation=0.5, seed=1)
    b = engine.synthesize(SENTENCE, expressiveness=0.6, variation=0.5, seed=2)
    assert a.size != b.size or not np.allclose(a, b)
    print(
        f"\nplain {plain.size / engine.sample_rate:.2f}s, expressive {lively.size / engine.sample_rate:.2f}s"
    )


def test_expressiveness_out_of_range() -> None:
    with pytest.raises(StudioError, match="expressiveness"):
        synthesize_take("Hi.", expressiveness=1.5)


def test_take_key_includes_expressiveness_but_old_keys_stay(fresh_cache) -> None:
    engine = get_engine(DEFAULT_VOICE)
    k0 = take_key(engine, "Hi.", 1.0, 0.0, 0)
    assert take_key(engine, "Hi.", 1.0, 0.0, 0, 0.0) == k0
    assert take_key(engine, "Hi.", 1.0, 0.0, 0, 0.5) != k0
    plain = synthesize_take("Lightweight.")
    lively = synthesize_take("Lightweight.", expressiveness=0.5)
    assert lively.id != plain.id and lively.expressiveness == 0.5
    lively.path.unlink()  # a cleared cache re-synthesises with the same settings
    again, _ = load_take_audio(lively)
    assert again.size == round(lively.duration * lively.sample_rate)


def test_per_line_speed_and_expressiveness_in_the_job(fresh_cache) -> None:
    lines = [
        VoiceLine("a", "Meet the AeroBlend."),
        VoiceLine("b", "Meet the AeroBlend.", speed=1.5),
        ("c", "Meet the AeroBlend."),
        VoiceLine("d", "Meet the AeroBlend.", expressiveness=0.8),
    ]
    takes = run_job(voice_lines_job(lines, VoiceSettings(speed=1.0)))
    assert takes["b"].speed == 1.5 and takes["b"].duration < 0.8 * takes["a"].duration
    assert takes["c"].id == takes["a"].id
    assert takes["d"].expressiveness == 0.8 and takes["d"].id != takes["a"].id
    with pytest.raises(StudioError, match="speed"):
        next(voice_lines_job([VoiceLine("x", "Hi.", speed=3.0)], VoiceSettings()))


def test_first_take_is_delivered_before_the_last_is_synthesised(fresh_cache) -> None:
    engine = get_engine(DEFAULT_VOICE)
    lines = [
        ("l1", "First line arrives early."),
        ("l2", "Second line follows."),
        ("l3", "Third line comes later."),
        ("l4", "The last line is voiced last."),
    ]
    events: list[tuple[str, int]] = []

    def on_take(key: str, take: object) -> None:
        events.append((key, engine.synth_calls))  # type: ignore[attr-defined]

    start = engine.synth_calls  # type: ignore[attr-defined]
    run_job(voice_lines_job(lines, VoiceSettings(), on_take=on_take))
    assert [e[0] for e in events] == ["l1", "l2", "l3", "l4"]
    first_calls, final_calls = events[0][1] - start, events[-1][1] - start
    assert first_calls == 1 and final_calls == 4  # l1 was handed over after one synthesis of four
