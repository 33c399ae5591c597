"""Fusion: weigh the evidence into one decision per bullet, pick the hero, order the bullets.

The weights are fitted on labelled listings (``fitting.py``, run by bench/match_quality.py) and
ship as ``fusion_model.json``; nothing here is hand-tuned except what the file records as a
prior. For each bullet the model gives every photo a probability of being the right one; a
second model says how likely it is that any photo shows the bullet at all; photos are then
assigned globally, and the chosen photo's probability is calibrated into the confidence the
seller sees.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from studio.analysis.features import (
    BULLET_FEATURES,
    HERO_FEATURES,
    PAIR_FEATURES,
    TIED,
    ListingFeatures,
    with_evidence_strength,
)
from studio.analysis.learn import logistic, softmax

MODEL_FILE = Path(__file__).with_name("fusion_model.json")
# What the confidence is calibrated from: the model's log-odds for the pick, how many photos
# there were to choose from, how likely it is that a photo shows the bullet at all, how far
# the assignment moved the bullet off its likeliest photo, and the log-odds of the runner-up
# photo (a close second means the evidence did not really separate them).
CALIBRATION = ("pick", "photos", "shown", "passed over", "runner-up")
HERO_FIRST_PENALTY = 0.1  # nats: the title card already shows the hero; the first bullet should not
P_FLOOR = 1e-4
PASSED_OVER_CAP = 3.0  # nats; see calibration_row


@dataclass(frozen=True)
class FusionModel:
    pair_weights: np.ndarray  # (len(PAIR_FEATURES),)
    shown_weights: np.ndarray  # (len(BULLET_FEATURES) + wording dimensions,)
    shown_bias: float
    hero_weights: np.ndarray  # (len(HERO_FEATURES),)
    calibration: np.ndarray = field(
        default_factory=lambda: np.array([1.0, 0.0, 0.0, 0.0, 0.0])
    )  # see CALIBRATION
    calibration_bias: float = 0.0
    reuse_penalty: float = 1.0  # nats per earlier use of a photo
    shown_threshold: float = 0.5  # below this a bullet is "not shown by any photo"
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def tied_weights(self) -> np.ndarray:
        return np.array(
            [self.pair_weights[PAIR_FEATURES.index(src)] * k for src, k in TIED.values()]
        )

    def to_json(self) -> dict[str, Any]:
        k = len(BULLET_FEATURES)
        return {
            "pair_weights": dict(zip(PAIR_FEATURES, map(float, self.pair_weights), strict=True)),
            "shown_weights": dict(
                zip(BULLET_FEATURES, map(float, self.shown_weights[:k]), strict=True)
            ),
            "shown_wording": [round(float(v), 6) for v in self.shown_weights[k:]],
            "shown_bias": self.shown_bias,
            "hero_weights": dict(zip(HERO_FEATURES, map(float, self.hero_weights), strict=True)),
            "calibration": dict(zip(CALIBRATION, map(float, self.calibration), strict=True)),
            "calibration_bias": self.calibration_bias,
            "reuse_penalty": self.reuse_penalty,
            "shown_threshold": self.shown_threshold,
            "tied_priors": {k: list(v) for k, v in TIED.items()},
            "meta": self.meta,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> FusionModel:
        def vector(table: dict[str, Any], names: tuple[str, ...]) -> np.ndarray:
            return np.array([float(table.get(n, 0.0)) for n in names])

        wording = np.array([float(v) for v in d.get("shown_wording", [])])
        return cls(
            pair_weights=vector(d["pair_weights"], PAIR_FEATURES),
            shown_weights=np.concatenate([vector(d["shown_weights"], BULLET_FEATURES), wording]),
            shown_bias=float(d["shown_bias"]),
            hero_weights=vector(d["hero_weights"], HERO_FEATURES),
            calibration=vector(d.get("calibration", {"pick": 1.0}), CALIBRATION),
            calibration_bias=float(d.get("calibration_bias", 0.0)),
            reuse_penalty=float(d.get("reuse_penalty", 1.0)),
            shown_threshold=float(d.get("shown_threshold", 0.5)),
            meta=dict(d.get("meta", {})),
        )


@lru_cache(maxsize=1)
def shipped_model() -> FusionModel:
    return FusionModel.from_json(json.loads(MODEL_FILE.read_text(encoding="utf-8")))


@dataclass
class Decision:
    scores: np.ndarray  # (bullets, images) linear scores
    probs: np.ndarray  # (bullets, images): probability that each photo is the right one
    shown: np.ndarray  # (bullets,): probability that some photo shows the bullet
    picks: dict[int, int]  # free bullet -> image index
    confidence: dict[int, float]  # free bullet -> calibrated probability that its pick is right
    hero: int
    hero_scores: np.ndarray
    calibration_rows: dict[int, np.ndarray] = field(default_factory=dict)  # see CALIBRATION


def pair_scores(model: FusionModel, f: ListingFeatures) -> np.ndarray:
    result: np.ndarray = f.pair @ model.pair_weights + f.tied @ model.tied_weights
    return result


def decide(
    model: FusionModel,
    f: ListingFeatures,
    locks: dict[int, int] | None = None,
    hero_lock: int | None = None,
    reuse_penalty: float | None = None,
    scores: np.ndarray | None = None,
) -> Decision:
    """Every decision of a plan from a listing's features. ``locks`` maps bullets the seller
    fixed to their image index (they count as uses of that image); ``hero_lock`` is a fixed
    opening image. ``scores`` replaces the model's pair scores (fitting uses out-of-fold ones)."""
    locks = locks or {}
    nb, ni = f.pair.shape[:2]
    if scores is None:
        scores = pair_scores(model, f) if nb and ni else np.zeros((nb, ni))
    probs = softmax(scores, axis=1) if ni else scores
    shown = shown_probability(model, f, scores) if nb else np.zeros(0)
    hero_scores = f.image @ model.hero_weights if ni else np.zeros(0)
    hero = hero_lock if hero_lock is not None else (int(np.argmax(hero_scores)) if ni else -1)

    uses: dict[int, int] = {}
    for i in locks.values():
        uses[i] = uses.get(i, 0) + 1
    free = [b for b in range(nb) if b not in locks]
    visual = [b for b in free if shown[b] >= model.shown_threshold]
    first = visual[0] if visual else (free[0] if free else None)
    # Every bullet competes with its full log-probability. Scaling it by ``shown`` (so bullets
    # no photo seems to show yield contested photos) cost two of 87 bullets in cross-validation:
    # "shown" is right for only about 0.72 of bullets, and the ones it misjudges lost their photo.
    utility = np.log(np.clip(probs, P_FLOOR, 1.0)) if nb else probs
    penalty = model.reuse_penalty if reuse_penalty is None else reuse_penalty
    picks = assign(utility, free, uses, hero if hero >= 0 else None, first, penalty)
    rows = {b: calibration_row(probs[b], i, float(shown[b])) for b, i in picks.items()}
    confidence = {b: calibrated(model, row) for b, row in rows.items()}
    return Decision(scores, probs, shown, picks, confidence, hero, hero_scores, rows)


