"""Scene-card thumbnails, decoded on the thread pool and kept in memory by image path.

``pixmap(path)`` answers at once: the cached pixmap, or None after queuing a decode; ``ready``
fires when it arrives so views repaint. ``idle`` fires when nothing is left to decode.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QImage, QPixmap

from studio.ui.workers import run_function

THUMB_SIDE = 320


def _decode(path: str, side: int) -> tuple[str, QImage | None]:
    from studio.core.errors import MediaError
    from studio.media.images import load_rgb

    try:
        rgb = load_rgb(Path(path), max_side=side)
    except MediaError:
        return path, None
    h, w, _ = rgb.shape
    img = QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
    return path, img


class ThumbnailCache(QObject):
    ready = Signal(str)
    idle = Signal()

    def __init__(self, side: int = THUMB_SIDE, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._side = side
        self._pixmaps: dict[str, QPixmap | None] = {}  # None: undecodable
        self._pending: set[str] = set()
        self._workers: list[object] = []

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def pixmap(self, path: str | None) -> QPixmap | None:
        if not path:
            return None
        if path in self._pixmaps:
            return self._pixmaps[path]
        self.request(path)
        return None

    def request(self, path: str) -> None:
        if path in self._pixmaps or path in self._pending:
            return
        self._pending.add(path)
        w = run_function(
            _decode,
            path,
            self._side,
            on_result=self._on_decoded,
            on_error=lambda _exc: self._on_decoded((path, None)),
        )
        self._workers.append(w)
        w.finished.connect(lambda w=w: self._workers.remove(w) if w in self._workers else None)

    def _on_decoded(self, result: tuple[str, QImage | None]) -> None:
        path, img = result
        pm = QPixmap.fromImage(img) if img is not None else None
        if pm is not None:
            pm = pm.scaled(
                self._side,
                self._side,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        self._pixmaps[path] = pm
        self._pending.discard(path)
        self.ready.emit(path)
        if not self._pending:
            self.idle.emit()
