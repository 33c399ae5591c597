"""The pipeline's use of music: cuts on the beat when asked, imported tracks in the export."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest

from studio.core.intake import load_product
from studio.core.model import ImageAsset, Product, Project, Scene, Timeline
from studio.core.progress import run_job
from studio.jobs.pipeline import export_job, resolve_render_plan
from studio.media.ffmpeg import ffmpeg_exe, probe
from studio.media.images import image_info
from studio.music.generate import bed_beats
from studio.voice.takes import VoiceTake
from tests.samples import demo_product


def _take(seconds: float) -> VoiceTake:
    return VoiceTake("id", "t", "t", "v", 1.0, 0.0, 0, Path("/none.wav"), seconds, 22050)


def _project(snap: bool) -> tuple[Project, dict[str, VoiceTake]]:
    scenes = [
        Scene(kind="bullet", bullet=i, caption=f"Line {i}", voice_line=f"Line {i}")
        for i in range(5)
    ]
    p = Project(
        Path("/p"),
        Product("X", [f"Line {i}" for i in range(5)]),
        [ImageAsset("a.jpg")],
        Timeline(scenes),
    )
    p.music.mood = "upbeat"
    p.music.snap_to_beats = snap
    takes = {s.id: _take(1.3 + 0.37 * i) for i, s in enumerate(scenes)}
    return p, takes


def test_cuts_snap_to_nearby_beats_only_when_asked():
    p, takes = _project(snap=False)
    plain, _ = resolve_render_plan(p, takes)
    p.music.snap_to_beats = True
    snapped, clips = resolve_render_plan(p, takes)
    beats = np.asarray(bed_beats("upbeat", snapped.duration))
    moved = 0
    for a, b in zip(plain.scenes[1:], snapped.scenes[1:], strict=True):
        assert abs(a.start - b.start) <= 0.25 + 1 / 30
        near = np.min(np.abs(beats - a.start))
        if near <= 0.25 - 1 / 30:
            assert np.min(np.abs(beats - b.start)) <= 1 / 60 + 1e-6  # on the beat, to the frame
            moved += a.start != b.start
        assert abs(b.start * 30 - round(b.start * 30)) < 1e-6
    assert moved >= 1
    # each voice still starts inside its own scene, after the lead-in
    for (start, _), sc in zip(clips, snapped.scenes, strict=True):
        assert sc.start < start < sc.end


@pytest.mark.slow
def test_export_with_an_imported_track(tmp_path):
    d = demo_product(tmp_path / "prod", ("img1.jpg",), ("Kangaroo pocket.",))
    # a 3 s, 120 BPM click-and-tone loop, shorter than the video so it must be looped
    subprocess.run(
        [
            ffmpeg_exe(),
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "aevalsrc='0.3*sin(2*PI*220*t)+0.6*sin(2*PI*1800*t)*exp(-60*mod(t,0.5))':s=44100:d=3",
            "-ac",
            "2",
            str(d / "loop.mp3"),
        ],
        check=True,
    )
    (d / "product.toml").write_text('music = "loop.mp3"\nsnap_to_beats = true\n', encoding="utf-8")
    project = load_product(d, image_info).project
    project.export.height = 180
    result = run_job(export_job(project, tmp_path / "v.mp4"))
    info = probe(result.video)
    assert info.first("audio") is not None and result.duration > 5
    # the music is really there: audio keeps going in the closing seconds, after the voice
    pcm = subprocess.run(
        [
            ffmpeg_exe(),
            "-v",
            "error",
            "-i",
            str(result.video),
            "-ac",
            "1",
            "-ar",
            "8000",
            "-f",
            "f32le",
            "-",
        ],
        capture_output=True,
        check=True,
    ).stdout
    audio = np.frombuffer(pcm, np.float32)
    tail = audio[-int(2.0 * 8000) : -int(0.6 * 8000)]
    assert np.sqrt(np.mean(tail**2)) > 0.005
