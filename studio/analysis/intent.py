"""What a bullet asks the picture to show: a part, a view, a colour, the product in use, a
dimension or spec, or nothing visual at all.

Each kind has a short word list (a hit is decisive) and a few prototype sentences; a bullet
without a listed word is placed by its sentence-embedding similarity to the prototypes. The
result is a soft distribution per bullet that fusion uses to decide which evidence matters:
a close-up says a lot about "Kangaroo pocket", nothing about "Machine wash cold".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from studio.analysis.colours import colour_words
from studio.analysis.cues import CUES
from studio.analysis.words import content_words, stem, tokens, word_list

KINDS = ("part", "view", "colour", "use", "spec", "non-visual")

WORDS: dict[str, tuple[str, ...]] = {
    "part": word_list(
        """pocket zipper zip zips seam stitching fabric texture material knit mesh cuff hem collar
        button buckle lining sole tread detail trim waistband hood drawstring strap handle
        compartment port connector button screen display switch clip dial lens logo panel"""
    ),
    "view": word_list(
        "back rear behind backside reverse front side profile angle top bottom underside"
    ),
    "colour": word_list("colour color colours colors hue hues shade shades tone two-tone heather"),
    "use": word_list(
        """wear wearing worn outdoors training workout running hiking travel commute everyday
        lifestyle carry carrying hold holding hand hands play listen watch browse use using"""
    ),
    "spec": word_list(
        """dimensions dimension size sizes measurements inch inches inseam capacity weight weighs
        battery hours storage pixel pixels resolution mm cm gb"""
    ),
    "non-visual": word_list(
        """wash washable warranty guarantee shipping delivery returns refund certified imported
        care dryer bleach iron"""
    ),
}

PROTOTYPES: dict[str, tuple[str, ...]] = {
    "part": ("a close-up of a pocket, zipper or seam", "a detail of the product's part"),
    "view": ("the back of the product", "seen from the side"),
    "colour": ("available in several colours", "a product in a particular colour"),
    "use": ("a person using or wearing the product outdoors", "the product in everyday use"),
    "spec": (
        "the product's size and dimensions in inches",
        "technical specifications and capacity",
    ),
    "non-visual": ("machine wash cold, tumble dry", "free shipping and a one-year warranty"),
}

WORD_HIT = 1.0  # a listed word counts as this much evidence for its kind
PROTOTYPE_FROM = 0.25  # sentence similarity at which a prototype starts to count
PROTOTYPE_SCALE = 0.35  # similarity above PROTOTYPE_FROM that counts fully


@dataclass(frozen=True)
class Intent:
    """A soft distribution over KINDS (sums to at most 1; the rest is "general")."""

    weights: dict[str, float]
    word: dict[str, str]  # the bullet word that decided a kind, for explanations

    def __getitem__(self, kind: str) -> float:
        return self.weights.get(kind, 0.0)

    @property
    def main(self) -> str:
        kind, w = max(self.weights.items(), key=lambda kv: kv[1], default=("general", 0.0))
        return kind if w >= 0.3 else "general"


def _vocabularies() -> dict[str, tuple[str, ...]]:
    """WORDS, with the close-up cue's detail words counted as parts (one vocabulary for both)."""
    closeup = next((c.words for c in CUES if c.name == "close-up"), ())
    return {**WORDS, "part": tuple(dict.fromkeys(WORDS["part"] + closeup))}


def _word_hits(bullet: str) -> tuple[dict[str, float], dict[str, str]]:
    words = [w for t in tokens(bullet) for w in t.split("-")] + [
        t for t in tokens(bullet) if "-" in t
    ]
    stems = {stem(w): w for w in words}
    hits: dict[str, float] = {}
    said: dict[str, str] = {}
    for kind, vocab in _vocabularies().items():
        for v in vocab:
            if v in words or stem(v) in stems:
                hits[kind] = WORD_HIT
                said[kind] = stems.get(stem(v), v)
                break
    return hits, said


def bullet_texts(bullets: list[str]) -> list[str]:
    """What is compared with the prototypes: the bullet's content words."""
    return [" ".join(content_words(b)) or b for b in bullets]


def classify(bullets: list[str], embed: Callable[[list[str]], np.ndarray]) -> list[Intent]:
    """The intent of each bullet, from word hits and prototype similarity."""
    if not bullets:
        return []
    protos = [(k, p) for k in KINDS for p in PROTOTYPES[k]]
    vb = embed(bullet_texts(bullets))
    vp = embed([p for _, p in protos])
    sims = vb @ vp.T
    out: list[Intent] = []
    for b, bullet in enumerate(bullets):
        hits, said = _word_hits(bullet)
        named = colour_words(bullet)
        if named:
            hits["colour"], said["colour"] = WORD_HIT, named[0][0]
        raw: dict[str, float] = {}
        for kind in KINDS:
            best = max(float(sims[b, j]) for j, (k, _) in enumerate(protos) if k == kind)
            soft = float(np.clip((best - PROTOTYPE_FROM) / PROTOTYPE_SCALE, 0.0, 1.0))
            raw[kind] = max(hits.get(kind, 0.0), soft)
        total = sum(raw.values())
        weights = {k: v / max(1.0, total) for k, v in raw.items()}
        out.append(Intent(weights, said))
    return out
