from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from studio.core.edits import UndoLog
from studio.core.model import Project, Scene, Timeline
from studio.ui.thumbnails import ThumbnailCache
from studio.ui.timeline_model import LockedRole, SceneIdRole, TimelineModel
from studio.ui.timeline_view import TimelineView


def _project(tmp_path, n=4) -> Project:
    scenes = [Scene(kind="bullet", caption=f"Scene {i}", bullet=i) for i in range(n)]
    return Project(tmp_path, timeline=Timeline(scenes))


def _captions(p: Project) -> list[str]:
    return [s.caption for s in p.timeline.scenes]


def test_model_follows_scene_edits_and_list_changes(qtbot, tmp_path):
    p = _project(tmp_path)
    undo = UndoLog(p)
    m = TimelineModel(p, undo)
    changed: list[int] = []
    m.dataChanged.connect(lambda a, b: changed.append(a.row()))
    undo.set_scene(p.timeline.scenes[2].id, "locked", True)
    assert changed == [2]
    assert m.index(2).data(LockedRole) is True
    p.timeline.scenes.append(Scene(caption="new"))
    assert m.rowCount() == 5 and m.index(4).data() == "new"
    undo.undo()
    assert m.index(2).data(LockedRole) is False


def test_move_rows_is_one_undo_step(qtbot, tmp_path):
    p = _project(tmp_path)
    undo = UndoLog(p)
    m = TimelineModel(p, undo)
    assert m.moveRows(QModelIndex(), 0, 1, QModelIndex(), 3)  # before row 3
    assert _captions(p) == ["Scene 1", "Scene 2", "Scene 0", "Scene 3"]
    assert [m.index(r).data() for r in range(4)] == _captions(p)
    assert undo.undo_label == "Reorder Scenes"
    undo.undo()
    assert _captions(p) == ["Scene 0", "Scene 1", "Scene 2", "Scene 3"]
    undo.redo()
    assert _captions(p) == ["Scene 1", "Scene 2", "Scene 0", "Scene 3"]


def test_drop_moves_through_undo_log_and_view_keeps_rows(qtbot, tmp_path):
    p = _project(tmp_path)
    undo = UndoLog(p)
    m = TimelineModel(p, undo)
    view = TimelineView(m, ThumbnailCache())
    qtbot.addWidget(view)
    data = m.mimeData([m.index(3)])
    # dropped onto the first card: lands before it
    accepted = m.dropMimeData(data, Qt.DropAction.MoveAction, -1, 0, m.index(0))
    assert accepted is False  # the view must not delete a "source" row afterwards
    assert _captions(p) == ["Scene 3", "Scene 0", "Scene 1", "Scene 2"]
    assert m.rowCount() == 4
    # dropped past the end
    m.dropMimeData(m.mimeData([m.index(0)]), Qt.DropAction.MoveAction, 4, 0, QModelIndex())
    assert _captions(p) == ["Scene 0", "Scene 1", "Scene 2", "Scene 3"]
    undo.undo()
    assert _captions(p) == ["Scene 3", "Scene 0", "Scene 1", "Scene 2"]
    undo.undo()
    assert _captions(p) == ["Scene 0", "Scene 1", "Scene 2", "Scene 3"]
    assert not undo.can_undo


def test_view_selection_signal(qtbot, tmp_path):
    p = _project(tmp_path)
    m = TimelineModel(p, UndoLog(p))
    view = TimelineView(m, ThumbnailCache())
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.scene_selected, timeout=5000) as blocker:
        view.select_scene(p.timeline.scenes[2].id)
    assert blocker.args == [p.timeline.scenes[2].id]
    assert m.index(2).data(SceneIdRole) == view.selected_scene_id()


def test_dropping_a_card_onto_the_strip_reorders(qtbot, tmp_path):
    from PySide6.QtGui import QDropEvent

    p = _project(tmp_path)
    undo = UndoLog(p)
    m = TimelineModel(p, undo)
    view = TimelineView(m, ThumbnailCache())
    qtbot.addWidget(view)
    view.resize(1000, 260)
    view.show()
    qtbot.waitExposed(view)
    card = view.visualRect(m.index(0))
    target = card.center()
    target.setX(card.left() + card.width() // 5)  # the left part of the first card: before it
    md = m.mimeData([m.index(2)])  # the event does not own it: keep it alive
    ev = QDropEvent(
        target.toPointF(),
        Qt.DropAction.MoveAction,
        md,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    ev.setAccepted(False)  # as Qt delivers it
    view.dropEvent(ev)
    assert _captions(p) == ["Scene 2", "Scene 0", "Scene 1", "Scene 3"]
    assert m.rowCount() == 4
    undo.undo()
    assert _captions(p) == ["Scene 0", "Scene 1", "Scene 2", "Scene 3"]
