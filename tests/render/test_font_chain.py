"""The caption font chain: shipped Noto Sans first, then Studio Sans SC, system Noto fonts.

fonts-noto-core is required (scripts/setup.sh installs it); fonts-noto-cjk is optional, so
expectations about Hangul and kanji outside GB2312 follow whether it is installed.
"""

from __future__ import annotations

import pytest

from studio.render.chainfont import caption_fonts
from studio.render.fonts import (
    CJK_BOLD,
    CJK_REGULAR,
    FONT_DIR,
    LATIN_BOLD,
    LATIN_REGULAR,
    NOTO_CORE_DIR,
    coverage,
    default_theme,
    face_index,
    font_chain,
    font_for,
    load_font,
    system_cjk_font,
)

SYSTEM_CJK = system_cjk_font()


def test_noto_sans_is_shipped_unmodified_under_the_ofl():
    for path in (LATIN_REGULAR, LATIN_BOLD):
        data = path.read_bytes()
        assert path.parent == FONT_DIR and 100_000 < len(data) < 2_000_000
        assert "SIL Open Font License".encode("utf-16-be") in data  # the font's license record
        assert load_font(path, 20).getname()[0] == "Noto Sans"
    assert "Google LLC" in (FONT_DIR / "OFL.txt").read_text()
    readme = (FONT_DIR / "README.md").read_text()
    assert "NotoSans-Regular.ttf" in readme and "NotoSans-Bold.ttf" in readme
    assert default_theme().font_regular == LATIN_REGULAR and default_theme().font_bold == LATIN_BOLD


def test_chain_order_per_weight():
    for bold, latin, cjk in ((False, LATIN_REGULAR, CJK_REGULAR), (True, LATIN_BOLD, CJK_BOLD)):
        chain = font_chain(bold)
        assert chain[:2] == (latin, cjk)
        system = [p for p in chain if p.parent == NOTO_CORE_DIR]
        assert chain[2 : 2 + len(system)] == tuple(system)  # then fonts-noto-core, in one block
        names = {p.name for p in system}
        for script in (
            "Arabic",
            "Hebrew",
            "Thai",
            "Devanagari",
            "Tamil",
            "Bengali",
            "Armenian",
            "Georgian",
        ):
            assert f"NotoSans{script}-{'Bold' if bold else 'Regular'}.ttf" in names, script
        assert not names & {"NotoSans-Regular.ttf", "NotoSerif-Regular.ttf", "NotoSans-Bold.ttf"}
        if SYSTEM_CJK is not None:
            assert chain[-1].name == f"NotoSansCJK-{'Bold' if bold else 'Regular'}.ttc"
        assert len(set(chain)) == len(chain)
    assert font_chain(False, first=CJK_REGULAR)[0] == CJK_REGULAR  # a theme's own font leads


def test_typographic_apostrophe_is_proportional_in_noto_sans():
    assert "’" in coverage(LATIN_REGULAR) and "’" in coverage(LATIN_BOLD)
    size = 40
    noto, cjk = load_font(LATIN_REGULAR, size), load_font(CJK_REGULAR, size)
    assert noto.getlength("’") < 0.35 * size < cjk.getlength("’")  # the CJK one is full width
    assert font_for("The world’s “lightest” shell") == LATIN_REGULAR
    assert font_for("The world’s “lightest” shell", bold=True) == LATIN_BOLD


def test_font_for_picks_the_first_font_that_has_every_character():
    assert font_for("Trail Jacket 冲锋衣") == CJK_REGULAR  # Studio Sans SC has both
    assert font_for("防水透气面料，压胶接缝") == CJK_REGULAR
    assert font_for("防水フード付き") == CJK_REGULAR  # GB2312 kanji + kana incl. ー
    assert font_for("🔥 Hot deal 👍🏽") == LATIN_REGULAR  # after emoji cleanup
    assert font_for("سترة مقاومة للماء").name == "NotoSansArabic-Regular.ttf"
    assert font_for("מעיל עמיד למים", bold=True).name == "NotoSansHebrew-Bold.ttf"
    assert font_for("เสื้อกันน้ำ").name == "NotoSansThai-Regular.ttf"
    assert font_for("जलरोधक जैकेट").name == "NotoSansDevanagari-Regular.ttf"
    assert font_for("நீர்ப்புகா ஜாக்கெட்").name == "NotoSansTamil-Regular.ttf"
    assert font_for("Ջրակայուն բաճկոն").name == "NotoSansArmenian-Regular.ttf"
    assert font_for("წყალგაუმტარი ქურთუკი").name == "NotoSansGeorgian-Regular.ttf"
    assert font_for("מעיל 50% הנחה!") is None  # Noto Sans Hebrew has no digits or "%"
    assert font_for("Deal \U0010fffd") is None
    korean, outside_gb2312 = font_for("방수 재킷"), font_for("防風フード")
    assert korean == outside_gb2312 == SYSTEM_CJK


