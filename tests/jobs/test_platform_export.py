"""Exporting for a platform: the platform's extras written with the video (WebVTT describing the
stretches without words, cover, loop), a failing video refused before anything is written
unless forced, and the file checked after."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from studio.core.model import ImageAsset, Product, Project, Scene, Timeline
from studio.core.platforms import PLATFORMS
from studio.core.progress import run_job
from studio.jobs.compliance import platform_settings
from studio.jobs.platform_export import check_job, findings_json, platform_export_job
from studio.media.cuefile import read_cue_file
from studio.media.ffmpeg import probe
from tests.samples import demo_product

pytestmark = pytest.mark.slow


def _project(tmp_path: Path, price: str = "") -> Project:
    root = demo_product(tmp_path / "hoodie")
    return Project(
        root,
        Product("Trail Hoodie", ["Kangaroo pocket.", "Drawstring hood."], price, "Luma"),
        [ImageAsset("img1.jpg"), ImageAsset("img3.jpg")],
        Timeline(
            [
                Scene(kind="title", image="img1.jpg", duration=2.5),
                Scene(kind="bullet", bullet=0, caption="", image="img3.jpg", duration=3.0),
                Scene(kind="cta", duration=2.0),
            ]
        ),
    )


def _settings(project: Project, key: str, **changes):
    s = platform_settings(project.export, PLATFORMS[key])
    s.height = 180
    for k, v in changes.items():
        setattr(s, k, v)
    return s


def test_a_walmart_export_writes_webvtt_with_music_cues_a_cover_and_a_loop(tmp_path):
    project = _project(tmp_path)
    out = tmp_path / "out" / "hoodie-walmart.mp4"
    out.parent.mkdir()
    settings = _settings(project, "walmart", cover=True, loop=True)
    # forced: 320x180 is below Walmart's 1280x720, the only rule a test-sized file misses
    done = run_job(platform_export_job(project, out, settings, PLATFORMS["walmart"], force=True))
    assert [f.rule.kind for f in done.before.findings if f.status != "PASS"] == ["frame_size"]
    assert not done.refused and done.result is not None
    names = sorted(p.name for p in out.parent.iterdir())
    assert names == [
        "hoodie-walmart-cover.png",
        "hoodie-walmart-loop.webp",
        "hoodie-walmart.mp4",
        "hoodie-walmart.srt",
        "hoodie-walmart.vtt",
    ]
    assert done.result.extras == [
        out.with_name("hoodie-walmart-cover.png"),
        out.with_name("hoodie-walmart-loop.webp"),
    ]
    cues = read_cue_file(out.with_suffix(".vtt"))
    assert cues.problem == "" and "[MUSIC PLAYING]" in [c.text for c in cues.cues]
    assert "[MUSIC PLAYING]" not in out.with_suffix(".srt").read_text()  # only where asked
    with Image.open(out.with_name("hoodie-walmart-cover.png")) as im:
        assert im.size == (320, 180)
    with Image.open(out.with_name("hoodie-walmart-loop.webp")) as im:
        assert im.n_frames > 10
    assert [f.rule.kind for f in done.after if f.status != "PASS"] == ["frame_size"]
    v = probe(out).first("video")
    assert (v.width, v.height) == (320, 180)


def test_a_video_amazon_would_reject_is_not_written_unless_forced(tmp_path):
    project = _project(tmp_path, price="$63.00")
    out = tmp_path / "hoodie-amazon.mp4"
    settings = _settings(project, "amazon")
    done = run_job(platform_export_job(project, out, settings, PLATFORMS["amazon"]))
    assert done.refused and not out.exists()
    assert [f.rule.kind for f in done.before.findings if f.status == "FAIL"] == [
        "frame_size",
        "content",
    ]
    forced = run_job(platform_export_job(project, out, settings, PLATFORMS["amazon"], force=True))
    assert out.is_file() and forced.result is not None
    after = {f.rule.kind: f for f in forced.after}
    assert after["content"].status == "FAIL" and "$63.00" in after["content"].measured

    both = run_job(check_job(PLATFORMS["amazon"], project, out))
    assert len(both) == 2 * len(PLATFORMS["amazon"].rules)
    doc = findings_json(PLATFORMS["amazon"], both)
    assert doc["passed"] is False and doc["checks"][0]["source"].endswith("checked 2026-11-28")
