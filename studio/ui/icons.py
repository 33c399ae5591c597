"""Transport icons drawn in the palette's text colour, so they read in light and dark themes
(the style's standard media icons are dark grey whatever the palette)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap, QPolygonF

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


def _stroke_pen(colour: QColor) -> QPen:
    pen = QPen(colour, SIZE * 0.085)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def _arrow_head(p: QPainter, tip: QPointF, angle_deg: float, size: float) -> None:
    """A filled arrow head at ``tip`` pointing along ``angle_deg`` (0 = right, 90 = down)."""
    path = QPainterPath()
    path.moveTo(0, 0)
    path.lineTo(-size, -size * 0.6)
    path.lineTo(-size, size * 0.6)
    path.closeSubpath()
    p.save()
    p.translate(tip)
    p.rotate(angle_deg)
    p.setPen(Qt.PenStyle.NoPen)
    p.drawPath(path)
    p.restore()


def toolbar_icon(name: str, colour: QColor) -> QIcon:
    """``name``: open, save, undo, redo, add_images, replan, export; line drawings in
    ``colour`` so they follow the scheme like the transport icons."""
    s = SIZE
    pm = QPixmap(s, s)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(_stroke_pen(colour))
    p.setBrush(Qt.BrushStyle.NoBrush)
    if name == "open":  # a folder
        path = QPainterPath()
        path.moveTo(s * 0.12, s * 0.78)
        path.lineTo(s * 0.12, s * 0.25)
        path.lineTo(s * 0.38, s * 0.25)
        path.lineTo(s * 0.46, s * 0.34)
        path.lineTo(s * 0.86, s * 0.34)
        path.lineTo(s * 0.86, s * 0.78)
        path.closeSubpath()
        p.drawPath(path)
    elif name == "save":  # a tray with an arrow into it
        p.drawLine(QPointF(s * 0.5, s * 0.14), QPointF(s * 0.5, s * 0.56))
        p.setBrush(colour)
        _arrow_head(p, QPointF(s * 0.5, s * 0.66), 90, s * 0.2)
        p.setBrush(Qt.BrushStyle.NoBrush)
        path = QPainterPath()
        path.moveTo(s * 0.16, s * 0.58)
        path.lineTo(s * 0.16, s * 0.84)
        path.lineTo(s * 0.84, s * 0.84)
        path.lineTo(s * 0.84, s * 0.58)
        p.drawPath(path)
    elif name in ("undo", "redo"):  # a hooked arrow
        mirror = name == "redo"
        if mirror:
            p.translate(s, 0)
            p.scale(-1, 1)
        path = QPainterPath()
        path.moveTo(s * 0.3, s * 0.4)
        path.lineTo(s * 0.62, s * 0.4)
        path.cubicTo(s * 0.92, s * 0.4, s * 0.92, s * 0.8, s * 0.62, s * 0.8)
        path.lineTo(s * 0.4, s * 0.8)
        p.drawPath(path)
        p.setBrush(colour)
        _arrow_head(p, QPointF(s * 0.12, s * 0.4), 180, s * 0.22)
    elif name == "add_images":  # a photo with a plus
        p.drawRoundedRect(QRectF(s * 0.1, s * 0.22, s * 0.6, s * 0.5), 3, 3)
        path = QPainterPath()
        path.moveTo(s * 0.16, s * 0.66)
        path.lineTo(s * 0.32, s * 0.46)
        path.lineTo(s * 0.44, s * 0.58)
        path.lineTo(s * 0.52, s * 0.5)
        path.lineTo(s * 0.64, s * 0.66)
        p.drawPath(path)
        p.drawLine(QPointF(s * 0.8, s * 0.5), QPointF(s * 0.8, s * 0.9))
        p.drawLine(QPointF(s * 0.6, s * 0.7), QPointF(s * 1.0 - 2, s * 0.7))
    elif name == "replan":  # two arrows in a circle
        r = QRectF(s * 0.2, s * 0.2, s * 0.6, s * 0.6)
        p.drawArc(r, 100 * 16, 150 * 16)
        p.drawArc(r, 280 * 16, 150 * 16)
        p.setBrush(colour)
        _arrow_head(p, QPointF(s * 0.72, s * 0.2), 20, s * 0.2)
        _arrow_head(p, QPointF(s * 0.28, s * 0.8), 200, s * 0.2)
    elif name == "export":  # a box with an arrow leaving it
        path = QPainterPath()
        path.moveTo(s * 0.5, s * 0.2)
        path.lineTo(s * 0.16, s * 0.2)
        path.lineTo(s * 0.16, s * 0.84)
        path.lineTo(s * 0.8, s * 0.84)
        path.lineTo(s * 0.8, s * 0.52)
        p.drawPath(path)
        p.drawLine(QPointF(s * 0.42, s * 0.58), QPointF(s * 0.78, s * 0.22))
        p.setBrush(colour)
        _arrow_head(p, QPointF(s * 0.88, s * 0.12), -45, s * 0.2)
    else:
        p.end()
        raise ValueError(f"no icon called {name!r}")
    p.end()
    return QIcon(pm)
