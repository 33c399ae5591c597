"""Real models on real photos: EfficientNet-Lite0 (strict load, sensible classes, embeddings),
the face-based back/front view cue, the close-up cue on a crop, and bullet intents."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from studio.analysis import effnet
from studio.analysis.__main__ import project_from_folder
from studio.analysis.faces import cascade_path
from studio.analysis.image_features import analyze_image
from studio.analysis.intent import classify
from studio.analysis.matcher import plan_job, same_view_test
from studio.analysis.text import embed
from studio.core.progress import run_job
from studio.media.images import load_rgb

# Every test here runs the analysis models on real photos: seconds each, so not in the fast lane.
pytestmark = pytest.mark.slow

HOODIE = Path(__file__).parent / "data" / "daphne-hoodie"  # a model from behind and from the front
PANT = Path(__file__).parent / "data" / "geo-jogging-pant"
needs_faces = pytest.mark.skipif(
    cascade_path() is None, reason="no Haar cascade installed (opencv-data)"
)


def test_efficientnet_loads_strictly_and_knows_the_labels():
    import torch

    model = effnet.build_model()
    state = torch.load(effnet.weights_path(), map_location="cpu", weights_only=True)
    result = model.load_state_dict(state, strict=True)  # every weight has its place, none missing
    assert not result.missing_keys and not result.unexpected_keys
    labels = effnet.imagenet_labels()
    assert len(labels) == 1000
    assert (labels[0], labels[414], labels[605], labels[841], labels[999]) == (
        "tench",
        "backpack",
        "iPod",
        "sweatshirt",
        "toilet tissue",
    )


def test_efficientnet_sees_clothing_in_a_hoodie_photo_and_embeds_it():
    seen = effnet.recognise([load_rgb(HOODIE / "front.jpg", 512), load_rgb(PANT / "img3.jpg", 512)])
    hoodie = [name for name, _ in seen[0].classes]
    assert {"sweatshirt", "cardigan", "jersey"} & set(hoodie), hoodie
    assert not {"iPod", "backpack", "running shoe"} & set(hoodie[:2])
    for r in seen:
        assert r.embedding.shape == (effnet.FEATURE_DIM,)
        assert abs(float(np.linalg.norm(r.embedding)) - 1.0) < 1e-4
        assert sum(p for _, p in r.classes) <= 1.0


def test_near_duplicates_are_recognised_and_not_shown_back_to_back(tmp_path):
    im = Image.open(HOODIE / "front.jpg")
    im.resize((im.width * 3 // 4, im.height * 3 // 4)).save(tmp_path / "copy.jpg", quality=80)
    names = ["front.jpg", "copy.jpg", "back.jpg"]
    analyses = [
        analyze_image(HOODIE / "front.jpg"),
        analyze_image(tmp_path / "copy.jpg"),
        analyze_image(PANT / "img1.jpg"),
    ]
    same = same_view_test(names, analyses)
    assert same("front.jpg", "copy.jpg") and not same("front.jpg", "back.jpg")
    from studio.analysis.fusion import order_bullets

    image_of = {0: "front.jpg", 1: "copy.jpg", 2: "back.jpg"}
    assert order_bullets(3, image_of, [False] * 3, same) == [0, 2, 1]


@needs_faces
def test_back_and_front_views_of_a_model():
    back, front = analyze_image(HOODIE / "back.jpg"), analyze_image(HOODIE / "front.jpg")
    assert back.worn and front.worn
    assert back.back_view and not back.facing
    assert front.facing and not front.back_view


@pytest.fixture
def views_listing(tmp_path) -> Path:
    """Back, front, and a close crop of the front's zip and pocket."""
    for name in ("back.jpg", "front.jpg"):
        shutil.copy(HOODIE / name, tmp_path / name)
    im = Image.open(HOODIE / "front.jpg")
    w, h = im.size
    im.crop((int(0.3 * w), int(0.3 * h), int(0.75 * w), int(0.75 * h))).resize((400, 400)).save(
        tmp_path / "zoom.jpg", quality=90
    )
    (tmp_path / "bullets.txt").write_text(
        "Criss-cross back panel.\nFront facing hood and zip.\nKangaroo pocket.\n", encoding="utf-8"
    )
    return tmp_path


@needs_faces
def test_bullets_asking_for_back_front_and_a_detail_get_those_views(views_listing):
    plan = run_job(plan_job(project_from_folder(views_listing)))
    back, front, pocket = plan.match_for(0), plan.match_for(1), plan.match_for(2)
    assert back.image == "back.jpg" and 'back view for "back"' in back.reasons
    assert front.image == "front.jpg"
    assert pocket.image == "zoom.jpg" and 'close-up for "pocket"' in pocket.reasons


def test_a_crop_is_a_closeup_of_the_whole_product(views_listing):
    whole, crop = (
        analyze_image(views_listing / "front.jpg"),
        analyze_image(views_listing / "zoom.jpg"),
    )
    assert crop.closeup > whole.closeup
    assert not whole.is_closeup


def test_bullet_intents():
    bullets = [
        "Kangaroo pocket with a hidden zipper.",
        "Criss-cross back straps.",
        "Available in navy, red and forest green.",
        "Perfect for hiking and everyday commuting.",
        "Measures 12 x 8 x 4 inches.",
        "Machine wash cold, tumble dry low.",
        "Free shipping and a one-year warranty.",
    ]
    kinds = [i.main for i in classify(bullets, embed)]
    assert kinds == ["part", kinds[1], "colour", "use", "spec", "non-visual", "non-visual"]
    assert classify(bullets[1:2], embed)[0]["view"] >= 0.5
    assert classify(["Pinch to zoom in on a photo."], embed)[0]["non-visual"] < 0.3


@needs_faces
def test_a_face_is_found_on_a_busy_backdrop_and_a_face_like_print_is_not_one(tmp_path):
    rgb = np.asarray(Image.open(HOODIE / "front.jpg").convert("RGB")).copy()
    h, w = rgb.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w]
    busy = np.stack(
        [
            90 + 60 * np.sin(xx / 23.0) * np.cos(yy / 31.0),
            100 + 50 * np.sin(yy / 17.0),
            110 + 40 * np.cos(xx / 13.0),
        ],
        axis=-1,
    ) + np.random.default_rng(0).normal(0, 12, (h, w, 3))
    backdrop = rgb.min(axis=2) > 235
    rgb[backdrop] = np.clip(busy[backdrop], 0, 255).astype(np.uint8)
    Image.fromarray(rgb).save(tmp_path / "busy.jpg", quality=92)
    seen = analyze_image(tmp_path / "busy.jpg")
    assert not seen.is_plain_background
    assert seen.facing and not seen.back_view
    # nobody there: two dark "eyes" on a brown print are not a face (no skin around them)
    plain = np.full((600, 600, 3), 235, np.uint8)
    plain[150:450, 200:400] = (90, 60, 40)
    plain[220:250, 240:270] = plain[220:250, 330:360] = (20, 20, 20)
    Image.fromarray(plain).save(tmp_path / "print.png")
    assert not analyze_image(tmp_path / "print.png").facing
