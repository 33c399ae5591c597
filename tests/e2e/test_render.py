"""End to end: a real product folder through analysis, Piper, the mix and ffmpeg, checked with
ffmpeg's own probe (imageio-ffmpeg ships no ffprobe)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from studio.core.intake import load_product
from studio.core.progress import run_job
from studio.jobs.pipeline import export_job
from studio.media.ffmpeg import count_frames, probe, stream_duration
from studio.media.images import image_info
from tests.samples import demo_product

pytestmark = pytest.mark.slow


def _srt_cues(path: Path) -> list[tuple[float, float, str]]:
    def secs(ts: str) -> float:
        h, m, rest = ts.split(":")
        s, ms = rest.split(",")
        return int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000

    cues = []
    for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
        lines = block.splitlines()
        a, b = re.match(r"(\S+) --> (\S+)", lines[1]).groups()
        cues.append((secs(a), secs(b), " ".join(lines[2:])))
    return cues


@pytest.fixture(scope="module")
def demo_render(tmp_path_factory, demo_dir):
    out_dir = tmp_path_factory.mktemp("demo")
    project = load_product(demo_dir, image_info).project
    project.export.height = 320
    progress = []
    result = run_job(export_job(project, out_dir / "demo.mp4"), progress.append)
    return result, progress, out_dir


def test_demo_renders_to_a_valid_mp4(demo_render):
    result, progress, out_dir = demo_render
    info = probe(result.video)
    v, a = info.first("video"), info.first("audio")
    assert v is not None and a is not None
    assert (v.codec, v.pix_fmt, v.width, v.height) == ("h264", "yuv420p", 568, 320)
    assert v.fps == pytest.approx(30)
    assert a.codec == "aac"
    boxes = _top_level_boxes(result.video)
    assert boxes.index("moov") < boxes.index("mdat"), f"+faststart puts the index first: {boxes}"
    # title + 5 bullets + closing card
    assert len(result.scenes) == 7
    expected = sum(e - s for s, e in result.scenes)
    frames = count_frames(result.video)
    assert abs(frames / 30 - expected) <= 1 / 30 + 1e-6
    vd, ad = stream_duration(result.video, "v"), stream_duration(result.video, "a")
    assert abs(vd - expected) <= 1 / 30 + 0.01
    assert abs(ad - vd) <= 0.05
    # nothing but the video and its subtitles is left in the folder
    assert sorted(p.name for p in out_dir.iterdir()) == ["demo.mp4", "demo.srt"]
    # progress was reported and reached the end
    assert progress and progress[-1].fraction == 1.0
    assert all(0 <= (p.fraction or 0) <= 1 for p in progress)


def test_srt_cues_match_scene_boundaries(demo_render, demo_dir):
    """Every scene starts and ends a cue; a long caption may be paged into several cues, but
    each cue lies inside one scene and the pages cover it without gaps."""
    result, _, _ = demo_render
    cues = _srt_cues(result.video.with_suffix(".srt"))
    tol = 0.0015
    for s, e in result.scenes:
        inside = [c for c in cues if c[0] >= s - tol and c[1] <= e + tol]
        assert inside, (s, e)
        assert abs(inside[0][0] - s) <= tol and abs(inside[-1][1] - e) <= tol
        for a, b in zip(inside, inside[1:], strict=False):
            assert abs(a[1] - b[0]) <= tol
    assert len(cues) == sum(
        len([c for c in cues if c[0] >= s - tol and c[1] <= e + tol]) for s, e in result.scenes
    )
    assert cues[0][2].startswith("Bruno Compete Hoodie")
    spoken = " ".join(c[2] for c in cues)
    for bullet in (demo_dir / "bullets.txt").read_text(encoding="utf-8").splitlines():
        assert bullet in spoken


def test_second_render_reuses_analysis_and_voice(demo_render, demo_dir, tmp_path):
    """The cache is keyed by content: a repeat render synthesises and analyses nothing new."""
    from studio.core.cache import cache_root

    before = {p: p.stat().st_mtime_ns for p in cache_root().rglob("*") if p.is_file()}
    project = load_product(demo_dir, image_info).project
    project.export.height = 180
    run_job(export_job(project, tmp_path / "again.mp4"))
    after = {p: p.stat().st_mtime_ns for p in cache_root().rglob("*") if p.is_file()}
    new_or_changed = [p for p in after if before.get(p) != after[p]]
    assert not [p for p in new_or_changed if p.parent.name in ("voice", "analysis")]


@pytest.mark.parametrize("preset, size", [("portrait", (320, 568)), ("square", (320, 320))])
def test_presets_give_platform_frame_sizes(tmp_path, preset, size):
    d = demo_product(tmp_path / "p", ("img1.jpg", "img2.jpg"), ("Full zip black hoodie pullover.",))
    _logo(d / "logo.png")
    project = load_product(d, image_info).project
    assert project.product.logo == "logo.png"
    project.export.preset = preset
    project.export.height = 320
    result = run_job(export_job(project, tmp_path / "v.mp4"))
    v = probe(result.video).first("video")
    assert (v.width, v.height) == size
    # The closing card shows the logo: its brand red appears in the last frame.
    last = _frame_at(result.video, result.duration - 0.2, size)
    red = (last[..., 0] > 170) & (last[..., 1] < 60) & (last[..., 2] < 60)
    assert red.sum() > 30


def _top_level_boxes(path: Path) -> list[str]:
    import struct

    names = []
    with open(path, "rb") as f:
        while header := f.read(8):
            size, kind = struct.unpack(">I4s", header)
            if size == 1:
                size = struct.unpack(">Q", f.read(8))[0] - 8
            names.append(kind.decode("latin-1"))
            f.seek(size - 8, 1)
    return names


def _logo(path: Path) -> None:
    from PIL import Image, ImageDraw

    im = Image.new("RGBA", (300, 120), (0, 0, 0, 0))
    ImageDraw.Draw(im).rounded_rectangle([0, 0, 299, 119], radius=30, fill=(220, 20, 30, 255))
    im.save(path)


def _frame_at(video: Path, t: float, size: tuple[int, int]):
    import subprocess

    import numpy as np

    from studio.media.ffmpeg import ffmpeg_exe

    raw = subprocess.run(
        [
            ffmpeg_exe(),
            "-v",
            "error",
            "-ss",
            f"{t:.3f}",
            "-i",
            str(video),
            "-frames:v",
            "1",
            "-f",
            "rawvideo",
            "-pix_fmt",
            "rgb24",
            "-",
        ],
        capture_output=True,
        check=True,
    ).stdout
    return np.frombuffer(raw, np.uint8).reshape(size[1], size[0], 3)


def test_rendered_audio_meets_the_loudness_standard(demo_render):
    """-14 LUFS integrated (within 1 LU) and true peak <= -1 dBTP in the delivered file, after
    AAC encoding, by our meter and by ffmpeg's ebur128."""
    import subprocess

    import numpy as np

    from studio.media.ffmpeg import ffmpeg_exe
    from studio.music.loudness import integrated_loudness, true_peak_db

    result, _, _ = demo_render
    pcm = subprocess.run(
        [
            ffmpeg_exe(),
            "-v",
            "error",
            "-i",
            str(result.video),
            "-f",
            "f32le",
            "-ac",
            "2",
            "-ar",
            "48000",
            "-",
        ],
        capture_output=True,
        check=True,
    ).stdout
    audio = np.frombuffer(pcm, np.float32).reshape(-1, 2)
    assert abs(integrated_loudness(audio, 48000) - (-14.0)) <= 1.0
    assert true_peak_db(audio, 48000) <= -1.0
    report = subprocess.run(
        [
            ffmpeg_exe(),
            "-hide_banner",
            "-nostats",
            "-i",
            str(result.video),
            "-af",
            "ebur128=peak=true",
            "-f",
            "null",
            "-",
        ],
        capture_output=True,
        text=True,
    ).stderr.split("Summary:")[-1]
    lufs = float(re.search(r"I:\s+(-?[\d.]+) LUFS", report)[1])
    peak = float(re.search(r"Peak:\s+(-?[\d.]+) dBFS", report)[1])
    assert abs(lufs + 14.0) <= 1.0 and peak <= -1.0
