"""The export job uses the segment cache by itself: a second export after one caption edit
re-encodes only that scene and its crossfades, under a platform's size cap too."""

from __future__ import annotations

import pytest

from studio.core.model import ExportSettings, ImageAsset, Product, Project, Scene, Timeline
from studio.core.progress import run_job
from studio.jobs.pipeline import export_job
from studio.media.ffmpeg import count_frames
from tests.samples import demo_product

pytestmark = pytest.mark.slow


def _project(tmp_path) -> Project:
    root = demo_product(tmp_path / "hoodie")
    scenes = [
        Scene(kind="title", image="img1.jpg", duration=1.0),
        Scene(kind="bullet", bullet=0, caption="Kangaroo pocket", image="img3.jpg", duration=1.0),
        Scene(kind="bullet", bullet=1, caption="Drawstring hood", image="img1.jpg", duration=1.0),
        Scene(kind="cta", duration=1.0),
    ]
    project = Project(
        root,
        Product("Trail Hoodie", ["Kangaroo pocket.", "Drawstring hood."], "$63.00", "Luma"),
        [ImageAsset("img1.jpg"), ImageAsset("img3.jpg")],
        Timeline(scenes),
    )
    project.music.source = "none"
    return project


def test_a_caption_edit_reencodes_one_scene_and_its_crossfades(tmp_path, fresh_cache):
    project = _project(tmp_path)
    settings = ExportSettings(height=144, srt=False)
    first = run_job(export_job(project, tmp_path / "v1.mp4", settings))
    assert first.segments_reused == 0 and first.segments_built == 7  # 4 scenes, 3 crossfades

    project.timeline.scenes[2].caption = "Adjustable drawstring hood"
    second = run_job(export_job(project, tmp_path / "v2.mp4", settings))
    assert (second.segments_built, second.segments_reused) == (3, 4)
    assert count_frames(second.video) == second.frames == first.frames
    assert (fresh_cache / "segments").is_dir()


def test_a_size_capped_platform_export_also_reuses_segments(tmp_path, fresh_cache):
    project = _project(tmp_path)
    settings = ExportSettings(height=144, srt=False, platform="tiktok")  # 10 MB at most
    first = run_job(export_job(project, tmp_path / "v1.mp4", settings))
    assert first.segments_built == 7

    project.timeline.scenes[1].caption = "A roomy kangaroo pocket"
    second = run_job(export_job(project, tmp_path / "v2.mp4", settings))
    assert (second.segments_built, second.segments_reused) == (3, 4)
    assert count_frames(second.video) == second.frames
    assert second.video.stat().st_size <= 10_000_000
