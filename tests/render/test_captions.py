"""Captions: safe areas, Chinese glyphs, very long text, emoji, wrapping rules."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from studio.core.errors import MediaError
from studio.render.captions import render_caption, safe_area
from studio.render.captiontext import caption_text, is_emoji
from studio.render.fonts import CJK_BOLD, CJK_REGULAR, coverage, default_theme, load_font
from studio.render.plan import CaptionSpec
from studio.render.textfit import ELLIPSIS, NO_BREAK_BEFORE, fit_text, wrap

SIZES = [(320, 180), (180, 320), (240, 240), (1920, 1080), (1080, 1920)]
LONG_LATIN = ("Water-resistant ripstop shell with taped seams and a breathable mesh lining. " * 30)[
    :2000
]
LONG_CHINESE = (
    "这款冲锋衣采用防水透气面料，压胶接缝，内衬网眼，轻便耐穿，适合徒步、露营和日常通勤。" * 50
)[:2000]


def _assert_inside(overlay, w, h, min_alpha=1):
    """Every pixel the overlay paints (alpha >= min_alpha) lies inside the safe area."""
    safe = safe_area(w, h)
    a = overlay.alpha[..., 0]
    ys, xs = np.nonzero(a >= min_alpha)
    assert len(xs), "nothing drawn"
    x0, y0 = overlay.x + xs.min(), overlay.y + ys.min()
    x1, y1 = overlay.x + xs.max() + 1, overlay.y + ys.max() + 1
    assert x0 >= safe.left - 1 and x1 <= safe.right + 1, (x0, x1, safe)
    assert y0 >= safe.top - 1 and y1 <= safe.bottom + 1, (y0, y1, safe)
    assert overlay.x >= 0 and overlay.x + overlay.alpha.shape[1] <= w
    assert overlay.y >= 0 and overlay.y + overlay.alpha.shape[0] <= h


@pytest.mark.parametrize("w,h", SIZES)
@pytest.mark.parametrize(
    "text",
    [
        "Waterproof",
        "Seam-sealed shell that keeps you dry on long wet hikes",
        LONG_LATIN,
        LONG_CHINESE,
    ],
)
def test_bullet_caption_stays_in_the_safe_area(w, h, text):
    ov = render_caption(CaptionSpec(text), default_theme(), w, h)
    _assert_inside(ov, w, h)
    if h > w:  # portrait: clear of the bottom fifth and top eighth where app buttons sit
        assert ov.y + ov.alpha.shape[0] <= 0.80 * h + 1 and ov.y >= 0.14 * h - 1


@pytest.mark.parametrize("w,h", SIZES)
@pytest.mark.parametrize("text", ["Trail Jacket", LONG_LATIN, LONG_CHINESE])
def test_title_and_price_stay_in_the_safe_area(w, h, text):
    ov = render_caption(CaptionSpec(text, "title", "$89.99"), default_theme(), w, h)
    # the translucent shadow behind the title may reach the frame edge; text and tag may not
    _assert_inside(ov, w, h, min_alpha=200)


@pytest.mark.parametrize("w,h", SIZES)
def test_call_to_action_with_logo_stays_in_the_safe_area(tmp_path, w, h):
    logo = tmp_path / "logo.png"
    im = Image.new("RGBA", (400, 160), (0, 0, 0, 0))
    ImageDraw.Draw(im).ellipse((10, 10, 390, 150), fill=(20, 90, 200, 255))
    im.save(logo)
    ov = render_caption(
        CaptionSpec("Shop now at acme.example", "cta", "ACME Outdoor"), default_theme(), w, h, logo
    )
    _assert_inside(ov, w, h, min_alpha=40)


def test_logo_keeps_its_transparency(tmp_path):
    logo = tmp_path / "logo.png"
    im = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    ImageDraw.Draw(im).ellipse((50, 50, 150, 150), fill=(250, 250, 250, 255))
    im.save(logo)
    ov = render_caption(CaptionSpec("", "cta", ""), default_theme(), 320, 320, logo)
    a = ov.alpha[..., 0]
    assert a.max() == 255 and a[0, 0] == 0 and a[0, -1] == 0  # round logo, transparent corners


def test_opaque_logo_gets_a_rounded_plate_and_missing_logo_is_reported(tmp_path):
    logo = tmp_path / "logo.jpg"
    Image.new("RGB", (300, 100), (255, 255, 255)).save(logo)
    ov = render_caption(CaptionSpec("", "cta", ""), default_theme(), 640, 360, logo)
    a = ov.alpha[..., 0]
    assert a[0, 0] < 255 and a[a.shape[0] // 2, a.shape[1] // 2] == 255  # rounded corners
    with pytest.raises(MediaError):
        render_caption(
            CaptionSpec("Shop", "cta", ""), default_theme(), 640, 360, tmp_path / "nope.png"
        )


def test_chinese_renders_real_glyphs_not_tofu():
    font = load_font(CJK_REGULAR, 48)
    missing = "\ue000"  # private use: no font has it
    assert missing not in coverage(CJK_REGULAR)

    def mask(ch: str) -> np.ndarray:
        im = Image.new("L", (64, 64), 0)
        ImageDraw.Draw(im).text((8, 4), ch, font=font, fill=255)
        return np.asarray(im) > 127

    tofu = mask(missing)
    for ch in "中文价格优惠，保暖舒适":
        assert ch in coverage(CJK_REGULAR) and ch in coverage(CJK_BOLD)
        assert (mask(ch) != tofu).sum() > 40, ch
    assert caption_text("保暖舒适") == "保暖舒适"


def test_a_caption_with_a_character_no_font_has_is_left_out_not_boxed():
    assert render_caption(CaptionSpec("\ue000\ue001"), default_theme(), 320, 180) is None
    assert render_caption(CaptionSpec("A\ue000B"), default_theme(), 320, 180) is None


def test_gb2312_hanzi_are_all_covered():
    cov = coverage(CJK_REGULAR)
    hanzi = [
        bytes((r, c)).decode("gb2312")
        for r in range(0xB0, 0xF8)
        for c in range(0xA1, 0xFF)
        if not (r == 0xD7 and c > 0xF9)
    ]
    assert len(hanzi) == 6763
    assert all(ch in cov for ch in hanzi)


def test_emoji_are_stripped_and_the_rest_kept():
    out = caption_text("🔥 Hot deal 👍🏽 on 👨‍👩‍👧 family packs ✅ 5★ 🇨🇳 — 超值！ 1️⃣")
    assert out == "Hot deal on family packs 5★ — 超值！ 1"
    assert not any(is_emoji(c) for c in out)
    ov = render_caption(CaptionSpec("😀😀😀"), default_theme(), 320, 180)
    assert ov is None


@pytest.mark.parametrize("text", [LONG_LATIN, LONG_CHINESE])
def test_2000_characters_shrink_then_truncate_with_ellipsis(text):
    fitted = fit_text(text, CJK_REGULAR, 60, 30, 1000, 3)
    assert fitted.truncated and fitted.size == 30
    assert len(fitted.lines) == 3 and fitted.lines[-1].endswith(ELLIPSIS)
    assert all(fitted.font.getlength(ln) <= 1000 for ln in fitted.lines)


def test_short_text_keeps_the_largest_size():
    fitted = fit_text("Waterproof", CJK_REGULAR, 60, 30, 1000, 3)
    assert fitted.size == 60 and not fitted.truncated and fitted.lines == ("Waterproof",)


def test_latin_wraps_at_words():
    font = load_font(CJK_REGULAR, 20)
    lines = wrap("Breathable mesh lining keeps you cool on long climbs", font, 150)
    assert len(lines) > 2
    assert " ".join(lines) == "Breathable mesh lining keeps you cool on long climbs"
    assert all(font.getlength(ln) <= 150 for ln in lines)


def test_chinese_wraps_by_character_without_punctuation_at_line_start():
    font = load_font(CJK_REGULAR, 20)
    text = "防水透气面料，压胶接缝。轻便耐穿！适合徒步、露营和日常通勤。「限时」优惠（包邮）"
    for width in range(60, 260, 7):
        lines = wrap(text, font, width)
        assert "".join(lines) == text
        for ln in lines:
            assert ln[0] not in NO_BREAK_BEFORE, (width, lines)
            assert ln[-1] not in "「（", (width, lines)


def test_overlay_blend_touches_only_its_box():
    ov = render_caption(CaptionSpec("Waterproof"), default_theme(), 320, 180)
    frame = np.full((180, 320, 3), 200, np.uint8)
    ov.blend_into(frame)
    x0, y0, x1, y1 = ov.bbox
    outside = frame.copy()
    outside[y0:y1, x0:x1] = 200
    assert (outside == 200).all()
    assert (frame[y0:y1, x0:x1] != 200).any()
    half = np.full((180, 320, 3), 200, np.uint8)
    ov.blend_into(half, 0.5)
    assert np.abs(half.astype(int) - 200).max() < np.abs(frame.astype(int) - 200).max()
