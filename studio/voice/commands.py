"""What the ``studio voices`` and ``studio say`` commands need, kept out of the CLI module so
the UI's voice picker and tests use the same code."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from studio.core.model import DEFAULT_VOICE
from studio.voice.library import available_voices, voice_problems
from studio.voice.takes import VoiceTake, load_take_audio, synthesize_take, with_word_timings


def voices_json() -> list[dict[str, Any]]:
    """Every usable voice (id, language, quality, sample_rate, speaker_id, speaker, ...), then
    every broken voice file as {"id", "model", "error"}: a listing never fails on one bad file."""
    return [v.to_json() for v in available_voices()] + [p.to_json() for p in voice_problems()]


def voices_table() -> list[str]:
    """``studio voices`` without --json: one aligned line per voice, problems last."""
    rows = [
        (v.id, v.language, v.quality or "-", f"{v.sample_rate} Hz", v.speaker or "")
        for v in available_voices()
    ]
    width = max((len(r[0]) for r in rows), default=10)
    lines = [f"{r[0]:<{width}}  {r[1]:<6} {r[2]:<7} {r[3]:>9}  {r[4]}".rstrip() for r in rows]
    lines += [f"{p.id:<{width}}  unusable: {p.message}" for p in voice_problems()]
    return lines


def say(
    text: str,
    out_wav: Path,
    voice: str = DEFAULT_VOICE,
    speed: float = 1.0,
    expressiveness: float = 0.0,
    words: bool = False,
) -> VoiceTake:
    """Voice ``text`` into ``out_wav`` (16-bit mono at the voice's rate) through the take cache;
    the returned take's ``path`` is ``out_wav`` and ``spoken_text`` is what was read. With
    ``words``, a take cached before word timings existed gets them (see ``word_timing_lines``)."""
    from studio.media.audio import write_wav

    take = synthesize_take(text, voice, speed, expressiveness=expressiveness)
    if words:
        take = with_word_timings(take)
    samples, sr = load_take_audio(take)
    out = write_wav(Path(out_wav), samples, sr)
    return dataclasses.replace(take, path=out)


def word_timing_lines(take: VoiceTake) -> list[str]:
    """``studio say --words``: one line per spoken word, start and end in seconds of the WAV,
    and the written token it reads when that differs ("63  <- $63.00"); a first line says when
    the times are estimated rather than the voice's own."""
    if take.words is None:
        return ["no word timings for this take"]
    tokens = take.text.split()
    lines = ["(estimated: this voice does not report its timing)"] if take.words_estimated else []
    for w in take.words:
        written = tokens[w.token] if 0 <= w.token < len(tokens) else ""
        note = f"  <- {written}" if written and written.strip(".,!?;:") != w.text else ""
        lines.append(f"{w.start:7.3f} {w.end:7.3f}  {w.text}{note}")
    return lines


def shown_texts(lines: Iterable[str]) -> Iterator[str]:
    """``studio say --show-text -``: each input line as the voice will read it, one output line
    per input line (an empty line when nothing in it can be said), so scripts can pair them."""
    from studio.voice.normalize import normalize_for_speech

    for line in lines:
        yield normalize_for_speech(line.rstrip("\r\n"))
