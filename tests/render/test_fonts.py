"""The shipped fonts: present, licensed, and read correctly by the coverage helper."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.core.errors import MediaError
from studio.render.fonts import (
    CJK_REGULAR,
    FONT_DIR,
    LATIN_REGULAR,
    coverage,
    default_theme,
    load_font,
)


def test_default_theme_points_at_shipped_fonts():
    theme = default_theme()
    for path in (theme.font_regular, theme.font_bold):
        assert path.is_file() and path.parent == FONT_DIR
        assert 0 < path.stat().st_size < 4_000_000
        assert load_font(path, 24).getlength("Hello 你好") > 0
    assert "Open Font License" in (FONT_DIR / "OFL.txt").read_text()
    assert (FONT_DIR / "README.md").is_file()


def test_coverage_reads_latin_punctuation_and_currency():
    latin, cjk = coverage(LATIN_REGULAR), coverage(CJK_REGULAR)
    for ch in "AZaz09éÑß€$£¥—…‘’“”•™₹ΩЖ":
        assert ch in latin, ch
    for ch in "AZaz09éÑß€$£¥—…“”•★✓™，。！？「」（）ーヽ":
        assert ch in cjk, ch
    assert "中" not in latin and "★" not in latin
    for cov in (latin, cjk):
        assert "😀" not in cov and "\ue000" not in cov
        assert cov.missing("ok 😀") == {"😀"}


def test_coverage_of_a_system_truetype_font():
    dejavu = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not dejavu.exists():
        pytest.skip("DejaVu is not installed")
    cov = coverage(dejavu)
    assert "A" in cov and "中" not in cov


def test_unreadable_font_is_a_media_error(tmp_path):
    bad = tmp_path / "bad.otf"
    bad.write_bytes(b"not a font")
    with pytest.raises(MediaError):
        coverage(bad)
    with pytest.raises(MediaError):
        load_font(bad, 12)
