"""The Ken Burns editor: the scene's photo inside the video frame, with the start and end
framing as two rectangles to drag and resize.

The geometry is the renderer's. Rectangles are crops of the fitted frame (see
``studio.render.motion``): the frame has the export preset's aspect, the photo sits in it as
the renderer fits it, and what a rectangle covers is what the video shows at that moment.
While a scene's motion is automatic the rectangles are the renderer's own ``auto_motion`` for
that scene; the first drag turns them into an explicit Motion.

A drag is previewed here and lands as one "Change Motion" edit on release, so it undoes in one
step. Arrow-key nudges in a quick run merge into one step as well.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from studio.core.edits import MERGE_WINDOW, SetSceneField, UndoLog
from studio.core.geometry import Rect
from studio.core.model import Motion, Project, Scene
from studio.render.motion import PLAIN_EDGE_STD, auto_motion, fitted_photo_rect, image_to_frame
from studio.ui.thumbnails import ThumbnailCache

Which = Literal["start", "end"]

MIN_SIDE = 0.25  # smallest crop: 4x zoom, beyond which photos turn soft
NUDGE = 0.01  # arrow key step (fraction of the frame); Shift moves five times as far
MARGIN = 8  # px around the frame, so corner handles at the frame's edge stay grabbable
HANDLE = 8  # px side of a corner handle
GRAB = 9  # px: how close to a corner counts as grabbing it
COLOURS: dict[str, QColor] = {"start": QColor("#3d9cff"), "end": QColor("#ff9f1c")}
TAG_TEXT = QColor("#101010")


def tag_colours(which: str, selected: bool) -> tuple[QColor, QColor]:
    """Text and fill of the "Start"/"End" tag; the unselected one is paler, not darker, so its
    dark text keeps its contrast."""
    colour = COLOURS[which]
    return TAG_TEXT, colour if selected else colour.lighter(125)


LABELS: dict[str, str] = {"start": "Start", "end": "End"}


def automatic_motion(project: Project, scene: Scene, photo: Rect | None) -> Motion:
    """The motion the renderer gives ``scene`` when it has none: ``auto_motion`` seeded by the
    scene's place in the timeline, toward its focus (or the photo's area ``photo``)."""
    try:
        seed = project.timeline.index_of(scene.id)
    except KeyError:
        seed = 0
    if scene.image is None:
        return auto_motion(seed, None, None)
    area = photo or Rect.full()
    focus = image_to_frame(scene.focus.clamped(), area) if scene.focus is not None else None
    return auto_motion(seed, focus, area)


def plain_edges(img: QImage, side_bars: bool) -> bool:
    """The renderer's test for a studio backdrop: the photo's strips facing the bars (left and
    right for ``side_bars``, else top and bottom) each vary by at most ``PLAIN_EDGE_STD``."""
    w, h = img.width(), img.height()
    k = max(2, int(0.015 * (w if side_bars else h)))
    if side_bars:
        strips = [[(x, y) for x in xs for y in range(h)] for xs in (range(k), range(w - k, w))]
    else:
        strips = [[(x, y) for y in ys for x in range(w)] for ys in (range(k), range(h - k, h))]
    for strip in strips:
        colours = [img.pixelColor(x, y) for x, y in strip]
        rgb = [(px.red(), px.green(), px.blue()) for px in colours]
        for c in range(3):
            vals = [v[c] for v in rgb]
            mean = sum(vals) / len(vals)
            if (sum((v - mean) ** 2 for v in vals) / len(vals)) ** 0.5 > PLAIN_EDGE_STD:
                return False
    return True


def moved(r: Rect, dx: float, dy: float) -> Rect:
    """``r`` shifted, kept inside the frame."""
    return Rect(r.x + dx, r.y + dy, r.w, r.h).clamped()


def resized(r: Rect, corner: int, x: float, y: float) -> Rect:
    """``r`` with corner ``corner`` (0 top-left, 1 top-right, 2 bottom-right, 3 bottom-left)
    dragged to (x, y), the opposite corner fixed and the aspect kept, inside the frame."""
    r = r.clamped()
    ratio = r.h / r.w
    left, top = corner in (0, 3), corner in (0, 1)
    ax = r.x + r.w if left else r.x  # the fixed corner
    ay = r.y + r.h if top else r.y
    room_x = ax if left else 1.0 - ax
    room_y = ay if top else 1.0 - ay
    # the corner follows whichever axis the pointer went further along; past the fixed corner
    # the rectangle is as small as allowed rather than flipping over
    w = max(ax - x if left else x - ax, (ay - y if top else y - ay) / ratio)
    w = min(w, room_x, room_y / ratio)
    w = max(w, min(MIN_SIDE, room_x, room_y / ratio))
    h = w * ratio
    return Rect(ax - w if left else ax, ay - h if top else ay, w, h)


def swapped(m: Motion) -> Motion:
    return Motion(m.end, m.start)


@dataclass
class _Drag:
    which: Which
    corner: int | None  # None: moving the whole rectangle
    press: tuple[float, float]  # frame coordinates of the press
    original: Motion
    current: Motion = field(init=False)

    def __post_init__(self) -> None:
        self.current = self.original


@dataclass
class NudgeMotion(SetSceneField):
    """A "Change Motion" edit from the arrow keys: a quick run of nudges is one undo step."""

    def merge(self, later: Any) -> bool:
        if (
            type(later) is NudgeMotion
            and later.scene_id == self.scene_id
            and later.at - self.at <= MERGE_WINDOW
        ):
            self.new, self.at = later.new, later.at
            return True
        return False


class FramingView(QWidget):
    """The frame with the photo and the two framing rectangles; edits through the UndoLog."""

    selection_changed = Signal(str)  # "start" or "end"

    def __init__(
        self,
        project: Project,
        undo: UndoLog,
        thumbnails: ThumbnailCache,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._project = project
        self._undo = undo
        self._thumbs = thumbnails
        self._scene: Scene | None = None
        self._drag: _Drag | None = None
        self._layout_key: tuple[object, ...] | None = None
        self._layout_rect: Rect | None = None
        # (photo, side bars, shown part x, y, w, h) -> plain edges
        self._plain: dict[tuple[str, bool, int, int, int, int], bool] = {}
        self.selected: Which = "start"
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(200, 120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setToolTip(
            "Drag a rectangle to move it, its corners to zoom.\n"
            "Arrow keys nudge the selected one (Shift: further); S / E select Start / End."
        )
        thumbnails.ready.connect(self._on_thumbnail)
        project.timeline.scenes.events.connect(self._on_timeline)
        project.export.events.all.connect(self._on_export)

    def sizeHint(self) -> QSize:
        return QSize(320, 180)

    def detach(self) -> None:
        self.set_scene(None)
        self._thumbs.ready.disconnect(self._on_thumbnail)
        self._project.timeline.scenes.events.disconnect(self._on_timeline)
        self._project.export.events.all.disconnect(self._on_export)

    # -- which scene
    @property
    def scene(self) -> Scene | None:
        return self._scene

    def set_scene(self, scene: Scene | None) -> None:
        if scene is self._scene:
            return
        if self._scene is not None:
            self._scene.events.all.disconnect(self._on_scene_event)
        self._scene = scene
        self._drag = None
        if scene is not None:
            scene.events.all.connect(self._on_scene_event)
        self.update()

    def _on_scene_event(self, *_: Any) -> None:
        self._drag = None  # an undo mid-drag wins over the drag
        self.update()

    def _on_timeline(self, *_: Any) -> None:
        self.update()  # the automatic motion depends on the scene's place

    def _on_export(self, *_: Any) -> None:
        self.update()

    def _on_thumbnail(self, path: str) -> None:
        if path == self._photo_path():
            self.update()

    # -- geometry
    def _photo_path(self) -> str | None:
        s = self._scene
        return str(self._project.image_path(s.image)) if s is not None and s.image else None

    def photo_rect(self) -> Rect | None:
        """The photo's area in the frame, once its thumbnail is decoded (None before); beyond
        the frame where the renderer crops it to fill around the scene's focus."""
        path = self._photo_path()
        pm = self._thumbs.pixmap(path)
        if pm is None or pm.isNull() or path is None:
            return None
        fw, fh = self._project.export.frame_size()
        scene = self._scene
        focus = scene.focus if scene is not None else None
        # the seller's own framing keeps the fitted placement (as the renderer does)
        framed = scene is not None and (scene.motion is not None or self._drag is not None)
        key = (path, pm.cacheKey(), fw, fh, focus, self._project.look.fill, framed)
        if self._layout_key != key:
            self._layout_key = key
            self._layout_rect = self._renderer_layout(Path(path), pm, fw, fh, focus, framed)
        if self._layout_rect is not None:
            return self._layout_rect
        return fitted_photo_rect(pm.width(), pm.height(), fw, fh, focus)

    def _renderer_layout(
        self, path: Path, pm: QPixmap, fw: int, fh: int, focus: Rect | None, framed: bool
    ) -> Rect | None:
        """Where the renderer's layout puts the whole photo (extended backdrop, cut-out, split,
        detail crop), worked out from the thumbnail; None if the photo cannot be read."""
        from studio.core.errors import MediaError
        from studio.jobs.editor_layout import editor_layout
        from studio.media.images import image_info

        try:
            info = image_info(path)
        except (MediaError, OSError):
            return None
        img = pm.toImage().convertToFormat(QImage.Format.Format_RGB888)
        w, h = img.width(), img.height()
        raw = np.frombuffer(img.constBits(), np.uint8, count=img.bytesPerLine() * h)
        rgb = raw.reshape(h, img.bytesPerLine())[:, : w * 3].reshape(h, w, 3)
        lay = editor_layout(
            path,
            rgb,
            (info.width, info.height),
            fw,
            fh,
            focus,
            fill=self._project.look.fill,
            framed=framed,
        )
        return lay.image

    def shown_motion(self) -> Motion | None:
        """The framing on screen: the drag in progress, the scene's motion, or the automatic one."""
        if self._scene is None:
            return None
        if self._drag is not None:
            return self._drag.current
        return self._scene.motion or automatic_motion(self._project, self._scene, self.photo_rect())

    def frame_box(self) -> QRectF:
        """The video frame's area in widget pixels: the preset's aspect, centred."""
        fw, fh = self._project.export.frame_size()
        avail_w, avail_h = self.width() - 2 * MARGIN, self.height() - 2 * MARGIN
        scale = min(avail_w / fw, avail_h / fh)
        w, h = fw * scale, fh * scale
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)

    def to_widget(self, r: Rect) -> QRectF:
        b = self.frame_box()
        return QRectF(
            b.x() + r.x * b.width(), b.y() + r.y * b.height(), r.w * b.width(), r.h * b.height()
        )

    def to_frame(self, pos: QPointF) -> tuple[float, float]:
        b = self.frame_box()
        return (pos.x() - b.x()) / b.width(), (pos.y() - b.y()) / b.height()

    @staticmethod
    def _corners(r: QRectF) -> list[QPointF]:
        return [r.topLeft(), r.topRight(), r.bottomRight(), r.bottomLeft()]

    def hit(self, pos: QPointF) -> tuple[Which, int | None] | None:
        """What a press at ``pos`` grabs: a corner (the selected rectangle's first), else the
        smallest rectangle under the pointer."""
        m = self.shown_motion()
        if m is None:
            return None
        rects: dict[Which, QRectF] = {
            "start": self.to_widget(m.start),
            "end": self.to_widget(m.end),
        }
        order: list[Which] = [self.selected, "end" if self.selected == "start" else "start"]
        for which in order:
            for i, c in enumerate(self._corners(rects[which])):
                if abs(c.x() - pos.x()) <= GRAB and abs(c.y() - pos.y()) <= GRAB:
                    return which, i
        inside = [w for w in order if rects[w].contains(pos)]
        if not inside:
            return None
        return min(inside, key=lambda w: rects[w].width() * rects[w].height()), None

    # -- editing
    def select(self, which: Which) -> None:
        if which != self.selected:
            self.selected = which
            self.selection_changed.emit(which)
            self.update()

    def _commit(self, motion: Motion, nudge: bool = False) -> None:
        s = self._scene
        if s is None or motion == s.motion:
            return
        edit_type = NudgeMotion if nudge else SetSceneField
        self._undo.push(edit_type(s.id, "motion", s.motion, motion))

    def nudge(self, dx: float, dy: float) -> None:
        m = self.shown_motion()
        if m is None:
            return
        r = moved(getattr(m, self.selected), dx, dy)
        self._commit(
            Motion(r, m.end) if self.selected == "start" else Motion(m.start, r), nudge=True
        )

    def swap(self) -> None:
        m = self.shown_motion()
        if m is not None and self._scene is not None:
            self._undo.push(
                SetSceneField(
                    self._scene.id,
                    "motion",
                    self._scene.motion,
                    swapped(m),
                    label="Swap Start and End",
                )
            )

    def reset(self) -> None:
        s = self._scene
        if s is not None and s.motion is not None:
            self._undo.push(SetSceneField(s.id, "motion", s.motion, None, label="Reset Motion"))

    # -- mouse and keys
    def mousePressEvent(self, e: QMouseEvent) -> None:
        if e.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(e)
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        grabbed = self.hit(e.position())
        m = self.shown_motion()
        if grabbed is None or m is None:
            return
        which, corner = grabbed
        self.select(which)
        self._drag = _Drag(which, corner, self.to_frame(e.position()), m)
        e.accept()

    def mouseMoveEvent(self, e: QMouseEvent) -> None:
        d = self._drag
        if d is None:
            self._hover_cursor(e.position())
            return
        x, y = self.to_frame(e.position())
        r = getattr(d.original, d.which)
        if d.corner is None:
            r = moved(r.clamped(), x - d.press[0], y - d.press[1])
        else:
            r = resized(r, d.corner, x, y)
        d.current = Motion(r, d.original.end) if d.which == "start" else Motion(d.original.start, r)
        self.update()

    def mouseReleaseEvent(self, e: QMouseEvent) -> None:
        d, self._drag = self._drag, None
        if d is None or e.button() != Qt.MouseButton.LeftButton:
            return super().mouseReleaseEvent(e)
        if d.current != d.original:
            self._commit(d.current)
        self.update()

    def _hover_cursor(self, pos: QPointF) -> None:
        grabbed = self.hit(pos)
        if grabbed is None:
            self.unsetCursor()
        elif grabbed[1] is None:
            self.setCursor(Qt.CursorShape.SizeAllCursor)
        elif grabbed[1] in (0, 2):
            self.setCursor(Qt.CursorShape.SizeFDiagCursor)
        else:
            self.setCursor(Qt.CursorShape.SizeBDiagCursor)

    def event(self, e: QEvent) -> bool:
        # Esc in the middle of a drag cancels the drag, not the window's running task
        if (
            e.type() == QEvent.Type.ShortcutOverride
            and isinstance(e, QKeyEvent)
            and e.key() == Qt.Key.Key_Escape
            and self._drag is not None
        ):
            e.accept()
            return True
        return super().event(e)

    def keyPressEvent(self, e: QKeyEvent) -> None:
        key = e.key()
        if key == Qt.Key.Key_Escape and self._drag is not None:
            self._drag = None
            self.update()
            return
        step = NUDGE * (5 if e.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1)
        moves: dict[int, tuple[float, float]] = {  # QKeyEvent.key() is a plain int
            Qt.Key.Key_Left: (-step, 0.0),
            Qt.Key.Key_Right: (step, 0.0),
            Qt.Key.Key_Up: (0.0, -step),
            Qt.Key.Key_Down: (0.0, step),
        }
        if key in moves and self._scene is not None:
            self.nudge(*moves[key])
        elif key == Qt.Key.Key_S:
            self.select("start")
        elif key == Qt.Key.Key_E:
            self.select("end")
        else:
            super().keyPressEvent(e)

    # -- painting
    def paintEvent(self, _e: Any) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        pal = self.palette()
        p.fillRect(self.rect(), pal.color(QPalette.ColorRole.Window).darker(112))
        box = self.frame_box()
        m = self.shown_motion()
        if m is None:
            p.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No scene selected")
            return
        self._paint_photo(p, box)
        # what the video does not show at the selected moment is dimmed
        outside = QPainterPath()
        outside.addRect(box)
        hole = QPainterPath()
        hole.addRect(self.to_widget(getattr(m, self.selected)))
        p.fillPath(outside.subtracted(hole), QColor(0, 0, 0, 90))
        other: Which = "end" if self.selected == "start" else "start"
        for which in (other, self.selected):
            self._paint_rect(p, which, self.to_widget(getattr(m, which)), which == self.selected)
        for which in (other, self.selected):
            self._paint_label(p, which, self.to_widget(getattr(m, which)), which == self.selected)
        if self.hasFocus():
            pen = QPen(pal.color(QPalette.ColorRole.Highlight), 1.5)
            p.setPen(pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), 4, 4)

    def _paint_photo(self, p: QPainter, box: QRectF) -> None:
        pal = self.palette()
        path = self._photo_path()
        pm = self._thumbs.pixmap(path)
        photo = self.photo_rect()
        if pm is None or pm.isNull() or photo is None:
            p.fillRect(box, pal.color(QPalette.ColorRole.AlternateBase))
            p.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
            text = (
                "No photo"
                if path is None
                else ("Loading photo…" if self._thumbs.busy else "Photo unavailable")
            )
            p.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
            return
        # a photo cropped to fill overflows the frame: only its part inside is drawn
        whole = self.to_widget(photo)
        target = whole.intersected(box)
        sx, sy = pm.width() / whole.width(), pm.height() / whole.height()
        src = QRectF(
            (target.left() - whole.left()) * sx,
            (target.top() - whole.top()) * sy,
            target.width() * sx,
            target.height() * sy,
        )
        side_bars = target.width() < box.width() - 0.5
        if (side_bars or target.height() < box.height() - 0.5) and self._plain_edges(
            path, pm, src, side_bars
        ):
            # as the renderer: a plain studio backdrop simply continues into the bars
            if side_bars:
                edges = (
                    (
                        QRectF(src.left(), src.top(), 1, src.height()),
                        QRectF(box.left(), box.top(), target.left() - box.left(), box.height()),
                    ),
                    (
                        QRectF(src.right() - 1, src.top(), 1, src.height()),
                        QRectF(
                            target.right(), box.top(), box.right() - target.right(), box.height()
                        ),
                    ),
                )
            else:
                edges = (
                    (
                        QRectF(src.left(), src.top(), src.width(), 1),
                        QRectF(box.left(), box.top(), box.width(), target.top() - box.top()),
                    ),
                    (
                        QRectF(src.left(), src.bottom() - 1, src.width(), 1),
                        QRectF(
                            box.left(), target.bottom(), box.width(), box.bottom() - target.bottom()
                        ),
                    ),
                )
            for edge, bar in edges:
                p.drawPixmap(bar, pm, edge)
            p.drawPixmap(target, pm, src)
            return
        # else a blurred, dimmed cover of the photo stands in for the renderer's backdrop
        cover = max(box.width() / pm.width(), box.height() / pm.height())
        cw, ch = box.width() / cover, box.height() / cover
        tiny = pm.copy(
            int((pm.width() - cw) / 2), int((pm.height() - ch) / 2), int(cw), int(ch)
        ).scaled(
            24, 24, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        p.drawPixmap(box, tiny, QRectF(tiny.rect()))
        p.fillRect(box, QColor(0, 0, 0, 110))
        p.drawPixmap(target, pm, src)

    def _plain_edges(self, path: str | None, pm: QPixmap, shown: QRectF, side_bars: bool) -> bool:
        """Whether the edges of the photo's part in the frame (``shown``, in its pixels) facing
        the bars are a plain backdrop, by the renderer's rule (no colour channel varies by more
        than ``PLAIN_EDGE_STD`` along them)."""
        part = shown.toAlignedRect().intersected(pm.rect())
        key = (path or "", side_bars, part.x(), part.y(), part.width(), part.height())
        if key not in self._plain:
            self._plain[key] = plain_edges(pm.copy(part).toImage(), side_bars)
        return self._plain[key]

    def _paint_rect(self, p: QPainter, which: Which, r: QRectF, selected: bool) -> None:
        colour = COLOURS[which]
        inner = r.adjusted(1, 1, -1, -1)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QPen(QColor(0, 0, 0, 140), 4 if selected else 3))  # reads on white photos too
        p.drawRect(inner)
        p.setPen(
            QPen(
                colour,
                2.5 if selected else 1.5,
                Qt.PenStyle.SolidLine if selected else Qt.PenStyle.DashLine,
            )
        )
        p.drawRect(inner)
        if selected:
            p.setPen(QPen(QColor("white"), 1))
            p.setBrush(colour)
            for c in self._corners(inner):
                p.drawRect(QRectF(c.x() - HANDLE / 2, c.y() - HANDLE / 2, HANDLE, HANDLE))

    def _paint_label(self, p: QPainter, which: Which, r: QRectF, selected: bool) -> None:
        """Start at the top left, End at the bottom right (so both read when the rectangles
        coincide), each just past its corner handle."""
        f = QFont(self.font())
        f.setBold(True)
        f.setPointSizeF(max(7.0, f.pointSizeF() * 0.85))
        p.setFont(f)
        fm = p.fontMetrics()
        text = LABELS[which]
        tw, th = fm.horizontalAdvance(text) + 8, fm.height() + 1
        inner = r.adjusted(1, 1, -1, -1)
        if which == "start":
            tag = QRectF(inner.left() + HANDLE, inner.top() + 3, tw, th)
        else:
            tag = QRectF(inner.right() - HANDLE - tw, inner.bottom() - 3 - th, tw, th)
        fg, bg = tag_colours(which, selected)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(bg)
        p.drawRoundedRect(tag, 3, 3)
        p.setPen(fg)
        p.drawText(tag, Qt.AlignmentFlag.AlignCenter, text)


