"""Photos dropped onto timeline cards, scene cards still dragged between them, duplicates and
the card's context menu: real widgets, real photos, edits through the UndoLog."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QThreadPool, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent

from studio.core.edits import UndoLog
from studio.core.geometry import Rect
from studio.core.model import ImageAsset, Motion, Project, Scene, Timeline
from studio.ui.image_list import ImageList
from studio.ui.thumbnails import ThumbnailCache
from studio.ui.timeline_model import CHOSEN_BY_YOU, IMAGE_MIME, TimelineModel
from studio.ui.timeline_view import TimelineView
from tests.samples import demo_product, product_photo

# Qt marks the drag event constructors deprecated for application code; tests still need them
pytestmark = pytest.mark.filterwarnings(
    "ignore:Function.*QDrag(Enter|Move)Event:DeprecationWarning"
)

ANY_ACTION = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction | Qt.DropAction.LinkAction


@pytest.fixture
def strip(qtbot, tmp_path: Path):
    root = demo_product(tmp_path / "hoodie")
    scenes = [
        Scene(
            kind="bullet",
            caption=f"Scene {i}",
            bullet=i,
            image="img1.jpg",
            confidence=0.4,
            reasons=["colour match"],
            focus=Rect(0.1, 0.1, 0.3, 0.3),
        )
        for i in range(3)
    ]
    p = Project(
        root, images=[ImageAsset("img1.jpg"), ImageAsset("img3.jpg")], timeline=Timeline(scenes)
    )
    p.product.bullets[:] = ["one", "two", "three"]
    undo = UndoLog(p)
    thumbs = ThumbnailCache()
    model = TimelineModel(p, undo)
    view = TimelineView(model, thumbs)
    qtbot.addWidget(view)
    view.resize(1000, 260)
    view.show()
    qtbot.waitExposed(view)
    yield p, undo, model, view, thumbs
    QThreadPool.globalInstance().waitForDone(30_000)


def _card_centre(view: TimelineView, row: int) -> QPoint:
    return view.visualRect(view.model().index(row)).center()


def _drop(view: TimelineView, data: QMimeData, pos: QPoint) -> QDropEvent:
    """Enter, move and drop as Qt delivers them; the drop only comes when the move was accepted."""
    enter = QDragEnterEvent(
        pos, ANY_ACTION, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    enter.setAccepted(False)
    view.dragEnterEvent(enter)
    move = QDragMoveEvent(
        pos, ANY_ACTION, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    move.setAccepted(False)
    if enter.isAccepted():
        view.dragMoveEvent(move)
    drop = QDropEvent(
        pos.toPointF(), ANY_ACTION, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    drop.setAccepted(False)
    if move.isAccepted():
        view.dropEvent(drop)
    return drop


def _photo_mime(rel: str) -> QMimeData:
    md = QMimeData()
    md.setData(IMAGE_MIME, rel.encode())
    return md


def test_image_list_drag_carries_the_photo_and_swaps_the_cards_image(qtbot, strip):
    p, undo, model, view, thumbs = strip
    images = ImageList(p, thumbs)
    qtbot.addWidget(images)
    item = images.list.item(1)
    md = images.list.mimeData([item])
    assert bytes(md.data(IMAGE_MIME).data()).decode() == "img3.jpg"
    assert model.canDropMimeData(md, Qt.DropAction.CopyAction, -1, 0, model.index(1))
    assert not model.canDropMimeData(
        md, Qt.DropAction.CopyAction, 1, 0, model.index(-1)
    )  # between cards

    scene = p.timeline.scenes[1]
    drop = _drop(view, md, _card_centre(view, 1))
    assert drop.isAccepted() and drop.dropAction() == Qt.DropAction.CopyAction
    assert scene.image == "img3.jpg"
    assert scene.focus is None and scene.confidence is None
    assert scene.reasons == [CHOSEN_BY_YOU] and scene.locked
    assert [s.image for s in p.timeline.scenes] == ["img1.jpg", "img3.jpg", "img1.jpg"]
    assert view.selected_scene_id() == scene.id
    assert undo.undo_label == "Change Image"
    undo.undo()
    assert (scene.image, scene.focus, scene.confidence, scene.reasons, scene.locked) == (
        "img1.jpg",
        Rect(0.1, 0.1, 0.3, 0.3),
        0.4,
        ["colour match"],
        False,
    )
    assert not undo.can_undo
    undo.redo()
    assert scene.image == "img3.jpg"
    images.detach()


def test_the_card_under_a_dragged_photo_is_highlighted(qtbot, strip):
    _p, _undo, _model, view, _thumbs = strip
    md = _photo_mime("img3.jpg")
    pos = _card_centre(view, 2)
    move = QDragMoveEvent(
        pos, ANY_ACTION, md, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    move.setAccepted(False)
    view.dragMoveEvent(move)
    assert move.isAccepted()
    assert view._photo_target is not None and view._photo_target.row() == 2
    view.grab()  # paints the highlight
    past_the_end = QPoint(view.visualRect(view.model().index(2)).right() + 100, pos.y())
    move = QDragMoveEvent(
        past_the_end, ANY_ACTION, md, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    move.setAccepted(False)
    view.dragMoveEvent(move)
    assert not move.isAccepted() and view._photo_target is None


def test_a_file_of_the_product_dropped_from_the_file_manager(qtbot, strip):
    p, undo, _model, view, _thumbs = strip
    md = QMimeData()
    md.setUrls([QUrl.fromLocalFile(str(p.root / "img3.jpg"))])
    drop = _drop(view, md, _card_centre(view, 0))
    assert drop.dropAction() == Qt.DropAction.CopyAction  # the file manager keeps its file
    assert p.timeline.scenes[0].image == "img3.jpg"
    undo.undo()
    assert p.timeline.scenes[0].image == "img1.jpg"


def test_photos_from_elsewhere_dropped_on_a_card_are_handed_over_for_import(qtbot, strip, tmp_path):
    """Not yet among the images (outside the folder, or in it but never added): the card
    lights up, the message says what the drop will do, and the drop asks the window to add
    the file and use it there; nothing changes until the import has checked it."""
    p, undo, _model, view, _thumbs = strip
    outside = product_photo(tmp_path / "elsewhere.jpg")
    stray = product_photo(p.root / "stray.jpg")
    for path in (outside, stray):
        md = QMimeData()
        md.setUrls([QUrl.fromLocalFile(str(path))])
        with (
            qtbot.waitSignal(view.photo_files_dropped, timeout=2000) as handed,
            qtbot.waitSignal(view.message, timeout=2000) as said,
        ):
            drop = _drop(view, md, _card_centre(view, 1))
        assert "Drop on a scene to add" in said.args[0] and path.name in said.args[0]
        assert "outside the product folder" not in said.args[0]
        assert drop.isAccepted() and drop.dropAction() == Qt.DropAction.CopyAction
        assert handed.args == [[path], p.timeline.scenes[1].id]
    assert [s.image for s in p.timeline.scenes] == ["img1.jpg"] * 3
    assert not undo.can_undo


def test_files_that_are_not_photos_are_refused(qtbot, strip, tmp_path):
    p, undo, _model, view, _thumbs = strip
    notes = tmp_path / "notes.txt"
    notes.write_text("not a photo")
    md = QMimeData()
    md.setUrls([QUrl.fromLocalFile(str(notes))])
    drop = _drop(view, md, _card_centre(view, 0))
    assert not drop.isAccepted()
    assert [s.image for s in p.timeline.scenes] == ["img1.jpg"] * 3 and not undo.can_undo


def test_dropping_a_card_between_cards_still_reorders(qtbot, strip):
    p, undo, model, view, _thumbs = strip
    card = view.visualRect(model.index(0))
    target = QPoint(card.left() + card.width() // 5, card.center().y())  # the left part: before it
    md = model.mimeData([model.index(2)])
    _drop(view, md, target)
    assert [s.caption for s in p.timeline.scenes] == ["Scene 2", "Scene 0", "Scene 1"]
    assert view._photo_target is None
    undo.undo()
    assert [s.caption for s in p.timeline.scenes] == ["Scene 0", "Scene 1", "Scene 2"]


def test_duplicate_scene_is_one_undo_step(qtbot, strip):
    p, undo, model, _view, _thumbs = strip
    first = p.timeline.scenes[0]
    first.motion = Motion(Rect(0.1, 0.1, 0.5, 0.5), Rect.full())
    new_id = model.duplicate_scene(first.id)
    assert model.rowCount() == 4
    copy = p.timeline.scenes[1]
    assert copy.id == new_id != first.id
    assert (copy.caption, copy.image, copy.motion, copy.bullet) == (
        first.caption,
        first.image,
        first.motion,
        first.bullet,
    )
    assert undo.undo_label == "Duplicate Scene"
    undo.undo()
    assert [s.id for s in p.timeline.scenes][0] == first.id and model.rowCount() == 3
    undo.redo()
    assert p.timeline.scenes[1].id == new_id


def test_card_context_menu(qtbot, strip):
    p, undo, model, view, _thumbs = strip
    scene = p.timeline.scenes[1]
    scene.motion = Motion(Rect(0.1, 0.1, 0.5, 0.5), Rect.full())

    def act(text: str) -> None:
        menu = view.scene_menu(scene.id)
        actions = {a.text(): a for a in menu.actions() if a.text()}
        actions[text].trigger()
        menu.deleteLater()

    menu = view.scene_menu(scene.id)
    assert [a.text() for a in menu.actions()] == ["Duplicate", "Delete", "", "Lock", "Reset Motion"]
    act("Lock")
    assert scene.locked and undo.undo_label == "Lock Scene"
    assert [a.text() for a in view.scene_menu(scene.id).actions()][3] == "Unlock"
    act("Unlock")
    assert not scene.locked and undo.undo_label == "Unlock Scene"
    act("Reset Motion")
    assert scene.motion is None and undo.undo_label == "Reset Motion"
    assert not view.scene_menu(scene.id).actions()[4].isEnabled()
    act("Duplicate")
    assert model.rowCount() == 4 and view.selected_scene_id() == p.timeline.scenes[2].id
    act("Delete")
    assert scene not in list(p.timeline.scenes) and undo.undo_label == "Delete Scene"
    undo.undo()
    assert p.timeline.scenes[1].id == scene.id
