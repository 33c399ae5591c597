"""Lines drawn from several fonts are put in the order FriBiDi (libraqm) would give.

The reference is libraqm itself: DejaVu Sans has Latin, Hebrew, Arabic and digits in one
font, so a whole line drawn by libraqm can be compared pixel for pixel with the same line cut
into runs by ``bidi_levels`` and drawn run by run.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from studio.render.bidi import bidi_levels
from studio.render.chainfont import visual_runs

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
LINES = [
    ("מעיל 50% הנחה!", True),
    ("خصم 50% على كل شيء!", True),
    ("abc אבג 123 דהו xyz", False),
    ("abc אבג 123 דהו xyz", True),
    ("(מוגבל) טקסט", True),
    ('מחיר: 1,000.50 ש"ח', True),
    ("אבג - ABC, DEF!", True),
    ("Sale: מבצע (50%) today!", False),
    ("١٢٣ مرحبا 456 world", True),
    ("GORE-TEX סטרה 3-in-1", True),
    ("price $5.99 מחיר", False),
    ("a (b [אבג] c) ד", False),
    ("אבג (abc def) [x] ghi", True),
    ("abc (אבג) def", False),
    ("a) ב (c", True),
    ("نص ١٫٥ + 2.5 = ٤", True),
    ("مقاس (XL) متوفر", True),
]


def _draw(runs_or_text, font, rtl: bool | None = None) -> np.ndarray:
    im = Image.new("L", (900, 60), 0)
    d = ImageDraw.Draw(im)
    if isinstance(runs_or_text, str):
        d.text(
            (10, 45),
            runs_or_text,
            font=font,
            fill=255,
            anchor="ls",
            direction="rtl" if rtl else "ltr",
        )
    else:
        x = 10.0
        for r in runs_or_text:
            d.text((x, 45), r.text, font=font, fill=255, anchor="ls", direction=r.direction)
            x += r.width
    return np.asarray(im)


@pytest.mark.skipif(not DEJAVU.exists(), reason="DejaVu is not installed")
@pytest.mark.parametrize("line,rtl", LINES)
def test_runs_match_fribidi(line, rtl):
    font = ImageFont.truetype(str(DEJAVU), 28, layout_engine=ImageFont.Layout.RAQM)
    runs = visual_runs(line, [font] * len(line), rtl)
    assert "".join(sorted(line)) == "".join(sorted("".join(r.text for r in runs)))
    assert np.array_equal(_draw(runs, font), _draw(line, font, rtl))


def test_levels_of_simple_lines():
    assert bidi_levels("abc", False) == [0, 0, 0]
    assert bidi_levels("אבג", True) == [1, 1, 1]
    assert bidi_levels("אב 12", True) == [1, 1, 1, 2, 2]
    assert bidi_levels("ab אב", False) == [0, 0, 0, 1, 1]
    assert bidi_levels("بب 12", True) == [1, 1, 1, 2, 2]  # Arabic numbers after Arabic letters
