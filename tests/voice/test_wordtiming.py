"""The parts of word timing that need no voice: ids to phoneme times, phoneme words to spoken
words, spoken words to written tokens, and the graph edit that exposes the durations."""

from __future__ import annotations

import random
import time

import numpy as np
import pytest

from studio.media.onnx_graph import expose_output, messages
from studio.voice.normalize import normalize_for_speech
from studio.voice.wordtiming import (
    WordTiming,
    align_words,
    phoneme_edges,
    split_words,
    token_indices,
    with_tokens,
    written_word_times,
)

ID_MAP = {"_": [0], "^": [1], "$": [2], " ": [3], ",": [8], "a": [14], "b": [15], "ˈ": [120]}


def _ids(phonemes: list[str]) -> list[int]:
    """Piper's framing (piper.phoneme_ids.phonemes_to_ids): BOS PAD, each phoneme + PAD, EOS."""
    ids = [1, 0]
    for p in phonemes:
        if p in ID_MAP:
            ids += [*ID_MAP[p], 0]
    return [*ids, 2]


def test_each_phoneme_owns_its_ids_and_the_pad_after_them() -> None:
    phonemes = list("ab a")
    ids = _ids(phonemes)
    per_id = np.arange(1, len(ids) + 1, dtype=float) * 10  # 10, 20, 30, ...
    edges = phoneme_edges(phonemes, ids, per_id, ID_MAP)
    # BOS+PAD take 10+20; "a" its id and PAD (30+40); "b" 50+60; " " 70+80; "a" 90+100
    assert edges is not None and edges.tolist() == [30, 100, 210, 360, 550]
    words = split_words(phonemes, edges)
    assert [(w.phonemes, w.edges) for w in words] == [
        (("a", "b"), (30.0, 100.0, 210.0)),
        (("a",), (360.0, 550.0)),
    ]


def test_unknown_phonemes_are_skipped_like_piper_skips_them() -> None:
    phonemes = ["a", "ʘ", "b"]  # not in the map: no ids
    edges = phoneme_edges(phonemes, _ids(phonemes), [1.0] * len(_ids(phonemes)), ID_MAP)
    assert edges is not None and edges.tolist() == [2, 4, 4, 6]


def test_ids_of_another_scheme_give_no_edges() -> None:
    assert phoneme_edges(list("ab"), [5, 6, 7], [1.0, 1.0, 1.0], ID_MAP) is None


def test_punctuation_and_spaces_part_words_but_stress_does_not() -> None:
    words = split_words(list("ˈab, ba."))
    assert [w.phonemes for w in words] == [("ˈ", "a", "b"), ("b", "a")]


def _word(s: str) -> list[str]:
    return list(s)


def test_alignment_handles_merged_split_and_missing_words() -> None:
    # "it is one of the best 63": espeak runs "of the" together and says "63" as two words
    templates = [
        [_word("ɪt")],
        [_word("ɪz")],
        [_word("wˈʌn")],
        [_word("ʌv")],
        [_word("ðə")],
        [_word("bˈɛst")],
        [_word("sˈɪksti"), _word("θɹˈiː")],
        [],  # a mark said as nothing
    ]
    heard = [
        _word("ɪɾ"),
        _word("ɪz"),
        _word("wˈʌn"),
        _word("ʌvðə"),
        _word("bˈɛst"),
        _word("sˈɪksti"),
        _word("θɹˈiː"),
    ]
    ranges = align_words(templates, heard)
    starts = np.cumsum([0] + [len(w) for w in heard]).tolist()
    assert ranges[0] == (starts[0], starts[1])  # "ɪɾ" is still "it"
    assert ranges[3] == (starts[3], starts[3] + 2) and ranges[4] == (starts[3] + 2, starts[4])
    assert ranges[6] == (starts[5], starts[7])
    assert ranges[7] is None


def test_alignment_of_a_very_long_line_is_quick_and_right() -> None:
    rng = random.Random(7)
    symbols = "abdefhijklmnoprstuvwzæðŋɑɔəɛɪʊʌθ"
    words = [[rng.choice(symbols) for _ in range(rng.randint(1, 8))] for _ in range(2000)]
    heard, i = [], 0
    while i < len(words):  # every 17th pair run together, as espeak does with "of the"
        if i % 17 == 0 and i + 1 < len(words):
            heard.append(words[i] + words[i + 1])
            i += 2
        else:
            heard.append(list(words[i]))
            i += 1
    t0 = time.perf_counter()
    ranges = align_words([[w] for w in words], heard)
    assert time.perf_counter() - t0 < 10  # ~0.2 s; the point is: not quadratic
    pos = np.cumsum([0] + [len(w) for w in words]).tolist()
    assert ranges == [(pos[k], pos[k + 1]) for k in range(len(words))]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Only $63.00 today!", ["Only", "$63.00", "$63.00", "today!"]),
        ("$10-20 each", ["$10-20"] * 4 + ["each"]),
        ("10000mAh battery", ["10000mAh"] * 3 + ["battery"]),
        ("Fast ⚡ charging — 2x faster", ["Fast", "charging", "2x", "2x", "faster"]),
        ("• 3-5 days & 50% off", ["3-5"] * 3 + ["days", "&", "50%", "50%", "off"]),
        ("Case incl.", ["Case", "incl."]),
    ],
)
def test_spoken_words_point_at_the_written_token_they_read(written, expected) -> None:
    spoken = normalize_for_speech(written)
    tokens = written.split()
    assert [tokens[i] for i in token_indices(written, spoken)] == expected


def test_written_words_join_the_spoken_words_of_a_token() -> None:
    words = [
        WordTiming("Only", 0.0, 0.3),
        WordTiming("63", 0.35, 1.0),
        WordTiming("dollars", 1.05, 1.4),
    ]
    words = list(with_tokens(words, "Only $63.00", "Only 63 dollars"))
    assert written_word_times(words, "Only $63.00") == ((0.0, 0.3, "Only"), (0.35, 1.4, "$63.00"))
    # a word that was not heard (empty span) is left out
    words.append(WordTiming("extra", 1.4, 1.4, 1))
    assert len(written_word_times(words, "Only $63.00")) == 2


def _graph_with(*ops: str) -> bytes:
    msgs = messages()
    model = msgs["Model"]()
    for k, op in enumerate(ops):
        model.graph.node.append(msgs["Node"](input=[f"x{k}"], output=[f"y{k}"], op_type=op))
    model.graph.output.append(msgs["ValueInfo"](name="out"))
    return model.SerializeToString()


def test_exposing_an_output_adds_it_after_the_others() -> None:
    patched, name = expose_output(_graph_with("Exp", "Ceil"), "Ceil")
    model = messages()["Model"]()
    model.ParseFromString(patched)
    assert name == "y1" and [o.name for o in model.graph.output] == ["out", "y1"]
    with pytest.raises(ValueError, match="already"):
        expose_output(patched, "Ceil")


@pytest.mark.parametrize("ops", [("Exp",), ("Ceil", "Ceil")])
def test_exposing_needs_exactly_one_such_node(ops) -> None:
    with pytest.raises(ValueError, match="not one"):
        expose_output(_graph_with(*ops), "Ceil")
