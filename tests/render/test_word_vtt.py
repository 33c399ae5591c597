"""Word-timed WebVTT (the karaoke form): cues per sentence, a timestamp tag per word."""

from __future__ import annotations

import re

from studio.render.plan import WordCue
from studio.render.subtitles import LINE_CHARS, MAX_LINES, word_vtt_text, write_word_vtt

TIMING = re.compile(r"^(\d\d):(\d\d):(\d\d)\.(\d\d\d) --> (\d\d):(\d\d):(\d\d)\.(\d\d\d)$")
TAG = re.compile(r"<(\d\d):(\d\d):(\d\d)\.(\d\d\d)>")


def _seconds(h: str, m: str, s: str, ms: str) -> float:
    return int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000


def parse(text: str) -> list[tuple[float, float, list[str], list[float]]]:
    """(start, end, lines without tags, inline times) per cue; fails on anything malformed."""
    assert text.startswith("WEBVTT\n\n")
    cues = []
    for block in text[len("WEBVTT\n\n") :].strip("\n").split("\n\n"):
        timing, *lines = block.split("\n")
        m = TIMING.match(timing)
        assert m, timing
        start, end = _seconds(*m.groups()[:4]), _seconds(*m.groups()[4:])
        assert 1 <= len(lines) <= MAX_LINES
        body = "\n".join(lines)
        assert "-->" not in body
        stamps = [_seconds(*t) for t in TAG.findall(body)]
        plain = [TAG.sub("", ln) for ln in lines]
        assert not re.search(r"<(?!/?[bciuv])", TAG.sub("", body))  # nothing else looks like a tag
        cues.append((start, end, plain, stamps))
    return cues


def words_of(text: str, start: float, step: float = 0.3) -> list[WordCue]:
    return [
        WordCue(start + k * step, start + k * step + step * 0.8, w)
        for k, w in enumerate(text.split())
    ]


def test_one_cue_per_sentence_with_a_timestamp_before_each_later_word() -> None:
    words = words_of("Only $63.00 today!", 1.0) + words_of("Waterproof to ten meters.", 2.2)
    cues = parse(word_vtt_text(words))
    assert [c[2] for c in cues] == [["Only $63.00 today!"], ["Waterproof to ten meters."]]
    (s1, e1, _, t1), (s2, e2, _, t2) = cues
    assert (s1, t1) == (1.0, [1.3, 1.6]) and e1 <= s2
    assert (s2, t2) == (2.2, [2.5, 2.8, 3.1]) and e2 > 3.1 + 0.24 - 1e-9


def test_inline_times_increase_and_stay_inside_their_cue() -> None:
    text = (
        " ".join(["Soft straps spread the weight, and a rain cover tucks into the base"] * 4) + "."
    )
    words = words_of(text, 0.5, step=0.21)
    words.insert(3, WordCue(words[2].start, words[2].end, "again"))  # same time: no second tag
    cues = parse(word_vtt_text(words))
    assert len(cues) > 1
    previous_end = 0.0
    for start, end, lines, stamps in cues:
        assert previous_end <= start < end
        previous_end = end
        assert stamps == sorted(set(stamps))
        assert all(start < t < end for t in stamps)
        assert all(len(line) <= LINE_CHARS for line in lines)
    said = " ".join(" ".join(c[2]) for c in cues).split()
    assert said == [w.text for w in words]


def test_a_long_silence_starts_a_new_cue_and_markup_is_escaped() -> None:
    words = [WordCue(0.4, 0.7, "Fish"), WordCue(0.75, 1.0, "&"), WordCue(1.05, 1.3, "<chips>")]
    words += [WordCue(4.0, 4.4, "Next"), WordCue(4.5, 4.9, "scene")]
    out = word_vtt_text(words)
    cues = parse(out)
    assert [c[2] for c in cues] == [["Fish &amp; &lt;chips&gt;"], ["Next scene"]]
    assert cues[0][1] <= 1.3 + 0.4 + 1e-9


def test_no_words_is_an_empty_file(tmp_path) -> None:
    assert word_vtt_text([]) == "WEBVTT\n"
    path = write_word_vtt(words_of("Hello there.", 0.0), tmp_path / "w.vtt")
    assert parse(path.read_text(encoding="utf-8"))[0][2] == ["Hello there."]
