"""Assignment, ordering and the fitted model's decisions on hand-made numbers (no image models)."""

from __future__ import annotations

from collections import Counter

import numpy as np

from studio.analysis.fusion import assign, calibrated, calibration_row, order_bullets, shipped_model

PENALTY = 0.45  # in score units of these hand-made matrices


def test_each_image_once_when_there_are_enough():
    scores = np.array([[0.9, 0.8, 0.0], [0.85, 0.1, 0.0]], np.float32)
    # Bullet 0 gives way: the pair total is higher with bullet 1 on image 0.
    assert assign(scores, [0, 1], {}, hero=None, first_bullet=None, reuse_penalty=PENALTY) == {
        0: 1,
        1: 0,
    }


def test_an_image_is_shown_twice_when_two_bullets_fit_it_by_a_clear_margin():
    # Two bullets about the one close-up, nothing else shows either: both get the close-up.
    scores = np.array([[0.9, 0.0, 0.0], [0.8, 0.0, 0.0]], np.float32)
    assert assign(scores, [0, 1], {}, hero=None, first_bullet=None, reuse_penalty=PENALTY) == {
        0: 0,
        1: 0,
    }
    # A third bullet wanting it pays twice the penalty and takes a free image instead.
    scores = np.array([[0.9, 0.0, 0.0], [0.8, 0.0, 0.0], [0.7, 0.1, 0.0]], np.float32)
    chosen = assign(scores, [0, 1, 2], {}, hero=None, first_bullet=None, reuse_penalty=PENALTY)
    assert Counter(chosen.values())[0] == 2 and chosen[2] == 1


def test_images_are_reused_evenly_only_when_they_run_out():
    scores = np.zeros((5, 2), np.float32)
    scores[:, 0] = 0.5  # every bullet prefers image 0
    chosen = assign(scores, list(range(5)), {}, hero=None, first_bullet=None, reuse_penalty=PENALTY)
    assert sorted(Counter(chosen.values()).values()) == [2, 3]


def test_locked_uses_count_and_hero_is_avoided_for_the_first_bullet():
    scores = np.array([[0.50, 0.45], [0.0, 0.0], [0.0, 0.0]], np.float32)
    assert assign(scores, [0], {}, hero=0, first_bullet=0, reuse_penalty=PENALTY) == {
        0: 1
    }  # small lead: hero avoided
    assert assign(scores, [0], {}, hero=None, first_bullet=0, reuse_penalty=PENALTY) == {0: 0}
    # Image 0 is already locked twice: the free bullets go to image 1 first.
    chosen = assign(scores, [1, 2], {0: 2}, hero=None, first_bullet=None, reuse_penalty=PENALTY)
    assert list(chosen.values()).count(1) >= 1 and len(chosen) == 2


def test_order_avoids_the_same_image_twice_in_a_row_and_puts_care_notes_last():
    image_of = {0: "a", 1: "a", 2: "b", 3: "b", 4: "a"}
    order = order_bullets(5, image_of, [False, False, False, False, True])
    assert order == [0, 2, 1, 3, 4]  # a b a b, then the care note
    assert order_bullets(3, {0: "a", 1: "b", 2: "c"}, [False] * 3) == [
        0,
        1,
        2,
    ]  # seller's order kept


def test_shipped_confidence_grows_with_the_model_probability():
    model = shipped_model()

    def row(p: float) -> np.ndarray:
        return calibration_row(np.array([p, *[(1 - p) / 4] * 4]), 0, 0.9)

    low, high = (calibrated(model, row(p)) for p in (0.25, 0.9))
    assert 0.0 < low < high < 1.0


def test_shipped_model_records_how_it_was_fitted():
    meta = shipped_model().meta
    assert meta["listings"] >= 40 and meta["labelled_bullets"] >= 80
    assert (
        0.0 < meta["cross_validated"]["top1"] <= 1.0
    )  # the held-out figure, not the in-sample one


def test_a_pick_far_below_the_bullets_favourite_does_not_extrapolate_the_fit():
    from studio.analysis.fusion import CALIBRATION, PASSED_OVER_CAP

    k = CALIBRATION.index("passed over")
    near = calibration_row(np.array([0.5, 0.3, 0.2]), 1, 0.8)
    far = calibration_row(np.array([0.9, 0.05, 0.05]), 1, 0.8)
    assert 0.0 < near[k] < PASSED_OVER_CAP and far[k] == PASSED_OVER_CAP
    assert calibration_row(np.array([0.5, 0.3, 0.2]), 0, 0.8)[k] == 0.0
