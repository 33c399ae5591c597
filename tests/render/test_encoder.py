"""Export through ffmpeg: streams, frame count, A/V duration, cancel and failure clean-up."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from studio.core.errors import StudioError
from studio.core.progress import Progress, run_job
from studio.media.ffmpeg import count_frames, probe, stream_duration
from studio.render.encoder import encode_job
from studio.render.plan import CaptionSpec, ScenePlan

from .conftest import FPS, H, W, make_plan, silent_wav, textured_image

pytestmark = pytest.mark.slow


def _plan(tmp_path: Path, seconds: float = 1.0):
    a = textured_image(tmp_path / "a.jpg", 1)
    b = textured_image(tmp_path / "b.jpg", 2, size=(200, 260))
    return make_plan(
        [
            ScenePlan(0.0, seconds, a, CaptionSpec("Trail Jacket", "title", "$89")),
            ScenePlan(
                seconds, seconds + 1 / 3, b, CaptionSpec("Waterproof"), transition_in=0.3, seed=1
            ),
        ]
    )


def _children() -> set[int]:
    kids: set[int] = set()
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        try:
            with open(task / "children") as f:
                kids.update(int(p) for p in f.read().split())
        except FileNotFoundError:  # a thread that ended since the folder was listed
            continue
    return kids


def test_export_has_h264_aac_at_plan_size_and_exact_length(tmp_path):
    plan = _plan(tmp_path)
    wav = silent_wav(tmp_path / "voice.wav", plan.duration)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    seen: list[Progress] = []
    out = run_job(encode_job(plan, out_dir / "video.mp4", wav), seen.append)

    assert out == out_dir / "video.mp4" and out.stat().st_size > 0
    assert sorted(p.name for p in out_dir.iterdir()) == ["video.mp4"]  # no temp file left
    info = probe(out)
    v, a = info.first("video"), info.first("audio")
    assert (v.codec, v.pix_fmt, v.width, v.height, v.fps) == ("h264", "yuv420p", W, H, FPS)
    assert a.codec == "aac" and a.sample_rate == 48000
    assert count_frames(out) == plan.frame_count == 70
    video_len = plan.frame_count / plan.fps  # constant frame rate: frames / fps
    assert abs(stream_duration(out, "a") - video_len) <= 0.05
    assert abs(stream_duration(out, "a") - stream_duration(out, "v")) <= 0.05
    assert abs(info.duration - plan.duration) <= 0.05
    assert seen[-1].done == seen[-1].total == plan.frame_count
    assert all(p.stage == "Rendering video" for p in seen)


def test_audio_shorter_or_longer_than_the_video_is_fitted(tmp_path):
    plan = _plan(tmp_path, 0.5)
    for i, seconds in enumerate((plan.duration - 0.4, plan.duration + 0.7)):
        wav = silent_wav(tmp_path / f"v{i}.wav", seconds, rate=48000)
        out = run_job(encode_job(plan, tmp_path / f"v{i}.mp4", wav))
        assert abs(stream_duration(out, "a") - plan.frame_count / plan.fps) <= 0.05


def test_without_audio_the_file_still_has_a_silent_track(tmp_path):
    plan = _plan(tmp_path, 0.5)
    out = run_job(encode_job(plan, tmp_path / "silent.mp4", None))
    assert probe(out).first("audio").codec == "aac"
    assert count_frames(out) == plan.frame_count


def test_closing_the_job_midway_leaves_nothing(tmp_path):
    plan = _plan(tmp_path, 2.0)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    before = _children()
    job = encode_job(plan, out_dir / "video.mp4", None)
    next(job)
    next(job)
    assert list(out_dir.iterdir())  # the temporary file exists while rendering
    job.close()
    assert list(out_dir.iterdir()) == []
    assert _children() <= before  # ffmpeg was stopped and reaped


def test_keyboard_interrupt_leaves_nothing(tmp_path):
    plan = _plan(tmp_path, 2.0)
    out_dir = tmp_path / "out"
    out_dir.mkdir()

    def interrupt(p: Progress) -> None:
        if p.done > 0:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_job(encode_job(plan, out_dir / "video.mp4", None), interrupt)
    assert list(out_dir.iterdir()) == []


def test_ffmpeg_failure_is_one_clear_error_and_leaves_nothing(tmp_path):
    plan = _plan(tmp_path)
    bad = tmp_path / "voice.wav"
    bad.write_bytes(b"RIFF\x10\x00\x00\x00WAVEnot really audio")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    with pytest.raises(StudioError) as err:
        run_job(encode_job(plan, out_dir / "video.mp4", bad))
    msg = str(err.value)
    assert msg.startswith("Export failed: ffmpeg stopped") and "\n" not in msg
    assert (
        "voice.wav" in msg and "invalid data" in msg.lower()
    )  # ffmpeg's own words, naming the file
    assert list(out_dir.iterdir()) == []


def test_missing_folder_is_reported(tmp_path):
    with pytest.raises(StudioError, match="does not exist"):
        run_job(encode_job(_plan(tmp_path), tmp_path / "nope" / "v.mp4", None))
