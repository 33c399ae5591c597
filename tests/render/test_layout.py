"""The layout rules: which layout a scene gets, from measurable facts about its photo."""

from __future__ import annotations

import numpy as np
import pytest

from studio.core.geometry import Rect
from studio.render.layout import (
    MaskTraits,
    PhotoTraits,
    choose_layout,
    measure_mask,
    measure_photo,
    stage_for,
    wants_mask,
)

LANDSCAPE, PORTRAIT, SQUARE = (1920, 1080), (1080, 1920), (1080, 1080)
ALL = (LANDSCAPE, PORTRAIT, SQUARE)
PLAIN = (True, True, True, True)
BUSY = (False, False, False, False)
CLEAN = MaskTraits(Rect(0.2, 0.25, 0.6, 0.5), 0.25, 0.0, 0.05, 0.95)


FULL = Rect.full()


def traits(w=1274, h=1580, plain=BUSY, content=FULL) -> PhotoTraits:
    return PhotoTraits(w, h, plain, content)


def test_a_photo_of_the_frames_shape_covers_it():
    for frame in ALL:
        fw, fh = frame
        lay = choose_layout(traits(fw * 2, fh * 2), *frame)
        assert lay.kind == "cover" and lay.image == Rect(0.0, 0.0, 1.0, 1.0)


def test_a_small_focus_with_pixels_to_spare_becomes_a_full_bleed_close_up():
    focus = Rect(0.55, 0.6, 0.2, 0.15)  # a detail: 3 % of the photo
    for frame in ALL:
        lay = choose_layout(traits(4000, 4000), *frame, focus)
        assert lay.kind == "detail", frame
        r = lay.image
        assert r.x <= 0 and r.y <= 0 and r.x + r.w >= 1 and r.y + r.h >= 1  # full bleed
        fx0, fy0 = r.x + focus.x * r.w, r.y + focus.y * r.h
        fx1, fy1 = fx0 + focus.w * r.w, fy0 + focus.h * r.h
        assert fx0 >= 0 and fx1 <= 1 and fy0 >= 0 and fy1 <= 1  # the detail is whole


def test_a_close_up_needs_the_pixels():
    focus = Rect(0.55, 0.6, 0.2, 0.15)
    assert choose_layout(traits(600, 600), *LANDSCAPE, focus).kind != "detail"  # too soft
    big = Rect(0.1, 0.1, 0.6, 0.6)  # not a detail: a third of the photo
    assert choose_layout(traits(3000, 3000), *LANDSCAPE, big).kind != "detail"


def test_the_rules_do_not_depend_on_the_output_size():
    """The preview (360 p) shows what the export (1080 p) will: same layout, same places."""
    focus = Rect(0.55, 0.6, 0.2, 0.15)
    for t in (
        traits(1400, 1400),
        traits(3000, 3000),
        traits(plain=PLAIN, content=Rect(0.3, 0.2, 0.4, 0.6)),
    ):
        for (w, h), small in (
            (LANDSCAPE, (640, 360)),
            (PORTRAIT, (360, 640)),
            (SQUARE, (360, 360)),
        ):
            big_lay = choose_layout(t, w, h, focus, CLEAN)
            small_lay = choose_layout(t, *small, focus, CLEAN)
            assert big_lay.kind == small_lay.kind
            assert big_lay.image.to_list() == pytest.approx(small_lay.image.to_list(), abs=1e-6)


def test_a_plain_backdrop_continues_and_the_photo_stays_whole():
    lay = choose_layout(traits(plain=PLAIN), *LANDSCAPE)
    assert lay.kind == "extend"
    r = lay.image
    assert r.h == pytest.approx(1.0) and r.w < 1 and r.x > 0  # whole, backdrop on both sides
    assert lay.plain == (True, False, True, False)


def test_a_busy_side_stays_at_the_frames_edge():
    """A model's legs cut by the photo's bottom edge: in 9:16 the photo sits on the frame's
    bottom edge and the backdrop continues above it."""
    lay = choose_layout(traits(plain=(True, True, True, False)), *PORTRAIT)
    assert lay.kind == "extend"
    r = lay.image
    assert r.y + r.h == pytest.approx(1.0) and r.y > 0.2
    assert lay.plain[1] and not lay.plain[3]


