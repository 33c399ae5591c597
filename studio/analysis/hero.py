"""The hero: the photo that opens the video, shown under the title.

A good hero is a clean shot of the whole product, of the main variant, from its informative
side. Each term below is one such preference; the scores are relative within a listing.
"""
from __future__ import annotations

from collections import Counter

import numpy as np

from studio.analysis.colours import colour_words
from studio.analysis.context import MatchContext
from studio.analysis.evidence import general_view_quality


def _main_colour(colours: tuple[tuple[str, float], ...]) -> str:
    return colours[0][0] if colours else ""


def hero_scores(ctx: MatchContext) -> tuple[np.ndarray, list[list[str]]]:
    """How well each image opens the video: a clean whole-product shot of the main variant."""
    n = len(ctx.analyses)
    mains = [_main_colour(a.colours) for a in ctx.analyses]
    votes = Counter(m for m in mains if m)
    described = [name for text in [ctx.title, *ctx.bullets] for _, name in colour_words(text)]
    described_first = described[0] if described else ""
    silhouettes = [a.silhouette_mask() for a in ctx.analyses]
    most_detail = max((a.detail for a in ctx.analyses), default=0.0) or 1.0
    scores = np.zeros(n, np.float32)
    reasons: list[list[str]] = [[] for _ in range(n)]
    for i, a in enumerate(ctx.analyses):
        s = general_view_quality(a) * 2.0
        box = a.product_box
        framed = 1.0 - min(1.0, abs(box.cx - 0.5) * 2 + abs(box.cy - 0.5) * 2) * 0.5
        area = box.w * box.h
        framed *= 1.0 if 0.12 <= area <= 0.9 else 0.6
        s += 0.4 * framed
        s -= 0.3 * float(np.clip((a.skin - 0.12) / 0.2, 0.0, 1.0))  # a hand in shot is a use shot
        s -= 0.3 if a.hues >= 4 else 0.0  # a colour range is not one product
        s -= 0.3 if a.pieces >= 2 else 0.0  # nor are several objects side by side
        s += 0.3 * float(np.clip(a.fill / 0.35, 0.0, 1.0))  # the product is big enough to see
        if n > 1 and mains[i]:
            consensus = (votes[mains[i]] - 1) / (n - 1)
            s += 0.5 * consensus
            if mains[i] == described_first:
                s += 0.4
        # The view the seller repeated for every variant (same silhouette) is the main one.
        twins = sum(_iou(silhouettes[i], silhouettes[j]) >= 0.95 for j in range(n) if j != i)
        s += 0.4 * min(1.0, twins / 2.0)
        s += 0.3 * a.detail / most_detail  # the side with pockets, zips, screens: usually the front
        s += 0.1 * (1.0 - i / max(1, n - 1))  # sellers tend to put the main picture first
        scores[i] = s
        if a.is_plain_background:
            reasons[i].append(f"clean shot on a plain {a.background_colour or 'white'} background")
        if not a.is_closeup and not a.is_infographic:
            reasons[i].append("shows the whole product")
        if n > 1 and described_first and mains[i] == described_first:
            reasons[i].append(f'in the described colour "{described_first}"')
    return scores, reasons


def _iou(a: np.ndarray, b: np.ndarray) -> float:
    union = np.logical_or(a, b).sum()
    return float(np.logical_and(a, b).sum() / union) if union else 0.0
