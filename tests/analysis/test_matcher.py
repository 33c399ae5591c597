"""Planning on a small real listing with the real models: contract, locks, bad files, cancel."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from studio.analysis.__main__ import project_from_folder
from studio.analysis.matcher import Plan, plan_job
from studio.core.errors import ProjectError
from studio.core.model import ImageAsset, Scene, Timeline
from studio.core.progress import Progress, run_job
from tests.samples import product_photo

LISTING = Path(__file__).parent / "data" / "geo-jogging-pant"


@pytest.fixture
def listing(tmp_path) -> Path:
    """A writable copy of the licensed real listing (4 photos, 4 bullets)."""
    d = tmp_path / "geo-jogging-pant"
    shutil.copytree(LISTING, d)
    return d


@pytest.fixture(scope="module")
def plan() -> Plan:
    return run_job(plan_job(project_from_folder(LISTING)))


@pytest.mark.slow
@pytest.mark.slow  # runs the analysis models on real photos
def test_plan_json_follows_the_contract(plan):
    out = json.loads(json.dumps(plan.to_json()))
    assert set(out) == {"matches", "hero", "order"}
    images = {f"img{i}.jpg" for i in range(1, 5)}
    assert out["hero"] in images
    assert sorted(out["order"]) == [0, 1, 2, 3]
    assert [m["bullet"] for m in out["matches"]] == [0, 1, 2, 3]
    for m in out["matches"]:
        assert set(m) == {"bullet", "image", "confidence", "reasons", "focus", "shown"}
        assert isinstance(m["shown"], bool)
        assert m["image"] in images
        assert 0.0 <= m["confidence"] <= 1.0
        assert m["reasons"] and all(isinstance(r, str) and r for r in m["reasons"])
        assert m["focus"] is None or (len(m["focus"]) == 4 and all(0 <= v <= 1 for v in m["focus"]))
    # The reflective accents are only visible on the detail shot; the black pants are not shown
    # on the detail shot (another photo shows them whole).
    by_bullet = {m["bullet"]: m["image"] for m in out["matches"]}
    assert by_bullet[2] == "img1.jpg"
    assert by_bullet[1] != "img1.jpg"
    for m in out["matches"]:
        assert len(set(m["reasons"])) == len(m["reasons"])  # each reason said once


@pytest.mark.slow  # runs the analysis models on real photos
def test_plan_explains_colour_and_closeup_matches(plan):
    black = plan.match_for(1)  # "Black polyester spandex pants with zipper pockets."
    assert black.image in {"img1.jpg", "img3.jpg", "img4.jpg"}  # the black ones, not the green
    reflective = plan.match_for(2)  # "Reflective safety accents." -> the detail shot
    assert reflective.image == "img1.jpg"
    assert any(r.startswith("close-up for") for r in reflective.reasons)
    assert reflective.confidence >= 0.5
    assert plan.hero != "img1.jpg"  # a detail shot does not open the video


def test_progress_reports_each_image(listing):
    seen: list[Progress] = []
    run_job(plan_job(project_from_folder(listing)), seen.append)
    analysing = [p for p in seen if p.stage == "Analysing images"]
    assert [p.message for p in analysing[:4]] == ["img1.jpg", "img2.jpg", "img3.jpg", "img4.jpg"]
    assert all(p.total == 4 for p in analysing)
    assert analysing[-1].done == 4


def test_locked_bullets_keep_their_images(listing):
    project = project_from_folder(listing)
    plan = run_job(plan_job(project, locked={2: "img2.jpg"}))
    m = plan.match_for(2)
    assert m.image == "img2.jpg" and m.reasons == ["locked by you"] and m.confidence == 1.0
    assert all(x.image != "img2.jpg" for x in plan.matches if x.bullet != 2)

    # A locked scene on the timeline is honoured the same way.
    project.timeline = Timeline([Scene(kind="bullet", bullet=1, image="img2.jpg", locked=True)])
    plan = run_job(plan_job(project))
    assert plan.match_for(1).image == "img2.jpg"


def test_corrupt_image_is_skipped_with_a_reason(listing):
    good = product_photo(listing / "tmp.jpg")
    (listing / "broken.jpg").write_bytes(good.read_bytes()[:400])
    good.unlink()
    project = project_from_folder(listing)
    assert "broken.jpg" in [a.path for a in project.images]
    plan = run_job(plan_job(project))
    assert [img for img, _ in plan.skipped] == ["broken.jpg"]
    assert plan.skipped[0][1]  # a human reason
    assert all(m.image != "broken.jpg" for m in plan.matches) and plan.hero != "broken.jpg"
    assert plan.to_json(details=True)["skipped"][0]["image"] == "broken.jpg"


def test_no_usable_image_is_a_project_error(tmp_path):
    (tmp_path / "a.jpg").write_bytes(b"")
    (tmp_path / "bullets.txt").write_text("Red.\n")
    with pytest.raises(ProjectError, match="a.jpg"):
        run_job(plan_job(project_from_folder(tmp_path)))


def test_bullet_with_nothing_visual_gets_a_general_image(listing):
    project = project_from_folder(listing)
    project.product.bullets = [*project.product.bullets, "Machine wash cold, tumble dry low."]
    project.images.append(ImageAsset("img1.jpg"))  # listed twice: still one candidate
    plan = run_job(plan_job(project))
    care = plan.match_for(4)
    assert care.shown is False
    assert care.reasons[0].startswith("no photo shows this")
    assert care.to_json()["shown"] is False
    assert plan.order[-1] == 4  # care notes go last


def test_cancel_midway_stops_cleanly(listing):
    from studio.analysis import image_features
    from studio.core.cache import DiskCache

    before = image_features.computed_count
    job = plan_job(project_from_folder(listing))
    assert next(job).stage == "Analysing images"
    assert next(job).message == "img2.jpg"  # the first photo is being analysed
    job.close()  # what a UI cancel does
    # The photos after the cancel were never analysed, nor was anything half-written.
    assert image_features.computed_count == before
    cached = list(DiskCache(image_features.CACHE_NAMESPACE).dir.iterdir())
    assert not [p for p in cached if p.name.endswith(".part")]


def test_a_locked_title_scene_keeps_its_hero(listing):
    project = project_from_folder(listing)
    project.timeline = Timeline([Scene(kind="title", image="img2.jpg", locked=True)])
    plan = run_job(plan_job(project))
    assert plan.hero == "img2.jpg" and plan.hero_reasons == ["locked by you"]
