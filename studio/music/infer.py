"""Choosing a music mood from the product's own words.

Each mood lists a few kinds of product it suits (``Mood.suits``). The product's title and
bullets, and each of those phrases, are embedded with the same sentence model the image
matcher uses (MiniLM, local); a mood scores its best-matching phrase (short phrases embed more
sharply than one long description), and the closest mood wins. The confidence is the winner's share
of a softmax over the similarities, so a vague listing ("Item 1") comes back with a low
confidence the UI can show as "suggested".
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from studio.music.generate import MOODS

DEFAULT_MOOD = "upbeat"
TEMPERATURE = 0.05  # softmax temperature over cosine similarities


def mood_scores(texts: Sequence[str]) -> dict[str, float]:
    """Cosine similarity of the product text to each mood's closest ``suits`` phrase."""
    from studio.media.sentences import embed  # loads the sentence model; keep it off import time

    product = " ".join(t.strip() for t in texts if t and t.strip())
    if not product:
        return {}
    phrases = [(n, ph) for n, m in MOODS.items() for ph in m.suits]
    vecs = embed([product, *(ph for _, ph in phrases)])
    sims = vecs[1:] @ vecs[0]
    scores: dict[str, float] = {}
    for (name, _), sim in zip(phrases, sims, strict=True):
        scores[name] = max(scores.get(name, -1.0), float(sim))
    return scores


def infer_mood(texts: Sequence[str]) -> tuple[str, float]:
    """(mood, confidence 0..1) for a product's title and bullets; no text: (DEFAULT_MOOD, 0)."""
    scores = mood_scores(texts)
    if not scores:
        return DEFAULT_MOOD, 0.0
    names = list(scores)
    sims = np.array([scores[n] for n in names])
    p = np.exp((sims - sims.max()) / TEMPERATURE)
    p /= p.sum()
    best = int(np.argmax(p))
    return names[best], float(p[best])
