"""Transport icons drawn in the palette's text colour, so they read in light and dark themes
(the style's standard media icons are dark grey whatever the palette)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap, QPolygonF

SIZE = 32


def _triangle(p: QPainter, x: float, w: float, pointing_right: bool) -> None:
    y0, y1 = SIZE * 0.22, SIZE * 0.78
    tip, base = (x + w, x) if pointing_right else (x, x + w)
    p.drawPolygon(QPolygonF([QPointF(base, y0), QPointF(tip, SIZE / 2), QPointF(base, y1)]))


def _bar(p: QPainter, x: float, w: float = SIZE * 0.11) -> None:
    p.drawRect(QRectF(x, SIZE * 0.22, w, SIZE * 0.56))


def transport_icon(name: str, colour: QColor) -> QIcon:
    """``name``: play, pause, start, end, back (previous frame), forward (next frame)."""
    pm = QPixmap(SIZE, SIZE)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(colour)
    s = SIZE
    if name == "play":
        _triangle(p, s * 0.3, s * 0.45, True)
    elif name == "pause":
        _bar(p, s * 0.3, s * 0.14)
        _bar(p, s * 0.56, s * 0.14)
    elif name == "start":
        _bar(p, s * 0.22)
        _triangle(p, s * 0.36, s * 0.4, False)
    elif name == "end":
        _triangle(p, s * 0.24, s * 0.4, True)
        _bar(p, s * 0.67)
    elif name == "back":
        _triangle(p, s * 0.2, s * 0.32, False)
        _bar(p, s * 0.62)
    elif name == "forward":
        _bar(p, s * 0.27)
        _triangle(p, s * 0.48, s * 0.32, True)
    else:
        p.end()
        raise ValueError(f"no icon called {name!r}")
    p.end()
    return QIcon(pm)
