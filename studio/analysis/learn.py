"""Fitting the matcher's fusion from labelled listings: small, regularised, convex models.

Three models, all plain numpy/scipy so they are cheap to fit thousands of times in nested
cross-validation:

- a **choice model** (conditional logit): for one bullet, the probability of each photo is a
  softmax of a linear score of its evidence. Listings mark several photos as acceptable, so it
  maximises the probability mass on the acceptable set (a pick counts as right when it is any of
  them), with an L2 penalty;
- a **logistic model** for yes/no questions (does any photo show this bullet?);
- **Platt scaling** that turns a raw score into a probability calibrated on held-out folds.

The logistic model standardises its features by their spread before the penalty applies; the
choice models take evidence already built on one scale (see CHOICE_SCALE_FLOOR).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

# Evidence features are built on one scale (about -1..1), and most speak for few bullets, so
# they are almost always zero: scaling by their spread would blow such a feature up and let
# it fit noise. Choice models therefore scale by at least this much (1: not at all).
CHOICE_SCALE_FLOOR = 1.0


@dataclass(frozen=True)
class ChoiceGroup:
    """One choice: the candidates' features (n, K) and which candidates are acceptable (n,)."""

    features: np.ndarray
    acceptable: np.ndarray


def _scale(rows: np.ndarray, floor: float = 1e-9) -> np.ndarray:
    """Per-feature spread of the training rows, at least ``floor``."""
    s = rows.std(axis=0) if len(rows) else np.ones(rows.shape[1])
    return np.maximum(s, floor)


def _log_softmax(s: np.ndarray) -> np.ndarray:
    s = s - s.max()
    result: np.ndarray = s - np.log(np.exp(s).sum())
    return result


def fit_choice(
    groups: Sequence[ChoiceGroup], l2: float, prior: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Weights (in original feature units) and the scale used, maximising
    sum log P(acceptable) - l2/2 |w_std|^2 over the groups.

    With a ``prior`` direction (weights in original units, from what is known about the
    evidence before any data), the weights are ``t * prior + d``: the scale ``t`` is nearly
    free and only the departure ``d`` from the prior is penalised, so a small data set refines
    the prior instead of shrinking everything toward zero.
    """
    groups = [g for g in groups if g.acceptable.any() and len(g.acceptable) > 1]
    k = groups[0].features.shape[1] if groups else 0
    if not groups:
        return np.zeros(k), np.ones(k)
    if prior is not None:
        augmented = [
            ChoiceGroup(np.column_stack([g.features @ prior, g.features]), g.acceptable)
            for g in groups
        ]
        w_aug, scale_aug = _fit_choice(augmented, np.array([1e-3] + [l2] * k))
        return w_aug[0] * prior + w_aug[1:], scale_aug[1:]
    return _fit_choice(groups, np.full(k, l2))


def _fit_choice(groups: Sequence[ChoiceGroup], l2: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    from scipy.optimize import minimize

    k = groups[0].features.shape[1]
    scale = _scale(np.concatenate([g.features for g in groups]), CHOICE_SCALE_FLOOR)
    xs = [g.features / scale for g in groups]
    masks = [g.acceptable.astype(bool) for g in groups]

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        total, grad = 0.5 * float(w @ (l2 * w)), l2 * w
        for x, ok in zip(xs, masks, strict=True):
            lp = _log_softmax(x @ w)
            p = np.exp(lp)
            good = lp[ok]
            m = good.max()
            log_mass = m + np.log(np.exp(good - m).sum())
            q = np.zeros_like(p)
            q[ok] = np.exp(good - log_mass)
            total -= log_mass
            grad = grad + x.T @ (p - q)
        return total, grad

    res = minimize(loss, np.zeros(k), jac=True, method="L-BFGS-B")
    return res.x / scale, scale


def choice_scores(features: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Linear scores (..., n) of candidates with features (..., n, K)."""
    result: np.ndarray = features @ weights
    return result


def softmax(scores: np.ndarray, axis: int = -1) -> np.ndarray:
    s = scores - scores.max(axis=axis, keepdims=True)
    e = np.exp(s)
    result: np.ndarray = e / e.sum(axis=axis, keepdims=True)
    return result


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float) -> tuple[np.ndarray, float]:
    """Weights (original units) and bias of an L2-regularised logistic regression (bias free)."""
    from scipy.optimize import minimize

    x = np.asarray(x, float)
    y = np.asarray(y, float)
    scale = _scale(x)
    centre = x.mean(axis=0)
    z = (x - centre) / scale

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = theta[:-1], theta[-1]
        s = z @ w + b
        # log(1 + e^s) - y s, computed stably
        total = float(np.sum(np.logaddexp(0.0, s) - y * s)) + 0.5 * l2 * float(w @ w)
        r = 1.0 / (1.0 + np.exp(-s)) - y
        return total, np.concatenate([z.T @ r + l2 * w, [r.sum()]])

    res = minimize(loss, np.zeros(z.shape[1] + 1), jac=True, method="L-BFGS-B")
    w = res.x[:-1] / scale
    return w, float(res.x[-1] - centre @ w)


def logistic(x: np.ndarray, weights: np.ndarray, bias: float) -> np.ndarray:
    result: np.ndarray = 1.0 / (1.0 + np.exp(-(np.asarray(x, float) @ weights + bias)))
    return result


def fit_platt(score: np.ndarray, right: np.ndarray, prior: float = 1.0) -> tuple[float, float]:
    """(a, b) so that P(right) = 1 / (1 + exp(-(a * score + b))), with Platt's target
    smoothing (labels pulled toward 1/(n+2)) so a small calibration set cannot claim certainty."""
    from scipy.optimize import minimize

    s = np.asarray(score, float)
    r = np.asarray(right, float)
    n_pos, n_neg = float(r.sum()), float(len(r) - r.sum())
    t = np.where(r > 0, (n_pos + prior) / (n_pos + 2 * prior), prior / (n_neg + 2 * prior))

    def loss(ab: np.ndarray) -> tuple[float, np.ndarray]:
        z = ab[0] * s + ab[1]
        total = float(np.sum(np.logaddexp(0.0, z) - t * z))
        g = 1.0 / (1.0 + np.exp(-z)) - t
        return total, np.array([g @ s, g.sum()])

    res = minimize(loss, np.array([1.0, 0.0]), jac=True, method="L-BFGS-B")
    return float(res.x[0]), float(res.x[1])


def platt(score: np.ndarray | float, a: float, b: float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(a * np.asarray(score, float) + b)))


def reliability(
    conf: Sequence[float], right: Sequence[bool], edges: Sequence[float]
) -> list[tuple[str, int, float, float]]:
    """Per confidence bin: (label, count, mean confidence, observed accuracy)."""
    c = np.asarray(conf, float)
    r = np.asarray(right, float)
    out = []
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        m = (c >= lo) & ((c < hi) if hi < edges[-1] else (c <= hi))
        if m.any():
            out.append((f"{lo:.1f}-{hi:.1f}", int(m.sum()), float(c[m].mean()), float(r[m].mean())))
        else:
            out.append((f"{lo:.1f}-{hi:.1f}", 0, float("nan"), float("nan")))
    return out
