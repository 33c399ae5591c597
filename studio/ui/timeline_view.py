"""The timeline: a horizontal strip of scene cards that can be dragged to reorder.

Cards show the scene's thumbnail, its kind and duration, the caption (elided), a confidence
badge for matched bullets and a lock mark. Colours come from the palette (light or dark).
"""
from __future__ import annotations

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from studio.ui.thumbnails import ThumbnailCache
from studio.ui.timeline_model import (
    KIND_NAMES,
    ConfidenceRole,
    DurationTextRole,
    ImagePathRole,
    KindRole,
    LockedRole,
    SceneIdRole,
    TimelineModel,
)

CARD_W, CARD_H = 200, 184
THUMB_H = 112
PAD = 8


def confidence_colour(c: float) -> QColor:
    if c >= 0.5:
        return QColor("#2e7d32")
    if c >= 0.3:
        return QColor("#b26a00")
    return QColor("#c62828")


class SceneCardDelegate(QStyledItemDelegate):
    def __init__(self, thumbnails: ThumbnailCache, parent=None) -> None:
        super().__init__(parent)
        self._thumbs = thumbnails

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return QSize(CARD_W, CARD_H)

    def paint(self, p: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        pal = option.palette
        r = option.rect.adjusted(4, 4, -4, -4)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        card = QPainterPath()
        card.addRoundedRect(r, 8, 8)
        p.fillPath(card, pal.color(QPalette.ColorRole.Base))
        p.setPen(pal.color(QPalette.ColorRole.Highlight) if selected else pal.color(QPalette.ColorRole.Mid))
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
            scaled = pm.scaled(thumb_rect.size(), Qt.AspectRatioMode.KeepAspectRatioByExpanding,
                               Qt.TransformationMode.SmoothTransformation)
            sx = (scaled.width() - thumb_rect.width()) // 2
            sy = (scaled.height() - thumb_rect.height()) // 2
            p.setClipPath(clip)
            p.drawPixmap(thumb_rect, scaled, QRect(sx, sy, thumb_rect.width(), thumb_rect.height()))
            p.setClipping(False)

        small = QFont(option.font)
        small.setPointSizeF(max(7.0, option.font.pointSizeF() * 0.85))
        # badges over the thumbnail: confidence (top right), lock (top left)
        conf = index.data(ConfidenceRole)
        if conf is not None:
            self._badge(p, small, f"{conf:.0%}", confidence_colour(conf), thumb_rect, right=True)
        if index.data(LockedRole):
            self._badge(p, small, "Locked", QColor(40, 40, 40, 200), thumb_rect, right=False)

        # kind · duration line, then the caption (two lines, elided)
        y = thumb_rect.bottom() + 6
        p.setFont(small)
        p.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
        meta = f"{index.row() + 1}. {KIND_NAMES.get(index.data(KindRole), '')} · {index.data(DurationTextRole)}"
        fm = p.fontMetrics()
        p.drawText(QRect(thumb_rect.left(), y, thumb_rect.width(), fm.height()),
                   Qt.AlignmentFlag.AlignLeft, fm.elidedText(meta, Qt.TextElideMode.ElideRight, thumb_rect.width()))
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


class TimelineView(QListView):
    """Emits ``scene_selected(scene_id)`` ("" when nothing is selected)."""

    scene_selected = Signal(str)

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
        thumbnails.ready.connect(lambda _p: self.viewport().update())
        self.selectionModel().currentChanged.connect(self._on_current)
        self.selectionModel().selectionChanged.connect(lambda *_: self._emit_selection())

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

    def _emit_selection(self) -> None:
        self.scene_selected.emit(self.selected_scene_id())
