"""Six distinct moods, and choosing one from the product's words."""

from __future__ import annotations

import numpy as np
import pytest

from studio.music.beats import beat_grid
from studio.music.generate import ALIASES, BED_LUFS, MOODS, bed_tempo, generate_bed, get_mood, moods
from studio.music.loudness import integrated_loudness, true_peak_db

SR = 48000
NEW = ["energetic", "luxury", "playful"]


def test_six_real_moods_with_distinct_character() -> None:
    assert {"upbeat", "calm", "corporate", "energetic", "luxury", "playful"} <= set(moods())
    assert not set(NEW) & set(ALIASES)  # real moods, no longer aliases
    tempi = [bed_tempo(m) for m in moods()]
    assert len(set(tempi)) == len(tempi)
    signatures = {
        (m.progressions, m.roots, tuple(sorted(m.levels.items()))) for m in MOODS.values()
    }
    assert len(signatures) == len(MOODS)
    assert all(m.suits for m in MOODS.values())
    assert get_mood("elegant").name == "luxury" and get_mood("Fun").name == "playful"


@pytest.mark.parametrize("mood", NEW)
@pytest.mark.slow
def test_new_moods_are_levelled_and_keep_their_tempo(mood: str) -> None:
    bed = generate_bed(mood, 2, 10.0, SR)
    assert bed.shape == (10 * SR, 2)
    assert abs(integrated_loudness(bed, SR) - BED_LUFS) < 1.0
    assert true_peak_db(bed, SR) < -0.5
    bpm = beat_grid(bed, SR).bpm
    assert abs(bpm - bed_tempo(mood)) / bed_tempo(mood) < 0.02
    assert not np.allclose(bed, generate_bed(mood, 3, 10.0, SR))


@pytest.mark.slow
@pytest.mark.parametrize(
    "texts, expected",
    [
        (
            [
                "Heritage Automatic Chronograph Watch",
                "Swiss movement, sapphire crystal",
                "18k rose gold case with alligator leather strap",
            ],
            "luxury",
        ),
        (
            [
                "Rainbow Stacking Blocks for Toddlers",
                "Bright colors, safe for kids 2+",
                "Builds fine motor skills through play",
            ],
            "playful",
        ),
        (
            [
                "CloudDesk Office Suite",
                "Team collaboration and document sharing",
                "Enterprise-grade security for your business",
            ],
            "corporate",
        ),
        (
            [
                "TrailBlaze Running Shoes",
                "Lightweight cushioning for speed",
                "Grip for every sprint and workout",
            ],
            "energetic",
        ),
        (
            [
                "Lavender Sleep Pillow Mist",
                "Natural essential oils help you relax",
                "Drift off to a peaceful night's sleep",
            ],
            "calm",
        ),
        (
            [
                "AeroBlend 5-in-1 Kitchen Blender",
                "Crushes ice in seconds",
                "Easy to clean, dishwasher safe",
            ],
            "upbeat",
        ),
    ],
)
def test_infer_mood_from_product_text(texts: list[str], expected: str) -> None:
    from studio.music.infer import infer_mood

    mood, confidence = infer_mood(texts)
    assert mood == expected
    assert 0.5 < confidence <= 1.0


def test_no_text_falls_back_without_loading_a_model() -> None:
    from studio.music.infer import DEFAULT_MOOD, infer_mood

    assert infer_mood([]) == (DEFAULT_MOOD, 0.0)
    assert infer_mood(["  "]) == (DEFAULT_MOOD, 0.0)


def test_the_experience_template_chooses_among_the_softer_moods(tmp_path) -> None:
    from studio.core.model import Product, Project
    from studio.music.soundtrack import SOFT_MOODS, resolve_mood

    blender = ["AeroBlend 5-in-1 Kitchen Blender", "Crushes ice in seconds", "Easy to clean"]
    project = Project(tmp_path, product=Product(title=blender[0], bullets=blender[1:]))
    project.music.mood = "auto"
    assert resolve_mood(project) == "upbeat"
    project.look.template = "experience"
    assert resolve_mood(project) in SOFT_MOODS
    project.music.mood = "energetic"  # the seller's own choice still wins
    assert resolve_mood(project) == "energetic"
