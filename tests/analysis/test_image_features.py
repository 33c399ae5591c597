"""Image analysis with the real OCR engine and real pixels: text, backdrop, colours, cache."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from studio.analysis import image_features
from studio.analysis.image_features import ImageAnalysis, analyze_image
from studio.core.errors import MediaError
from tests.samples import product_photo

# Every test here runs the analysis models on real photos: seconds each, so not in the fast lane.
pytestmark = pytest.mark.slow

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")


def _label_photo(path: Path, text: str) -> Path:
    """A product shot with a printed call-out beside the product, as infographics have."""
    im = Image.new("RGB", (900, 700), (255, 255, 255))
    d = ImageDraw.Draw(im)
    d.rounded_rectangle([80, 150, 380, 600], radius=30, fill=(30, 30, 35))
    d.text((450, 300), text, font=ImageFont.truetype(str(FONT), 56), fill=(20, 20, 20))
    im.save(path, quality=92)
    return path


def _busy_photo(path: Path) -> Path:
    """A cluttered scene: many overlapping coloured shapes over a textured, noisy ground."""
    rng = np.random.default_rng(7)
    arr = rng.integers(0, 255, (600, 800, 3), dtype=np.uint8)
    im = Image.fromarray(arr)
    d = ImageDraw.Draw(im)
    for _ in range(120):
        x, y = rng.integers(0, 800), rng.integers(0, 600)
        w, h = rng.integers(20, 200, 2)
        d.rectangle([x, y, x + w, y + h], fill=tuple(int(c) for c in rng.integers(0, 255, 3)))
    im.save(path, quality=90)
    return path


def test_ocr_finds_rendered_text_and_where_it_is(tmp_path):
    a = analyze_image(_label_photo(tmp_path / "label.jpg", "MagSafe ready"))
    hits = [line for line in a.ocr if "magsafe" in line.text.lower().replace(" ", "")]
    assert hits, f"OCR read {[line.text for line in a.ocr]}"
    box = hits[0].box
    assert 0.45 < box.x < 0.6 and 0.35 < box.cy < 0.55  # drawn at x=450/900, y~330/700
    assert hits[0].on_background  # printed beside the product, not on it
    assert a.is_infographic


def test_plain_backdrop_product_shot_versus_busy_scene(tmp_path):
    shot = analyze_image(product_photo(tmp_path / "shot.jpg", colour=(200, 30, 35)))
    busy = analyze_image(_busy_photo(tmp_path / "busy.jpg"))
    assert shot.is_plain_background and shot.plain_background > 0.8
    assert shot.background_colour == "white"
    assert not shot.is_closeup
    # The product box is the drawn shape (x 0.25..0.75, y 0.05..0.85), not the whole frame.
    b = shot.product_box
    assert 0.2 < b.x < 0.3 and 0.45 < b.w < 0.6 and b.y < 0.1 and 0.75 < b.h < 0.9
    assert busy.plain_background < 0.3
    assert not busy.is_plain_background


@pytest.mark.parametrize(
    ("rgb", "name"),
    [
        ((200, 30, 35), "red"),
        ((30, 60, 200), "blue"),
        ((30, 140, 60), "green"),
        ((25, 25, 28), "black"),
    ],
)
def test_dominant_colour_is_named(tmp_path, rgb, name):
    a = analyze_image(product_photo(tmp_path / f"{name}.png", colour=rgb))
    assert a.colours[0][0] == name
    assert a.colour_share(name) > 0.6


def test_detail_shot_that_fills_the_frame_is_a_closeup(tmp_path):
    rng = np.random.default_rng(3)
    fabric = np.clip(
        np.full((500, 500, 3), (40, 40, 140), np.float32) + rng.normal(0, 18, (500, 500, 1)), 0, 255
    )
    Image.fromarray(fabric.astype(np.uint8)).save(tmp_path / "fabric.jpg", quality=90)
    a = analyze_image(tmp_path / "fabric.jpg")
    assert a.is_closeup
    assert a.background_colour == ""


def test_analysis_is_cached_by_content(tmp_path, fresh_cache):
    p = product_photo(tmp_path / "a.jpg", colour=(30, 60, 200))
    before = image_features.computed_count
    first = analyze_image(p)
    assert image_features.computed_count == before + 1
    entries = list((fresh_cache / image_features.CACHE_NAMESPACE).glob("*.json"))
    assert len(entries) == 1

    again = analyze_image(p)
    copy = tmp_path / "renamed copy.jpg"
    copy.write_bytes(p.read_bytes())
    renamed = analyze_image(copy)
    assert image_features.computed_count == before + 1  # no recomputation for either
    assert again == first == renamed

    # The result really comes from the cache file: an edited entry is what we get back.
    data = json.loads(entries[0].read_text())
    data["background_colour"] = "edited"
    entries[0].write_text(json.dumps(data))
    assert analyze_image(p).background_colour == "edited"


def test_analysis_json_round_trip(tmp_path):
    a = analyze_image(_label_photo(tmp_path / "x.png", "Hello 42"))
    assert ImageAnalysis.from_json(json.loads(json.dumps(a.to_json()))) == a


def test_undecodable_image_raises_media_error(tmp_path):
    bad = tmp_path / "bad.jpg"
    good = product_photo(tmp_path / "good.jpg")
    bad.write_bytes(good.read_bytes()[:300])
    with pytest.raises(MediaError):
        analyze_image(bad)
    with pytest.raises(MediaError):
        analyze_image(tmp_path / "missing.jpg")
