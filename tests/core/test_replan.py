"""Re-plans never undo the seller: the whole path without a window, the way the studio runs it
(plan on a snapshot, then apply the result to the live project through the undo log)."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.core.edits import MoveScene, RemoveScene, SetSceneField, UndoLog
from studio.core.model import ImageAsset, Product, Project
from studio.core.project_io import load_project, save_project, snapshot
from studio.core.replan import apply_planned_scenes
from studio.core.storyboard import (
    ImageChoice,
    apply_plan,
    describe_changes,
    locked_choices,
    needs_review,
)

BULLETS = ["Red glaze", "Big handle", "Lid", "Gift box"]


@pytest.fixture
def project(tmp_path: Path) -> Project:
    for n in "abcdefg":
        (tmp_path / f"{n}.jpg").write_bytes(b"x")
    p = Project(
        tmp_path,
        Product("Mug", list(BULLETS), price="$9"),
        [ImageAsset(f"{n}.jpg") for n in "abcde"],
    )
    apply_plan(p, _choices(p, "bcde"), hero="a.jpg", order=range(len(BULLETS)))
    return p


def _choices(p: Project, images: str, confidence: float = 0.9) -> list[ImageChoice]:
    return [
        ImageChoice(b, f"{images[b % len(images)]}.jpg", confidence)
        for b in range(len(p.product.bullets))
    ]


def replan(p: Project, undo: UndoLog, images: str, order=None, everything: bool = False):
    """What the studio's Planner does: plan a snapshot, apply it as one undoable step."""
    snap = snapshot(p)
    n = len(p.product.bullets)
    choices = [
        c for c in _choices(snap, images) if locked_choices(snap, everything).get(c.bullet) is None
    ]
    apply_plan(snap, choices, "a.jpg", list(range(n)) if order is None else order, everything)
    return apply_planned_scenes(
        p, undo, snap.timeline, "Re-plan Everything" if everything else "Re-plan Scenes"
    )


def bullets_in_order(p: Project) -> list[int]:
    return [s.bullet for s in p.timeline.scenes if s.kind == "bullet"]


def images_by_bullet(p: Project) -> dict[int, str]:
    return {s.bullet: s.image for s in p.timeline.scenes if s.kind == "bullet"}


def test_the_sellers_order_survives_adding_photos_and_a_replan(project):
    undo = UndoLog(project)
    handle = project.timeline.scenes[2]
    undo.push(MoveScene(handle.id, 4))  # the seller drags "Big handle" to the end
    assert bullets_in_order(project) == [0, 2, 3, 1]
    project.images.append(ImageAsset("f.jpg"))
    changes = replan(project, undo, "fedc", order=[3, 2, 1, 0])  # the plan prefers another order
    assert bullets_in_order(project) == [0, 2, 3, 1]
    assert images_by_bullet(project)[0] == "f.jpg"  # untouched scenes do take the new photo
    assert {c.kind for c in changes} == {"photo"}


def test_a_photo_dropped_on_a_card_survives_editing_a_bullet(project):
    undo = UndoLog(project)
    lid = project.timeline.scenes[3]
    with undo.group("Change Image"):  # what dropping a photo on a card pushes
        undo.set_scene(lid.id, "image", "e.jpg")
        undo.set_scene(lid.id, "locked", True)
    undo.set_attr("product", "bullets", ["Red glaze", "Big handle", "Lid that seals", "Gift box"])
    replan(project, undo, "bcdb")
    assert images_by_bullet(project)[2] == "e.jpg"
    assert lid.caption == "Lid that seals"  # words the seller did not rewrite follow the bullet


def test_a_typed_caption_commits_the_scene(project):
    undo = UndoLog(project)
    glaze = project.timeline.scenes[1]
    undo.set_scene(glaze.id, "caption", "Glossy red finish")
    assert glaze.edited
    replan(project, undo, "dcbe")
    assert glaze.caption == "Glossy red finish" and glaze.image == "b.jpg"
    assert images_by_bullet(project)[1] == "c.jpg"  # the untouched ones moved on ("dcbe")
    undo.undo()  # the re-plan
    undo.undo()  # the caption
    assert not glaze.edited and glaze.caption == "Red glaze"


