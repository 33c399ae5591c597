from __future__ import annotations

from studio.core.edits import UndoLog
from studio.core.model import Project, Scene, Timeline
from studio.ui.inspector import SceneInspector


def _setup(qtbot, tmp_path):
    p = Project(tmp_path, timeline=Timeline([Scene(caption="Warm fleece", voice_line="Warm fleece."),
                                             Scene(caption="Second")]))
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
