"""Sidecar subtitles (SRT and WebVTT) from a plan's cues.

Platforms and players show at most two lines comfortably, about 42 characters each (21
Chinese characters, which are twice as wide). Longer cue text is split into consecutive cues,
its time shared out by length, rather than piling up lines over the picture.

``word_vtt_text`` writes the spoken words instead, from their timings: one cue per sentence
(or per screen of a long one) with an inline timestamp where each following word is reached,
WebVTT's karaoke form, which players use to mark the word being spoken.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from studio.core.fsutil import atomic_write_text
from studio.render.plan import Cue, WordCue
from studio.render.textfit import wrap

LINE_CHARS = 42
MAX_LINES = 2


class _CharWidth:
    """Measures text in character cells (wide East Asian characters count as two), standing
    in for a font so the caption wrapper can be reused for subtitles."""

    def getlength(self, text: str) -> float:
        return float(sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text))


def cue_blocks(text: str) -> list[list[str]]:
    """The cue text as screens of at most two balanced lines, split between sentences
    where possible."""
    text = " ".join(
        "".join(c for c in text if unicodedata.category(c) != "Cc" or c == "\n").split()
    )
    if not text:
        return []
    blocks: list[str] = []
    current = ""
    for sentence in _SENTENCE_END.split(text):
        sentence = sentence.strip()
        if not sentence:
            continue
        candidate = _join(current, sentence) if current else sentence
        if _line_count(candidate, LINE_CHARS) <= MAX_LINES:
            current = candidate
            continue
        if current:
            blocks.append(current)
            current = ""
        if _line_count(sentence, LINE_CHARS) <= MAX_LINES:
            current = sentence
            continue
        lines = _even_lines(sentence)
        for i in range(0, len(lines), MAX_LINES):
            chunk = lines[i : i + MAX_LINES]
            blocks.append(chunk[0] if len(chunk) == 1 else _join(chunk[0], chunk[1]))
    if current:
        blocks.append(current)
    return [_balance(wrap(b, _CharWidth(), LINE_CHARS)) for b in blocks]


_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|(?<=[。！？])")


def _line_count(text: str, width: int) -> int:
    return len(wrap(text, _CharWidth(), width))


def _even_lines(sentence: str) -> list[str]:
    """A long sentence wrapped to an even number of lines of similar length, so the last
    screen is not a stub."""
    n = _line_count(sentence, LINE_CHARS)
    target = n + (n % 2)
    best = wrap(sentence, _CharWidth(), LINE_CHARS)
    for width in range(LINE_CHARS - 1, LINE_CHARS // 2, -1):
        trial = wrap(sentence, _CharWidth(), width)
        if len(trial) > target:
            break
        best = trial
    return best


def _join(a: str, b: str) -> str:
    return a + ("" if _is_wide(a[-1]) or _is_wide(b[0]) else " ") + b


def _balance(lines: list[str]) -> list[str]:
    """Two lines of similar length read better than a full line and a stub."""
    if len(lines) != 2:
        return lines
    text = _join(lines[0], lines[1])
    best = lines
    for width in range(LINE_CHARS, 9, -1):
        trial = wrap(text, _CharWidth(), width)
        if len(trial) > 2:
            break
        best = trial
    return best


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def _timed(cues: Iterable[Cue]) -> list[tuple[float, float, list[str]]]:
    out: list[tuple[float, float, list[str]]] = []
    for cue in sorted(cues, key=lambda c: c.start):
        start, end = max(0.0, cue.start), max(0.0, cue.end)
        if end <= start:
            continue
        blocks = cue_blocks(cue.text)
        if not blocks:
            continue
        weights = [max(1, sum(len(ln) for ln in b)) for b in blocks]
        total = sum(weights)
        t = start
        for block, wgt in zip(blocks, weights, strict=True):
            t_end = end if block is blocks[-1] else t + (end - start) * wgt / total
            out.append((t, t_end, block))
            t = t_end
    return out


def _stamp(seconds: float, sep: str) -> str:
    ms = int(round(seconds * 1000))
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def srt_text(cues: Iterable[Cue]) -> str:
    parts = []
    for i, (start, end, lines) in enumerate(_timed(cues), 1):
        body = "\n".join(ln.replace("-->", "->") for ln in lines)
        parts.append(f"{i}\n{_stamp(start, ',')} --> {_stamp(end, ',')}\n{body}\n")
    return "\n".join(parts)


def vtt_text(cues: Iterable[Cue]) -> str:
    parts = ["WEBVTT\n"]
    for start, end, lines in _timed(cues):
        body = "\n".join(_vtt_escape(ln) for ln in lines)
        parts.append(f"{_stamp(start, '.')} --> {_stamp(end, '.')}\n{body}\n")
    return "\n".join(parts)


def _vtt_escape(line: str) -> str:
    return line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_srt(cues: Iterable[Cue], path: Path) -> Path:
    """Write SubRip subtitles atomically (UTF-8)."""
    atomic_write_text(Path(path), srt_text(cues))
    return Path(path)


def write_vtt(cues: Iterable[Cue], path: Path) -> Path:
    """Write WebVTT subtitles atomically (UTF-8)."""
    atomic_write_text(Path(path), vtt_text(cues))
    return Path(path)


WORD_HOLD = 0.4  # seconds a word cue stays up after its last word, unless the next one starts
WORD_CUE_BREAK = 0.75  # a silence this long between words starts a new cue (a scene change)
_ENDS_SENTENCE = re.compile(r"[.!?…。！？][\"'”’)\]]*$")


def _word_groups(words: Iterable[WordCue]) -> list[list[WordCue]]:
    """The words in cues: a new one after a sentence's last word, after a long silence, or
    when the next word would not fit two lines."""
    groups: list[list[WordCue]] = []
    for w in sorted(
        (w for w in words if w.end > w.start and w.text.strip()), key=lambda w: w.start
    ):
        current = groups[-1] if groups else None
        if (
            current is None
            or _ENDS_SENTENCE.search(current[-1].text)
            or w.start - current[-1].end >= WORD_CUE_BREAK
            or _line_count(_words_text(current + [w]), LINE_CHARS) > MAX_LINES
        ):
            groups.append([w])
        else:
            current.append(w)
    return groups


def _words_text(words: list[WordCue]) -> str:
    text = ""
    for w in words:
        text = _join(text, w.text.strip()) if text else w.text.strip()
    return text


def _word_lines(words: list[WordCue]) -> list[list[WordCue]]:
    """The cue's words on the (at most two, balanced) lines the plain subtitles would use."""
    lines = _balance(wrap(_words_text(words), _CharWidth(), LINE_CHARS))
    out: list[list[WordCue]] = []
    rest = list(words)
    for line in lines:
        taken: list[WordCue] = []
        while rest and (not taken or len(_words_text(taken + [rest[0]])) <= len(line)):
            taken.append(rest.pop(0))
        out.append(taken)
    if rest or len(out) > MAX_LINES or any(not ln for ln in out):
        return [list(words)]  # a word broken across lines: keep the cue on one line
    return out