def test_a_deleted_scene_stays_deleted_until_undone(project):
    undo = UndoLog(project)
    box = next(s for s in project.timeline.scenes if s.bullet == 3)
    undo.push(RemoveScene(box.id))
    assert project.timeline.dismissed == ["Gift box"]
    replan(project, undo, "bcde")
    assert 3 not in bullets_in_order(project)
    undo.undo()  # the (empty) re-plan step was not recorded; this undoes the delete
    assert 3 in bullets_in_order(project) and project.timeline.dismissed == []


def test_replan_everything_resets_what_the_seller_did_except_locks_and_undoes_as_one(project):
    undo = UndoLog(project)
    scenes = project.timeline.scenes
    undo.push(MoveScene(scenes[1].id, 3))
    undo.set_scene(scenes[2].id, "image", "e.jpg")  # edited, not locked
    undo.push(SetSceneField(scenes[4].id, "locked", False, True))  # "Gift box" locked
    box = next(s for s in scenes if s.bullet == 3)
    before = ([s.id for s in scenes], images_by_bullet(project), project.timeline.arranged)
    changes = replan(project, undo, "cdbb", everything=True)
    assert bullets_in_order(project) == [0, 1, 2, 3]
    assert images_by_bullet(project)[3] == box.image == "e.jpg" or box.locked
    assert not project.timeline.arranged
    assert changes and undo.undo_label == "Re-plan Everything"
    undo.undo()
    assert ([s.id for s in scenes], images_by_bullet(project), project.timeline.arranged) == before


def test_a_new_bullet_goes_after_its_neighbour_in_an_arranged_timeline(project):
    undo = UndoLog(project)
    undo.push(MoveScene(project.timeline.scenes[1].id, 4))  # order now 1, 2, 3, 0
    undo.set_attr(
        "product", "bullets", ["Red glaze", "Big handle", "Dishwasher safe", "Lid", "Gift box"]
    )
    changes = replan(project, undo, "bcdeb")
    assert bullets_in_order(project) == [
        1,
        2,
        3,
        4,
        0,
    ]  # "Dishwasher safe" (2) right after "Big handle" (1)
    assert [c.text for c in changes if c.kind == "new"] == [
        'new scene for "Dishwasher safe" (d.jpg)'
    ]


def test_locked_and_edited_scenes_count_as_the_matchers_locks(project):
    undo = UndoLog(project)
    undo.set_scene(project.timeline.scenes[1].id, "caption", "Mine")
    assert locked_choices(project) == {0: "b.jpg"}
    assert locked_choices(project, everything=True) == {}


def test_commitments_are_saved_and_read_back(project, tmp_path):
    undo = UndoLog(project)
    undo.push(MoveScene(project.timeline.scenes[1].id, 3))
    undo.push(RemoveScene(project.timeline.scenes[1].id))
    undo.set_scene(project.timeline.scenes[1].id, "caption", "Mine")
    save_project(project, tmp_path / "m.studio.json")
    back = load_project(tmp_path / "m.studio.json")
    assert back.timeline.arranged and back.timeline.dismissed == project.timeline.dismissed
    assert [s.edited for s in back.timeline.scenes] == [s.edited for s in project.timeline.scenes]


def test_unsure_planned_scenes_are_flagged_for_review(project):
    apply_plan(project, _choices(project, "bcde", confidence=0.4), hero="a.jpg", order=range(4))
    assert sum(needs_review(s) for s in project.timeline.scenes) == 4
    project.timeline.scenes[1].edited = True  # the seller looked at it and changed it
    project.timeline.scenes[2].shown = False  # nothing shows it: a general view, not a doubt
    assert sum(needs_review(s) for s in project.timeline.scenes) == 2


def test_changes_are_described_in_the_sellers_words(project):
    before = list(project.timeline.scenes)
    after = [before[0], before[2], before[1], *before[3:]]
    assert [c.kind for c in describe_changes(before, after)] == ["moved", "moved"]
