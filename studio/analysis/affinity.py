"""How strongly a bullet speaks to a vocabulary: by word stems, then by single-word embeddings.

An exact stem hit counts fully, a near synonym (by word embedding) counts partly, so "zippered
pouch" still asks for a close-up although neither word is listed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from studio.analysis.words import content_words, stem

# Word-embedding cosine at which a bullet word starts / fully counts as a cue word.
SYNONYM_FROM = 0.62
SYNONYM_FULL = 0.85


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

    def affinity(
        self,
        bullet: str,
        vocabulary: Sequence[str],
        exact: bool = False,
        not_before: Sequence[str] = (),
    ) -> Affinity:
        """``not_before``: nouns that make a vocabulary word a mere modifier when they follow it
        ("hand" in "hand pockets" asks for no hand)."""
        words = content_words(bullet)
        if not_before:
            heads = {stem(h) for h in not_before}
            words = [
                w
                for k, w in enumerate(words)
                if k + 1 >= len(words) or stem(words[k + 1]) not in heads
            ]
        if not words:
            return Affinity(0.0, "")
        if exact:
            # Phrases ("shoulder straps") match consecutive content words.
            pairs = [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
            hit = next((w for w in words + pairs if w in vocabulary), "")
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
