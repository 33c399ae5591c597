from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from studio.core.errors import ProjectError
from studio.core.geometry import Rect
from studio.core.model import ImageAsset, Motion, Product, Project, Scene, Timeline
from studio.core.project_io import (
    SCHEMA_VERSION,
    load_project,
    project_from_dict,
    project_to_dict,
    safe_relative,
    save_project,
    snapshot,
)


def _project(root: Path) -> Project:
    (root / "a.jpg").write_bytes(b"x")
    (root / "sub").mkdir(exist_ok=True)
    (root / "sub" / "b.png").write_bytes(b"x")
    scenes = [
        Scene(kind="title", caption="Mug", voice_line="Mug.", image="a.jpg"),
        Scene(
            kind="bullet",
            bullet=0,
            caption="Holds 12 oz ☕",
            voice_line="Holds 12 ounces",
            image="sub/b.png",
            motion=Motion(Rect(0, 0, 1, 1), Rect(0.1, 0.1, 0.8, 0.8)),
            focus=Rect(0.2, 0.3, 0.4, 0.4),
            locked=True,
            confidence=0.8,
            reasons=['OCR found "12 oz"'],
            duration=3.5,
            voice_speed=1.2,
            pause_before=0.5,
            pause_after=0.25,
            expressiveness=0.6,
        ),
        Scene(kind="cta", caption="Buy now", voice_line="Buy now", image="a.jpg", transition="cut"),
    ]
    return Project(
        root,
        Product("Mug", ["Holds 12 oz ☕", "保温杯"], price="$9"),
        [ImageAsset("a.jpg"), ImageAsset("sub/b.png", "side view")],
        Timeline(scenes),
    )


def test_round_trip_keeps_everything(tmp_path):
    p = _project(tmp_path)
    save_project(p, tmp_path / "mug.studio.json")
    q = load_project(tmp_path / "mug.studio.json")
    assert project_to_dict(q) == project_to_dict(p)
    assert q.timeline.scenes[1].motion == p.timeline.scenes[1].motion
    assert q.root == tmp_path
    doc = json.loads((tmp_path / "mug.studio.json").read_text(encoding="utf-8"))
    assert doc["schema_version"] == SCHEMA_VERSION
    assert "保温杯" in (tmp_path / "mug.studio.json").read_text(encoding="utf-8")


def test_snapshot_is_independent(tmp_path):
    p = _project(tmp_path)
    s = snapshot(p)
    p.timeline.scenes[1].caption = "changed"
    p.timeline.scenes.pop()
    assert s.timeline.scenes[1].caption == "Holds 12 oz ☕"
    assert len(s.timeline.scenes) == 3


@pytest.mark.parametrize(
    "rel", ["../secret.jpg", "/etc/passwd", "sub/../../x.jpg", "C:\\x.jpg", "\\\\server\\x.jpg"]
)
def test_paths_outside_the_folder_are_refused(tmp_path, rel):
    with pytest.raises(ProjectError, match="outside|absolute"):
        safe_relative(rel, tmp_path, "images[0].path")


def test_symlink_escaping_the_folder_is_refused(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.jpg").write_bytes(b"x")
    root = tmp_path / "proj"
    root.mkdir()
    os.symlink(outside, root / "link")
    with pytest.raises(ProjectError, match="outside"):
        safe_relative("link/x.jpg", root, "images[0].path")
    assert safe_relative("./sub//a.jpg", root, "f") == "sub/a.jpg"


def _doc(tmp_path) -> dict:
    return project_to_dict(_project(tmp_path))


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda d: d.update(format="other"), "not a Product Video Studio project"),
        (lambda d: d.update(schema_version=99), "newer version"),
        (lambda d: d.update(schema_version="1"), "schema_version"),
        (lambda d: d["images"].append({"path": "../../etc/passwd"}), "outside"),
        (lambda d: d["timeline"]["scenes"][0].update(kind="explosion"), "kind"),
        (
            lambda d: d["timeline"]["scenes"][0].update(image="missing.jpg"),
            "not one of the project's images",
        ),
        (lambda d: d["timeline"]["scenes"][1].update(focus=[0, 0, "a", 1]), "focus"),
        (lambda d: d["timeline"]["scenes"][1].update(duration=-3), "duration"),
        (lambda d: d["timeline"]["scenes"][1].update(bullet=-1), "bullet"),
        (lambda d: d["timeline"]["scenes"][1].update(bullet=10**9), "bullet"),
        (lambda d: d["timeline"]["scenes"][1].update(locked="yes"), "locked"),
        (lambda d: d["product"].update(bullets="one"), "bullets"),
        (lambda d: d["voice"].update(speed=50), "speed"),
        (lambda d: d["timeline"]["scenes"][1].update(voice_speed=0.1), "voice_speed"),
        (lambda d: d["timeline"]["scenes"][1].update(pause_after=-1), "pause_after"),
        (lambda d: d["timeline"]["scenes"][1].update(expressiveness=3), "expressiveness"),
        (lambda d: d["export"].update(preset="imax"), "preset"),
        (lambda d: d.update(timeline=[]), "timeline"),
    ],
)
def test_invalid_documents_get_a_message_naming_the_field(tmp_path, mutate, message):
    d = _doc(tmp_path)
    mutate(d)
    with pytest.raises(ProjectError, match=message):
        project_from_dict(d, tmp_path)


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "damaged"),
        (b'{"format": "product-video-studio", "schema_', "damaged"),
        (b"\xff\xfe\x00garbage", "not UTF-8|damaged"),
        (b"[1, 2, 3]", "expected an object"),
        (b"\x80\x04\x95pickle", "not UTF-8|damaged"),
    ],
)
def test_damaged_files_are_refused_cleanly(tmp_path, content, message):
    f = tmp_path / "x.studio.json"
    f.write_bytes(content)
    with pytest.raises(ProjectError, match=message):
        load_project(f)


def test_failed_save_keeps_the_previous_file(tmp_path, monkeypatch):
    p = _project(tmp_path)
    target = tmp_path / "mug.studio.json"
    save_project(p, target)
    before = target.read_bytes()

    def boom(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    p.product.title = "Changed"
    with pytest.raises(Exception, match="No space left"):
        save_project(p, target)
    assert target.read_bytes() == before
    assert [f.name for f in tmp_path.iterdir() if f.name.endswith(".part")] == []


def test_a_scene_may_name_a_bullet_just_deleted(tmp_path):
    """Between deleting a bullet and the re-plan, a scene names a bullet that is gone; a
    project saved then (or autosaved, or copied for the planner) must read back."""
    d = _doc(tmp_path)
    d["timeline"]["scenes"][1].update(bullet=7)
    p = project_from_dict(d, tmp_path)
    assert p.timeline.scenes[1].bullet == 7
