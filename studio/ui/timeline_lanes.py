"""The lanes above and below the scene cards: the time ruler and the music.

Both draw on the shared ``TimelineScale`` at the scene lane's scroll position, so their times
line up with the cards, and both carry the playhead. Pressing or dragging on either moves the
playhead (``seek_requested``); Ctrl+wheel asks to zoom (``zoom_requested``), the wheel alone
scrolls (``scroll_requested``).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QPointF, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPolygonF,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from studio.ui.timeline_audio import pool
from studio.ui.timeline_scale import TimelineScale
from studio.ui.timeline_time import clock, ticks
from studio.ui.timeline_view import ORIGIN

RULER_H = 24
MUSIC_H = 40
HEAD_W = 11  # the playhead's head on the ruler
MIN_BEAT_SPACING_PX = 5  # beats closer than this on screen are not drawn
_R = QPalette.ColorRole


class _Lane(QWidget):
    seek_requested = Signal(float)
    zoom_requested = Signal(float, float)  # wheel steps, x in the scene lane's viewport
    scroll_requested = Signal(int)  # pixels

    def __init__(self, scale: TimelineScale, scroll_x: Callable[[], int], parent=None) -> None:
        super().__init__(parent)
        self.scale = scale
        self._scroll_x = scroll_x
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        scale.changed.connect(self.update)
        scale.playhead_moved.connect(self._on_playhead)

    def x_of(self, t: float) -> int:
        return round(self.scale.map.x_at(t)) - self._scroll_x() + ORIGIN

    def time_at(self, x: float) -> float:
        return self.scale.map.t_at(x - ORIGIN + self._scroll_x())

    def _on_playhead(self, old: float, new: float) -> None:
        for t in (old, new):
            self.update(QRect(self.x_of(t) - HEAD_W, 0, 2 * HEAD_W + 1, self.height()))

    def _seek(self, x: float) -> None:
        end = self.scale.map.duration
        self.seek_requested.emit(min(max(0.0, self.time_at(x)), end))

    def mousePressEvent(self, e: QMouseEvent) -> None:
        if e.button() == Qt.MouseButton.LeftButton:
            self._seek(e.position().x())
            e.accept()
        else:
            super().mousePressEvent(e)

    def mouseMoveEvent(self, e: QMouseEvent) -> None:
        if e.buttons() & Qt.MouseButton.LeftButton:
            self._seek(e.position().x())
            e.accept()
        else:
            super().mouseMoveEvent(e)

    def wheelEvent(self, e: QWheelEvent) -> None:
        if e.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom_requested.emit(e.angleDelta().y() / 120, e.position().x() - ORIGIN)
        else:
            d = e.angleDelta()
            self.scroll_requested.emit(-(d.x() or d.y()))
        e.accept()

    def _paint_playhead(self, p: QPainter) -> None:
        x = self.x_of(self.scale.playhead)
        p.fillRect(QRect(x - 1, 0, 2, self.height()), self.palette().color(_R.Highlight))


class TimeRuler(_Lane):
    """Minutes and seconds above the cards; labels spaced for the zoom (1 s … 10 min)."""

    def __init__(self, scale: TimelineScale, scroll_x: Callable[[], int], parent=None) -> None:
        super().__init__(scale, scroll_x, parent)
        self.setFixedHeight(RULER_H)
        self.setToolTip("Click or drag to move the playhead")
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def sizeHint(self) -> QSize:
        return QSize(400, RULER_H)

    def paintEvent(self, e: QPaintEvent) -> None:
        p = QPainter(self)
        pal = self.palette()
        p.fillRect(self.rect(), pal.color(_R.Window))
        end_x = self.x_of(self.scale.map.duration)
        if end_x < self.width():  # after the video's end: dimmed
            dim = QColor(pal.color(_R.Mid))
            dim.setAlpha(90)
            p.fillRect(QRect(end_x, 0, self.width() - end_x, self.height()), dim)
        p.fillRect(QRect(0, self.height() - 1, self.width(), 1), pal.color(_R.Mid))
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.8))
        p.setFont(small)
        fm = p.fontMetrics()
        t0, t1 = self.time_at(0), self.time_at(self.width())
        tick_colour = pal.color(_R.PlaceholderText)
        text_colour = pal.color(_R.WindowText)
        last_label_end = -1_000
        for t, major in ticks(max(0.0, t0), t1, self.scale.px_per_s):
            x = self.x_of(t)
            h = 9 if major else 4
            p.fillRect(QRect(x, self.height() - 1 - h, 1, h), tick_colour)
            if major and x + 3 > last_label_end:
                label = clock(t)
                p.setPen(text_colour)
                p.drawText(QRect(x + 3, 1, 60, fm.height()), Qt.AlignmentFlag.AlignLeft, label)
                last_label_end = x + 3 + fm.horizontalAdvance(label) + 6
        self._paint_head(p)
        p.end()

    def _paint_head(self, p: QPainter) -> None:
        x = self.x_of(self.scale.playhead) + 0.0
        hl = self.palette().color(_R.Highlight)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(hl)
        h = self.height()
        half = HEAD_W / 2
        p.drawPolygon(
            QPolygonF(
                [
                    QPointF(x - half, h - 12),
                    QPointF(x + half, h - 12),
                    QPointF(x + half, h - 6),
                    QPointF(x, h - 1),
                    QPointF(x - half, h - 6),
                ]
            )
        )
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        p.fillRect(QRect(round(x) - 1, 0, 2, h), hl)


class MusicLane(_Lane):
    """The music bed's waveform over the video's length, with its beats when cuts snap to
    them; "No music" when the project has none."""

    def __init__(self, scale: TimelineScale, scroll_x: Callable[[], int], parent=None) -> None:
        super().__init__(scale, scroll_x, parent)
        self.setFixedHeight(MUSIC_H)
        self.setToolTip("Music — click or drag to move the playhead")
        scale.sound_changed.connect(self.update)

    def sizeHint(self) -> QSize:
        return QSize(400, MUSIC_H)

    def paintEvent(self, e: QPaintEvent) -> None:
        p = QPainter(self)
        pal = self.palette()
        p.fillRect(self.rect(), pal.color(_R.Window))
        band = self.rect().adjusted(0, 3, 0, -3)
        end_x = self.x_of(self.scale.map.duration)
        start_x = max(band.left(), self.x_of(0))
        lane = QRect(
            start_x, band.top(), max(0, min(band.right() + 1, end_x) - start_x), band.height()
        )
        p.fillRect(lane, pal.color(_R.Base))
        p.fillRect(QRect(lane.left(), lane.top(), lane.width(), 1), pal.color(_R.Mid))
        p.fillRect(QRect(lane.left(), lane.bottom(), lane.width(), 1), pal.color(_R.Mid))
        music = self.scale.project.music
        wave = self.scale.music_wave
        if music.source != "none" and wave is not None and lane.width() > 1:
            self._paint_wave(p, lane, wave.envelope)
            self._paint_beats(p, lane, wave.beats)
        self._paint_name(p, band, "No music" if music.source == "none" else "Music")
        self._paint_playhead(p)
        p.end()

    def _paint_wave(self, p: QPainter, lane: QRect, env: np.ndarray) -> None:
        if not len(env):
            return
        xs = np.arange(lane.left(), lane.right() + 2, dtype=np.float64)
        edges = self.scale.map.times_at(xs + self._scroll_x() - ORIGIN)
        peaks = pool(env, edges)
        top = float(np.max(env)) or 1.0
        mid = lane.center().y() + 0.5
        half = (lane.height() - 6) / 2
        h = np.clip(peaks / top, 0, 1) * half
        cx = xs[:-1] + 0.5
        upper = [QPointF(float(x), mid - float(v)) for x, v in zip(cx, h, strict=True)]
        lower = [QPointF(float(x), mid + float(v)) for x, v in zip(cx, h, strict=True)]
        colour = QColor(self.palette().color(_R.PlaceholderText))
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(colour)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.drawPolygon(QPolygonF(upper + lower[::-1]))
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)

    def _paint_beats(self, p: QPainter, lane: QRect, beats: tuple[float, ...]) -> None:
        """Short marks at the lane's top and bottom edges: where cuts may snap."""
        spacing = float(np.min(np.diff(beats))) * self.scale.px_per_s if len(beats) > 1 else 0.0
        if spacing < MIN_BEAT_SPACING_PX:
            return
        colour = self.palette().color(_R.Text)
        for b in beats:
            x = self.x_of(b)
            if lane.left() <= x <= lane.right():
                p.fillRect(QRect(x, lane.top(), 1, 5), colour)
                p.fillRect(QRect(x, lane.bottom() - 4, 1, 5), colour)

    def _paint_name(self, p: QPainter, band: QRect, text: str) -> None:
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.8))
        p.setFont(small)
        fm = p.fontMetrics()
        tag = QRect(band.left() + 4, band.top() + 3, fm.horizontalAdvance(text) + 8, fm.height())
        bg = QColor(self.palette().color(_R.Window))
        bg.setAlpha(200)
        p.fillRect(tag, bg)
        p.setPen(self.palette().color(_R.WindowText))
        p.drawText(tag, Qt.AlignmentFlag.AlignCenter, text)
