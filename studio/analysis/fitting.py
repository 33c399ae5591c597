"""Fit the fusion model on labelled listings, and measure it by cross-validation over listings.

The procedure (run by ``bench/match_quality.py``; the result ships as fusion_model.json):

1. **Which photo** (choice model, ``learn.fit_choice``) on the labelled bullets; its L2 penalty is
   chosen by k-fold cross-validation *by listing* on held-out log-likelihood.
2. **Out-of-fold decisions**: the same folds give, for every training bullet, scores from a
   model that never saw its listing. Everything fitted after this step learns from those, never
   from in-sample scores (which would look more certain than the model will be on a new listing).
3. **Is it shown at all** (logistic, ``learn.fit_logistic``): labelled bullets against the ones
   the annotator marked as shown by no photo (``*``), with the out-of-fold evidence strength.
4. **The reuse penalty** of the assignment: the smallest on a grid whose out-of-fold top-1
   accuracy is within one bullet of the best.
5. **Confidence** (Platt scaling of the chosen photo's out-of-fold probability) on whether
   out-of-fold picks were right.
6. **The hero** (choice model over a listing's photos), penalty chosen by cross-validation.

``cross_validate`` wraps all of it in an outer leave-one-listing-out loop: each listing is
decided by a model fitted (steps 1-6, with their own inner folds) without it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from studio.analysis.features import (
    HERO_FEATURES,
    HERO_PRIOR,
    PAIR_FEATURES,
    PAIR_PRIOR,
    ListingFeatures,
    prior_vector,
)
from studio.analysis.fusion import CALIBRATION, Decision, FusionModel, decide
from studio.analysis.learn import ChoiceGroup, fit_choice, fit_logistic, logistic, softmax

L2_GRID = (0.3, 1.0, 3.0, 10.0, 30.0)
REUSE_GRID = (0.0, 0.25, 0.5, 1.0, 1.5, 2.5, 4.0)
INNER_FOLDS = 5
SHOWN_L2_GRID = (10.0, 30.0, 100.0, 300.0)
CALIBRATION_L2 = 1.0
USE_PRIORS = True  # refine the hand-set weights (True) or start from nothing (False)


@dataclass
class LabelledListing:
    name: str
    catalogue: str
    features: ListingFeatures
    labels: dict[
        int, set[int] | None
    ]  # bullet -> acceptable image indices; None = no photo shows it
    hero: int | None  # the best opening image's index


@dataclass
class ListingResult:
    """How one held-out listing was decided."""

    name: str
    catalogue: str
    decision: Decision
    labels: dict[int, set[int] | None]
    hero: int | None
    n_images: int

    def picks_right(self) -> list[tuple[bool, float]]:
        """(right, confidence) for each labelled bullet."""
        out = []
        for b, ok in self.labels.items():
            if ok is None or b not in self.decision.picks:
                continue
            out.append((self.decision.picks[b] in ok, self.decision.confidence[b]))
        return out


@dataclass
class Report:
    results: list[ListingResult] = field(default_factory=list)


def folds(items: Sequence[object], k: int, seed: int = 0) -> list[list[int]]:
    """K groups of item indices, shuffled with a fixed seed."""
    order = np.random.default_rng(seed).permutation(len(items))
    return [sorted(order[j::k].tolist()) for j in range(min(k, len(items)))]


def _choice_groups(listings: Sequence[LabelledListing]) -> list[ChoiceGroup]:
    groups = []
    for item in listings:
        n = item.features.pair.shape[1]
        for b, ok in item.labels.items():
            if ok is None or n < 2:
                continue
            acceptable = np.zeros(n, bool)
            acceptable[list(ok)] = True
            groups.append(ChoiceGroup(item.features.pair[b], acceptable))
    return groups


def _hero_groups(listings: Sequence[LabelledListing]) -> list[ChoiceGroup]:
    groups = []
    for item in listings:
        n = item.features.image.shape[0]
        if item.hero is None or n < 2:
            continue
        acceptable = np.zeros(n, bool)
        acceptable[item.hero] = True
        groups.append(ChoiceGroup(item.features.image, acceptable))
    return groups


def _log_likelihood(groups: Sequence[ChoiceGroup], w: np.ndarray) -> float:
    total = 0.0
    for g in groups:
        p = softmax(g.features @ w)
        total += float(np.log(max(p[g.acceptable].sum(), 1e-9)))
    return total


def _choose_l2(
    listings: Sequence[LabelledListing],
    make: Callable[[Sequence[LabelledListing]], list[ChoiceGroup]],
    k: int,
    prior: np.ndarray | None,
) -> float:
    """The penalty with the best held-out log-likelihood over k folds of listings."""
    parts = folds(listings, k)
    best, best_ll = L2_GRID[0], -np.inf
    for l2 in L2_GRID:
        ll = 0.0
        for held in parts:
            train = [x for j, x in enumerate(listings) if j not in held]
            w, _ = fit_choice(make(train), l2, prior)
            ll += _log_likelihood(make([listings[j] for j in held]), w)
        if ll > best_ll:
            best, best_ll = l2, ll
    return best


def _bullet_rows(item: LabelledListing, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    from studio.analysis.features import with_evidence_strength

    rows = np.hstack([with_evidence_strength(item.features.bullet, scores), item.features.wording])
    shown = np.array([item.labels.get(b, set()) is not None for b in range(len(rows))], float)
    return rows, shown


def fit_fusion(
    listings: Sequence[LabelledListing], k: int = INNER_FOLDS, meta: dict[str, Any] | None = None
) -> FusionModel:
    """The whole model fitted on ``listings`` (steps 1-6 of the module docstring)."""
    pair_prior = prior_vector(PAIR_PRIOR, PAIR_FEATURES) if USE_PRIORS else None
    hero_prior = prior_vector(HERO_PRIOR, HERO_FEATURES) if USE_PRIORS else None
    pair_l2 = _choose_l2(listings, _choice_groups, k, pair_prior)
    pair_w, _ = fit_choice(_choice_groups(listings), pair_l2, pair_prior)
    hero_l2 = _choose_l2(listings, _hero_groups, k, hero_prior)
    hero_w, _ = fit_choice(_hero_groups(listings), hero_l2, hero_prior)

    # Out-of-fold pair scores for every training listing.
    oof_scores: dict[int, np.ndarray] = {}
    for held in folds(listings, k):
        train = [x for j, x in enumerate(listings) if j not in held]
        w, _ = fit_choice(_choice_groups(train), pair_l2, pair_prior)
        probe = FusionModel(w, np.zeros(0), 0.0, hero_w)
        for j in held:
            f = listings[j].features
            oof_scores[j] = f.pair @ w + f.tied @ probe.tied_weights
    rows, ys = [], []
    for j, item in enumerate(listings):
        r, y = _bullet_rows(item, oof_scores[j])
        rows.append(r)
        ys.append(y)
    x_shown, y_shown = np.concatenate(rows), np.concatenate(ys)
    groups = np.concatenate([np.full(len(y), j) for j, y in enumerate(ys)])
    if 0 < y_shown.sum() < len(y_shown):
        shown_l2 = _choose_logistic_l2(x_shown, y_shown, groups, k)
        shown_w, shown_b = fit_logistic(x_shown, y_shown, shown_l2)
    else:
        shown_l2, shown_w, shown_b = 0.0, np.zeros(x_shown.shape[1]), 3.0

    # Reuse penalty and calibration from out-of-fold decisions (pair scores out of fold; the
    # shown model is light and fitted on all, a small optimism accepted for the penalty only).
    def oof_decisions(penalty: float) -> list[tuple[bool, np.ndarray]]:
        out = []
        for j, item in enumerate(listings):
            model = FusionModel(pair_w, shown_w, shown_b, hero_w, reuse_penalty=penalty)
            d = decide(model, item.features, scores=oof_scores[j])
            for b, ok in item.labels.items():
                if ok is not None and b in d.picks:
                    out.append((d.picks[b] in ok, d.calibration_rows[b]))
        return out

    # The smallest penalty within one bullet of the best accuracy: on a set this small, gaps of
    # one bullet are noise, and a smaller penalty keeps two bullets about one close-up together.
    accuracy = {
        p: float(np.mean([float(r) for r, _ in oof_decisions(p)] or [0.0])) for p in REUSE_GRID
    }
    tolerance = 1.0 / max(1, sum(1 for x in listings for v in x.labels.values() if v is not None))
    best_penalty = min(
        p for p in REUSE_GRID if accuracy[p] >= max(accuracy.values()) - tolerance - 1e-9
    )
    calib = oof_decisions(best_penalty)
    right = np.array([r for r, _ in calib], float)
    if 0 < right.sum() < len(right):
        cal_w, cal_b = fit_logistic(
            np.array([row for _, row in calib]), _smoothed(right), CALIBRATION_L2
        )
    else:
        cal_w, cal_b = np.eye(len(CALIBRATION))[0], 0.0
    info = {
        "pair_l2": pair_l2,
        "hero_l2": hero_l2,
        "shown_l2": shown_l2,
        "listings": len(listings),
        "labelled_bullets": sum(1 for x in listings for v in x.labels.values() if v is not None),
        **(meta or {}),
    }
    return FusionModel(pair_w, shown_w, shown_b, hero_w, cal_w, cal_b, best_penalty, 0.5, info)


def _smoothed(right: np.ndarray, prior: float = 1.0) -> np.ndarray:
    """Platt's targets: 1s and 0s pulled toward the middle by one pseudo-count each, so a
    small calibration set cannot claim certainty."""
    pos, neg = float(right.sum()), float(len(right) - right.sum())
    return np.where(right > 0, (pos + prior) / (pos + 2 * prior), prior / (neg + 2 * prior))


def _choose_logistic_l2(x: np.ndarray, y: np.ndarray, groups: np.ndarray, k: int) -> float:
    """The logistic penalty with the best held-out log-likelihood over k folds of listings."""
    listing_ids = np.unique(groups)
    parts = folds(list(listing_ids), k)
    best, best_ll = SHOWN_L2_GRID[0], -np.inf
    for l2 in SHOWN_L2_GRID:
        ll = 0.0
        for held in parts:
            test = np.isin(groups, listing_ids[held])
            w, b = fit_logistic(x[~test], y[~test], l2)
            p = np.clip(logistic(x[test], w, b), 1e-6, 1 - 1e-6)
            ll += float(np.sum(np.where(y[test] > 0, np.log(p), np.log(1 - p))))
        if ll > best_ll:
            best, best_ll = l2, ll
    return best


def cross_validate(
    listings: Sequence[LabelledListing],
    k: int = INNER_FOLDS,
    on_fold: Callable[[int, int], None] | None = None,
) -> Report:
    """Leave-one-listing-out: each listing decided by a model fitted without it."""
    report = Report()
    for j, item in enumerate(listings):
        if on_fold:
            on_fold(j, len(listings))
        train = [x for i, x in enumerate(listings) if i != j]
        model = fit_fusion(train, k)
        d = decide(model, item.features)
        report.results.append(
            ListingResult(
                item.name, item.catalogue, d, item.labels, item.hero, item.features.pair.shape[1]
            )
        )
    return report
