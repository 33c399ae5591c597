"""A chosen take stays chosen when the line is rewritten into words that read the same."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.core.model import ImageAsset, Product, Project, Scene, Timeline
from studio.core.progress import run_job
from studio.jobs.pipeline import take_says, voice_job
from studio.voice.takes import synthesize_take

pytestmark = pytest.mark.slow


def test_the_chosen_take_is_kept_for_a_line_that_reads_the_same(tmp_path):
    picked = synthesize_take("Only $20.", variation=0.6, seed=5)
    scene = Scene(
        kind="bullet", bullet=0, caption="Only $20.", voice_line="Only $20.", take=picked.id
    )
    p = Project(
        Path(tmp_path), Product("X", ["Only $20."]), [ImageAsset("a.jpg")], Timeline([scene])
    )
    scene.voice_line = "Only 20 dollars."  # written out, but spoken the same
    assert take_says(picked, scene.voice_line)
    assert run_job(voice_job(p))[scene.id].id == picked.id
    scene.voice_line = "Only 30 dollars."
    assert not take_says(picked, scene.voice_line)
    assert run_job(voice_job(p))[scene.id].id != picked.id