def word_vtt_text(words: Iterable[WordCue]) -> str:
    """WebVTT whose cues carry a timestamp tag before each word after the first:
    ``00:00:01.000 --> 00:00:02.300`` / ``Only <00:00:01.350>$63.00 <00:00:01.880>today!``.
    Tags only move forward and stay strictly inside their cue, as the format requires."""

    def ms(t: float) -> int:
        return int(round(t * 1000))

    groups = _word_groups(words)
    parts = ["WEBVTT\n"]
    for k, group in enumerate(groups):
        start = group[0].start
        end = group[-1].end + WORD_HOLD
        if k + 1 < len(groups):
            end = min(end, groups[k + 1][0].start)
        end = max(end, group[-1].end)
        last = ms(start)
        body = []
        for line in _word_lines(group):
            text, before = "", ""
            for w in line:
                word = w.text.strip()
                if text:
                    text += "" if _is_wide(before[-1]) or _is_wide(word[0]) else " "
                if last < ms(w.start) < ms(end):
                    text += f"<{_stamp(w.start, '.')}>"
                    last = ms(w.start)
                text += _vtt_escape(word)
                before = word
            body.append(text)
        parts.append(f"{_stamp(start, '.')} --> {_stamp(end, '.')}\n" + "\n".join(body) + "\n")
    return "\n".join(parts)


def write_word_vtt(words: Iterable[WordCue], path: Path) -> Path:
    """Write word-timed WebVTT (``word_vtt_text``) atomically (UTF-8)."""
    atomic_write_text(Path(path), word_vtt_text(words))
    return Path(path)
