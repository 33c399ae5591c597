"""Re-plans in the studio keep every choice the seller made, say what they changed with Undo
one click away, and "Re-plan Everything" shows its changes before applying them."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtWidgets import QDialog

from studio.ui.document import open_document
from studio.ui.timeline_model import ReviewRole, ShownRole


def _bullet_order(w) -> list[int]:
    return [s.bullet for s in w.doc.project.timeline.scenes if s.kind == "bullet"]


@pytest.mark.slow
def test_reordering_then_adding_photos_keeps_the_sellers_order(
    qtbot, make_window, planned_file, demo_dir
):
    w = make_window(open_document(planned_file))
    scenes = w.doc.project.timeline.scenes
    pocket = next(s for s in scenes if s.bullet == 1)
    w.timeline_model.move_scenes([pocket.id], 1)  # the seller drags the pocket scene first
    assert _bullet_order(w) == [1, 0] and w.doc.project.timeline.arranged
    shutil.copy(demo_dir / "img2.jpg", planned_file.parent / "img2.jpg")
    shutil.copy(demo_dir / "img4.jpg", planned_file.parent / "img4.jpg")
    images_before = {s.id: s.image for s in scenes}
    with qtbot.waitSignal(w.planning_finished, timeout=180_000):
        w.add_images([planned_file.parent / "img2.jpg", planned_file.parent / "img4.jpg"])
    assert _bullet_order(w) == [1, 0]
    changed = {s.id for s in scenes if images_before.get(s.id) != s.image}
    if changed:  # the new photos suited an untouched scene: the status bar says so, Undo is there
        assert (
            w.plan_notice.undo_button.isVisible() and "Re-plan Scenes" in w.plan_notice.label.text()
        )
        w.plan_notice.undo_button.click()
        assert {s.id: s.image for s in scenes} == images_before
    assert _bullet_order(w) == [1, 0]


def test_replan_everything_shows_its_changes_first_and_undoes_as_one_step(
    qtbot, make_window, planned_file
):
    w = make_window(open_document(planned_file))
    scenes = w.doc.project.timeline.scenes
    w.timeline.select_scene(next(s for s in scenes if s.bullet == 1).id)
    w.delete_action.trigger()  # the seller deletes the pocket scene...
    with qtbot.waitSignal(w.planning_finished, timeout=180_000):
        w.replan_action.trigger()  # ...and an automatic re-plan does not bring it back
    assert _bullet_order(w) == [0]
    order_before = [s.id for s in scenes]
    with qtbot.waitSignal(w.planner.preview, timeout=180_000):
        w.replan_all_action.trigger()
    dialog = w.replan_dialog
    assert dialog is not None and dialog.isVisible()
    texts = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert any(t.startswith('new scene for "Roomy kangaroo pocket."') for t in texts), texts
    assert [s.id for s in scenes] == order_before  # nothing changed before Apply
    dialog.apply_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert sorted(_bullet_order(w)) == [0, 1] and not w.doc.project.timeline.dismissed
    assert w.undo_action.text() == "Undo Re-plan Everything"
    w.undo_action.trigger()
    assert [s.id for s in scenes] == order_before and w.doc.project.timeline.dismissed


def test_cards_flag_unsure_scenes_and_scenes_no_photo_shows(qtbot, make_window, planned_file):
    w = make_window(open_document(planned_file))
    model = w.timeline_model
    rows = {model.scene_at(r).bullet: r for r in range(model.rowCount())}
    assert model.index(rows[1]).data(ReviewRole) is True  # planned at 40 %: check it
    assert model.index(rows[0]).data(ReviewRole) is False  # 80 %
    assert w.plan_notice.review.text() == "1 scene to check"
    unsure = model.scene_at(rows[1])
    w.doc.undo.set_scene(unsure.id, "shown", False)
    assert model.index(rows[1]).data(ShownRole) is False
    assert "no photo shows this" in model.index(rows[1]).data(0x03).lower()  # tooltip role
    assert w.plan_notice.review.text() == ""