def shown_probability(model: FusionModel, f: ListingFeatures, scores: np.ndarray) -> np.ndarray:
    """Per bullet, the probability that some photo shows what it says."""
    rows = np.hstack([with_evidence_strength(f.bullet, scores), f.wording])
    k = min(rows.shape[1], len(model.shown_weights))
    return logistic(rows[:, :k], model.shown_weights[:k], model.shown_bias)


def logit(p: float) -> float:
    p = float(np.clip(p, P_FLOOR, 1.0 - P_FLOOR))
    return float(np.log(p / (1.0 - p)))


def calibration_row(probs: np.ndarray, pick: int, shown: float) -> np.ndarray:
    """The CALIBRATION features of one bullet's pick, from its photos' probabilities."""
    n = len(probs)
    p_pick = float(probs[pick])
    # Passed over: the photos this bullet preferred went to bullets that fit them better,
    # which on the dev set mostly meant its preference was wrong (17 of 22 such picks were
    # right). Capped at the largest gap the fit saw, so the weight does not extrapolate.
    passed_over = min(logit(float(probs.max())) - logit(p_pick), PASSED_OVER_CAP)
    p_second = float(np.sort(probs)[-2]) if n > 1 else 0.0
    return np.array(
        [logit(p_pick), np.log(max(n, 1)), shown, max(0.0, passed_over), logit(p_second)]
    )


def calibrated(model: FusionModel, row: np.ndarray) -> float:
    """The probability that a pick is right (CALIBRATION features in ``row``)."""
    return float(logistic(row[None, :], model.calibration, model.calibration_bias)[0])


# ---- assignment ------------------------------------------------------------------------------


def assign(
    scores: np.ndarray,
    free: list[int],
    uses: dict[int, int],
    hero: int | None,
    first_bullet: int | None,
    reuse_penalty: float,
) -> dict[int, int]:
    """Bullet -> image index maximising the total score, where each further showing of an
    image costs ``reuse_penalty`` per earlier use.

    So an image is shown twice only when a bullet fits it by a clear margin over every image
    still free (two bullets about the one close-up, say), or when the images run out; then
    the copies spread as evenly as the scores allow. Whatever the penalty, an image is shown
    at most max(2, ceil(bullets / images)) times: the copies are built in whole layers. With a
    penalty of 0 that cap is all that remains: two bullets may share their best photo freely,
    a third takes its next best.
    """
    from scipy.optimize import linear_sum_assignment

    n_images = scores.shape[1] if scores.ndim == 2 else 0
    if not free or n_images == 0:
        return {}
    columns: list[tuple[int, int]] = []  # (image, how many times it was used before this copy)
    layer = 0
    # Whole layers, so every image gets its fair copies, and at least one spare layer.
    while len(columns) < len(free) or layer < 2:
        columns.extend((i, layer) for i in range(n_images) if layer >= uses.get(i, 0))
        layer += 1
    cost = np.zeros((len(free), len(columns)), np.float64)
    for r, b in enumerate(free):
        for c, (i, used) in enumerate(columns):
            cost[r, c] = -scores[b, i] + reuse_penalty * used
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
    order = [b for b in range(bullets) if not non_visual[b]] + [
        b for b in range(bullets) if non_visual[b]
    ]
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