def test_a_product_on_a_plain_backdrop_is_sized_to_the_frame():
    content = Rect(0.35, 0.3, 0.3, 0.4)  # a small product in a big white photo
    for frame in ALL:
        lay = choose_layout(traits(3000, 2000, PLAIN, content), *frame)
        assert lay.kind in ("extend", "cover")  # cover: cropping plain backdrop fills the frame
        stage = stage_for(*frame)
        s = lay.subject
        assert s.w <= stage.w + 1e-6 and s.h <= stage.h + 1e-6
        assert 0.7 <= max(s.w / stage.w, s.h / stage.h) <= 1.0  # the stage, less a margin
        assert s.cx == pytest.approx(stage.cx, abs=0.02) and s.cy == pytest.approx(
            stage.cy, abs=0.02
        )


def test_a_busy_photo_is_cropped_to_fill_when_its_focus_survives():
    focus = Rect(0.25, 0.3, 0.5, 0.45)
    lay = choose_layout(traits(), *PORTRAIT, focus)  # 4:5 in 9:16
    assert lay.kind == "cover"
    assert choose_layout(traits(), *SQUARE).kind == "cover"  # 4:5 in 1:1 without a focus


def test_a_clean_mask_cuts_the_product_out_when_nothing_else_fits():
    focus = Rect(0.0, 0.0, 1.0, 1.0)
    for frame in (LANDSCAPE, PORTRAIT):
        lay = choose_layout(traits(), *frame, focus, CLEAN)
        assert lay.kind == "cutout", frame
        stage = stage_for(*frame)
        assert lay.subject.cx == pytest.approx(stage.cx, abs=0.02)
        assert wants_mask(traits(), *frame, focus)


@pytest.mark.parametrize(
    "mask",
    [
        MaskTraits(Rect(0.0, 0.2, 0.9, 0.5), 0.3, 0.05, 0.05, 0.95),  # cut by the photo's edge
        MaskTraits(Rect(0.2, 0.2, 0.5, 0.5), 0.2, 0.0, 0.6, 0.9),  # a fuzzy, undecided mask
        MaskTraits(Rect(0.2, 0.2, 0.5, 0.5), 0.2, 0.0, 0.05, 0.4),  # barely stands out
        MaskTraits(Rect(0.0, 0.0, 1.0, 1.0), 0.95, 0.0, 0.05, 0.9),  # everything
    ],
)
def test_a_poor_mask_gives_a_split_layout_instead(mask):
    assert not mask.clean
    focus = Rect(0.0, 0.0, 1.0, 1.0)
    lay = choose_layout(traits(), *LANDSCAPE, focus, mask)
    assert lay.kind == "split"
    assert lay.subject == Rect(0.0, 0.0, lay.subject.w, 1.0)  # the photo on the left ...
    assert lay.panel is not None and lay.panel.x == pytest.approx(lay.subject.w)  # ... panel right
    landscape_photo = traits(2000, 1000)
    lay = choose_layout(landscape_photo, *PORTRAIT, focus, mask)
    assert lay.kind == "split" and lay.panel is not None and lay.panel.y == 0.0  # panel on top


def test_blurred_fill_only_when_the_theme_asks():
    for plain in (BUSY, PLAIN):
        for frame in ALL:
            for mask in (None, CLEAN):
                lay = choose_layout(traits(plain=plain), *frame, None, mask)
                assert lay.kind != "blur"
    assert choose_layout(traits(), *LANDSCAPE, fill="blur").kind == "blur"
    assert choose_layout(traits(plain=PLAIN), *LANDSCAPE, fill="blur").kind == "extend"


def test_a_scene_framed_by_the_seller_keeps_the_editors_placement():
    from studio.render.motion import fitted_photo_rect

    focus = Rect(0.3, 0.3, 0.3, 0.3)
    for plain, kind in ((BUSY, "card"), (PLAIN, "extend")):
        lay = choose_layout(traits(plain=plain), *PORTRAIT, focus, CLEAN, framed=True)
        assert lay.kind == kind
        assert lay.image.to_list() == pytest.approx(
            fitted_photo_rect(1274, 1580, *PORTRAIT, focus).to_list()
        )


