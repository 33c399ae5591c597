"""What a bullet asks to see, and how much each image shows it.

A VisualCue pairs a small vocabulary ("pocket", "zipper", "texture" ask for a close-up) with a
measure on ImageAnalysis. A bullet's affinity to a cue comes from its words: an exact stem hit
counts fully, a near synonym (by word embedding) counts partly, so "zippered pouch" still asks
for a close-up although neither word is listed.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from studio.analysis.image_features import ImageAnalysis
from studio.analysis.words import content_words, stem

# Word-embedding cosine at which a bullet word starts / fully counts as a cue word.
SYNONYM_FROM = 0.62
SYNONYM_FULL = 0.85


def word_list(text: str) -> tuple[str, ...]:
    return tuple(text.split())


@dataclass(frozen=True)
class VisualCue:
    name: str
    words: tuple[str, ...]  # bullet words that ask for this kind of view
    reason: str  # explanation template; {word} is the bullet word that asked
    measure: Callable[[ImageAnalysis, Sequence[ImageAnalysis]], float]  # 0..1 for one image in its set
    exact: bool = False  # only the listed word forms count ("colors" asks for a range, "color" does not)


def _closeup(a: ImageAnalysis, others: Sequence[ImageAnalysis]) -> float:
    """Detail views: the analyser's close-up cue, plus "bigger in frame than its siblings"."""
    fills = sorted(o.fill for o in others)
    median = fills[len(fills) // 2] if fills else a.fill
    relative = float(np.clip((a.fill / max(median, 1e-3) - 1.0) / 0.6, 0.0, 1.0))
    return max(a.closeup, 0.7 * relative)


def _hand(a: ImageAnalysis, others: Sequence[ImageAnalysis]) -> float:
    return float(np.clip(a.skin / 0.25, 0.0, 1.0))


def _variety(a: ImageAnalysis, others: Sequence[ImageAnalysis]) -> float:
    return float(np.clip((a.hues - 1) / 3.0, 0.0, 1.0)) * 0.8 + (0.2 if a.pieces >= 3 else 0.0)


def _infographic(a: ImageAnalysis, others: Sequence[ImageAnalysis]) -> float:
    """Call-outs printed beside the product; numbers (sizes) make a diagram more likely."""
    notes = [line for line in a.ocr if line.on_background]
    numbers = sum(any(ch.isdigit() for ch in line.text) for line in notes)
    return float(np.clip(a.annotation_area / 0.03 + 0.15 * numbers + 0.05 * len(notes), 0.0, 1.0))


CUES: tuple[VisualCue, ...] = (
    VisualCue(
        "close-up",
        word_list("""pocket pockets zipper zips zippered seam seams stitching stitched texture
        textured fabric material weave knit mesh cuff cuffs hem hems collar button buttons buckle
        lining lined lace laces sole tread detail details closeup accents accent trim reflective
        inseam waistband pleat embroidery embroidered pattern pinstripe finish grain leather
        port ports connector knob dial clasp hinge handle stitch logo"""),
        'close-up for "{word}"',
        _closeup,
    ),
    VisualCue(
        "in hand",
        word_list("hand hands hold holding handheld grip palm finger fingers thumb"),
        'shows it in a hand for "{word}"',
        _hand,
    ),
    VisualCue(
        "colour range",
        word_list("colors colours hues shades variety assorted multicolor multicolour rainbow lineup"),
        'shows the colour range for "{word}"',
        _variety,
        exact=True,
    ),
    VisualCue(
        "infographic",
        word_list("""dimensions dimension measurements measurement diagram specifications specs chart
        size sizes mm cm inches"""),
        'diagram with text for "{word}"',
        _infographic,
    ),
)

# Bullets about care, service or logistics: nothing in a photo can show them.
NON_VISUAL_WORDS = word_list(
    """wash washable washing launder laundry bleach tumble dryclean warranty
    guarantee guaranteed shipping ship ships delivery deliver returns refund refunds
    certified certification imported import compliant"""
)


@dataclass(frozen=True)
class Affinity:
    strength: float  # 0..1
    word: str  # the bullet word that carried it ("" when none)


class WordAffinity:
    """Affinity of bullets to vocabularies, by stems and by single-word embeddings."""

    def __init__(self, embed: Callable[[list[str]], np.ndarray]) -> None:
        self._embed = embed
        self._vecs: dict[str, np.ndarray] = {}

    def _vectors(self, words: list[str]) -> np.ndarray:
        todo = [w for w in dict.fromkeys(words) if w not in self._vecs]
        if todo:
            for w, v in zip(todo, self._embed(todo), strict=True):
                self._vecs[w] = v
        return np.array([self._vecs[w] for w in words], np.float32).reshape(len(words), -1)

    def affinity(self, bullet: str, vocabulary: Sequence[str], exact: bool = False) -> Affinity:
        words = content_words(bullet)
        if not words:
            return Affinity(0.0, "")
        if exact:
            hit = next((w for w in words if w in vocabulary), "")
            return Affinity(1.0 if hit else 0.0, hit)
        stems = {stem(v) for v in vocabulary}
        for w in words:
            if stem(w) in stems or w in vocabulary:
                return Affinity(1.0, w)
        sims = self._vectors(words) @ self._vectors(list(vocabulary)).T
        best = np.unravel_index(int(sims.argmax()), sims.shape)
        s = float(sims[best])
        strength = float(np.clip((s - SYNONYM_FROM) / (SYNONYM_FULL - SYNONYM_FROM), 0.0, 1.0))
        return Affinity(strength, words[best[0]] if strength > 0 else "")
