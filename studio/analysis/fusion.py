"""Fusion: weigh the evidence, pick the hero, assign images to bullets, order the bullets.

Kept apart from the evidence sources so the weights (hand-set here; learnable later) and the
assignment policy can change without touching how evidence is gathered.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from studio.analysis.context import MatchContext
from studio.analysis.evidence import Cell, Evidence
from studio.core.geometry import Rect

WEIGHTS: dict[str, float] = {
    "text": 1.5,
    "ocr": 1.0,
    "file name": 0.4,
    "colour": 1.2,
    "close-up": 0.8,
    "in hand": 0.6,
    "colour range": 0.8,
    "infographic": 0.6,
    "general view": 0.3,
    "recognised": 1.0,
    "back view": 1.0,
    "front view": 0.6,
    "clip": 2.0,
    "detail side": 0.5,
}
# How much a bullet's intent (see intent.py) raises or lowers each source, per unit of intent.
INTENT_GAINS: dict[str, dict[str, float]] = {
    "part": {"close-up": 0.5, "general view": -0.5, "colour": -0.3},
    "colour": {"colour": 0.5, "colour range": 0.5, "close-up": -0.3},
    "use": {"in hand": 0.5, "recognised": 0.3, "close-up": -0.3},
    "spec": {"infographic": 0.5, "ocr": 0.3},
    "view": {"back view": 0.5, "front view": 0.5},
}
REASON_MIN = 0.03  # weighted contribution a reason needs to be shown
REUSE_PENALTY = 0.45  # per earlier use of an image: about one strong piece of evidence
HERO_FIRST_PENALTY = 0.1  # the title card already shows the hero; the first bullet should not
NON_VISUAL = 0.8  # affinity above which a bullet counts as asking nothing visual


@dataclass
class Fused:
    scores: np.ndarray  # (bullets, images)
    contributions: dict[Cell, list[tuple[float, str]]]  # weighted reasons per cell, largest first
    focus: dict[Cell, tuple[float, Rect]]  # region of the strongest localised evidence
    non_visual: list[bool]


def fuse(ctx: MatchContext, evidence: list[Evidence], weights: dict[str, float] | None = None) -> Fused:
    weights = WEIGHTS if weights is None else weights
    total = np.zeros(ctx.shape, np.float32)
    contributions: dict[Cell, list[tuple[float, str]]] = {}
    focus: dict[Cell, tuple[float, Rect]] = {}
    # "Machine wash cold" cannot be shown; "Machine-washable navy fleece" still asks for navy.
    non_visual = [
        a.strength >= NON_VISUAL and ask < 0.5 for a, ask in zip(ctx.non_visual, ctx.visual_asks, strict=True)
    ]
    for ev in evidence:
        w = weights.get(ev.source, 1.0) * intent_gain(ctx, ev.source)
        part = w[:, None] * ev.scores
        if ev.source != "general view":
            part[np.array(non_visual, bool)] = 0.0  # "Machine wash" is not shown by a photo
        total += part
        for cell, reason in ev.reasons.items():
            if part[cell] >= REASON_MIN:
                contributions.setdefault(cell, []).append((float(part[cell]), reason))
        for cell, rect in ev.focus.items():
            if part[cell] >= REASON_MIN and part[cell] > focus.get(cell, (0.0, rect))[0]:
                focus[cell] = (float(part[cell]), rect)
    for lst in contributions.values():
        lst.sort(key=lambda t: -t[0])
    return Fused(total, contributions, focus, non_visual)


def intent_gain(ctx: MatchContext, source: str) -> np.ndarray:
    """Per bullet, how much this source matters given what the bullet asks to see."""
    gain = np.ones(len(ctx.bullets), np.float32)
    for b, intent in enumerate(ctx.intents):
        gain[b] += sum(intent[kind] * g.get(source, 0.0) for kind, g in INTENT_GAINS.items())
    return np.clip(gain, 0.2, 2.0)


# ---- assignment ------------------------------------------------------------------------------

def assign(
    scores: np.ndarray,
    free: list[int],
    uses: dict[int, int],
    hero: int | None,
    first_bullet: int | None,
) -> dict[int, int]:
    """Bullet -> image index maximising the total score, where each further showing of an
    image costs REUSE_PENALTY per earlier use.

    So an image is shown twice only when a bullet fits it by a clear margin over every image
    still free (two bullets about the one close-up, say), or when the images run out; then
    the copies spread as evenly as the scores allow.
    """
    from scipy.optimize import linear_sum_assignment

    n_images = scores.shape[1]
    if not free or n_images == 0:
        return {}
    columns: list[tuple[int, int]] = []  # (image, how many times it was used before this copy)
    layer = 0
    # Whole layers, so every image gets its fair copies, and at least one spare layer.
    while len(columns) < len(free) or layer < 2:
        columns.extend((i, layer) for i in range(n_images) if layer >= uses.get(i, 0))
        layer += 1
    cost = np.zeros((len(free), len(columns)), np.float32)
    for r, b in enumerate(free):
        for c, (i, used) in enumerate(columns):
            cost[r, c] = -scores[b, i] + REUSE_PENALTY * used
            if b == first_bullet and i == hero and n_images > 1:
                cost[r, c] += HERO_FIRST_PENALTY
    rows, cols = linear_sum_assignment(cost)
    return {free[r]: columns[c][0] for r, c in zip(rows, cols, strict=True)}


def order_bullets(
    bullets: int,
    image_of: dict[int, str],
    non_visual: list[bool],
    same_view: Callable[[str | None, str | None], bool] | None = None,
) -> list[int]:
    """Presentation order: the seller's order with non-visual bullets last, rearranged (within
    those two groups) so the same image, or a near-duplicate of it (``same_view``), does not
    show twice in a row when that can be avoided."""
    same = same_view or (lambda a, b: a == b)
    order = [b for b in range(bullets) if not non_visual[b]] + [b for b in range(bullets) if non_visual[b]]
    for p in range(1, len(order)):
        if not same(image_of.get(order[p]), image_of.get(order[p - 1])):
            continue
        for q in range(p + 1, len(order)):
            if non_visual[order[q]] != non_visual[order[p]]:
                break
            if not same(image_of.get(order[q]), image_of.get(order[p - 1])):
                order.insert(p, order.pop(q))
                break
    return order


def confidence(scores: np.ndarray, b: int, i: int, has_reason: bool) -> float:
    """A 0..1 belief that image i suits bullet b: how far it stands above the typical image,
    a little less when a better image went to another bullet."""
    row = scores[b]
    if row.size == 1:
        return 0.5 if has_reason else 0.35
    level = float(row[i] - np.median(row))
    lead = float(row[i] - np.delete(row, i).max())
    c = 1.0 / (1.0 + math.exp(-(6.0 * level + 2.0 * min(lead, 0.0) - 0.5)))
    if not has_reason:
        c = min(c, 0.4)
    return round(float(np.clip(c, 0.05, 0.97)), 2)
