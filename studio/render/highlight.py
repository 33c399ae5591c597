"""The spoken word, marked in the caption while the voice says it.

The caption is laid out and drawn once; its words keep their places (``WordSpot``). Here
each word the voice speaks gets a small patch drawn once per scene (an accent-coloured pill
with the word over it, in the caption's own font and place), and a frame blends at most one
of them over the caption: the per-frame cost is one small blend, whatever the caption.

Words are matched to the voice by text, in order. When the caption says something other than
the voice (a shortened caption, another language), fewer than ``MIN_MATCHED`` of its words
are heard and nothing is marked: a highlight that jumps about would be worse than none.
"""

from __future__ import annotations

import bisect
import difflib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from studio.render.lettering import on_color
from studio.render.overlay import CaptionOverlay, Layer, rounded_box
from studio.render.plan import Theme, WordCue
from studio.render.wordspot import WordSpot

MIN_MATCHED = 0.8  # share of the caption's words the voice must say, in order
HOLD = 0.35  # seconds the last word stays marked after it is said
PAD_X = 0.12  # pill padding beside a word, in ems


def _key(word: str) -> str:
    """A word as compared with the voice: case, accents and punctuation left out
    ("$63.00!" and "$63.00" match, "Don't" and "dont" too)."""
    folded = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in folded if c.isalnum())


def word_times(
    words: Sequence[str], cues: Sequence[WordCue]
) -> tuple[tuple[float, float] | None, ...] | None:
    """When each caption word is heard (None for a word the voice skips), or None when the
    caption does not follow the voice closely enough to mark words."""
    if not words or not cues:
        return None
    a = [_key(w) for w in words]
    b = [_key(c.text) for c in cues]
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    times: list[tuple[float, float] | None] = [None] * len(a)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            cue = cues[block.b + k]
            times[block.a + k] = (cue.start, cue.end)
    counted = [k for k, w in enumerate(a) if w]
    heard = sum(1 for k in counted if times[k] is not None)
    if not counted or heard < MIN_MATCHED * len(counted):
        return None
    return tuple(times)


@dataclass(frozen=True)
class WordMarks:
    """The marked-word patches of one caption and when each is shown."""

    starts: tuple[float, ...]  # sorted; a word is marked from its start to the next one's
    ends: tuple[float, ...]
    patches: tuple[CaptionOverlay | None, ...]

    def at(self, t: float) -> CaptionOverlay | None:
        k = bisect.bisect_right(self.starts, t) - 1
        if k < 0:
            return None
        if k == len(self.starts) - 1 and t > self.ends[k] + HOLD:
            return None
        return self.patches[k]


def word_marks(
    overlay: CaptionOverlay | None,
    cues: Sequence[WordCue],
    theme: Theme,
    width: int,
    height: int,
) -> WordMarks | None:
    """The marks for ``overlay``'s words heard in ``cues`` (None when they cannot be
    matched)."""
    return paged_marks([overlay], cues, theme, width, height)[0]


def paged_marks(
    pages: Sequence[CaptionOverlay | None],
    cues: Sequence[WordCue],
    theme: Theme,
    width: int,
    height: int,
) -> tuple[WordMarks | None, ...]:
    """Marks for each page of a paged caption, matched to the voice as one text."""
    spots = [s for p in pages if p is not None for s in p.words]
    times = word_times([s.text for s in spots], cues)
    out: list[WordMarks | None] = []
    k = 0
    for p in pages:
        n = len(p.words) if p is not None else 0
        part = times[k : k + n] if times is not None else None
        out.append(_marks(p.words, part, theme, width, height) if p is not None and part else None)
        k += n
    return tuple(out)


def _marks(
    spots: Sequence[WordSpot],
    times: Sequence[tuple[float, float] | None] | None,
    theme: Theme,
    width: int,
    height: int,
) -> WordMarks | None:
    if not times:
        return None
    timed = sorted(
        (span[0], span[1], spot) for spot, span in zip(spots, times, strict=True) if span
    )
    if not timed:
        return None
    ink = on_color(theme.accent_rgb, theme)
    return WordMarks(
        tuple(t[0] for t in timed),
        tuple(t[1] for t in timed),
        tuple(_patch(t[2], theme.accent_rgb, ink, width, height) for t in timed),
    )


def _patch(
    spot: WordSpot,
    fill: tuple[int, int, int],
    ink: tuple[int, int, int],
    width: int,
    height: int,
) -> CaptionOverlay | None:
    """The word on an accent pill, drawn where the caption has it."""
    x0, y0, x1, y1 = spot.box
    pad = PAD_X * spot.size
    x0, x1, y0, y1 = x0 - pad, x1 + pad, y0 - 0.08 * spot.size, y1 + 0.04 * spot.size
    layer = Layer(int(x0) - 2, int(y0) - 2, int(x1) + 3, int(y1) + 3)
    m, d = layer.mask()
    rounded_box(d, layer, x0, y0, x1, y1, 0.24 * spot.size)
    layer.solid(m, fill)
    m2, d2 = layer.mask()
    spot.font.draw(d2, spot.x - layer.x0, spot.base - layer.y0, spot.text, 255, "ls")
    layer.solid(m2, ink)
    return layer.to_overlay(width, height)
