"""The take the user picked for a line is the one that renders; without a pick, the default."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.core.model import ImageAsset, Product, Project, Scene, Timeline
from studio.core.progress import run_job
from studio.jobs.pipeline import voice_job
from studio.voice.takes import load_take_audio, synthesize_take

pytestmark = pytest.mark.slow


def test_chosen_take_renders_and_changing_the_line_drops_it(tmp_path):
    line = "Soft fleece lining."
    picked = synthesize_take(line, variation=0.7, seed=11)
    default = synthesize_take(line)
    assert picked.id != default.id
    scene = Scene(kind="bullet", bullet=0, caption=line, voice_line=line, take=picked.id)
    other = Scene(kind="bullet", bullet=0, caption="Two pockets.", voice_line="Two pockets.")
    p = Project(
        Path(tmp_path), Product("X", [line]), [ImageAsset("a.jpg")], Timeline([scene, other])
    )
    takes = run_job(voice_job(p))
    assert takes[scene.id].id == picked.id
    assert (load_take_audio(takes[scene.id])[0] == load_take_audio(picked)[0]).all()
    assert takes[other.id].variation == 0.0
    scene.voice_line = "Soft fleece lining, now warmer."  # the pick was for the old words
    takes = run_job(voice_job(p))
    assert takes[scene.id].id not in (picked.id, default.id)