def test_a_mask_is_only_wanted_where_the_rules_reach_the_cut_out():
    assert not wants_mask(traits(1920, 1080), *LANDSCAPE)  # cover
    assert not wants_mask(traits(plain=PLAIN), *LANDSCAPE)  # backdrop continues
    assert not wants_mask(traits(), *SQUARE)  # a small crop
    assert wants_mask(traits(), *LANDSCAPE)  # a busy portrait photo in 16:9
    assert not wants_mask(traits(), *LANDSCAPE, fill="blur")


# --------------------------------------------------------------------------- measurements


def _photo(background, size=(400, 500)) -> np.ndarray:
    w, h = size
    img = np.empty((h, w, 3), np.uint8)
    img[...] = background
    rng = np.random.default_rng(3)
    img[150:380, 120:290] = rng.integers(0, 255, (230, 170, 3))  # the product: busy
    return img


def test_a_studio_shot_has_plain_edges_and_a_content_box():
    t = measure_photo(_photo((250, 250, 250)))
    assert t.plain == PLAIN
    assert t.content.to_list() == pytest.approx(
        [120 / 400, 150 / 500, 170 / 400, 230 / 500], abs=0.02
    )


def test_a_sweep_that_darkens_toward_the_floor_is_still_plain():
    img = _photo((0, 0, 0))
    ramp = np.linspace(245, 190, img.shape[0])[:, None, None]
    back = np.broadcast_to(ramp, img.shape).astype(np.uint8)
    img = np.where(img == 0, back, img)
    t = measure_photo(img)
    assert t.plain == PLAIN
    assert t.content.h < 0.6  # the gradient is backdrop, not product


def test_busy_edges_are_not_plain():
    rng = np.random.default_rng(1)
    img = rng.integers(0, 255, (500, 400, 3), dtype=np.uint8)
    assert measure_photo(img).plain == BUSY
    legs = _photo((250, 250, 250))
    legs[380:, 150:250] = 20  # something dark runs off the bottom edge
    assert measure_photo(legs).plain == (True, True, True, False)
    assert measure_photo(legs, (4000, 5000)).width == 4000  # the photo's own size is kept


def test_mask_measurements():
    m = np.zeros((500, 400), np.uint8)
    m[100:400, 100:300] = 255
    clean = measure_mask(m)
    assert clean.clean
    assert clean.box.to_list() == pytest.approx([0.25, 0.2, 0.5, 0.6], abs=0.02)
    fuzzy = m.copy()
    fuzzy[50:450, 50:350] = np.maximum(fuzzy[50:450, 50:350], 120)
    assert not measure_mask(fuzzy).clean  # a wide undecided halo
    cut = np.zeros((500, 400), np.uint8)
    cut[100:500, 100:300] = 255
    assert measure_mask(cut).edge > 0.02 and not measure_mask(cut).clean


# --------------------------------------------------------------------------- pixels


@pytest.mark.parametrize(
    ("kwargs", "kind"),
    [
        ({}, "split"),
        ({"fill": "blur"}, "blur"),
        ({"framed": True}, "card"),
        ({"mask": "clean"}, "cutout"),
        ({"backdrop": True}, "closing"),
    ],
)
def test_every_layout_paints_a_whole_canvas(kwargs, kind):
    from studio.render.canvas import photo_canvas

    rng = np.random.default_rng(5)
    photo = rng.integers(0, 255, (500, 400, 3), dtype=np.uint8)  # busy everywhere
    if kwargs.get("mask") == "clean":
        mask = np.zeros((500, 400), np.uint8)
        mask[120:380, 100:300] = 255
        kwargs = {**kwargs, "mask": mask}
    canvas = photo_canvas(photo, 320, 180, 1.2, **kwargs)
    assert canvas.layout == kind
    y, uv = canvas.planes
    assert y.shape[0] > 180 and uv.shape[2] == 2
    if kind == "split":
        assert canvas.panel is not None
        panel = canvas.luma[:, int(canvas.panel.x * canvas.width) + 4 :]
        assert cv2_laplacian_energy(panel) < 3.0  # a quiet brand panel, not photo
    if kind == "cutout":
        s = canvas.subject
        outside = canvas.luma[:, : max(1, int(s.x * canvas.width) - 4)]
        assert cv2_laplacian_energy(outside) < 3.0  # smooth (noise of a busy photo: ~100)


def cv2_laplacian_energy(grey: np.ndarray) -> float:
    import cv2

    return float(np.abs(cv2.Laplacian(grey.astype(np.float32), cv2.CV_32F)).mean())
