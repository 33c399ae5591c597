"""The player's preview: the export's plan and mix at preview size, from a snapshot taken when
the job is made (so edits on the GUI thread never race the worker)."""

from __future__ import annotations

import numpy as np
import pytest

from studio.core.intake import load_product
from studio.core.progress import run_job
from studio.core.storyboard import ImageChoice, apply_plan
from studio.jobs.pipeline import export_job
from studio.jobs.preview import preview_job
from studio.media.images import image_info
from tests.samples import demo_product


def _project(tmp_path):
    project = load_product(demo_product(tmp_path / "prod"), image_info).project
    apply_plan(
        project,
        [ImageChoice(0, "img3.jpg", 0.8), ImageChoice(1, "img1.jpg", 0.5)],
        "img1.jpg",
        [0, 1],
    )
    return project


@pytest.mark.slow
def test_preview_is_taken_from_the_project_when_the_job_is_made(tmp_path):
    project = _project(tmp_path)
    job = preview_job(project)
    project.timeline.scenes[1].caption = "Changed after the job was made"
    project.export.preset = "portrait"
    pv = run_job(job)
    assert pv.plan.scenes[1].caption.text == "Kangaroo pocket."
    assert (pv.plan.width, pv.plan.height) == (640, 360)
    assert (
        pv.audio.shape == (round(pv.duration * pv.sample_rate), 2) and np.abs(pv.audio).max() > 0.05
    )
    assert pv.scene_at(pv.plan.scenes[2].start + 0.1) == project.timeline.scenes[2].id
    again = run_job(preview_job(project))
    assert (again.plan.width, again.plan.height) == (360, 640)


@pytest.mark.slow
def test_export_job_snapshots_when_made(tmp_path):
    project = _project(tmp_path)
    project.export.height = 144
    job = export_job(project, tmp_path / "v.mp4")
    project.timeline.scenes.pop(1)  # an edit before the worker starts must not reach the file
    result = run_job(job)
    assert len(result.scenes) == 4
