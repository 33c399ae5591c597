"""Colour shades, a part's usual place, phrases that ask for a view, and region evidence."""

from __future__ import annotations

import numpy as np

from studio.analysis.affinity import WordAffinity
from studio.analysis.colours import colour_terms, oklab, palette_closeness
from studio.analysis.context import MatchContext
from studio.analysis.cues import CUES
from studio.analysis.image_features import ImageAnalysis
from studio.analysis.parts import part_focus, place_of
from studio.analysis.recognised import RegionObjects
from studio.analysis.sources import ShadeMatch
from studio.analysis.text import embed
from studio.core.geometry import Rect


def _palette(*rgb_shares):
    return tuple(
        (*(float(v) for v in oklab(np.array(rgb, np.float32))), share) for rgb, share in rgb_shares
    )


def test_colour_terms_read_shades_and_modifiers():
    assert [t.name for t in colour_terms("Omnia Amethyst, mint and onyx")] == [
        "purple",
        "green",
        "black",
    ]
    light, plain = colour_terms("light green")[0], colour_terms("green")[0]
    assert light.words == "light green" and light.oklab[0] > plain.oklab[0]
    assert colour_terms("Water-resistant, rust-proof frame") == []  # no colour is named


def test_a_named_shade_finds_the_photo_of_that_shade_not_the_one_with_the_same_name():
    mint_top = ImageAnalysis(
        800, 800, palette=_palette(((150, 225, 200), 0.8), ((30, 30, 30), 0.2))
    )
    yellow_top = ImageAnalysis(800, 800, palette=_palette(((240, 230, 120), 0.9)))
    dark_green = ImageAnalysis(800, 800, palette=_palette(((20, 90, 50), 0.9)))
    ctx = MatchContext(
        "",
        ["Mint bra top.", "Light green hoodie."],
        ["a", "b", "c"],
        [mint_top, yellow_top, dark_green],
        embed,
    )
    ev = ShadeMatch().collect(ctx)
    assert int(np.argmax(ev.scores[0])) == 0
    assert int(np.argmax(ev.scores[1])) == 0  # a pale aqua-green, not the dark green
    assert ev.reasons[(0, 0)] == 'matches colour "mint"'
    assert palette_closeness((), np.zeros(3)).tolist() == [0.0]


def test_parts_have_their_usual_place_on_the_product():
    assert place_of("Adjustable drawstring hood.") == "top"
    assert place_of("Non-slip rubber sole") == "bottom"
    assert place_of("Machine wash cold") is None
    whole = ImageAnalysis(800, 1000, product_box=Rect(0.2, 0.1, 0.6, 0.8))
    focus = part_focus("Lined hood", whole)
    assert focus is not None and focus.y == 0.1 and focus.h < 0.4
    closeup = ImageAnalysis(800, 1000, closeup=0.9)
    assert part_focus("Lined hood", closeup) is None  # a close-up already shows its part


def test_modifier_words_do_not_ask_for_a_view():
    words = WordAffinity(embed)
    hand = next(c for c in CUES if c.name == "in hand")
    back = next(c for c in CUES if c.name == "back view")
    assert (
        words.affinity("Dual hand pockets.", hand.words, hand.exact, hand.not_before).strength
        == 0.0
    )
    assert (
        words.affinity(
            "Operate it with one hand.", hand.words, hand.exact, hand.not_before
        ).strength
        == 1.0
    )
    assert (
        words.affinity("Foam-padded shoulder straps.", back.words, back.exact).word
        == "shoulder straps"
    )


def test_region_evidence_points_at_the_part_of_the_photo_that_shows_the_item():
    shoe_box = Rect(0.0, 0.55, 0.6, 0.45)
    outfit = ImageAnalysis(
        800,
        1000,
        regions=(
            (Rect(0.0, 0.0, 0.6, 0.5), (("jean", 0.6),)),
            (shoe_box, (("running shoe", 0.7),)),
        ),
    )
    jacket = ImageAnalysis(800, 1000, regions=((Rect(0.2, 0.2, 0.6, 0.6), (("suit", 0.5),)),))
    ctx = MatchContext(
        "", ["The sneaker shoes finish the look."], ["outfit", "jacket"], [outfit, jacket], embed
    )
    ev = RegionObjects().collect(ctx)
    assert ev.scores[0, 0] > ev.scores[0, 1]
    assert ev.focus[(0, 0)] == shoe_box
    assert "running shoe" in ev.reasons[(0, 0)]


def test_shipped_class_name_vectors_match_the_live_sentence_model():
    from studio.analysis import text
    from studio.analysis.effnet import imagenet_labels

    names = [n.lower() for n in imagenet_labels()][::97]
    shipped = np.load(text.__file__.replace("text.py", text.LABEL_VECTORS)).astype(np.float32)[::97]
    live = text.get_model().encode(names)
    cos = (shipped * live).sum(1) / np.linalg.norm(shipped, axis=1)
    assert cos.min() > 0.999
