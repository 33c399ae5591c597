"""The fitting math and the cross-validation procedure, on data drawn from known models."""

from __future__ import annotations

import numpy as np
import pytest

from studio.analysis.features import (
    BULLET_FEATURES,
    HERO_FEATURES,
    PAIR_FEATURES,
    TIED,
    ListingFeatures,
)
from studio.analysis.fitting import LabelledListing, cross_validate, fit_fusion
from studio.analysis.fusion import FusionModel, decide
from studio.analysis.learn import (
    ChoiceGroup,
    fit_choice,
    fit_logistic,
    logistic,
    reliability,
    softmax,
)


def _groups(rng: np.random.Generator, w: np.ndarray, n: int) -> list[ChoiceGroup]:
    """Choices drawn from a conditional logit with weights ``w``; sometimes two acceptable."""
    out = []
    for _ in range(n):
        x = rng.normal(size=(5, len(w)))
        pick = rng.choice(5, p=softmax(x @ w))
        ok = np.zeros(5, bool)
        ok[pick] = True
        if rng.random() < 0.3:
            ok[rng.integers(5)] = True
        out.append(ChoiceGroup(x, ok))
    return out


def test_choice_model_recovers_the_direction_of_the_true_weights():
    rng = np.random.default_rng(1)
    truth = np.array([2.0, -1.0, 0.0, 0.5])
    w, _ = fit_choice(_groups(rng, truth, 400), l2=0.1)
    cosine = w @ truth / np.linalg.norm(w) / np.linalg.norm(truth)
    assert cosine > 0.95
    assert abs(w[2]) < 0.3  # a feature that never mattered gets little weight


def test_a_prior_is_refined_not_forgotten_when_data_is_scarce():
    rng = np.random.default_rng(2)
    truth = np.array([1.0, 1.0, 0.0])
    prior = np.array([1.0, 0.8, 0.0])
    few = _groups(rng, truth, 8)
    with_prior, _ = fit_choice(few, l2=10.0, prior=prior)
    without, _ = fit_choice(few, l2=10.0)
    cos = lambda a, b: a @ b / np.linalg.norm(a) / np.linalg.norm(b)  # noqa: E731
    assert cos(with_prior, prior) > 0.98
    assert np.linalg.norm(with_prior) > np.linalg.norm(without)  # not shrunk toward zero


def test_logistic_probabilities_are_calibrated_on_data_from_a_logistic_model():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(4000, 3))
    p = logistic(x, np.array([1.5, -1.0, 0.0]), 0.3)
    y = (rng.random(4000) < p).astype(float)
    w, b = fit_logistic(x, y, l2=1.0)
    for _, n, conf, acc in reliability(logistic(x, w, b), y > 0, (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)):
        if n > 100:
            assert abs(conf - acc) < 0.06


def _synthetic_listing(rng: np.random.Generator, k: int) -> LabelledListing:
    """A listing whose right photo has a higher "ocr" feature; bullet 3 is never shown."""
    n_img, n_b = 4, 4
    pair = rng.normal(scale=0.1, size=(n_b, n_img, len(PAIR_FEATURES)))
    labels: dict[int, set[int] | None] = {}
    col = PAIR_FEATURES.index("ocr")
    for b in range(3):
        right = int(rng.integers(n_img))
        pair[b, right, col] += 1.0
        labels[b] = {right}
    labels[3] = None
    bullet = rng.normal(scale=0.3, size=(n_b, len(BULLET_FEATURES) - 1))
    bullet[3, BULLET_FEATURES.index("care words")] = 2.0
    # Its own stream, so adding a hero feature does not reshuffle every other feature.
    image = np.random.default_rng(1000 + k).normal(size=(n_img, len(HERO_FEATURES)))
    hero = int(np.argmax(image[:, HERO_FEATURES.index("general view")]))
    feats = ListingFeatures(
        pair, np.zeros((n_b, n_img, len(TIED))), bullet, image, rng.normal(size=(n_b, 8))
    )
    return LabelledListing(f"listing-{k}", "synthetic", feats, labels, hero)


@pytest.mark.slow
def test_cross_validation_learns_what_decides_and_holds_on_held_out_listings():
    rng = np.random.default_rng(4)
    listings = [_synthetic_listing(rng, k) for k in range(20)]  # fewer leave it to chance
    report = cross_validate(listings, k=3)
    picks = [ok for r in report.results for ok, _ in r.picks_right()]
    assert np.mean(picks) > 0.9  # random would be 0.25
    heroes = [r.decision.hero == r.hero for r in report.results]
    assert np.mean(heroes) > 0.7
    shown_right = [(r.decision.shown[3] < 0.5) for r in report.results]
    assert np.mean(shown_right) > 0.8


@pytest.mark.slow  # runs the analysis models on real photos
def test_the_fitted_model_round_trips_through_json_and_decides_the_same():
    rng = np.random.default_rng(5)
    listings = [_synthetic_listing(rng, k) for k in range(10)]
    model = fit_fusion(listings, k=3, meta={"note": "synthetic"})
    again = FusionModel.from_json(model.to_json())
    f = listings[0].features
    a, b = decide(model, f), decide(again, f)
    assert a.picks == b.picks and a.hero == b.hero
    assert a.confidence == pytest.approx(b.confidence, abs=1e-5)  # weights are stored rounded
    assert again.meta["note"] == "synthetic"


@pytest.mark.slow  # runs the analysis models on real photos
def test_locked_bullets_keep_their_photo_and_count_as_a_use():
    rng = np.random.default_rng(6)
    model = fit_fusion([_synthetic_listing(rng, k) for k in range(10)], k=3)
    f = _synthetic_listing(rng, 99).features
    d = decide(model, f, locks={0: 2})
    assert 0 not in d.picks and set(d.picks) == {1, 2, 3}
