"""Quote cards: a customer's words on a brand card in the middle of the frame, the photo around
it, who said it below, the spoken word highlighted; drawn in every aspect."""

from __future__ import annotations

import numpy as np
import pytest

from studio.render.captions import safe_area
from studio.render.fonts import default_theme
from studio.render.frame import FrameRenderer
from studio.render.plan import CaptionSpec, ScenePlan, WordCue
from studio.render.quotecard import render_quote
from studio.render.timeline import cue_text
from tests.render.conftest import make_plan, textured_image

SIZES = ((320, 180), (180, 320), (240, 240))
QUOTE = "Warm enough for my morning runs, and the pocket holds my phone."


@pytest.mark.parametrize(("w", "h"), SIZES)
def test_the_card_sits_in_the_safe_area_with_every_word_placed(w, h):
    theme = default_theme()
    ov = render_quote(CaptionSpec(QUOTE, "quote", "Maya R."), theme, w, h)
    assert ov is not None
    safe = safe_area(w, h)
    text = dict(ov.parts)["text"]  # the words; the whole overlay is the frame (the scrim)
    x0, y0, x1, y1 = text.bbox
    assert safe.left - 0.05 * w <= x0 and x1 <= safe.right + 0.05 * w
    assert safe.top - 0.05 * h <= y0 and y1 <= safe.bottom + 0.05 * h
    assert ov.bbox == (0, 0, w, h)  # the photo around the card is dimmed, not hidden
    assert len(ov.words) == len(QUOTE.split())  # the voice can highlight each word
    roles = [role for role, _ in ov.parts]
    assert roles == ["text", "badge"]  # the words, then who said it


def test_without_an_author_there_is_no_credit_line():
    ov = render_quote(CaptionSpec("Just right", "quote"), default_theme(), 320, 180)
    assert ov is not None and [role for role, _ in ov.parts] == ["text"]


def test_the_quote_scene_renders_a_card_over_the_photo(tmp_path):
    w, h = 320, 180
    photo = textured_image(tmp_path / "p.jpg", 3, size=(w, h))
    words = tuple(
        WordCue(0.5 + 0.3 * k, 0.8 + 0.3 * k, word) for k, word in enumerate(QUOTE.split())
    )
    quote = ScenePlan(0.0, 4.0, photo, CaptionSpec(QUOTE, "quote", "Maya R."), words=words)
    bullet = ScenePlan(4.0, 2.0, photo, CaptionSpec("Pocket"), seed=1)
    plan = make_plan([quote, bullet], w, h)
    r = FrameRenderer(plan)
    early, late, other = (r.frame_at(t).astype(int) for t in (1.0, 2.5, 5.0))
    centre = (slice(int(0.4 * h), int(0.6 * h)), slice(int(0.35 * w), int(0.65 * w)))
    # the card is the theme's dark panel with light words; the photo is textured and brighter
    assert early[centre].mean() < other[centre].mean() - 20
    # the highlight moves from word to word while the voice reads
    assert np.abs(early - late)[centre].mean() > 1.0


def test_the_subtitle_of_a_quote_says_who_said_it():
    assert cue_text(CaptionSpec("Love it", "quote", "Ana")) == "“Love it” — Ana"
    assert cue_text(CaptionSpec("Love it", "quote")) == "“Love it”"
