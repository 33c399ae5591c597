"""Evidence from what the ImageNet network recognises in each photo ("backpack", "web site",
"running shoe"), compared with the bullets as text.

Class names are embedded with the same sentence model as the bullets; an image's score for a
bullet is the probability-weighted similarity of its classes, centred across the listing so
only what sets a photo apart counts (every photo of an iPod listing says "iPod").
"""
from __future__ import annotations

import numpy as np

from studio.analysis.context import MatchContext, without_title
from studio.analysis.evidence import Evidence
from studio.analysis.recognition import class_phrases

REASON_FROM = 0.05  # centred score from which the class is named as a reason
MIN_SIMILARITY = 0.3  # raw bullet/class similarity needed for a reason


class RecognisedObjects:
    name = "recognised"

    def collect(self, ctx: MatchContext) -> Evidence:
        nb, ni = ctx.shape
        raw = np.zeros((nb, ni), np.float32)
        best: dict[tuple[int, int], tuple[str, float]] = {}
        per_image = [class_phrases(a.classes) for a in ctx.analyses]
        phrases = sorted({p for cls in per_image for p, _ in cls})
        if not phrases or not nb:
            return Evidence(self.name, raw)
        bullets = ctx.embed([without_title(b, ctx.title) for b in ctx.bullets])
        sims = bullets @ ctx.embed(phrases).T  # (bullets, phrases)
        col = {p: k for k, p in enumerate(phrases)}
        for i, cls in enumerate(per_image):
            mass = sum(p for _, p in cls)
            if mass <= 0:
                continue
            for b in range(nb):
                values = [(sims[b, col[name]], p, name) for name, p in cls]
                raw[b, i] = sum(s * p for s, p, _ in values) / mass
                s, _, name = max(values)
                best[(b, i)] = (name, float(s))
        scores = raw - raw.mean(axis=1, keepdims=True) if ni else raw
        ev = Evidence(self.name, scores)
        for (b, i), (name, s) in best.items():
            if scores[b, i] >= REASON_FROM and s >= MIN_SIMILARITY:
                ev.reasons[(b, i)] = f'looks like "{name}"'
        return ev
