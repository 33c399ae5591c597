"""A scene's motion style is saved, read back, validated, and absent from older files."""

from __future__ import annotations

import pytest

from studio.core.errors import ProjectError
from studio.core.model import MOTION_STYLES, ImageAsset, Project, Scene, Timeline
from studio.core.project_io import load_project, project_from_dict, project_to_dict, save_project


def _project(root) -> Project:
    (root / "a.jpg").write_bytes(b"x")
    scenes = [Scene(image="a.jpg", motion_style="parallax"), Scene(image="a.jpg")]
    return Project(root, images=[ImageAsset("a.jpg")], timeline=Timeline(scenes))


def test_motion_style_round_trips(tmp_path):
    p = _project(tmp_path)
    assert MOTION_STYLES == ("ken burns", "parallax")
    save_project(p, tmp_path / "p.studio.json")
    q = load_project(tmp_path / "p.studio.json")
    assert [s.motion_style for s in q.timeline] == ["parallax", "ken burns"]
    assert project_to_dict(q) == project_to_dict(p)


def test_files_without_a_motion_style_read_as_ken_burns(tmp_path):
    doc = project_to_dict(_project(tmp_path))
    for scene in doc["timeline"]["scenes"]:
        del scene["motion_style"]  # saved before the field existed
    p = project_from_dict(doc, tmp_path)
    assert [s.motion_style for s in p.timeline] == ["ken burns", "ken burns"]


@pytest.mark.parametrize("value", ["zoom", 3, ""])
def test_an_unknown_motion_style_is_refused_by_name(tmp_path, value):
    doc = project_to_dict(_project(tmp_path))
    doc["timeline"]["scenes"][0]["motion_style"] = value
    with pytest.raises(ProjectError, match="motion_style"):
        project_from_dict(doc, tmp_path)


def test_the_render_plan_carries_each_scenes_style(tmp_path):
    from studio.render.timeline import resolve_render_plan

    plan, _ = resolve_render_plan(_project(tmp_path), {})
    assert [s.motion_style for s in plan.scenes] == ["parallax", "ken burns"]