class MotionEditor(QWidget):
    """The inspector's Motion row: the framing view, what kind of motion it is, Reset and Swap."""

    def __init__(
        self,
        project: Project,
        undo: UndoLog,
        thumbnails: ThumbnailCache,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._project = project
        self.view = FramingView(project, undo, thumbnails)
        self.kind = QLabel()
        self.kind.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.reset_button = QPushButton("Reset")
        self.reset_button.setToolTip(
            "Reset to automatic: the studio chooses the framing, a slow zoom toward what matters"
        )
        self.swap_button = QPushButton("Swap")
        self.swap_button.setToolTip("Play the motion backwards (zoom in becomes zoom out)")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.kind, 1)
        row.addWidget(self.swap_button)
        row.addWidget(self.reset_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        lay.addWidget(self.view)
        lay.addLayout(row)
        self.reset_button.clicked.connect(self.view.reset)
        self.swap_button.clicked.connect(self.view.swap)
        self._scene: Scene | None = None
        self.set_scene(None)

    @property
    def scene(self) -> Scene | None:
        return self._scene

    def set_scene(self, scene: Scene | None) -> None:
        if self._scene is not None and scene is not self._scene:
            self._scene.events.motion.disconnect(self._show)
        if scene is not None and scene is not self._scene:
            scene.events.motion.connect(self._show)
        self._scene = scene
        self.view.set_scene(scene)
        self._show()

    def detach(self) -> None:
        self.set_scene(None)
        self.view.detach()

    def _show(self, *_: Any) -> None:
        s = self._scene
        self.swap_button.setEnabled(s is not None)
        self.reset_button.setEnabled(s is not None and s.motion is not None)
        if s is None:
            self.kind.setText("")
        else:
            self.kind.setText("Automatic" if s.motion is None else "Custom")
