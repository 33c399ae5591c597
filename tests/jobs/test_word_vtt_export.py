"""An export with WebVTT also writes the words as they are heard (karaoke-style WebVTT), from
the takes' own timings."""

from __future__ import annotations

import re

import pytest

from studio.core.model import ExportSettings, ImageAsset, Product, Project, Scene, Timeline
from studio.core.progress import run_job
from studio.jobs.pipeline import export_job
from tests.samples import demo_product

pytestmark = pytest.mark.slow
TAG = re.compile(r"<(\d\d):(\d\d):(\d\d)\.(\d\d\d)>")


def test_the_word_vtt_is_written_beside_the_video(tmp_path):
    root = demo_product(tmp_path / "hoodie")
    project = Project(
        root,
        Product("Trail Hoodie", ["Kangaroo pocket."], "$63.00", "Luma"),
        [ImageAsset("img1.jpg"), ImageAsset("img3.jpg")],
        Timeline(
            [
                Scene(kind="title", image="img1.jpg", voice_line="Trail Hoodie. Only $63.00."),
                Scene(
                    kind="bullet", bullet=0, image="img3.jpg", voice_line="A roomy kangaroo pocket."
                ),
            ]
        ),
    )
    project.music.source = "none"
    out = tmp_path / "v.mp4"
    result = run_job(export_job(project, out, ExportSettings(height=144, vtt=True)))
    words = out.with_name("v.words.vtt")
    assert words in result.subtitles and words.is_file()
    text = words.read_text(encoding="utf-8")
    assert text.startswith("WEBVTT")
    stamps = [
        int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000 for h, m, s, ms in TAG.findall(text)
    ]
    assert len(stamps) >= 5 and stamps == sorted(stamps)
    assert "$63.00" in text and "kangaroo" in text
