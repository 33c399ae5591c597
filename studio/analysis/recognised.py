"""Evidence from what the ImageNet network recognises in each photo ("backpack", "web site",
"running shoe"), compared with the bullets as text.

Class names are embedded with the same sentence model as the bullets; an image's score for a
bullet is the probability-weighted similarity of its classes, centred across the listing so
only what sets a photo apart counts (every photo of an iPod listing says "iPod").
"""

from __future__ import annotations

import numpy as np

from studio.analysis.base import Evidence
from studio.analysis.context import MatchContext, without_title
from studio.analysis.recognition import class_phrases
from studio.core.geometry import Rect

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


REGION_REASON_FROM = 0.04


class RegionObjects:
    """What the network recognises in parts of each photo (quadrants and centre), compared with
    the bullets: finds the photo, and the place in it, that shows one item of a set ("the
    sneaker shoes" in an outfit shot) or a part the whole-photo classes drown out. The best
    region becomes the pair's focus."""

    name = "region"

    def collect(self, ctx: MatchContext) -> Evidence:
        nb, ni = ctx.shape
        raw = np.zeros((nb, ni), np.float32)
        phrases = sorted({n.lower() for a in ctx.analyses for _, cls in a.regions for n, _ in cls})
        if not phrases or not nb:
            return Evidence(self.name, raw)
        bullets = ctx.embed([without_title(b, ctx.title) for b in ctx.bullets])
        sims = bullets @ ctx.embed(phrases).T
        col = {p: k for k, p in enumerate(phrases)}
        best: dict[tuple[int, int], tuple[float, str, Rect]] = {}
        for i, a in enumerate(ctx.analyses):
            for box, cls in a.regions:
                mass = sum(p for _, p in cls)
                if mass <= 0:
                    continue
                idx = [col[n.lower()] for n, _ in cls]
                probs = np.array([p for _, p in cls], np.float32)
                value = sims[:, idx] @ probs / mass  # (bullets,)
                top = [cls[int(k)][0].lower() for k in np.argmax(sims[:, idx], axis=1)]
                for b in range(nb):
                    if value[b] > best.get((b, i), (-9.0, "", box))[0]:
                        best[(b, i)] = (float(value[b]), top[b], box)
        for (b, i), (v, _, _) in best.items():
            raw[b, i] = v
        has = np.zeros((nb, ni), bool)
        for b, i in best:
            has[b, i] = True
        # Images without regions take the listing's mean, so they are neither helped nor hurt.
        for b in range(nb):
            if has[b].any():
                raw[b, ~has[b]] = raw[b, has[b]].mean()
        scores = raw - raw.mean(axis=1, keepdims=True)
        ev = Evidence(self.name, scores)
        for (b, i), (v, name, box) in best.items():
            if scores[b, i] >= REGION_REASON_FROM and v >= MIN_SIMILARITY:
                ev.reasons[(b, i)] = f'part of the photo looks like "{name}"'
                ev.focus[(b, i)] = box
        return ev
