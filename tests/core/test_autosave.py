from __future__ import annotations

from pathlib import Path

import pytest

from studio.core.autosave import (
    discard_recovery,
    list_recoveries,
    load_recovery,
    recovery_dir,
    write_recovery,
)
from studio.core.errors import ProjectError
from studio.core.model import ImageAsset, Product, Project, Scene, Timeline
from studio.core.project_io import project_to_dict


@pytest.fixture(autouse=True)
def own_config(tmp_path, monkeypatch):
    monkeypatch.setenv("STUDIO_CONFIG_DIR", str(tmp_path / "config"))


def _project(root: Path) -> Project:
    root.mkdir(exist_ok=True)
    return Project(
        root,
        Product("Lamp", ["Warm light"]),
        [ImageAsset("a.jpg")],
        Timeline([Scene(kind="bullet", bullet=0, caption="Warm light", image="a.jpg")]),
    )


def test_recovery_round_trip_for_saved_and_unsaved_projects(tmp_path):
    saved = _project(tmp_path / "saved")
    unsaved = _project(tmp_path / "unsaved")
    unsaved.product.title = "Draft"
    write_recovery(saved, tmp_path / "saved" / "lamp.studio.json")
    write_recovery(unsaved, None)
    recs = list_recoveries()
    assert {r.title for r in recs} == {"Lamp", "Draft"}
    by_title = {r.title: r for r in recs}
    assert by_title["Lamp"].project_file == tmp_path / "saved" / "lamp.studio.json"
    assert by_title["Draft"].project_file is None
    back = load_recovery(by_title["Draft"])
    assert project_to_dict(back) == project_to_dict(unsaved) and back.root == unsaved.root


def test_newer_autosave_replaces_the_older_one_and_discard_removes_it(tmp_path):
    p = _project(tmp_path / "p")
    f = tmp_path / "p" / "x.studio.json"
    write_recovery(p, f)
    p.timeline.scenes[0].caption = "Edited"
    write_recovery(p, f)
    recs = list_recoveries()
    assert len(recs) == 1 and load_recovery(recs[0]).timeline.scenes[0].caption == "Edited"
    discard_recovery(p, f)
    assert list_recoveries() == []


def test_damaged_recovery_files_are_ignored_or_refused_cleanly(tmp_path):
    (recovery_dir() / "junk.recovery.json").write_text("{not json")
    assert list_recoveries() == []
    p = _project(tmp_path / "p")
    write_recovery(p, None)
    rec = list_recoveries()[0]
    rec.path.write_text(rec.path.read_text().replace('"a.jpg"', '"../../etc/passwd"'))
    with pytest.raises(ProjectError, match="outside"):
        load_recovery(list_recoveries()[0])


def test_a_new_product_that_had_no_folder_yet_is_recovered_into_one(tmp_path):
    """Started without a product, the studio makes the product's folder only when the first
    photo or save comes; a crash before that must not lose what was typed."""
    root = tmp_path / "Documents" / "Untitled product"
    typed = Project(root, Product("Red Mug", ["Holds 12 oz", "Dishwasher safe"]))
    write_recovery(typed, None)
    assert not root.exists()
    recovered = load_recovery(list_recoveries()[0])
    assert recovered.product.bullets == ["Holds 12 oz", "Dishwasher safe"]
    assert recovered.product.title == "Red Mug" and root.is_dir()


def test_a_saved_project_whose_folder_went_away_is_refused(tmp_path):
    p = _project(tmp_path / "gone")
    write_recovery(p, tmp_path / "gone" / "p.studio.json")
    for f in (tmp_path / "gone").iterdir():
        f.unlink()
    (tmp_path / "gone").rmdir()
    with pytest.raises(ProjectError, match="no longer exists"):
        load_recovery(list_recoveries()[0])
    assert not (tmp_path / "gone").exists()  # not made again for a product that was moved
