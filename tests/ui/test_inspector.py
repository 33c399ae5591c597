from __future__ import annotations

from studio.core.edits import UndoLog
from studio.core.model import Project, Scene, Timeline
from studio.ui.inspector import SceneInspector


def _setup(qtbot, tmp_path):
    p = Project(
        tmp_path,
        timeline=Timeline(
            [Scene(caption="Warm fleece", voice_line="Warm fleece."), Scene(caption="Second")]
        ),
    )
    undo = UndoLog(p)
    ins = SceneInspector(p, undo)
    qtbot.addWidget(ins)
    ins.show()
    ins.set_scene(p.timeline.scenes[0].id)
    return p, undo, ins


def test_typing_a_caption_is_one_undo_step(qtbot, tmp_path):
    p, undo, ins = _setup(qtbot, tmp_path)
    scene = p.timeline.scenes[0]
    ins.caption.setFocus()
    ins.caption.moveCursor(ins.caption.textCursor().MoveOperation.End)
    qtbot.keyClicks(ins.caption, " for winter")
    assert scene.caption == "Warm fleece for winter"
    assert undo.undo_label == "Edit Caption"
    undo.undo()
    assert scene.caption == "Warm fleece"
    assert ins.caption.toPlainText() == "Warm fleece"  # followed the undo
    assert not undo.can_undo  # the undo did not echo back as a new edit
    undo.redo()
    assert ins.caption.toPlainText() == "Warm fleece for winter"


def test_lock_transition_and_duration_go_through_undo(qtbot, tmp_path):
    p, undo, ins = _setup(qtbot, tmp_path)
    scene = p.timeline.scenes[0]
    ins.locked.setChecked(True)
    assert scene.locked
    ins.transition.setCurrentIndex(ins.transition.findData("cut"))
    assert scene.transition == "cut"
    ins.auto_duration.setChecked(False)
    ins.duration.setValue(4.5)
    assert scene.duration == 4.5
    undo.undo()
    undo.undo()
    assert scene.duration is None and ins.auto_duration.isChecked()
    # a change made elsewhere shows up
    undo.set_scene(scene.id, "voice_line", "Changed elsewhere")
    assert ins.voice_line.toPlainText() == "Changed elsewhere"
    ins.set_scene(p.timeline.scenes[1].id)
    assert ins.caption.toPlainText() == "Second"


def test_motion_row_follows_the_selected_scene_and_fits_the_column(qtbot, tmp_path):
    from studio.core.geometry import Rect
    from studio.core.model import Motion

    p, undo, ins = _setup(qtbot, tmp_path)
    ins.resize(360, ins.sizeHint().height())
    first, second = p.timeline.scenes
    assert ins.motion.scene is first
    assert ins.motion.kind.text() == "Automatic"
    undo.set_scene(first.id, "motion", Motion(Rect(0.1, 0.1, 0.5, 0.5), Rect.full()))
    assert ins.motion.kind.text() == "Custom" and ins.motion.reset_button.isEnabled()
    ins.set_scene(second.id)
    assert ins.motion.scene is second and ins.motion.kind.text() == "Automatic"
    # the whole editor is inside the inspector's ~360 px column
    area = ins.motion.geometry()
    assert ins.rect().contains(area)
    assert area.width() >= 320 and ins.motion.view.height() >= 160
    ins.detach()
    assert ins.motion.scene is None
