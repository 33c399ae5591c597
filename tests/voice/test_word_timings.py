"""Word timings from real Piper synthesis, checked against the audio itself.

The times come from the model's own phoneme durations, so they should sit where the waveform
says the words are: the words hold nearly all of the energy, the gaps between them are much
quieter, and where a word follows a pause the sound starts within a few tens of milliseconds
of its start. The onset check has a control: the same measure taken at times shifted by
100 ms must come out clearly worse, so a check that passes anything would show.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from studio.core.model import DEFAULT_VOICE
from studio.voice.engine import PiperEngine, Speech, get_engine, phoneme_chunks
from studio.voice.takes import (
    cached_take,
    spoken_text_for,
    synthesize_take,
    take_by_id,
    with_word_timings,
)
from studio.voice.wordtiming import WordTiming

pytestmark = pytest.mark.slow

PLAIN = "Waterproof to ten meters. Charges in 2 hours, and lasts all day."
PRICE = "Only $63.00 today!"
LONG = (
    "This roomy backpack has a padded sleeve for a laptop, a zip pocket for your passport "
    "and cards, two stretchy side pockets for bottles, a hidden back pocket for your phone, "
    "a clip for your keys, soft straps that spread the weight, a chest strap for long walks "
    "and a rain cover tucked into the base"
)
CASES = [(PLAIN, 1.0), (PRICE, 1.0), (LONG, 1.0), (PLAIN, 0.8), (PLAIN, 1.3), (PRICE, 1.3)]

STEP = 0.005  # seconds per level frame
QUIET_DB = 35.0  # below the loudest frame by this much: a pause (or a stop's closure)
CLEAR_GAP = 0.04  # a word this long after the previous one ends starts a clear boundary


@pytest.fixture(scope="module")
def engine() -> PiperEngine:
    e = get_engine(DEFAULT_VOICE)
    assert isinstance(e, PiperEngine)
    return e


@pytest.fixture(scope="module")
def spoken(engine) -> dict[tuple[str, float], tuple[str, Speech]]:
    out = {}
    for text, speed in CASES:
        line = spoken_text_for(text, engine)
        out[(text, speed)] = (line, engine.synthesize_timed(line, speed=speed))
    return out


def level_db(x: np.ndarray, sr: int) -> np.ndarray:
    """Short-time level (10 ms windows every 5 ms), dB re full scale."""
    hop, win = int(STEP * sr), int(2 * STEP * sr)
    frames = np.lib.stride_tricks.sliding_window_view(np.pad(x, (win // 2, win)), win)[::hop]
    return 10 * np.log10(np.mean(frames[: x.size // hop + 1] ** 2, axis=1) + 1e-12)


def onset_errors(speech: Speech, sr: int, shift: float = 0.0) -> list[float]:
    """For each word that starts after a clear gap, (sound onset - word start) in seconds,
    the onset being the end of the quiet stretch nearest the start (within 0.1 s)."""
    db = level_db(speech.samples, sr)
    quiet = db < db.max() - QUIET_DB
    ends = (np.flatnonzero(quiet[:-1] & ~quiet[1:]) + 1) * STEP
    errors = []
    words = speech.words
    for k, w in enumerate(words):
        if k and w.start - words[k - 1].end < CLEAR_GAP:
            continue
        t = w.start + shift
        near = ends[np.abs(ends - t) <= 0.1]
        if near.size:
            errors.append(float(near[np.argmin(np.abs(near - t))] - t))
    return errors


def test_the_long_line_is_voiced_in_pieces(engine) -> None:
    engine.load()
    (sentence,) = engine._voice.phonemize(spoken_text_for(LONG, engine))
    assert len(phoneme_chunks(sentence)) >= 2


@pytest.mark.parametrize(("text", "speed"), CASES)
def test_words_are_ordered_inside_the_take_and_hold_the_speech(text, speed, spoken) -> None:
    line, speech = spoken[(text, speed)]
    sr, x = 22050, speech.samples
    duration = x.size / sr
    words = speech.words
    assert not speech.estimated  # the bundled voice reports its durations
    assert [w.text for w in words] == [w.strip(",.!?;:") for w in line.split()]
    for w in words:
        assert 0.0 <= w.start < w.end <= duration + 1e-6, w
    for a, b in zip(words, words[1:], strict=False):
        assert a.end <= b.start + 1e-6, (a, b)
    assert words[0].start < 0.1 and words[-1].end > duration - 0.15

    # Nearly all the sound is in the words (give or take a frame around each edge).
    inside = np.zeros(x.size, bool)
    for w in words:
        inside[max(0, int((w.start - 0.06) * sr)) : int((w.end + 0.06) * sr)] = True
    assert np.sum(x[inside] ** 2) / np.sum(x**2) > 0.97

    # The gaps between words are much quieter than the words.
    def db(a: float, b: float) -> float:
        seg = x[int(a * sr) : int(b * sr)]
        return float(10 * np.log10(np.mean(seg**2) + 1e-12))

    in_words = np.mean([db(w.start, w.end) for w in words])
    gaps = [
        db(a.end, b.start)
        for a, b in zip(words, words[1:], strict=False)
        if b.start - a.end >= 0.03
    ]
    assert gaps and np.mean(gaps) < in_words - 10


def test_words_start_where_the_sound_does(spoken) -> None:
    errors, control = [], []
    for _line, speech in spoken.values():
        errors += onset_errors(speech, 22050)
        control += onset_errors(speech, 22050, shift=-0.1)
        control += onset_errors(speech, 22050, shift=0.1)
    errors_a, control_a = np.abs(errors), np.abs(control)
    assert len(errors_a) >= 30
    assert np.median(errors_a) < 0.025
    assert np.mean(errors_a <= 0.06) >= 0.85
    # the measure can tell: word starts 100 ms off would fail it
    assert np.median(control_a) > 3 * np.median(errors_a)
    assert np.mean(control_a <= 0.06) < 0.6


def test_a_price_is_one_written_token_over_its_spoken_words(fresh_cache) -> None:
    take = synthesize_take(PRICE)
    assert take.spoken_text == "Only 63 dollars today!"
    assert [(w.text, w.token) for w in take.words] == [
        ("Only", 0),
        ("63", 1),
        ("dollars", 1),
        ("today", 2),
    ]
    written = take.written_words()
    assert [t for _, _, t in written] == ["Only", "$63.00", "today!"]
    assert written[1][0] == take.words[1].start and written[1][1] == take.words[2].end


def test_cached_takes_keep_their_timings(fresh_cache, engine) -> None:
    first = synthesize_take(PLAIN, speed=1.3)
    assert first.words and not first.words_estimated
    before = engine.synth_calls
    again = synthesize_take(PLAIN, speed=1.3)
    assert engine.synth_calls == before
    assert again.words == first.words
    assert take_by_id(first.id).words == first.words
    assert cached_take(PLAIN, speed=1.3).words == first.words
    # the sidecar keeps what was spoken when; the token is worked out for the text asked
    meta = json.loads(first.path.with_suffix(".json").read_text())
    assert [w[0] for w in meta["words"]] == [w.text for w in first.words]


def test_texts_that_share_a_take_point_at_their_own_tokens(fresh_cache) -> None:
    a = synthesize_take("Just $20")
    b = synthesize_take("Just 20 dollars")
    assert a.id == b.id
    assert [(w.start, w.end) for w in a.words] == [(w.start, w.end) for w in b.words]
    assert [t for _, _, t in a.written_words()] == ["Just", "$20"]
    assert [t for _, _, t in b.written_words()] == ["Just", "20", "dollars"]


def test_an_old_sidecar_without_timings_loads_and_can_be_completed(fresh_cache, engine) -> None:
    made = synthesize_take(PRICE)
    sidecar = made.path.with_suffix(".json")
    meta = json.loads(sidecar.read_text())
    del meta["words"], meta["words_estimated"]
    sidecar.write_text(json.dumps(meta))

    old = take_by_id(made.id)
    assert old is not None and old.words is None and old.written_words() == ()
    before = engine.synth_calls
    assert synthesize_take(PRICE).words is None  # loading never re-voices behind the caller
    assert engine.synth_calls == before

    done = with_word_timings(old)
    assert done.words == made.words and not done.words_estimated
    assert take_by_id(made.id).words == made.words  # stored for next time
    assert with_word_timings(done) is done


def test_malformed_timings_in_a_sidecar_load_as_unknown(fresh_cache) -> None:
    made = synthesize_take("Lightweight.")
    sidecar = made.path.with_suffix(".json")
    meta = json.loads(sidecar.read_text())
    meta["words"] = [["Lightweight", "soon", None]]
    sidecar.write_text(json.dumps(meta))
    take = take_by_id(made.id)
    assert take is not None and take.words is None


def test_an_empty_take_has_no_words(fresh_cache) -> None:
    take = synthesize_take("超长续航 🔋")
    assert take.empty and take.words == ()
    assert with_word_timings(take).words == ()


def test_a_model_without_durations_gets_estimated_times(tmp_path, monkeypatch) -> None:
    from studio.voice.library import find_voice, user_voices_dir
    from tests.voice.tiny_piper import make_tiny_voice

    monkeypatch.setenv("STUDIO_CONFIG_DIR", str(tmp_path / "config"))
    make_tiny_voice(user_voices_dir(), "en_US-plain-x_low")
    engine = PiperEngine(find_voice("en_US-plain-x_low"))
    speech = engine.synthesize_timed("Two short lines. Then one more.")
    assert speech.estimated
    assert [w.text for w in speech.words] == ["Two", "short", "lines", "Then", "one", "more"]
    duration = speech.samples.size / engine.sample_rate
    starts = [w.start for w in speech.words]
    assert starts == sorted(starts)
    assert all(0 <= w.start < w.end <= duration + 1e-6 for w in speech.words)


def test_word_timing_serialises_compactly() -> None:
    assert WordTiming("63", 0.358412, 1.03184, 1).to_json() == ["63", 0.3584, 1.0318]


def test_say_with_words_prints_each_word_and_its_written_token(fresh_cache, tmp_path) -> None:
    from studio.voice.commands import say, word_timing_lines

    take = say(PRICE, tmp_path / "price.wav", words=True)
    lines = word_timing_lines(take)
    assert [ln.split()[2:] for ln in lines] == [
        ["Only"],
        ["63", "<-", "$63.00"],
        ["dollars", "<-", "$63.00"],
        ["today"],
    ]
    times = [float(v) for ln in lines for v in ln.split()[:2]]
    assert times == sorted(times) and times[-1] <= take.duration
