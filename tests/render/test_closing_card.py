"""The closing card without a logo shows the product on a card, its name and button below."""

from __future__ import annotations

import numpy as np
import pytest

from studio.render.brand_theme import default_theme
from studio.render.canvas import PAD, closing_card_box, photo_canvas
from studio.render.captions import render_caption
from studio.render.cards import CLOSING_GAP, CLOSING_PHOTO
from studio.render.plan import CaptionSpec

SIZES = [(640, 360), (360, 640), (400, 400)]


def _photo() -> np.ndarray:
    """A light product shot: a mid-grey product on white."""
    img = np.full((600, 450, 3), 250, np.uint8)
    img[120:520, 140:310] = (120, 120, 130)
    return img


def _luma_in(canvas, box) -> float:
    y = canvas.planes[0][PAD : PAD + canvas.height, PAD : PAD + canvas.width]
    x0, y0 = int(box.x * canvas.width), int(box.y * canvas.height)
    x1, y1 = int((box.x + box.w) * canvas.width), int((box.y + box.h) * canvas.height)
    return float(y[y0:y1, x0:x1].mean())


@pytest.mark.parametrize("w,h", SIZES)
def test_the_product_sits_on_a_card_in_the_upper_part(w, h):
    plain = photo_canvas(_photo(), w, h, 1.2, backdrop=True)
    card = photo_canvas(_photo(), w, h, 1.2, backdrop=True, product_card="below")
    box = closing_card_box(w, h, 1.2)
    assert box.y > 0.0 and box.y + box.h < 0.7 and box.x > 0.0 and box.x + box.w < 1.0
    assert _luma_in(plain, box) < 60  # the dark backdrop
    assert _luma_in(card, box) > _luma_in(plain, box) + 40  # the light card and the photo on it
    below = type(box)(0.0, box.y + box.h + 0.05, 1.0, 0.2)
    assert abs(_luma_in(card, below) - _luma_in(plain, below)) < 3  # the text's room stays dark


@pytest.mark.parametrize("w,h", SIZES)
def test_the_name_and_button_go_below_the_photo(w, h):
    spec = CaptionSpec("Shop now", "cta", "", kicker="Mithra Warmup Pant")
    ov = render_caption(spec, default_theme(), w, h, below_photo=True)
    ys = np.nonzero(ov.alpha[..., 0] >= 40)[0]
    portrait = h > w * 1.2
    assert ov.y + ys.min() >= (CLOSING_PHOTO[portrait][1] + CLOSING_GAP) * h - 1
    assert ov.y + ys.max() <= h
    centred = render_caption(spec, default_theme(), w, h)
    assert centred.y + np.nonzero(centred.alpha[..., 0] >= 40)[0].min() < ov.y + ys.min()


def test_a_campaign_sticker_gets_room_above_the_photo_in_portrait():
    tall, tall_sticker = (
        closing_card_box(360, 640, 1.2),
        closing_card_box(360, 640, 1.2, sticker_room=True),
    )
    assert tall_sticker.y > tall.y + 0.05 and tall_sticker.y + tall_sticker.h == tall.y + tall.h
    # beside the photo in landscape and square, so the photo keeps its size there
    for w, h in ((640, 360), (400, 400)):
        assert closing_card_box(w, h, 1.2, sticker_room=True) == closing_card_box(w, h, 1.2)


LONG = CaptionSpec(
    "Order yours today and get free shipping on every size",
    "cta",
    "",
    kicker="Mithra Warmup Pant for Winter Running, Water-Resistant, Men's Large",
)


@pytest.mark.parametrize("w,h", [(1920, 1080), (1080, 1920), (640, 360), (360, 640), (400, 400)])
def test_a_long_name_and_button_shrink_to_fit_under_the_photo(w, h):
    from studio.render.captions import safe_area

    ov = render_caption(LONG, default_theme(), w, h, below_photo=True)
    ys, xs = np.nonzero(ov.alpha[..., 0] >= 40)
    portrait = h > w * 1.2
    safe = safe_area(w, h)
    assert ov.y + ys.min() >= (CLOSING_PHOTO[portrait][1] + CLOSING_GAP) * h - 1
    assert ov.y + ys.max() <= safe.bottom + 1
    assert ov.x + xs.min() >= safe.left - 1 and ov.x + xs.max() <= safe.right + 1


def _accent_rows(frame: np.ndarray) -> np.ndarray:
    """Rows where the button's accent yellow (BGR) shows."""
    b, g, r = (frame[..., k].astype(int) for k in range(3))
    return np.nonzero(((r > 200) & (g > 150) & (b < 80)).sum(axis=1) > 3)[0]


@pytest.mark.parametrize("w,h", [(640, 360), (360, 640)])
def test_a_closing_card_without_a_photo_keeps_its_text_in_the_middle(w, h):
    from studio.render.frame import FrameRenderer
    from studio.render.plan import RenderPlan, ScenePlan

    spec = CaptionSpec("Shop now", "cta", "", kicker="Mithra Warmup Pant")
    plan = RenderPlan(w, h, 10, (ScenePlan(0, 3.0, None, spec, seed=0),), default_theme())
    rows = _accent_rows(FrameRenderer(plan).frame_at(2.9))
    assert len(rows) and rows.mean() < 0.62 * h  # nothing above it to make room for
