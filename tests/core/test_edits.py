from __future__ import annotations

from pathlib import Path

import pytest

from studio.core.edits import InsertScene, MoveScene, RemoveScene, UndoLog
from studio.core.model import ImageAsset, Product, Project, Scene, Timeline
from studio.core.project_io import project_to_dict, scene_to_dict


@pytest.fixture
def project() -> Project:
    scenes = (
        [Scene(kind="title", caption="Mug", image="a.jpg")]
        + [
            Scene(kind="bullet", bullet=i, caption=f"B{i}", voice_line=f"B{i}", image="a.jpg")
            for i in range(3)
        ]
        + [Scene(kind="cta", caption="Buy")]
    )
    return Project(
        Path("/p"),
        Product("Mug", ["B0", "B1", "B2"]),
        [ImageAsset("a.jpg"), ImageAsset("b.jpg")],
        Timeline(scenes),
    )


def _state(p: Project) -> dict:
    return project_to_dict(p)


def _captions(p: Project) -> list[str]:
    return [s.caption for s in p.timeline.scenes]


@pytest.mark.parametrize("src, dst", [(1, 3), (3, 1), (0, 4), (4, 0), (2, 2)])
def test_move_lands_where_asked_and_undoes_exactly(project, src, dst):
    log = UndoLog(project)
    before = _state(project)
    moving = project.timeline.scenes[src]
    log.push(MoveScene(moving.id, dst))
    assert project.timeline.index_of(moving.id) == dst
    log.undo()
    assert _state(project) == before
    log.redo()
    assert project.timeline.index_of(moving.id) == dst


def test_every_kind_of_edit_round_trips_through_undo_and_redo(project):
    log = UndoLog(project)
    snapshots = [_state(project)]
    s1 = project.timeline.scenes[1]
    log.set_scene(s1.id, "image", "b.jpg")
    log.set_scene(s1.id, "locked", True)
    log.set_attr("music", "mood", "calm", "Change Music")
    log.push(RemoveScene(project.timeline.scenes[2].id))
    extra = Scene(kind="bullet", bullet=2, caption="again", image="b.jpg")
    log.push(InsertScene(1, scene_to_dict(extra)))
    snapshots_after = _state(project)
    for _ in range(5):
        log.undo()
    assert _state(project) == snapshots[0]
    for _ in range(5):
        log.redo()
    assert _state(project) == snapshots_after
    assert log.undo_label == "Add Scene"


def test_typing_merges_into_one_step_but_not_across_fields_or_pauses(project):
    log = UndoLog(project)
    s = project.timeline.scenes[1]
    for text in ["B", "Bi", "Big", "Big mug"]:
        log.set_scene(s.id, "caption", text)
    log.set_scene(s.id, "voice_line", "Big mug!")
    assert log.undo_label == "Edit Voice Line"
    log.undo()
    assert log.undo_label == "Edit Caption"
    log.undo()
    assert s.caption == "B0" and not log.can_undo

    from studio.core import edits

    log.set_scene(s.id, "caption", "one")
    log._done[-1].at -= edits.MERGE_WINDOW + 1  # as if the user paused before typing on
    log.set_scene(s.id, "caption", "one two")
    log.undo()
    assert s.caption == "one"


def test_a_group_undoes_as_one_step(project):
    log = UndoLog(project)
    before = _state(project)
    with log.group("Re-plan"):
        for s in list(project.timeline.scenes)[1:4]:
            log.set_scene(s.id, "image", "b.jpg")
        log.push(MoveScene(project.timeline.scenes[1].id, 3))
    assert log.undo_label == "Re-plan"
    log.undo()
    assert _state(project) == before and not log.can_undo


def test_dirty_tracking_follows_save_points(project):
    log = UndoLog(project)
    events = []
    log.changed.connect(lambda: events.append(1))
    assert not log.is_dirty
    s = project.timeline.scenes[1]
    log.set_scene(s.id, "caption", "x")
    assert log.is_dirty
    log.mark_clean()
    log.set_scene(s.id, "caption", "xy")  # must not merge into the saved step
    assert log.is_dirty
    log.undo()
    assert not log.is_dirty and s.caption == "x"
    log.undo()
    assert log.is_dirty
    log.set_scene(s.id, "caption", "other branch")
    log.undo()
    assert log.is_dirty  # the saved state was discarded with the redo branch
    assert events


def test_no_op_edits_are_not_recorded(project):
    log = UndoLog(project)
    s = project.timeline.scenes[1]
    log.set_scene(s.id, "caption", s.caption)
    assert not log.can_undo


def test_a_group_that_fails_half_way_is_taken_back_and_not_recorded():
    import pytest

    from studio.core.edits import SetAttr, UndoLog
    from studio.core.model import Product, Project

    p = Project(Path("/p"), Product("Mug", ["a"]))
    undo = UndoLog(p)
    with pytest.raises(ValueError), undo.group("Re-plan"):
        undo.push(SetAttr("product", "title", "Mug", "Cup"))
        raise ValueError("the plan could not be applied")
    assert p.product.title == "Mug" and not undo.can_undo


def test_an_edit_pushed_while_undoing_is_refused():

    from studio.core.edits import SetAttr, UndoLog
    from studio.core.model import Product, Project

    p = Project(Path("/p"), Product("Mug", ["a"]))
    undo = UndoLog(p)
    undo.push(SetAttr("product", "title", "Mug", "Cup"))
    errors: list[Exception] = []

    def react(*_):  # a careless view answering the model's event with an edit
        try:
            undo.push(SetAttr("product", "brand", "", "x"))
        except RuntimeError as exc:
            errors.append(exc)

    p.product.events.title.connect(react)
    undo.undo()
    assert p.product.title == "Mug" and errors and not undo.can_undo and undo.can_redo
