"""A scene's card on the timeline, as wide as the scene lasts.

The card shows the scene's photo (repeated along a long card, as a film strip), its number,
kind and duration ("≈" while it is an estimate, "fixed" once the seller set it), the caption,
and along its foot the waveform of its voice line where the voice speaks it. Badges over the
photo: the plan's confidence ("Check" when it is unsure, "No photo shows this") and a lock
mark. A grip on the right edge says it can be dragged to trim. Colours come from the palette
(light or dark); the badges keep their fixed colours with white text.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPalette, QPixmap, QPolygonF
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from studio.core.storyboard import CONFIDENT, REVIEW_BELOW
from studio.render.timeline import LEAD_IN
from studio.ui.thumbnails import ThumbnailCache
from studio.ui.timeline_audio import pool
from studio.ui.timeline_model import (
    KIND_NAMES,
    ConfidenceRole,
    ImagePathRole,
    KindRole,
    LockedRole,
    ReviewRole,
    SceneIdRole,
    ShownRole,
)
from studio.ui.timeline_scale import TimelineScale
from studio.ui.timeline_time import seconds

CARD_H = 166
THUMB_H = 62
VOICE_H = 24
PAD = 6
GAP = 1  # px each side of a card: cards touch at their scene's cut
TEXT_MIN_W = 30  # narrower than this, a card shows only its photo and waveform
WAVE_ALPHA = 210


def confidence_colour(c: float) -> QColor:
    """Fixed probability bands (see core.storyboard): sure, fair, check."""
    if c >= CONFIDENT:
        return QColor("#2e7d32")
    if c >= REVIEW_BELOW:
        return QColor("#a15c00")
    return QColor("#c62828")


NOT_SHOWN_COLOUR = QColor("#455a64")
LOCK_COLOUR = QColor(40, 40, 40, 200)


def card_rect(item: QRect) -> QRect:
    """The card drawn inside an item's cell (the cell spans the scene's time exactly)."""
    return item.adjusted(GAP, 3, -GAP, -3)


def voice_rect(item: QRect) -> QRect:
    r = card_rect(item)
    return QRect(r.left() + 3, r.bottom() - PAD - VOICE_H + 3, r.width() - 6, VOICE_H)


class SceneCardDelegate(QStyledItemDelegate):
    def __init__(self, thumbnails: ThumbnailCache, scale: TimelineScale, parent=None) -> None:
        super().__init__(parent)
        self._thumbs = thumbnails
        self._scale = scale
        self._scaled: dict[tuple[str, int], QPixmap] = {}
        self.hover_edge = -1  # the row whose trim grip is under the mouse
        self.trimming = ""  # the scene whose edge is being dragged

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        widths = self._scale.map.widths
        row = index.row()
        return QSize(widths[row] if 0 <= row < len(widths) else 0, CARD_H)

    def paint(
        self, p: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        pal = option.palette
        r = card_rect(option.rect)
        row = index.row()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        card = QPainterPath()
        card.addRoundedRect(r, 6, 6)
        p.fillPath(card, pal.color(QPalette.ColorRole.Base))
        side = PAD if r.width() > 4 * PAD else 2  # the narrowest cards keep their photo
        inner = r.adjusted(side, PAD, -side, -PAD)
        thumb_rect = QRect(inner.left(), inner.top(), inner.width(), THUMB_H)
        self._paint_photo(p, pal, thumb_rect, index.data(ImagePathRole))

        small = QFont(option.font)
        small.setPointSizeF(max(7.0, option.font.pointSizeF() * 0.85))
        self._paint_badges(p, small, thumb_rect, index)

        text_w = inner.width()
        if text_w >= TEXT_MIN_W:
            self._paint_text(p, option, small, inner, thumb_rect.bottom() + 5, index)
        self._paint_voice(p, pal, option.rect, row)

        p.setPen(
            pal.color(QPalette.ColorRole.Highlight)
            if selected
            else pal.color(QPalette.ColorRole.Mid)
        )
        pen = p.pen()
        pen.setWidthF(2.5 if selected else 1.0)
        if focused and not selected:
            pen.setStyle(Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.drawPath(card)
        active = row == self.hover_edge or index.data(SceneIdRole) == self.trimming
        if active or selected:
            self._paint_grip(p, pal, r, active=active)
        p.restore()

    # -- parts
    def _paint_photo(self, p: QPainter, pal: QPalette, box: QRect, path: str | None) -> None:
        clip = QPainterPath()
        clip.addRoundedRect(box, 4, 4)
        p.fillPath(clip, pal.color(QPalette.ColorRole.AlternateBase))
        pm = self._tile(path, box.height())
        if pm is None:
            return
        p.save()
        p.setClipPath(clip)
        if pm.width() >= box.width():  # one picture, centred (cover)
            sx = (pm.width() - box.width()) // 2
            p.drawPixmap(box, pm, QRect(sx, 0, box.width(), box.height()))
        else:  # a film strip: the photo repeated along the scene
            x = box.left()
            while x <= box.right():
                p.drawPixmap(x, box.top(), pm)
                x += pm.width() + 2
        p.restore()

    def _tile(self, path: str | None, h: int) -> QPixmap | None:
        if not path:
            return None
        key = (path, h)
        pm = self._scaled.get(key)
        if pm is None:
            src = self._thumbs.pixmap(path)
            if src is None or src.isNull():
                return None
            pm = src.scaledToHeight(h, Qt.TransformationMode.SmoothTransformation)
            self._scaled[key] = pm
        return pm

    def _paint_badges(
        self, p: QPainter, font: QFont, box: QRect, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        conf = index.data(ConfidenceRole)
        room = box.width() - 8
        right = box.right()
        if index.data(KindRole) == "bullet" and index.data(ShownRole) is False:
            right = self._badge(
                p, font, ("No photo shows this", "No photo", "!"), NOT_SHOWN_COLOUR, box, room
            )
        elif conf is not None:
            texts = (
                (f"Check · {conf:.0%}", "Check", "!")
                if index.data(ReviewRole)
                else (f"{conf:.0%}",)
            )
            right = self._badge(p, font, texts, confidence_colour(conf), box, room)
        if index.data(LockedRole):
            left_room = right - box.left() - 12
            self._badge(p, font, ("Locked", "🔒"), LOCK_COLOUR, box, left_room, right_side=False)

    @staticmethod
    def _badge(
        p: QPainter,
        font: QFont,
        texts: tuple[str, ...],
        bg: QColor,
        box: QRect,
        room: int,
        right_side: bool = True,
    ) -> int:
        """The first of ``texts`` that fits in ``room`` px as a pill; returns its left edge
        (the box's right edge if none fits)."""
        p.setFont(font)
        fm = p.fontMetrics()
        text = next((t for t in texts if fm.horizontalAdvance(t) + 10 <= room), None)
        if text is None:
            return box.right()
        w, h = fm.horizontalAdvance(text) + 10, fm.height() + 2
        x = box.right() - w - 4 if right_side else box.left() + 4
        rect = QRect(x, box.top() + 4, w, h)
        path = QPainterPath()
        path.addRoundedRect(rect, h / 2, h / 2)
        p.fillPath(path, bg)
        p.setPen(QColor("white"))
        p.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        return x

    def _paint_text(
        self,
        p: QPainter,
        option: QStyleOptionViewItem,
        small: QFont,
        inner: QRect,
        y: int,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        pal = option.palette
        row = index.row()
        p.setFont(small)
        fm = p.fontMetrics()
        line = QRect(inner.left(), y, inner.width(), fm.height())
        # the duration, right-aligned; then the number and kind in what is left
        durations, sources = self._scale.map.durations, self._scale.sources
        dur = ""
        if 0 <= row < len(durations):
            source = sources[row]
            dur = ("≈ " if source == "estimate" else "") + seconds(durations[row])
            scene = self._scale.project.timeline.scenes[row]
            if scene.duration is not None or source == "trim":
                dur += " fixed"
        dur_w = fm.horizontalAdvance(dur)
        if dur_w > line.width():
            dur = fm.elidedText(
                dur.removesuffix(" fixed"), Qt.TextElideMode.ElideRight, line.width()
            )
            dur_w = fm.horizontalAdvance(dur)
        bold = QFont(small)
        bold.setBold(True)
        p.setFont(bold)
        p.setPen(pal.color(QPalette.ColorRole.Text))
        p.drawText(line, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, dur)
        p.setFont(small)
        meta = f"{row + 1}. {KIND_NAMES.get(index.data(KindRole), '')}"
        meta_w = line.width() - dur_w - 8
        if meta_w > fm.horizontalAdvance("1.…"):
            p.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
            p.drawText(
                QRect(line.left(), line.top(), meta_w, line.height()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                fm.elidedText(meta, Qt.TextElideMode.ElideRight, meta_w),
            )
        y = line.bottom() + 3
        p.setFont(option.font)
        p.setPen(pal.color(QPalette.ColorRole.Text))
        bottom = inner.bottom() - VOICE_H - 2
        self._draw_caption(
            p,
            index.data(Qt.ItemDataRole.DisplayRole) or "",
            QRect(inner.left(), y, inner.width(), bottom - y),
        )

    def _paint_voice(self, p: QPainter, pal: QPalette, item: QRect, row: int) -> None:
        """The take's envelope where the voice speaks it: from the lead-in (plus the scene's
        pause) to the end of the take or of the scene, whichever comes first."""
        band = voice_rect(item)
        scenes = self._scale.project.timeline.scenes
        if not 0 <= row < len(scenes) or row >= len(self._scale.map.durations):
            return
        scene = scenes[row]
        bg = QPainterPath()
        bg.addRoundedRect(band, 3, 3)
        p.fillPath(bg, pal.color(QPalette.ColorRole.AlternateBase))
        wave = self._scale.voice_wave(scene)
        if wave is None or not len(wave.envelope) or band.width() <= 1:
            return
        duration = self._scale.map.durations[row]
        if duration <= 0 or item.width() <= 0:
            return
        # scene time at each column edge (the item spans the scene), then time in the take
        xs = np.arange(band.left(), band.right() + 2, dtype=np.float64)
        t = (xs - item.left()) / item.width() * duration - (LEAD_IN + scene.pause_before)
        peaks = pool(wave.envelope, t)
        if not peaks.any():
            return
        top = float(np.max(wave.envelope)) or 1.0
        mid = band.center().y() + 0.5
        half = (band.height() - 4) / 2
        h = np.clip(peaks / top, 0, 1) * half
        upper = [QPointF(float(x), mid - float(v)) for x, v in zip(xs[:-1] + 0.5, h, strict=True)]
        lower = [QPointF(float(x), mid + float(v)) for x, v in zip(xs[:-1] + 0.5, h, strict=True)]
        colour = QColor(pal.color(QPalette.ColorRole.Highlight))
        colour.setAlpha(WAVE_ALPHA)
        p.save()
        p.setClipPath(bg)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(colour)
        p.drawPolygon(QPolygonF(upper + lower[::-1]))
        p.restore()

    @staticmethod
    def _paint_grip(p: QPainter, pal: QPalette, r: QRect, active: bool) -> None:
        colour = pal.color(QPalette.ColorRole.Highlight if active else QPalette.ColorRole.Mid)
        h = min(28, r.height() // 4)
        grip = QRect(r.right() - 4, r.center().y() - h // 2, 3, h)
        path = QPainterPath()
        path.addRoundedRect(grip, 1.5, 1.5)
        p.fillPath(path, colour)

    @staticmethod
    def _draw_caption(p: QPainter, text: str, rect: QRect) -> None:
        """Up to as many lines as fit, word-wrapped, the last one elided."""
        fm = p.fontMetrics()
        if rect.height() < fm.height() or rect.width() < TEXT_MIN_W:
            return
        lines: list[str] = []
        max_lines = max(1, (rect.height() - fm.height()) // fm.lineSpacing() + 1)
        words = text.split()
        line = ""
        while words:
            trial = f"{line} {words[0]}".strip()
            if fm.horizontalAdvance(trial) <= rect.width() or not line:
                line = trial
                words.pop(0)
                continue
            if len(lines) == max_lines - 1:
                break  # the last line takes the rest, elided
            lines.append(line)
            line = ""
        rest = " ".join(([line] if line else []) + words)
        if rest:
            lines.append(fm.elidedText(rest, Qt.TextElideMode.ElideRight, rect.width()))
        for i, ln in enumerate(lines[:max_lines]):
            p.drawText(rect.left(), rect.top() + fm.ascent() + i * fm.lineSpacing(), ln)
