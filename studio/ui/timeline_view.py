"""The timeline's scene lane: one card per scene, as wide as the scene lasts, dragged to reorder.

Cards are painted by ``timeline_card.SceneCardDelegate`` from the shared ``TimelineScale``
(zoom, durations, sound). Dragging a card's right edge trims the scene: the card follows the
mouse showing the new duration, and the release sets it as the scene's fixed duration in one
undo step (Escape cancels). A photo dragged over a card (from the Images list or the file
manager) highlights the card it would go to; dropped, it becomes that scene's image.
Right-clicking a card offers Duplicate, Delete, Lock/Unlock and Reset Motion. The playhead is
drawn across the cards.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractItemView, QFrame, QListView, QMenu

from studio.core.intake import IMAGE_SUFFIXES
from studio.ui.thumbnails import ThumbnailCache
from studio.ui.timeline_card import (
    CARD_H,
    NOT_SHOWN_COLOUR,
    PAD,
    THUMB_H,
    SceneCardDelegate,
    card_rect,
    confidence_colour,
)
from studio.ui.timeline_model import IMAGE_MIME, SCENE_MIME, SceneIdRole, TimelineModel
from studio.ui.timeline_scale import TimelineScale
from studio.ui.timeline_time import seconds, trim_duration

__all__ = ["NOT_SHOWN_COLOUR", "TimelineView", "confidence_colour"]

EDGE_GRAB = 5  # px either side of a card's right edge that grab it for trimming
TRAILING_ROOM = 48  # px of strip after the last card: room to drop past it, or to trim it longer
ORIGIN = 8  # px left of time 0 in the panel's lanes: the playhead at 0 shows whole
AUTOSCROLL_MARGIN = 24  # px from the view's edge where a trim drag scrolls the strip


def _carries_photo(data: QMimeData) -> bool:
    return not data.hasFormat(SCENE_MIME) and (data.hasFormat(IMAGE_MIME) or data.hasUrls())


EMPTY_HINT = "The scenes appear here: one for the title, one per selling point, one to close"


class TimelineView(QListView):
    """Emits ``scene_selected(scene_id)`` ("" when nothing is selected), ``message(text)``
    when a drop cannot be used (for the status bar) and ``zoom_requested(steps, x)`` for
    Ctrl+wheel (``x`` in viewport pixels)."""

    scene_selected = Signal(str)
    message = Signal(str)
    photo_files_dropped = Signal(list, str)  # photo files from outside the images, scene id
    zoom_requested = Signal(float, float)

    def __init__(
        self,
        model: TimelineModel,
        thumbnails: ThumbnailCache,
        parent=None,
        scale: TimelineScale | None = None,
    ) -> None:
        super().__init__(parent)
        self.scale = scale if scale is not None else TimelineScale(model, self)
        self.setModel(model)
        self._delegate = SceneCardDelegate(thumbnails, self.scale, self)
        self.setItemDelegate(self._delegate)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(False)
        self.setUniformItemSizes(False)  # each card as wide as its scene lasts
        self.setSpacing(0)  # so a card's left edge is its scene's start on the time scale
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMouseTracking(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDragDropOverwriteMode(False)
        self.setMinimumHeight(CARD_H + 24)
        self.setMaximumHeight(CARD_H + 34)
        self._photo_target: QPersistentModelIndex | None = (
            None  # the card a dragged photo would go to
        )
        self._trim: _Trim | None = None
        self.scale.changed.connect(self._on_layout)
        self.scale.sound_changed.connect(self.viewport().update)
        self.scale.playhead_moved.connect(self._on_playhead)
        self.setProperty("window_keys", True)  # Space plays, Delete deletes the scene (key_guard)
        thumbnails.ready.connect(
            self._on_thumbnail
        )  # a bound slot: dropped when this view is deleted
        self.selectionModel().currentChanged.connect(self._on_current)
        self.selectionModel().selectionChanged.connect(lambda *_: self._emit_selection())

    def _model(self) -> TimelineModel:
        return self.model()  # type: ignore[return-value]

    def selected_scene_id(self) -> str:
        rows = self.selectionModel().selectedRows()
        return rows[0].data(SceneIdRole) if rows else ""

    def select_scene(self, scene_id: str) -> None:
        model: TimelineModel = self.model()  # type: ignore[assignment]
        try:
            ix = model.index(model.row_of(scene_id))
        except KeyError:
            return
        self.selectionModel().setCurrentIndex(ix, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def _on_current(self, current: QModelIndex, _prev: QModelIndex) -> None:
        self._emit_selection()

    def _on_thumbnail(self, _path: str) -> None:
        self.viewport().update()

    def _emit_selection(self) -> None:
        self.scene_selected.emit(self.selected_scene_id())

    # -- photos dropped onto cards (scene cards dragged between cards go to QListView)
    def photo_target(self, pos: QPoint, data: QMimeData) -> QModelIndex | None:
        """The card at ``pos`` that a dragged photo would go to, if it can."""
        ix = self.indexAt(pos)
        if ix.isValid() and self._model().canDropMimeData(
            data, Qt.DropAction.CopyAction, -1, 0, ix
        ):
            return ix
        return None

    def _show_target(self, ix: QModelIndex | None) -> None:
        target = QPersistentModelIndex(ix) if ix is not None else None
        if target != self._photo_target:
            self._photo_target = target
            self.viewport().update()

    def outside_photos(self, data: QMimeData) -> list[Path]:
        """Photo files a drag brings from outside the product's images (the file manager):
        dropped on a card they are added to the images, then used in that scene."""
        if data.hasFormat(IMAGE_MIME) or self._model().dropped_image(data)[0] is not None:
            return []
        files = [Path(u.toLocalFile()) for u in data.urls() if u.isLocalFile()]
        return [f for f in files if f.suffix.lower() in IMAGE_SUFFIXES]

    def dragEnterEvent(self, e: QDragEnterEvent) -> None:
        data = e.mimeData()
        if not _carries_photo(data):
            return super().dragEnterEvent(e)
        image, why = self._model().dropped_image(data)
        if image is None:
            outside = self.outside_photos(data)
            if outside:
                self.message.emit(
                    f"Drop on a scene to add {outside[0].name} to the images and use it there"
                )
                e.setDropAction(Qt.DropAction.CopyAction)
                e.accept()
                return
            if why:
                self.message.emit(why)
            e.ignore()
            return
        e.setDropAction(
            Qt.DropAction.CopyAction
        )  # never a move: the file manager must keep its file
        e.accept()

    def dragMoveEvent(self, e: QDragMoveEvent) -> None:
        if not _carries_photo(e.mimeData()):
            return super().dragMoveEvent(e)
        ix = self._drop_target(e.position().toPoint(), e.mimeData())
        self._show_target(ix)
        if ix is None:
            e.ignore()
            return
        e.setDropAction(Qt.DropAction.CopyAction)
        e.accept()

    def _drop_target(self, pos: QPoint, data: QMimeData) -> QModelIndex | None:
        ix = self.photo_target(pos, data)
        if ix is None and self.outside_photos(data):
            at = self.indexAt(pos)
            ix = at if at.isValid() else None
        return ix

    def dragLeaveEvent(self, e: QDragLeaveEvent) -> None:
        self._show_target(None)
        super().dragLeaveEvent(e)

    def dropEvent(self, e: QDropEvent) -> None:
        data = e.mimeData()
        if not _carries_photo(data):
            return super().dropEvent(e)
        self._show_target(None)
        ix = self._drop_target(e.position().toPoint(), data)
        if ix is None:
            e.ignore()
            return
        outside = self.outside_photos(data)
        if outside:
            self.photo_files_dropped.emit(outside, ix.data(SceneIdRole))
        else:
            self._model().dropMimeData(data, Qt.DropAction.CopyAction, -1, 0, ix)
        self.select_scene(ix.data(SceneIdRole))
        e.setDropAction(Qt.DropAction.CopyAction)
        e.accept()

    def paintEvent(self, e: QPaintEvent) -> None:
        super().paintEvent(e)
        p = QPainter(self.viewport())
        if not self.model().rowCount():
            p.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            p.drawText(
                self.viewport().rect(),
                Qt.AlignmentFlag.AlignCenter,
                EMPTY_HINT,
            )
            p.end()
            return
        self._paint_target(p)
        self._paint_trim(p)
        x = round(self.scale.map.x_at(self.scale.playhead)) - self.scroll_x()
        p.fillRect(
            QRect(max(0, x - 1), 0, 2, self.viewport().height()),
            self.palette().color(QPalette.ColorRole.Highlight),
        )
        p.end()

    def _paint_trim(self, p: QPainter) -> None:
        """The duration a trim would set, in a pill by the dragged edge."""
        trim = self._trim
        if trim is None:
            return
        try:
            row = self._model().row_of(trim.scene_id)
        except KeyError:
            return
        r = card_rect(self.visualRect(self.model().index(row, 0)))
        text = seconds(trim.duration)
        fm = p.fontMetrics()
        tag = QRect(0, 0, fm.horizontalAdvance(text) + 16, fm.height() + 6)
        # beside the edge, under the photo's badges, clear of the mouse
        tag.moveTopLeft(QPoint(r.right() + 6, r.top() + PAD + THUMB_H - tag.height() // 2))
        pill = QPainterPath()
        pill.addRoundedRect(tag, tag.height() / 2, tag.height() / 2)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillPath(pill, self.palette().color(QPalette.ColorRole.Highlight))
        p.setPen(self.palette().color(QPalette.ColorRole.HighlightedText))
        p.drawText(tag, Qt.AlignmentFlag.AlignCenter, text)

    def _paint_target(self, p: QPainter) -> None:
        target = self._photo_target
        if target is None or not target.isValid():
            return
        r = card_rect(self.visualRect(target)).adjusted(2, 2, -2, -2)
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        hl = self.palette().color(QPalette.ColorRole.Highlight)
        fill = QColor(hl)
        fill.setAlpha(50)
        path = QPainterPath()
        path.addRoundedRect(r, 8, 8)
        p.fillPath(path, fill)
        p.setPen(QPen(hl, 3))
        p.drawPath(path)
        text = "Use this photo"
        fm = p.fontMetrics()
        tag = QRect(0, 0, fm.horizontalAdvance(text) + 16, fm.height() + 6)
        tag.moveCenter(QPoint(r.center().x(), r.top() + PAD + THUMB_H // 2))
        pill = QPainterPath()
        pill.addRoundedRect(tag, tag.height() / 2, tag.height() / 2)
        p.fillPath(pill, hl)
        p.setPen(self.palette().color(QPalette.ColorRole.HighlightedText))
        p.drawText(tag, Qt.AlignmentFlag.AlignCenter, text)
        p.restore()

    # -- the time scale
    def scroll_x(self) -> int:
        """How far the strip is scrolled: viewport x + this = x on the time scale."""
        return self.horizontalScrollBar().value()

    def set_origin(self, px: int) -> None:
        """Start time 0 ``px`` right of the view's left edge (as the lanes beside it do)."""
        self.setViewportMargins(px, 0, 0, 0)

    def _on_layout(self) -> None:
        self.scheduleDelayedItemsLayout()
        self.viewport().update()

    def updateGeometries(self) -> None:
        super().updateGeometries()
        bar = self.horizontalScrollBar()
        content = self.scale.map.width + TRAILING_ROOM
        bar.setRange(0, max(0, content - self.viewport().width()))
        bar.setPageStep(self.viewport().width())

    def _on_playhead(self, old: float, new: float) -> None:
        h = self.viewport().height()
        for t in (old, new):
            x = round(self.scale.map.x_at(t)) - self.scroll_x()
            self.viewport().update(QRect(x - 3, 0, 7, h))

    def wheelEvent(self, e: QWheelEvent) -> None:
        if e.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom_requested.emit(e.angleDelta().y() / 120, e.position().x())
            e.accept()
            return
        delta = e.angleDelta()
        step = delta.x() or delta.y()
        bar = self.horizontalScrollBar()
        bar.setValue(bar.value() - step)
        e.accept()

    # -- trimming: dragging a card's right edge
    def edge_at(self, pos: QPoint) -> int:
        """The row whose right edge (trim grip) is at ``pos``, or -1."""
        best, best_d = -1, EDGE_GRAB + 1
        model = self.model()
        for row in range(model.rowCount()):
            r = card_rect(self.visualRect(model.index(row, 0)))
            if not r.top() <= pos.y() <= r.bottom():
                continue
            d = abs(pos.x() - (r.right() + 1))
            if d < best_d:
                best, best_d = row, d
        return best if best_d <= EDGE_GRAB else -1

    def mousePressEvent(self, e: QMouseEvent) -> None:
        row = (
            self.edge_at(e.position().toPoint()) if e.button() == Qt.MouseButton.LeftButton else -1
        )
        if row < 0:
            return super().mousePressEvent(e)
        scene = self._model().scene_at(row)
        self.select_scene(scene.id)
        shown = self.scale.map.durations[row]
        self._trim = _Trim(scene.id, e.position().x() + self.scroll_x(), shown)
        self._delegate.trimming = scene.id
        e.accept()

    def mouseMoveEvent(self, e: QMouseEvent) -> None:
        trim = self._trim
        if trim is not None:
            self._autoscroll(e.position().x())
            x = e.position().x() + self.scroll_x()
            width = trim.start_duration * self.scale.px_per_s + (x - trim.press_x)
            trim.duration = trim_duration(width, self.scale.px_per_s)
            self.scale.show_trim(trim.scene_id, trim.duration)
            e.accept()
            return
        if not e.buttons():
            row = self.edge_at(e.position().toPoint())
            if row != self._delegate.hover_edge:
                self._delegate.hover_edge = row
                self.viewport().update()
            if row >= 0:
                self.viewport().setCursor(Qt.CursorShape.SizeHorCursor)
            else:
                self.viewport().unsetCursor()
        super().mouseMoveEvent(e)

    def mouseReleaseEvent(self, e: QMouseEvent) -> None:
        trim = self._trim
        if trim is None:
            return super().mouseReleaseEvent(e)
        self._end_trim()
        if trim.duration != trim.start_duration and any(
            sc.id == trim.scene_id for sc in self._model().project.timeline.scenes
        ):
            self._model().set_duration(trim.scene_id, trim.duration)
        e.accept()

    def event(self, e: QEvent) -> bool:
        # Esc in the middle of a trim cancels the trim, not the window's running task
        if (
            e.type() == QEvent.Type.ShortcutOverride
            and isinstance(e, QKeyEvent)
            and e.key() == Qt.Key.Key_Escape
            and self._trim is not None
        ):
            e.accept()
            return True
        return super().event(e)

    def keyPressEvent(self, e: QKeyEvent) -> None:
        if self._trim is not None and e.key() == Qt.Key.Key_Escape:
            self._end_trim()  # cancelled: nothing changes
            e.accept()
            return
        super().keyPressEvent(e)

    def leaveEvent(self, e) -> None:
        if self._delegate.hover_edge >= 0 and self._trim is None:
            self._delegate.hover_edge = -1
            self.viewport().unsetCursor()
            self.viewport().update()
        super().leaveEvent(e)

    def _end_trim(self) -> None:
        trim, self._trim = self._trim, None
        self._delegate.trimming = ""
        if trim is not None:
            self.scale.show_trim(trim.scene_id, None)

    def _autoscroll(self, x: float) -> None:
        """A trim dragged past the view's edge scrolls the strip after it."""
        bar = self.horizontalScrollBar()
        w = self.viewport().width()
        if x > w - AUTOSCROLL_MARGIN:
            bar.setValue(bar.value() + int(min(40, x - (w - AUTOSCROLL_MARGIN))))
        elif x < AUTOSCROLL_MARGIN:
            bar.setValue(bar.value() - int(min(40, AUTOSCROLL_MARGIN - x)))

    @property
    def trimming(self) -> bool:
        return self._trim is not None

    # -- the card's context menu
    def scene_menu(self, scene_id: str) -> QMenu:
        """Duplicate, Delete, Lock/Unlock and Reset Motion for one scene, as undoable edits."""
        model = self._model()
        scene = model.scene_at(model.row_of(scene_id))
        menu = QMenu(self)
        dup = menu.addAction(
            "Duplicate", lambda: self.select_scene(model.duplicate_scene(scene_id))
        )
        dup.setEnabled(model.can_duplicate(scene_id))
        menu.addAction("Delete", lambda: model.delete_scene(scene_id))
        menu.addSeparator()
        locked = scene.locked
        menu.addAction(
            "Unlock" if locked else "Lock", lambda: model.set_locked(scene_id, not locked)
        )
        reset = menu.addAction("Reset Motion", lambda: model.reset_motion(scene_id))
        reset.setEnabled(scene.motion is not None)
        return menu

    def contextMenuEvent(self, e: QContextMenuEvent) -> None:
        ix = self.indexAt(e.pos())
        if not ix.isValid():
            return
        scene_id = ix.data(SceneIdRole)
        self.select_scene(scene_id)
        menu = self.scene_menu(scene_id)
        menu.exec(e.globalPos())
        menu.deleteLater()


class _Trim:
    """A trim in progress: which scene, where the drag started, the duration it would set."""

    def __init__(self, scene_id: str, press_x: float, start_duration: float) -> None:
        self.scene_id = scene_id
        self.press_x = press_x  # on the time scale
        self.start_duration = start_duration
        self.duration = start_duration
