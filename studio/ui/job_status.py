"""Background work in the status bar: what is running, how far it is, and a Cancel button.

Several jobs can run at once (planning, adding photos, voicing a line); the status bar shows
the most recently started one that is still running, and Cancel stops that one. Jobs are
keyed by a short name so a job that restarts (a re-plan) replaces its own entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from studio.core.progress import Progress
from studio.ui.workers import JobRunner


@dataclass
class _Entry:
    label: str
    cancel: Callable[[], None]
    progress: Progress | None = None


class JobStatus(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setMaximumWidth(220)
        self.bar.setTextVisible(False)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop this task (Esc)")
        self.cancel_button.clicked.connect(self.cancel_current)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.label)
        lay.addWidget(self.bar)
        lay.addWidget(self.cancel_button)
        self._jobs: dict[str, _Entry] = {}
        self.hide()

    @property
    def current(self) -> str:
        return next(reversed(self._jobs), "")

    def begin(self, key: str, label: str, cancel: Callable[[], None]) -> None:
        self._jobs.pop(key, None)
        self._jobs[key] = _Entry(label, cancel)
        self._show()

    def update_job(self, key: str, p: Progress) -> None:
        if key in self._jobs:
            self._jobs[key].progress = p
            if key == self.current:
                self._show()

    def end(self, key: str) -> None:
        if self._jobs.pop(key, None) is not None:
            self._show()

    def track(self, key: str, label: str, runner: JobRunner) -> None:
        """Show ``runner`` until it is done."""
        self.begin(key, label, runner.cancel)
        runner.yielded.connect(lambda p: self.update_job(key, p))
        runner.finished.connect(
            lambda: (
                self._jobs.get(key) and self._jobs[key].cancel == runner.cancel and self.end(key)
            )
        )

    def cancel_current(self) -> None:
        key = self.current
        if key:
            self._jobs[key].cancel()

    def _show(self) -> None:
        key = self.current
        if not key:
            self.hide()
            return
        e = self._jobs[key]
        p = e.progress
        text = e.label if p is None else (p.message or p.stage or e.label)
        others = len(self._jobs) - 1
        self.label.setText(text + (f"  (+{others} more)" if others else ""))
        if p is None or p.fraction is None:
            self.bar.setRange(0, 0)
        else:
            self.bar.setRange(0, 1000)
            self.bar.setValue(int(p.fraction * 1000))
        self.show()
