"""Captions move out of the way of what the scene is about."""

from __future__ import annotations

import pytest

from studio.core.geometry import Rect
from studio.core.model import Motion
from studio.render.captions import CaptionRoom, place_bullets, render_caption
from studio.render.fonts import default_theme
from studio.render.motion import region_over_motion, region_throughout
from studio.render.plan import CaptionSpec

FRAMES = [(640, 360), (360, 640), (480, 480)]
TEXT = "Waterproof zips keep your phone dry"


def _hits(bbox: tuple[int, int, int, int], r: Rect, w: int, h: int) -> bool:
    x0, y0, x1, y1 = bbox
    return x0 < (r.x + r.w) * w and r.x * w < x1 and y0 < (r.y + r.h) * h and r.y * h < y1


@pytest.mark.parametrize(("w", "h"), FRAMES)
def test_a_caption_leaves_the_focus_region_alone(w, h):
    theme = default_theme()
    usual = render_caption(CaptionSpec(TEXT), theme, w, h)
    assert usual is not None and usual.bbox[1] > h / 2  # the lower third by default
    low = Rect(0.2, 0.55, 0.6, 0.4)  # the focus is where the caption would go
    moved = render_caption(CaptionSpec(TEXT), theme, w, h, room=CaptionRoom(focus=low))
    assert moved is not None and not _hits(moved.bbox, low, w, h)
    assert moved.bbox[3] < h / 2  # to the top
    high = Rect(0.1, 0.05, 0.8, 0.4)
    title = render_caption(
        CaptionSpec("Trail Jacket", "title", "$89"), theme, w, h, room=CaptionRoom(focus=high)
    )
    assert title is not None
    ink = title.alpha[..., 0] > 128  # the scrim is faint at the far end; the text is not
    rows = ink.any(axis=1).nonzero()[0]
    assert title.y + rows[0] > (high.y + high.h) * h  # the title stays below it


def test_with_no_free_place_the_caption_takes_the_least_overlap_and_shrinks():
    theme = default_theme()
    w, h = 640, 360
    focus = Rect(0.0, 0.0, 0.9, 1.0)  # everything but a strip on the right
    usual = render_caption(CaptionSpec(TEXT), theme, w, h)
    squeezed = render_caption(CaptionSpec(TEXT), theme, w, h, room=CaptionRoom(focus=focus))
    assert usual is not None and squeezed is not None
    uw = usual.bbox[2] - usual.bbox[0]
    sw = squeezed.bbox[2] - squeezed.bbox[0]
    assert sw < uw  # smaller text
    assert squeezed.bbox[2] >= 0.9 * w  # in the corner nearest the free strip


def test_the_caption_prefers_the_backdrop_to_the_picture():
    theme = default_theme()
    w, h = 360, 640
    photo = Rect(0.0, 0.3, 1.0, 0.7)  # a photo on the frame's bottom, backdrop above it
    ov = render_caption(CaptionSpec(TEXT), theme, w, h, room=CaptionRoom(subject=photo))
    assert ov is not None and ov.bbox[3] <= 0.3 * h


def test_pages_of_one_caption_stay_in_one_place():
    theme = default_theme()
    w, h = 640, 360
    pages = [
        "A long caption shown in pages",
        "that keeps going for a while and then a bit more",
        "end",
    ]
    focus = Rect(0.1, 0.5, 0.8, 0.45)
    room = place_bullets(pages, theme, w, h, CaptionRoom(focus=focus))
    assert room.fixed is not None
    boxes = [render_caption(CaptionSpec(p), theme, w, h, room=room).bbox for p in pages]
    assert len({b[1] for b in boxes}) == 1 or len({b[3] for b in boxes}) == 1  # one edge shared
    for b in boxes:
        assert not _hits(b, focus, w, h)


@pytest.mark.parametrize(("w", "h"), FRAMES)
def test_in_a_split_layout_the_caption_is_the_panels_headline(w, h):
    theme = default_theme()
    panel = Rect(0.5, 0.0, 0.5, 1.0) if w > h else Rect(0.0, 0.0, 1.0, 0.4)
    for spec in (CaptionSpec(TEXT), CaptionSpec("Trail Jacket", "title", "$89")):
        ov = render_caption(spec, theme, w, h, room=CaptionRoom(panel=panel))
        assert ov is not None
        x0, y0, x1, y1 = ov.bbox
        assert panel.x * w <= x0 and x1 <= (panel.x + panel.w) * w + 1
        assert panel.y * h <= y0 and y1 <= (panel.y + panel.h) * h + 1


def test_regions_over_a_motion():
    zoom_in = Motion(Rect.full(), Rect(0.25, 0.25, 0.5, 0.5))
    r = Rect(0.4, 0.4, 0.2, 0.2)
    grown = region_over_motion(r, zoom_in)
    assert grown is not None
    assert grown.to_list() == pytest.approx(
        [0.3, 0.3, 0.4, 0.4], abs=1e-6
    )  # as large as at the end
    panel = Rect(0.6, 0.0, 0.4, 1.0)
    kept = region_throughout(panel, zoom_in)
    assert kept is not None and kept.x == pytest.approx(0.7)  # where it is at the end
    assert region_throughout(Rect(0.9, 0.0, 0.1, 1.0), zoom_in) is None  # zoomed out of view


@pytest.mark.parametrize(("w", "h"), FRAMES)
def test_a_tagline_sits_over_the_title_on_the_card_and_in_a_panel(w, h):
    theme = default_theme()
    plain = CaptionSpec("Trail Jacket", "title", "$89")
    tagged = CaptionSpec("Trail Jacket", "title", "$89", "New for spring: built for rain")
    panel = Rect(0.5, 0.0, 0.5, 1.0) if w > h else Rect(0.0, 0.0, 1.0, 0.4)
    for room in (CaptionRoom(), CaptionRoom(panel=panel)):
        without = render_caption(plain, theme, w, h, room=room)
        with_line = render_caption(tagged, theme, w, h, room=room)
        assert without is not None and with_line is not None
        assert [s.text for s in with_line.words] == ["Trail", "Jacket"]  # the title's words
        title_top = min(s.base - s.size for s in with_line.words)
        ink = with_line.alpha[..., 0] > 128
        rows = ink.any(axis=1).nonzero()[0]
        assert with_line.y + rows[0] < title_top - 0.02 * min(w, h)  # a line above the title
        bare = without.alpha[..., 0] > 128
        assert ink.sum() > bare.sum()  # and it is drawn
        if room.panel is not None:
            x0, y0, x1, y1 = with_line.bbox
            assert panel.x * w <= x0 and x1 <= (panel.x + panel.w) * w + 1
            assert panel.y * h <= y0 and y1 <= (panel.y + panel.h) * h + 1
