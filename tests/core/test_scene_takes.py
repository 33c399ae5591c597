"""Every take made for a line is remembered in the project file, so A/B choices survive a
reopen; the list is validated like the rest of the file and old files without it still load."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studio.core.edits import UndoLog
from studio.core.errors import ProjectError
from studio.core.model import ImageAsset, Product, Project, Scene, Timeline
from studio.core.project_io import SCHEMA_VERSION, load_project, project_to_dict, save_project

A, B = "0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210"


def _project(root: Path) -> Project:
    (root / "a.jpg").write_bytes(b"x")
    scene = Scene(
        kind="bullet",
        bullet=0,
        caption="Warm",
        voice_line="Warm.",
        image="a.jpg",
        take=B,
        takes=[A, B],
    )
    return Project(
        root,
        Product("Hoodie", ["Warm"]),
        [ImageAsset("a.jpg")],
        Timeline([scene, Scene(kind="cta")]),
    )


def test_takes_survive_save_and_reopen(tmp_path):
    p = _project(tmp_path)
    save_project(p, tmp_path / "p.studio.json")
    q = load_project(tmp_path / "p.studio.json")
    assert q.timeline.scenes[0].takes == [A, B]
    assert q.timeline.scenes[0].take == B
    assert q.timeline.scenes[1].takes == []
    assert (
        json.loads((tmp_path / "p.studio.json").read_text())["schema_version"]
        == SCHEMA_VERSION
        == 1
    )


def test_a_file_without_takes_loads(tmp_path):
    doc = project_to_dict(_project(tmp_path))
    for s in doc["timeline"]["scenes"]:
        del s["takes"]
    (tmp_path / "old.studio.json").write_text(json.dumps(doc))
    assert load_project(tmp_path / "old.studio.json").timeline.scenes[0].takes == []


@pytest.mark.parametrize(
    "bad", ["not a list", [1, 2], ["../../etc/passwd"], ["ABC DEF"], ["a" * 65], [""]]
)
def test_damaged_take_lists_are_refused_with_the_field_named(tmp_path, bad):
    doc = project_to_dict(_project(tmp_path))
    doc["timeline"]["scenes"][0]["takes"] = bad
    (tmp_path / "bad.studio.json").write_text(json.dumps(doc))
    with pytest.raises(ProjectError, match=r"timeline\.scenes\[0\]\.takes"):
        load_project(tmp_path / "bad.studio.json")


def test_adding_a_take_undoes_and_a_deleted_scene_comes_back_with_its_takes(tmp_path):
    p = _project(tmp_path)
    undo = UndoLog(p)
    sid = p.timeline.scenes[0].id
    undo.set_scene(sid, "takes", [A, B, "ab" * 16])
    assert len(p.timeline.find(sid).takes) == 3
    undo.undo()
    assert p.timeline.find(sid).takes == [A, B]
    from studio.core.edits import RemoveScene

    undo.push(RemoveScene(sid))
    undo.undo()
    assert p.timeline.find(sid).takes == [A, B]
