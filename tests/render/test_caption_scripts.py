"""Captions in every script are drawn whole, shaped and in reading order, or not at all.

Real fonts (shipped + fonts-noto-core; fonts-noto-cjk when installed) and real drawing.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from studio.render.captions import render_caption
from studio.render.captiontext import caption_text, emoji_removed
from studio.render.chainfont import caption_fonts
from studio.render.coverage_check import caption_problems
from studio.render.fonts import (
    CJK_REGULAR,
    LATIN_REGULAR,
    NOTO_CORE_DIR,
    default_theme,
    font_chain,
    load_font,
    system_cjk_font,
)
from studio.render.lettering import text_block
from studio.render.plan import CaptionSpec
from studio.render.textfit import clusters, wrap

SYSTEM_CJK = system_cjk_font()
W, H = 640, 360

DRAWN = {  # caption -> the font its letters are set in
    "The world’s lightest “shell”": LATIN_REGULAR.name,
    "Водонепроницаемая куртка": LATIN_REGULAR.name,
    "防水透气面料，压胶接缝": CJK_REGULAR.name,
    "防水フード付き ジャケット": CJK_REGULAR.name,  # kanji in GB2312, kana with ー
    "سترة مقاومة للماء وخفيفة": "NotoSansArabic-Regular.ttf",
    "خصم 50% على كل شيء!": "NotoSansArabic-Regular.ttf",
    "מעיל עמיד למים": "NotoSansHebrew-Regular.ttf",
    "מעיל 50% הנחה! (מוגבל)": "NotoSansHebrew-Regular.ttf",
    "เสื้อกันน้ำ ระบายอากาศได้ดี": "NotoSansThai-Regular.ttf",
    "जलरोधक जैकेट, हल्का और मज़बूत": "NotoSansDevanagari-Regular.ttf",
    "நீர்ப்புகா ஜாக்கெட்": "NotoSansTamil-Regular.ttf",
    "জলরোধী জ্যাকেট": "NotoSansBengali-Regular.ttf",
    "Ջրակայուն բաճկոն": "NotoSansArmenian-Regular.ttf",
    "წყალგაუმტარი ქურთუკი": "NotoSansGeorgian-Regular.ttf",
}
NEEDS_SYSTEM_CJK = {"방수 재킷": "Hangul (Korean)", "防風フード": "Chinese/Japanese characters"}


def _ink(overlay) -> int:
    return int((overlay.alpha[..., 0] > 200).sum()) if overlay is not None else 0


def _mask(font: ImageFont.FreeTypeFont, text: str, direction: str | None = None) -> np.ndarray:
    im = Image.new("L", (900, 120), 0)
    ImageDraw.Draw(im).text((20, 80), text, font=font, fill=255, anchor="ls", direction=direction)
    return np.asarray(im) > 127


def _basic(path: Path, size: int) -> ImageFont.FreeTypeFont:
    """The same font without shaping or bidi: what the drill's captions used to look like."""
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)


@pytest.mark.parametrize("text", list(DRAWN))
def test_each_script_is_drawn_whole_in_its_font(text):
    fonts = caption_fonts(text, font_chain())
    assert fonts.drawable and fonts.text == text
    assert fonts.primary is not None and fonts.primary.name == DRAWN[text]
    assert caption_problems([("scene 1", text)]) == []
    ov = render_caption(CaptionSpec(text), default_theme(), W, H)
    title = render_caption(CaptionSpec(text, "title", "$89"), default_theme(), W, H)
    assert _ink(ov) > 150 and _ink(title) > 300, text


@pytest.mark.parametrize("text", list(NEEDS_SYSTEM_CJK))
def test_hangul_and_rare_kanji_need_the_system_cjk_font(text):
    ov = render_caption(CaptionSpec(text), default_theme(), W, H)
    problems = caption_problems([("scene 2", text)])
    if SYSTEM_CJK is not None:
        assert _ink(ov) > 150 and problems == []
        assert caption_fonts(text, font_chain()).primary == SYSTEM_CJK
    else:
        assert ov is None  # left out of the picture, not drawn with holes ("防フド")
        assert len(problems) == 1
        assert problems[0].startswith(f'scene 2 "{text}": captions cannot show')
        assert NEEDS_SYSTEM_CJK[text] in problems[0] and "install fonts-noto-cjk" in problems[0]
        assert "subtitles keep it" in problems[0]


def test_a_character_in_no_font_keeps_the_whole_caption_out():
    for text in ("Waterproof \U0010fffd", "\U0010fffd"):
        assert render_caption(CaptionSpec(text), default_theme(), W, H) is None
        assert text_block(text, font_chain(), 30, 20, 500, 3) is None
    [problem] = caption_problems([("scene 4", "Waterproof \U0010fffd"), ("scene 5", "Waterproof")])
    assert problem.startswith('scene 4 "Waterproof \U0010fffd"')
    assert "private-use characters (U+10FFFD)" in problem
    # a title the fonts cannot draw is left out; its price tag is still drawn, unchanged
    both = render_caption(CaptionSpec("\U0010fffd", "title", "$89"), default_theme(), W, H)
    price = render_caption(CaptionSpec("", "title", "$89"), default_theme(), W, H)
    assert both is not None and np.array_equal(both.alpha, price.alpha)
    assert caption_problems([("title", "\U0010fffd")], bold=True)


def test_problems_name_every_missing_script():
    # Tangsa and Vithkuqi (Unicode 14) are in no font of the chain; Ol Chiki is in fonts-noto-core
    [problem] = caption_problems([("scene 7", "Deal \U0010fffd \U000f0000 \U00016a70 \U00010570")])
    assert problem.count("private-use") == 1  # one name per script, with an example
    assert "Tangsa (\U00016a70 U+16A70)" in problem and "Vithkuqi (" in problem
    assert "no font the app knows has them" in problem
    assert caption_problems([("scene 8", "ᱚᱞ ᱪᱤᱠᱤ")]) == []


