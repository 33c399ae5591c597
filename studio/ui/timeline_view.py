"""The timeline: a horizontal strip of scene cards that can be dragged to reorder.

Cards show the scene's thumbnail, its kind and duration, the caption (elided), a confidence
badge for matched bullets ("Check" when the plan is unsure, "No photo shows this" when no photo
could show the bullet) and a lock mark. Colours come from the palette (light or dark).
A photo dragged over a card (from the Images list or the file manager) highlights the card it
would go to; dropped, it becomes that scene's image. Right-clicking a card offers Duplicate,
Delete, Lock/Unlock and Reset Motion.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QItemSelectionModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
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
    QFont,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from studio.core.storyboard import CONFIDENT, REVIEW_BELOW
from studio.ui.thumbnails import ThumbnailCache
from studio.ui.timeline_model import (
    IMAGE_MIME,
    KIND_NAMES,
    SCENE_MIME,
    ConfidenceRole,
    DurationTextRole,
    ImagePathRole,
    KindRole,
    LockedRole,
    ReviewRole,
    SceneIdRole,
    ShownRole,
    TimelineModel,
)

CARD_W, CARD_H = 200, 184
THUMB_H = 112
PAD = 8


def confidence_colour(c: float) -> QColor:
    """Fixed probability bands (see core.storyboard): sure, fair, check."""
    if c >= CONFIDENT:
        return QColor("#2e7d32")
    if c >= REVIEW_BELOW:
        return QColor("#a15c00")
    return QColor("#c62828")


NOT_SHOWN_COLOUR = QColor("#455a64")


class SceneCardDelegate(QStyledItemDelegate):
    def __init__(self, thumbnails: ThumbnailCache, parent=None) -> None:
        super().__init__(parent)
        self._thumbs = thumbnails

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        return QSize(CARD_W, CARD_H)

    def paint(
        self, p: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        pal = option.palette
        r = option.rect.adjusted(4, 4, -4, -4)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        card = QPainterPath()
        card.addRoundedRect(r, 8, 8)
        p.fillPath(card, pal.color(QPalette.ColorRole.Base))
        p.setPen(
            pal.color(QPalette.ColorRole.Highlight)
            if selected
            else pal.color(QPalette.ColorRole.Mid)
        )
        pen = p.pen()
        pen.setWidthF(2.5 if selected else 1.0)
        p.setPen(pen)
        p.drawPath(card)

        thumb_rect = QRect(r.left() + PAD, r.top() + PAD, r.width() - 2 * PAD, THUMB_H)
        clip = QPainterPath()
        clip.addRoundedRect(thumb_rect, 5, 5)
        p.fillPath(clip, pal.color(QPalette.ColorRole.AlternateBase))
        pm = self._thumbs.pixmap(index.data(ImagePathRole))
        if pm is not None and not pm.isNull():
            # cover the thumbnail box, centred
            scaled = pm.scaled(
                thumb_rect.size(),
                Qt.AspectRatioMode.KeepAspectRatioByExpanding,
                Qt.TransformationMode.SmoothTransformation,
            )
            sx = (scaled.width() - thumb_rect.width()) // 2
            sy = (scaled.height() - thumb_rect.height()) // 2
            p.setClipPath(clip)
            p.drawPixmap(thumb_rect, scaled, QRect(sx, sy, thumb_rect.width(), thumb_rect.height()))
            p.setClipping(False)

        small = QFont(option.font)
        small.setPointSizeF(max(7.0, option.font.pointSizeF() * 0.85))
        # badges over the thumbnail: confidence (top right), lock (top left)
        conf = index.data(ConfidenceRole)
        if index.data(KindRole) == "bullet" and index.data(ShownRole) is False:
            self._badge(p, small, "No photo shows this", NOT_SHOWN_COLOUR, thumb_rect, right=True)
        elif conf is not None:
            text = f"Check · {conf:.0%}" if index.data(ReviewRole) else f"{conf:.0%}"
            self._badge(p, small, text, confidence_colour(conf), thumb_rect, right=True)
        if index.data(LockedRole):
            self._badge(p, small, "Locked", QColor(40, 40, 40, 200), thumb_rect, right=False)

        # kind · duration line, then the caption (two lines, elided)
        y = thumb_rect.bottom() + 6
        p.setFont(small)
        p.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
        meta = f"{index.row() + 1}. {KIND_NAMES.get(index.data(KindRole), '')} · {index.data(DurationTextRole)}"
        fm = p.fontMetrics()
        p.drawText(
            QRect(thumb_rect.left(), y, thumb_rect.width(), fm.height()),
            Qt.AlignmentFlag.AlignLeft,
            fm.elidedText(meta, Qt.TextElideMode.ElideRight, thumb_rect.width()),
        )
        y += fm.height() + 2
        p.setFont(option.font)
        p.setPen(pal.color(QPalette.ColorRole.Text))
        fm = p.fontMetrics()
        text_rect = QRect(thumb_rect.left(), y, thumb_rect.width(), r.bottom() - y - 4)
        self._draw_caption(p, index.data(Qt.ItemDataRole.DisplayRole) or "", text_rect)
        p.restore()

    @staticmethod
    def _badge(p: QPainter, font: QFont, text: str, bg: QColor, box: QRect, right: bool) -> None:
        p.setFont(font)
        fm = p.fontMetrics()
        w, h = fm.horizontalAdvance(text) + 10, fm.height() + 2
        x = box.right() - w - 4 if right else box.left() + 4
        rect = QRect(x, box.top() + 4, w, h)
        path = QPainterPath()
        path.addRoundedRect(rect, h / 2, h / 2)
        p.fillPath(path, bg)
        p.setPen(QColor("white"))
        p.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)

    @staticmethod
    def _draw_caption(p: QPainter, text: str, rect: QRect) -> None:
        """Up to as many lines as fit, word-wrapped, the last one elided."""
        fm = p.fontMetrics()
        lines: list[str] = []
        max_lines = max(1, rect.height() // fm.lineSpacing())
        words = text.split()
        line = ""
        while words:
            trial = f"{line} {words[0]}".strip()
            if fm.horizontalAdvance(trial) <= rect.width() or not line:
                line = trial
                words.pop(0)
                continue
            lines.append(line)
            line = ""
            if len(lines) == max_lines - 1:
                break
        rest = " ".join(([line] if line else []) + words)
        if rest:
            lines.append(fm.elidedText(rest, Qt.TextElideMode.ElideRight, rect.width()))
        for i, ln in enumerate(lines[:max_lines]):
            p.drawText(rect.left(), rect.top() + fm.ascent() + i * fm.lineSpacing(), ln)


def _carries_photo(data: QMimeData) -> bool:
    return not data.hasFormat(SCENE_MIME) and (data.hasFormat(IMAGE_MIME) or data.hasUrls())


class TimelineView(QListView):
    """Emits ``scene_selected(scene_id)`` ("" when nothing is selected) and ``message(text)``
    when a drop cannot be used (for the status bar)."""

    scene_selected = Signal(str)
    message = Signal(str)

    def __init__(self, model: TimelineModel, thumbnails: ThumbnailCache, parent=None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setItemDelegate(SceneCardDelegate(thumbnails, self))
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(False)
        self.setUniformItemSizes(True)
        self.setSpacing(2)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
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

    def dragEnterEvent(self, e: QDragEnterEvent) -> None:
        data = e.mimeData()
        if not _carries_photo(data):
            return super().dragEnterEvent(e)
        image, why = self._model().dropped_image(data)
        if image is None:
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
        ix = self.photo_target(e.position().toPoint(), e.mimeData())
        self._show_target(ix)
        if ix is None:
            e.ignore()
            return
        e.setDropAction(Qt.DropAction.CopyAction)
        e.accept()

    def dragLeaveEvent(self, e: QDragLeaveEvent) -> None:
        self._show_target(None)
        super().dragLeaveEvent(e)

    def dropEvent(self, e: QDropEvent) -> None:
        data = e.mimeData()
        if not _carries_photo(data):
            return super().dropEvent(e)
        self._show_target(None)
        ix = self.photo_target(e.position().toPoint(), data)
        if ix is None:
            e.ignore()
            return
        self._model().dropMimeData(data, Qt.DropAction.CopyAction, -1, 0, ix)
        self.select_scene(ix.data(SceneIdRole))
        e.setDropAction(Qt.DropAction.CopyAction)
        e.accept()

    def paintEvent(self, e: QPaintEvent) -> None:
        super().paintEvent(e)
        target = self._photo_target
        if target is None or not target.isValid():
            return
        r = self.visualRect(QModelIndex(target)).adjusted(3, 3, -3, -3)
        p = QPainter(self.viewport())
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
        p.end()

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
