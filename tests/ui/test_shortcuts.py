"""The studio's keyboard shortcuts, pressed as a user would (key events on the focused widget)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from studio.core.project_io import load_project
from studio.ui.document import open_document

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def _active(qtbot, w):
    """Shortcuts reach the active window only, as on a desktop."""
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=5_000)
    return w


def test_undo_redo_delete_and_save_from_the_keyboard(qtbot, window, planned_file):
    w = _active(qtbot, window)
    scenes = w.doc.project.timeline.scenes
    victim = scenes[1]
    w.timeline.select_scene(victim.id)
    w.timeline.setFocus()
    qtbot.keyClick(w.timeline, Qt.Key.Key_Delete)
    assert victim.id not in [s.id for s in scenes]
    qtbot.keyClick(w.timeline, Qt.Key.Key_Z, CTRL)
    assert scenes[1].id == victim.id
    qtbot.keyClick(w.timeline, Qt.Key.Key_Z, CTRL | SHIFT)
    assert victim.id not in [s.id for s in scenes]
    qtbot.keyClick(w.timeline, Qt.Key.Key_Z, CTRL)
    qtbot.keyClick(w.timeline, Qt.Key.Key_Y, CTRL)
    assert victim.id not in [s.id for s in scenes]
    assert w.isWindowModified()
    qtbot.keyClick(w.timeline, Qt.Key.Key_S, CTRL)
    assert not w.isWindowModified()
    assert victim.id not in [s.id for s in load_project(planned_file).timeline.scenes]


@pytest.mark.slow
def test_typing_in_a_text_box_is_not_taken_by_shortcuts(qtbot, window):
    w = _active(qtbot, window)
    qtbot.waitUntil(lambda: w.player.preview is not None and not w.player.busy, timeout=180_000)
    scene = w.doc.project.timeline.scenes[1]
    w.timeline.select_scene(scene.id)
    w.inspector.caption.setFocus()
    w.inspector.caption.moveCursor(w.inspector.caption.textCursor().MoveOperation.End)
    qtbot.keyClicks(w.inspector.caption, " now. Really")
    qtbot.keyClick(w.inspector.caption, Qt.Key.Key_Home)
    qtbot.keyClick(w.inspector.caption, Qt.Key.Key_Delete)
    assert scene.caption.endswith(" now. Really")
    assert not w.player.is_playing  # Space typed a space, "." a full stop
    assert len(w.doc.project.timeline.scenes) == 4  # Delete deleted a character, not the scene


@pytest.mark.slow
def test_playback_keys(qtbot, window):
    w = _active(qtbot, window)
    qtbot.waitUntil(lambda: w.player.preview is not None and not w.player.busy, timeout=180_000)
    w.timeline.setFocus()
    fps = w.player.preview.plan.fps
    qtbot.keyClick(w.timeline, Qt.Key.Key_Period)
    qtbot.keyClick(w.timeline, Qt.Key.Key_Period)
    assert round(w.player.position * fps) == 2
    qtbot.keyClick(w.timeline, Qt.Key.Key_Comma)
    assert round(w.player.position * fps) == 1
    qtbot.keyClick(w.timeline, Qt.Key.Key_End)
    assert round(w.player.position * fps) == w.player.preview.plan.frame_count - 1
    qtbot.keyClick(w.timeline, Qt.Key.Key_Home)
    assert w.player.position == 0.0
    qtbot.keyClick(w.timeline, Qt.Key.Key_Space)
    assert w.player.is_playing
    qtbot.keyClick(w.timeline, Qt.Key.Key_Space)
    assert not w.player.is_playing


def test_replan_export_and_escape(qtbot, make_window, planned_file, product_dir):
    w = _active(qtbot, make_window(open_document(planned_file)))
    qtbot.keyClick(w.timeline, Qt.Key.Key_E, CTRL)
    assert w.export_dialog is not None and w.export_dialog.isVisible()
    w.export_dialog.close()
    _active(qtbot, w)
    qtbot.keyClick(w.timeline, Qt.Key.Key_R, CTRL)
    assert w.planner.busy and w.job_status.isVisible()
    qtbot.keyClick(w.timeline, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not w.planner.busy, timeout=60_000)
    assert not w.job_status.isVisible()
    assert (
        len(w.doc.project.timeline.scenes) == 4 and not w.doc.undo.can_undo
    )  # cancelled: nothing changed


def test_duplicate_scene_with_ctrl_d(qtbot, window):
    w = _active(qtbot, window)
    scenes = w.doc.project.timeline.scenes
    original = scenes[1]
    w.timeline.select_scene(original.id)
    qtbot.keyClick(w.timeline, Qt.Key.Key_D, CTRL)
    assert len(scenes) == 5
    copy = scenes[2]
    assert (
        copy.id != original.id and copy.caption == original.caption and copy.image == original.image
    )
    assert w.timeline.selected_scene_id() == copy.id
    assert w.undo_action.text() == "Undo Duplicate Scene"
    qtbot.keyClick(w.timeline, Qt.Key.Key_Z, CTRL)
    assert [s.id for s in scenes].count(original.id) == 1 and len(scenes) == 4
    w.timeline.select_scene(scenes[0].id)  # the title card: one per video
    assert not w.duplicate_action.isEnabled()
    qtbot.keyClick(w.timeline, Qt.Key.Key_D, CTRL)
    assert len(scenes) == 4


@pytest.mark.slow
def test_focused_controls_keep_their_keys(qtbot, window):
    w = _active(qtbot, window)
    qtbot.waitUntil(lambda: w.player.preview is not None and not w.player.busy, timeout=180_000)
    scenes = w.doc.project.timeline.scenes
    w.timeline.select_scene(scenes[1].id)
    w.show_page(w.voice_page)
    box = w.voice_panel.own_speed
    box.setFocus()
    before = box.isChecked()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert box.isChecked() != before and not w.player.is_playing  # Space pressed the check box
    w.show_page(w.image_list)
    w.image_list.list.setFocus()
    w.image_list.list.setCurrentRow(0)
    qtbot.keyClick(w.image_list.list, Qt.Key.Key_Delete)
    assert len(scenes) == 4  # Delete in the photo list did not delete the selected scene
    w.timeline.setFocus()
    qtbot.keyClick(w.timeline, Qt.Key.Key_Space)
    assert w.player.is_playing  # the timeline leaves Space to the player
    w.player.pause()


def test_escape_during_a_framing_drag_cancels_the_drag_not_the_task(qtbot, window):
    w = _active(qtbot, window)
    scene = w.doc.project.timeline.scenes[1]
    w.timeline.select_scene(scene.id)
    view = w.inspector.motion.view
    qtbot.waitUntil(lambda: view.isVisible() and view.width() > 50, timeout=10_000)
    w.replan_action.trigger()
    assert w.planner.busy
    centre = view.rect().center()
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseMove(view, pos=centre + centre / 8)
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert w.planner.busy  # the plan goes on
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=centre + centre / 8)
    assert scene.motion is None  # the drag was cancelled, nothing changed
    w.planner.cancel()
