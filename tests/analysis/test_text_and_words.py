"""Text side of matching: real MiniLM embeddings and their cache, words, colour names, cues."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from studio.analysis.affinity import WordAffinity
from studio.analysis.colours import colour_words, name_rgb
from studio.analysis.cues import CUES
from studio.analysis.words import stem, tokens, word_match
from studio.media import sentences as text


def test_embeddings_are_unit_vectors_that_rank_meaning(fresh_cache):
    v = text.embed(["A zippered front pocket", "Front pocket with a zip", "Machine wash cold", ""])
    assert v.shape == (4, 384) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v[:3], axis=1), 1.0, atol=1e-4)
    assert not v[3].any()  # empty text: zero vector
    sims = text.similarity(v[:1], v[1:3])[0]
    assert sims[0] > sims[1] + 0.2


def test_embeddings_are_cached_on_disk_per_text(fresh_cache):
    phrase = "a phrase embedded once for the cache test"
    first = text.embed([phrase])
    files = list((fresh_cache / text.CACHE_NAMESPACE).glob("*.npy"))
    assert len(files) == 1
    text._memory.clear()  # forget in memory: the disk copy must serve it
    assert np.array_equal(text.embed([phrase]), first)


def test_importing_the_matcher_loads_no_heavy_library():
    code = (
        "import sys, studio.analysis.matcher, studio.analysis;"
        "heavy = [m for m in ('torch', 'cv2', 'onnxruntime', 'sentence_transformers') if m in sys.modules];"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Two-tone gray heather hoodie.", [("gray", "gray")]),
        ("Black 1/4 zip pullover with royal zipper.", [("black", "black"), ("royal", "blue")]),
        ("Charcoal and navy stripes", [("charcoal", "gray"), ("navy", "blue")]),
        ("Adjustable drawstring hood.", []),
    ],
)
def test_colour_words(sentence, expected):
    assert colour_words(sentence) == expected


def test_pixel_colour_names():
    assert name_rgb((250, 250, 250)) == "white"
    assert name_rgb((20, 20, 22)) == "black"
    assert name_rgb((128, 128, 130)) == "gray"
    assert name_rgb((110, 50, 160)) == "purple"
    assert name_rgb((36, 59, 183)) == "blue"


def test_tokens_and_forgiving_word_matches():
    assert tokens("Operate the iPod shuffle with one hand") == [
        "operate",
        "ipod",
        "shuffle",
        "hand",
    ]
    assert tokens("CoverFlow") == ["cover", "flow"]
    assert stem("pockets") == stem("pocket") and stem("zippered") == "zipper"
    assert word_match("voicemail", "Voicemail(3)".lower().strip("()3"))
    assert word_match("touch", "capacitivetouchpanel")
    assert word_match("calendar", "calender")  # an OCR slip
    assert not word_match("pocket", "rocket")


def test_bullets_ask_for_views_by_their_words():
    words = WordAffinity(text.embed)
    closeup = next(c for c in CUES if c.name == "close-up")
    hand = next(c for c in CUES if c.name == "in hand")
    assert words.affinity("Kangaroo pocket.", closeup.words).strength == 1.0
    assert words.affinity("Kangaroo pocket.", closeup.words).word == "pocket"
    assert words.affinity("Operate the controls with one hand.", hand.words).strength == 1.0
    assert words.affinity("Lightweight and wind resistant.", hand.words).strength < 0.3
