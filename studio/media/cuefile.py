"""Reading subtitle files back (WebVTT and SubRip) to check that an upload page will take them.

Only what the checks need: the cues' times and text, and the first problem that makes the
file malformed (a missing WEBVTT header, a broken time line, a cue that ends before it
starts), named with its line number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_VTT_TIME = re.compile(
    r"^((?:\d{2,}:)?\d{2}:\d{2}\.\d{3})\s+-->\s+((?:\d{2,}:)?\d{2}:\d{2}\.\d{3})(?:\s+.*)?$"
)
_SRT_TIME = re.compile(r"^(\d{2,}:\d{2}:\d{2},\d{3})\s+-->\s+(\d{2,}:\d{2}:\d{2},\d{3})\s*$")
MAX_CUE_FILE_BYTES = 5_000_000


@dataclass(frozen=True)
class FileCue:
    start: float
    end: float
    text: str


@dataclass(frozen=True)
class CueFile:
    path: Path
    cues: tuple[FileCue, ...]
    problem: str = ""  # "" when the file is well-formed


def read_cue_file(path: Path) -> CueFile:
    """The cues of a .vtt or .srt file, or the first reason it is malformed."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_CUE_FILE_BYTES:
            return CueFile(path, (), "the file is larger than any subtitle file should be")
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return CueFile(path, (), "not UTF-8 text")
    except OSError as exc:
        return CueFile(path, (), f"cannot be read ({exc.strerror or exc})")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    vtt = path.suffix.lower() == ".vtt"
    if vtt and not re.match(r"^WEBVTT(?:[ \t].*)?$", lines[0] if lines else ""):
        return CueFile(path, (), 'line 1: a WebVTT file must start with "WEBVTT"')
    timing = _VTT_TIME if vtt else _SRT_TIME
    cues: list[FileCue] = []
    i = 1 if vtt else 0
    while i < len(lines):
        line = lines[i].strip()
        if "-->" not in line:
            i += 1
            continue
        m = timing.match(line)
        if m is None:
            return CueFile(path, tuple(cues), f"line {i + 1}: malformed time line {line[:60]!r}")
        start, end = _seconds(m[1]), _seconds(m[2])
        if end <= start:
            return CueFile(path, tuple(cues), f"line {i + 1}: the cue ends before it starts")
        body: list[str] = []
        i += 1
        while i < len(lines) and lines[i].strip():
            body.append(lines[i].strip())
            i += 1
        if not body:
            return CueFile(path, tuple(cues), f"line {i}: a cue without text")
        cues.append(FileCue(start, end, "\n".join(body)))
    if not cues:
        return CueFile(path, (), "no cues")
    return CueFile(path, tuple(cues))


def _seconds(stamp: str) -> float:
    parts = stamp.replace(",", ".").split(":")
    total = 0.0
    for p in parts:
        total = total * 60 + float(p)
    return total


def uncaptioned(
    cues: tuple[FileCue, ...] | list[FileCue], duration: float, min_gap: float
) -> list[tuple[float, float]]:
    """Stretches of at least ``min_gap`` seconds that no cue covers, in order."""
    spans = sorted((c.start, c.end) for c in cues)
    gaps: list[tuple[float, float]] = []
    at = 0.0
    for a, b in spans:
        if a - at >= min_gap:
            gaps.append((at, a))
        at = max(at, b)
    if duration - at >= min_gap:
        gaps.append((at, duration))
    return gaps
