"""A line with no sentence break is spoken in pieces the model can take, so memory does not
grow with its length; short lines are spoken exactly as before."""

from __future__ import annotations

import numpy as np
import pytest

from studio.voice.engine import MAX_PHONEMES, get_engine, phoneme_chunks


def test_long_phoneme_runs_are_cut_at_clauses_then_words():
    words = list("ðə kwɪk bɹaʊn fɑks, dʒʌmps ˈoʊvɚ ðə leɪzi dɑɡ ") * 30
    pieces = phoneme_chunks(words, limit=100)
    assert all(len(p) <= 100 for p in pieces)
    assert "".join("".join(p) for p in pieces).replace(" ", "") == "".join(words).replace(" ", "")
    assert all(
        p[-1] in {",", " "} or p is pieces[-1] for p in pieces
    )  # cut after a comma or a word
    assert phoneme_chunks(list("həloʊ")) == [list("həloʊ")]
    assert phoneme_chunks(list("   ")) == []


@pytest.mark.slow
def test_a_long_unbroken_line_is_spoken_whole_in_pieces():
    engine = get_engine("en_US-joe-medium")
    line = " ".join(
        ["comfortable lightweight breathable jacket"] * 40
    )  # ~1,700 characters, no full stop
    before = engine.synth_calls
    audio = engine.synthesize(line)
    calls = engine.synth_calls - before
    assert calls >= len(line) // (MAX_PHONEMES * 2)  # several model runs, none of them huge
    seconds = len(audio) / engine.sample_rate
    assert 60 < seconds < 240  # every word is spoken (about 160 words)
    assert np.abs(audio).max() > 0.5