def test_the_letters_choose_the_main_font_and_symbols_come_from_the_next():
    fonts = caption_fonts("The world’s best ★★★★★", font_chain())
    assert fonts.primary == LATIN_REGULAR and fonts.drawable
    runs = fonts.at(30).runs(fonts.text)
    assert [(r.text, r.font.getname()[0]) for r in runs] == [
        ("The world’s best ", "Noto Sans"),
        ("★★★★★", "Studio Sans SC"),
    ]
    assert caption_fonts("保暖 ★", font_chain()).primary == CJK_REGULAR


def _fonts_by_char(text: str, bold: bool = False) -> dict[str, str]:
    """Which font family draws each character of ``text`` (a one-line caption)."""
    fonts = caption_fonts(text, font_chain(bold))
    out: dict[str, str] = {}
    for run in fonts.at(40).runs(fonts.text):
        for ch in run.text:
            out.setdefault(ch, run.font.getname()[0])
    return out


@pytest.mark.parametrize("bold", [False, True])
def test_latin_and_its_punctuation_stay_latin_beside_cjk(bold):
    text = "The world’s best 冲锋衣 – “lightest” — 50% off…"
    used = _fonts_by_char(text, bold)
    for ch in "Theworldsbestlightof’“”–—…50%":
        assert used[ch] == "Noto Sans", ch
    for ch in "冲锋衣":
        assert used[ch] == "Studio Sans SC", ch
    assert caption_fonts(text, font_chain(bold)).primary is None  # no single main font


def test_the_apostrophe_keeps_its_proportional_advance_in_a_mixed_caption():
    size = 40
    fonts = caption_fonts("world’s 冲锋衣", font_chain())
    line = fonts.at(size)
    assert line.getlength("world’s 冲锋衣") == pytest.approx(
        load_font(LATIN_REGULAR, size).getlength("world’s ")
        + load_font(CJK_REGULAR, size).getlength("冲锋衣"),
        abs=1.0,
    )
    full_width = load_font(CJK_REGULAR, size).getlength("’")
    apostrophe = line.getlength("world’s") - line.getlength("worlds")
    assert apostrophe < 0.35 * size < full_width


def test_punctuation_among_cjk_stays_in_the_cjk_font():
    used = _fonts_by_char("好评 “最好” 的 Trail 冲锋衣…")
    assert used["“"] == used["”"] == "Studio Sans SC"  # between CJK characters only
    assert used["…"] == "Studio Sans SC"  # after CJK, at the end
    assert used["T"] == "Noto Sans"
    pure = caption_fonts("防水透气“面料”…", font_chain())
    assert pure.primary == CJK_REGULAR  # all CJK: one font, shaped whole


@pytest.mark.skipif(SYSTEM_CJK is None, reason="fonts-noto-cjk is not installed")
def test_noto_cjk_faces_follow_the_caption_language():
    def family(text: str) -> str:
        return load_font(SYSTEM_CJK, 20, face_index(SYSTEM_CJK, text)).getname()[0]

    assert family("防風フード") == "Noto Sans CJK JP"
    assert family("방수 재킷") == "Noto Sans CJK KR"
    assert family("防風") == "Noto Sans CJK SC"
    assert face_index(LATIN_REGULAR, "フード") == 0
    fonts = caption_fonts("防風フード", font_chain())
    assert fonts.primary == SYSTEM_CJK and dict(fonts.faces)[SYSTEM_CJK] == face_index(
        SYSTEM_CJK, "フ"
    )
