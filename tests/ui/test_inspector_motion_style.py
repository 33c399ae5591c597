"""The inspector's motion style: one undoable edit, shown again after undo and redo."""

from __future__ import annotations

from studio.core.edits import UndoLog
from studio.core.model import Project, Scene, Timeline
from studio.ui.inspector import SceneInspector


def test_choosing_parallax_is_one_undoable_edit(qtbot, tmp_path):
    p = Project(tmp_path, timeline=Timeline([Scene(caption="Warm"), Scene(caption="Dry")]))
    undo = UndoLog(p)
    ins = SceneInspector(p, undo)
    qtbot.addWidget(ins)
    ins.show()
    scene = p.timeline.scenes[0]
    ins.set_scene(scene.id)
    assert ins.motion_style.currentData() == "ken burns"
    assert [ins.motion_style.itemText(i) for i in range(2)] == ["Ken Burns", "Parallax"]

    ins.motion_style.setCurrentIndex(ins.motion_style.findData("parallax"))
    assert scene.motion_style == "parallax"
    assert undo.undo_label == "Change Motion Style"
    assert not scene.edited  # a style is not a re-plan decision: the scene stays the plan's

    undo.undo()
    assert scene.motion_style == "ken burns"
    assert ins.motion_style.currentData() == "ken burns"  # followed the undo
    assert not undo.can_undo  # showing the undo did not echo back as a new edit
    undo.redo()
    assert ins.motion_style.currentData() == "parallax"

    ins.set_scene(p.timeline.scenes[1].id)  # another scene shows its own style
    assert ins.motion_style.currentData() == "ken burns"
