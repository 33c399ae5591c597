"""The fast paths of image analysis, with the real models on rendered photos: images analysed
together, OCR only where there can be text, no spinning threads, vocabularies embedded at load."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from studio.analysis import image_features, ocr, text
from studio.analysis.__main__ import project_from_folder
from studio.analysis.context import fixed_texts
from studio.analysis.image_features import ImageAnalysis, analyze_images, decode
from studio.analysis.matcher import plan_job
from studio.analysis.models import load_models
from studio.analysis.visual import analyse_pixels
from studio.core.errors import MediaError
from studio.core.geometry import Rect
from studio.core.progress import run_job
from tests.samples import product_photo

# Every test here runs the analysis models on real photos: seconds each, so not in the fast lane.
pytestmark = pytest.mark.slow

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")


def _run(gen):
    try:
        while True:
            next(gen)
    except StopIteration as done:
        return done.value


def _callout_photo(path: Path, words: str = "Zip pocket") -> Path:
    """A small product in the middle of a white canvas, a call-out beside it, and empty
    backdrop all around (where no text can be)."""
    im = Image.new("RGB", (1000, 1000), (255, 255, 255))
    d = ImageDraw.Draw(im)
    d.rounded_rectangle([300, 350, 480, 650], radius=20, fill=(30, 30, 35))
    d.text((510, 470), words, font=ImageFont.truetype(str(FONT), 40), fill=(20, 20, 20))
    im.save(path, quality=92)
    return path


@pytest.mark.slow
def test_images_are_analysed_together_and_a_bad_one_is_reported(tmp_path):
    good1 = product_photo(tmp_path / "a.jpg", colour=(200, 30, 35))
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"not a jpeg at all")
    good2 = product_photo(tmp_path / "b.jpg", colour=(30, 140, 60))
    before = image_features.computed_count
    results = _run(analyze_images([good1, bad, good2]))
    assert isinstance(results[0], ImageAnalysis) and isinstance(results[2], ImageAnalysis)
    assert isinstance(results[1], MediaError)
    assert results[0].colours[0][0] == "red" and results[2].colours[0][0] == "green"
    assert results[0].embedding and results[2].embedding  # the network saw both, in one batch
    assert image_features.computed_count == before + 2
    again = _run(analyze_images([good1, good2]))
    assert image_features.computed_count == before + 2  # served from the cache
    assert again == [results[0], results[2]]


def test_ocr_looks_only_where_the_photo_is_not_backdrop(tmp_path):
    rgb = decode(_callout_photo(tmp_path / "callout.jpg"))
    cues, _ = analyse_pixels(rgb)
    box = cues.content_box
    assert box.w * box.h < 0.4  # most of the canvas is empty backdrop
    assert box.x <= 0.3 and box.x + box.w >= 0.75  # but the product and its call-out are inside
    whole = ocr.read_text(rgb)
    part = ocr.read_text(rgb, box)
    assert [line.text for line in part] == [line.text for line in whole]
    assert "pocket" in " ".join(line.text.lower() for line in part)
    for a, b in zip(part, whole, strict=True):  # boxes in whole-image coordinates either way
        assert np.allclose(a.box.to_list(), b.box.to_list(), atol=0.01)
    assert ocr.read_text(rgb, Rect(0.0, 0.0, 0.45, 1.0)) == []  # the call-out is outside


def test_specks_too_small_to_read_are_not_sent_to_the_recogniser():
    def quad(w: float, h: float) -> np.ndarray:
        return np.array([[10, 10], [10 + w, 10], [10 + w, 10 + h], [10, 10 + h]], np.float32)

    assert ocr._readable(quad(60, 14))
    assert ocr._readable(quad(14, 60))  # vertical text is turned, not dropped
    assert not ocr._readable(quad(30, 5))
    assert not ocr._readable(quad(6, 6))


def test_ocr_threads_sleep_when_idle():
    engine = ocr.get_engine()
    for holder in (engine.text_det.infer, engine.text_rec.session):
        options = holder.session.get_session_options()
        assert options.get_session_config_entry("session.intra_op.allow_spinning") == "0"
        assert options.intra_op_num_threads == ocr.THREADS


@pytest.mark.slow
def test_torch_threads_sleep_when_idle():
    env = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
    code = "import os; from studio.analysis import effnet; effnet.get_model(); print(os.environ['OMP_WAIT_POLICY'])"
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert out.stdout.strip() == "PASSIVE"


@pytest.mark.slow
def test_loading_the_models_embeds_the_fixed_vocabularies(fresh_cache):
    from studio.media import sentences

    text.forget()
    load_models()
    assert all(sentences._key(t) in sentences._memory for t in fixed_texts())


def test_a_plan_embeds_its_texts_in_one_batch(tmp_path):
    for k, colour in enumerate([(200, 30, 30), (30, 60, 200), (30, 140, 60)]):
        product_photo(tmp_path / f"img{k + 1}.jpg", colour=colour)
    (tmp_path / "bullets.txt").write_text(
        "Red zippered pocket.\nBlue hood for rainy days.\nMachine wash cold.\n"
    )
    calls: list[list[str]] = []

    def recording_embed(texts):
        calls.append(list(texts))
        return text.embed(texts)

    run_job(plan_job(project_from_folder(tmp_path), embed=recording_embed))
    first = set(calls[0])
    later = {t for call in calls[1:] for t in call if t.strip()}
    assert later <= first, f"asked for later: {sorted(later - first)}"
