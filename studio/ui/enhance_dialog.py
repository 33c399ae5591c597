"""Enhance Photo: Real-ESRGAN on one photo, on a worker, then the same part before and after.

The enhancement runs as a job (``studio.jobs.enhance.enhance_preview_job``) so the window stays
responsive and Cancel stops it between two tiles. The result lives in the cache, where exports
find it: in the default ``auto`` mode an export uses the enhanced photo wherever the photo is
smaller than the video needs. "Use" makes that the photo's choice (exports always use the
enhanced photo), "Discard" the opposite (never, and the copy is removed); the window records
the choice as an undoable edit of the project (``chosen``).
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.core.progress import Progress
from studio.jobs.enhance import EnhancedPreview, enhance_preview_job
from studio.ui.notes import NoteLabel
from studio.ui.workers import JobRunner


class EnhanceDialog(QDialog):
    """Enhances ``photo`` for a ``frame`` (width, height) video when shown, then compares."""

    chosen = Signal(str)  # "always" (Use) or "never" (Discard)

    def __init__(self, photo: Path, frame: tuple[int, int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Enhance Photo — {photo.name}")
        self.result_preview: EnhancedPreview | None = None
        self.status = QLabel("Enhancing the photo with Real-ESRGAN…")
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.error = NoteLabel("warning")
        self.before = _picture_label()
        self.after = _picture_label()
        pictures = QGridLayout()
        for col, (title, label) in enumerate((("Before", self.before), ("After", self.after))):
            heading = QLabel(title)
            heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
            pictures.addWidget(heading, 0, col)
            pictures.addWidget(label, 1, col)
        self.pictures = QWidget()
        self.pictures.setLayout(pictures)
        self.pictures.hide()
        self.buttons = QDialogButtonBox()
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.use_button: QPushButton = self.buttons.addButton(
            "Use", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.discard_button: QPushButton = self.buttons.addButton(
            "Discard", QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.use_button.hide()
        self.discard_button.hide()
        self.use_button.clicked.connect(self._use)
        self.discard_button.clicked.connect(self._discard)
        self.cancel_button.clicked.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.status)
        lay.addWidget(self.progress)
        lay.addWidget(self.error)
        lay.addWidget(self.pictures, 1)
        lay.addWidget(self.buttons)
        self.runner: JobRunner | None = JobRunner.run(
            enhance_preview_job(photo, *frame),
            self,
            yielded=self._on_progress,
            returned=self._on_done,
            errored=self._on_error,
            finished=self._on_finished,
        )

    def done(self, r: int) -> None:
        """Closing stops the enhancement (its cache entry is written only when it completes,
        so nothing half-made is left); the dialog goes once its worker has stopped."""
        runner = self.runner
        if runner is not None and runner.is_running:
            runner.cancel()
            runner.finished.connect(self.deleteLater)
        else:
            self.deleteLater()
        super().done(r)

    def _on_progress(self, p: Progress) -> None:
        if p.fraction is not None:
            self.progress.setValue(round(100 * p.fraction))

    def _on_done(self, preview: EnhancedPreview) -> None:
        self.result_preview = preview
        self.progress.hide()
        need = f"shown {preview.need:.1f}x its size in the video; " if preview.need else ""
        when = (
            "exports use the enhanced photo automatically."
            if preview.automatic
            else "it is large enough for the video, so exports use it as it is "
            "(studio render --enhance all uses the enhanced one)."
        )
        self.status.setText(f"Enhanced x{preview.scale}: {need}{when}")
        for label, rgb in ((self.before, preview.before), (self.after, preview.after)):
            pm = _pixmap(rgb)
            label.setPixmap(pm)
            label.setMinimumSize(pm.size())
        self.pictures.show()
        self.cancel_button.hide()
        self.use_button.show()
        self.discard_button.show()
        self.use_button.setDefault(True)
        self.adjustSize()

    def _on_error(self, message: str, details: str) -> None:
        self.progress.hide()
        self.status.setText("The photo could not be enhanced.")
        self.error.set_note(message)
        self.cancel_button.setText("Close")

    def _on_finished(self) -> None:
        self.runner = None

    def _use(self) -> None:
        self.chosen.emit("always")
        self.accept()

    def _discard(self) -> None:
        if self.result_preview is not None:
            with contextlib.suppress(OSError):
                self.result_preview.enhanced.unlink()
        self.chosen.emit("never")
        self.reject()


def _picture_label() -> QLabel:
    label = QLabel()
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setMinimumSize(240, 180)
    return label


def _pixmap(rgb: np.ndarray) -> QPixmap:
    rgb = np.ascontiguousarray(rgb)
    h, w = rgb.shape[:2]
    image = QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888)
    return QPixmap.fromImage(image.copy())
