"""OCR evidence on rendered photos read by the real OCR engine: prominence, one printed word
per bullet word, and a name printed on only some photos."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from studio.analysis.context import MatchContext
from studio.analysis.image_features import analyze_image
from studio.analysis.sources import OcrKeywords
from studio.analysis.text import embed

# Every test here runs the analysis models on real photos: seconds each, so not in the fast lane.
pytestmark = pytest.mark.slow

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")


def _printed(path: Path, lines: list[tuple[str, int]]) -> Path:
    """A white card with a dark product and the given (text, font size) lines beside it."""
    im = Image.new("RGB", (900, 900), (255, 255, 255))
    d = ImageDraw.Draw(im)
    d.rounded_rectangle([60, 200, 320, 700], radius=30, fill=(40, 40, 45))
    y = 120
    for words, size in lines:
        d.text((380, y), words, font=ImageFont.truetype(str(FONT), size), fill=(20, 20, 20))
        y += int(size * 1.6)
    im.save(path, quality=92)
    return path


def _ocr_scores(title: str, bullets: list[str], paths: list[Path], title_words: bool = False):
    analyses = [analyze_image(p) for p in paths]
    ctx = MatchContext(title, bullets, [p.name for p in paths], analyses, embed, paths)
    return OcrKeywords(title_words).collect(ctx).scores, analyses


def test_a_headline_counts_more_than_the_same_word_in_fine_print(tmp_path):
    headline = _printed(tmp_path / "headline.jpg", [("POCKET", 90), ("water resistant", 30)])
    fine = _printed(tmp_path / "fine.jpg", [("SHELL", 90), ("pocket", 30)])
    scores, analyses = _ocr_scores("", ["Zippered pocket."], [headline, fine])
    assert all("pocket" in a.text.lower() for a in analyses), [a.text for a in analyses]
    assert scores[0, 0] > 1.5 * scores[0, 1] > 0


def test_one_printed_word_supports_one_bullet_word(tmp_path):
    # "iPhone" and "phone" both read the label "Phone"; that is still a single hit.
    phone = _printed(tmp_path / "phone.jpg", [("Phone", 70)])
    call = _printed(tmp_path / "call.jpg", [("Call", 70)])
    scores, analyses = _ocr_scores("", ["The iPhone is a phone to make a call."], [phone, call])
    assert [a.text for a in analyses] == ["Phone", "Call"]
    assert abs(scores[0, 0] - scores[0, 1]) < 1e-6


def test_the_product_name_printed_on_some_photos_points_to_them(tmp_path):
    branded = _printed(tmp_path / "branded.jpg", [("saleor", 70)])
    plain = _printed(tmp_path / "plain.jpg", [])
    bullets = ["Saleor branded plimsolls."]
    title = "Saleor White Plimsolls"
    scores, _ = _ocr_scores(title, bullets, [branded, plain], title_words=True)
    assert scores[0, 0] > 0.5 and scores[0, 1] == 0.0
    # Words of the product's name are their own kind of evidence, weighed apart from the rest.
    other, _ = _ocr_scores(title, bullets, [branded, plain], title_words=False)
    assert not other.any()