def test_emoji_sequences_are_removed_whole():
    text = "👩‍🔧 Pro fit 🏃‍♀️ run 🏃🏽‍♂️ ❤️‍🔥 hot 🏴󠁧󠁢󠁳󠁣󠁴󠁿 👨‍👩‍👧"
    cleaned = caption_text(text)
    assert cleaned == "Pro fit run hot"
    assert not set(cleaned) & {"♀", "♂", "❤", "\u200d", "\ufe0f", "\ufe0e"}
    assert emoji_removed(text) and not emoji_removed("Pro fit run")
    drawn = render_caption(CaptionSpec(text), default_theme(), W, H)
    plain = render_caption(CaptionSpec("Pro fit run hot"), default_theme(), W, H)
    assert np.array_equal(drawn.alpha, plain.alpha)
    assert caption_text("™️ 1️⃣ ★") == "™ 1 ★"  # text symbols lose only the emoji selector
    assert caption_problems([("scene 9", "😀")]) == []  # nothing to draw is not a font problem


def test_joiners_that_shape_indic_and_persian_stay():
    assert caption_text("क्\u200dष می\u200cخواهم") == "क्\u200dष می\u200cخواهم"
    assert caption_fonts("می\u200cخواهم", font_chain()).drawable


def test_arabic_is_shaped_and_right_to_left():
    path = NOTO_CORE_DIR / "NotoSansArabic-Regular.ttf"
    font = load_font(path, 48)
    word = "ببببب"
    joined, isolated = font.getlength(word), sum(font.getlength(c) for c in word)
    assert joined < 0.8 * isolated  # medial forms are narrower than isolated ones
    assert not np.array_equal(_mask(font, "سترة"), _mask(_basic(path, 48), "سترة"))
    # alef (tall) comes first: in right-to-left order its ink is at the right end
    ink = _mask(font, "ابببب", "rtl")
    cols = np.nonzero(ink.any(axis=0))[0]
    tall = np.nonzero(ink[: 80 - int(0.45 * 48)].any(axis=0))[0]  # above the ba's height
    assert tall.min() > cols.min() + 0.7 * (cols.max() - cols.min())


def test_hebrew_is_right_to_left():
    font = load_font(NOTO_CORE_DIR / "NotoSansHebrew-Regular.ttf", 48)
    ink = _mask(font, "לממממ", "rtl")  # lamed is the one Hebrew letter rising above the others
    cols = np.nonzero(ink.any(axis=0))[0]
    tall = np.nonzero(ink[: 80 - int(0.62 * 48)].any(axis=0))[0]
    assert len(tall) and tall.min() > cols.min() + 0.7 * (cols.max() - cols.min())


def test_mixed_font_lines_are_in_visual_order():
    fonts = caption_fonts("מעיל 50% הנחה!", font_chain())
    assert fonts.rtl and fonts.drawable and fonts.primary.name == "NotoSansHebrew-Regular.ttf"
    runs = fonts.at(30).runs(fonts.text)
    assert [(r.text, r.font.getname()[0], r.rtl) for r in runs] == [
        ("!", "Noto Sans", True),
        ("הנחה", "Noto Sans Hebrew", True),
        (" ", "Noto Sans", True),
        ("50%", "Noto Sans", False),
        ("מעיל ", "Noto Sans Hebrew", True),
    ]
    font = fonts.at(30)
    assert font.getlength(fonts.text) == pytest.approx(sum(r.width for r in runs))


def test_indic_vowel_signs_are_reordered():
    for name, text in (("NotoSansDevanagari", "कि"), ("NotoSansTamil", "கெ")):
        path = NOTO_CORE_DIR / f"{name}-Regular.ttf"
        shaped, unshaped = _mask(load_font(path, 48), text), _mask(_basic(path, 48), text)
        assert shaped.sum() > 100 and not np.array_equal(shaped, unshaped), name


def test_right_to_left_bullets_align_right_with_the_bar_on_the_right():
    text = "מעיל עמיד למים קל במיוחד עם ברדס נשלף וכיסים רבים לטיולים ארוכים"
    ov = render_caption(CaptionSpec(text), default_theme(), W, H)
    bgr = default_theme().accent_rgb[::-1]
    accent = np.abs(ov.color.astype(int) - bgr).sum(axis=-1) < 30
    accent &= ov.alpha[..., 0] > 200
    xs = np.nonzero(accent.any(axis=0))[0]
    assert len(xs) and xs.min() > 0.8 * ov.alpha.shape[1]
    block = text_block(text, font_chain(), 30, 20, 300, 4)
    assert block.rtl and len(block.fitted.lines) > 1


@pytest.mark.parametrize(
    "text", ["เสื้อกันน้ำระบายอากาศได้ดีมากสำหรับการเดินป่า", "जलरोधकजैकेटहल्काऔरमज़बूतक्षत्रियप्रीमियम"]
)
def test_long_words_break_between_clusters_only(text):
    font = caption_fonts(text, font_chain()).at(24)
    lines = wrap(text, font, 120)
    assert len(lines) > 2 and "".join(lines) == text
    for ln in lines[1:]:
        assert unicodedata.category(ln[0])[0] != "M", lines
    for ln in lines[:-1]:
        assert unicodedata.combining(ln[-1]) != 9 and ln[-1] not in "เแโใไ", lines
    assert clusters("กิน") == ["กิ", "น"] and clusters("क्ष") == ["क्ष"]
