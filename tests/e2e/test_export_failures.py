"""Exports that cannot finish: a full disk and a cancel. Each ends with one clear message and
leaves nothing behind but what was there before."""

from __future__ import annotations

import pytest

from studio.core.errors import StudioError
from studio.core.intake import load_product
from studio.core.progress import run_job
from studio.jobs.pipeline import export_job
from studio.media.images import image_info
from tests.samples import demo_product

pytestmark = pytest.mark.slow


@pytest.fixture
def small_product(tmp_path):
    project = load_product(demo_product(tmp_path / "prod"), image_info).project
    project.export.height = 240
    return project


def test_full_disk_gives_a_clear_error_and_leaves_nothing(small_product, tiny_disk):
    with pytest.raises(StudioError) as err:
        run_job(export_job(small_product, tiny_disk / "video.mp4"))
    msg = str(err.value)
    assert msg.startswith("Export failed: the disk is full"), msg
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["keep.txt"]


def test_closing_the_export_job_mid_render_leaves_nothing(small_product, tmp_path):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    job = export_job(small_product, out_dir / "video.mp4")
    for p in job:
        if p.stage == "Rendering video" and (p.fraction or 0) > 0.5:
            break
    else:
        pytest.fail("the export finished before reaching the render step")
    assert any(".part" in f.name for f in out_dir.iterdir()), (
        "the render writes to a temporary file"
    )
    job.close()
    assert list(out_dir.iterdir()) == []


def test_editing_during_export_does_not_change_the_export(small_product, tmp_path):
    """The export renders a snapshot: edits made while it runs apply to the next export only."""
    job = export_job(small_product, tmp_path / "video.mp4")
    next(job)
    small_product.timeline.scenes.clear()
    small_product.product.bullets.append("A bullet added mid-export")
    result = run_job(job)
    assert len(result.scenes) == 4  # title + 2 bullets + closing card, as when the export began
    srt = result.subtitles[0].read_text(encoding="utf-8")
    assert "mid-export" not in srt


def test_when_the_subtitles_cannot_be_written_the_video_does_not_appear_either(
    small_product, tmp_path
):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    (out_dir / "video.srt").mkdir()  # something in the way of the subtitles
    (out_dir / "video.mp4").write_bytes(b"the previous export")
    with pytest.raises(StudioError, match="video.srt"):
        run_job(export_job(small_product, out_dir / "video.mp4"))
    assert sorted(p.name for p in out_dir.iterdir()) == ["video.mp4", "video.srt"]
    assert (out_dir / "video.mp4").read_bytes() == b"the previous export"


def test_exported_files_have_the_users_permissions(small_product, tmp_path):
    import os

    old = os.umask(0o022)
    try:
        result = run_job(export_job(small_product, tmp_path / "video.mp4"))
    finally:
        os.umask(old)
    for p in [result.video, *result.subtitles]:
        assert p.stat().st_mode & 0o777 == 0o644, p


def test_a_video_longer_than_the_limit_is_refused_before_any_work(small_product, tmp_path):
    from studio.core.model import Scene, limits
    from studio.core.storyboard import ImageChoice, apply_plan
    from studio.jobs.pipeline import MAX_VIDEO_SECONDS

    images = [a.path for a in small_product.images]
    apply_plan(
        small_product,
        [ImageChoice(b, images[0], 0.9) for b in range(len(small_product.product.bullets))],
        images[0],
        list(range(len(small_product.product.bullets))),
    )
    longest = limits(Scene, "duration")[1]
    while len(small_product.timeline.scenes) * longest <= MAX_VIDEO_SECONDS:
        small_product.timeline.scenes.append(
            Scene(kind="bullet", bullet=0, image=images[0], caption="More")
        )
    for s in small_product.timeline.scenes:
        s.duration = longest
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(StudioError, match="limited to 10 minutes"):
        run_job(export_job(small_product, out / "long.mp4"))
    assert list(out.iterdir()) == []


def test_a_caption_no_installed_font_can_draw_is_named_not_drawn_in_pieces(small_product, tmp_path):
    from studio.core.storyboard import ImageChoice, apply_plan

    images = [a.path for a in small_product.images]
    apply_plan(
        small_product,
        [ImageChoice(0, images[0], 0.9), ImageChoice(1, images[-1], 0.9)],
        images[0],
        [0, 1],
    )
    scene = next(s for s in small_product.timeline.scenes if s.kind == "bullet")
    scene.caption = (
        "Waterproof \U000f0041\U000f0042 shell"  # private-use characters: no font has them
    )
    result = run_job(export_job(small_product, tmp_path / "video.mp4"))
    problems = [w for w in result.warnings if "cannot show" in w]
    assert len(problems) == 1 and "private-use characters" in problems[0], result.warnings
    srt = result.subtitles[0].read_text(encoding="utf-8")
    assert "Waterproof" in srt  # the subtitles keep the text
