"""Background work in the status bar: what is running, how far it is, and Cancel, for each job.

Several jobs can run at once (planning, adding photos, voicing a line, exports). The status bar
shows the most recently started one with its progress and Cancel; a "Jobs" button lists all of
them, each with its own progress and Cancel. Jobs are keyed by a short name, so a job that
restarts (a re-plan) replaces its own entry. The widget keeps a fixed height and its parts keep
their size, so nothing beside it moves when a job starts or ends.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QToolButton,
    QWidget,
)

from studio.core.progress import Progress, TimeLeft, format_remaining
from studio.ui.workers import JobRunner


@dataclass
class _Entry:
    label: str
    cancel: Callable[[], None]
    escapable: bool = True  # Esc may cancel it (not an export: one key must not throw that away)
    progress: Progress | None = None
    left: TimeLeft = field(default_factory=TimeLeft)


class _JobRow(QWidget):
    """One job in the jobs list: what it is doing, its progress, Cancel."""

    def __init__(self, key: str, owner: JobStatus) -> None:
        super().__init__()
        self.key = key
        self.label = QLabel()
        self.label.setMinimumWidth(260)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(False)
        self.bar.setFixedWidth(160)
        self.cancel = QPushButton("Cancel")
        self.cancel.clicked.connect(lambda: owner.cancel(key))
        lay = QHBoxLayout(self)
        lay.setContentsMargins(6, 2, 6, 2)
        lay.addWidget(self.label, 1)
        lay.addWidget(self.bar)
        lay.addWidget(self.cancel)


class JobStatus(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.label.setMinimumWidth(220)
        self.label.setMaximumWidth(420)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setFixedWidth(180)
        self.bar.setTextVisible(False)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop this task (Esc)")
        self.cancel_button.clicked.connect(self.cancel_current)
        self.jobs_button = QToolButton()
        self.jobs_button.setToolTip("Everything running in the background")
        self.jobs_button.setCheckable(True)
        self.jobs_button.toggled.connect(self._toggle_list)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.label)
        lay.addWidget(self.bar)
        lay.addWidget(self.cancel_button)
        lay.addWidget(self.jobs_button)
        self._jobs: dict[str, _Entry] = {}
        self._list = QFrame(None, Qt.WindowType.Popup)
        self._list.setFrameShape(QFrame.Shape.StyledPanel)
        self._rows_layout = QGridLayout(self._list)
        self._rows_layout.setContentsMargins(4, 4, 4, 4)
        self._rows: dict[str, _JobRow] = {}
        self.hide()

    # -- jobs
    @property
    def current(self) -> str:
        return next(reversed(self._jobs), "")

    @property
    def keys(self) -> list[str]:
        return list(self._jobs)

    def begin(
        self, key: str, label: str, cancel: Callable[[], None], escapable: bool = True
    ) -> None:
        self._jobs.pop(key, None)
        self._jobs[key] = _Entry(label, cancel, escapable)
        self._refresh()

    def update_job(self, key: str, p: Progress) -> None:
        entry = self._jobs.get(key)
        if entry is None:
            return
        entry.progress = p
        if p.fraction is not None:
            entry.left.add(p.fraction, time.monotonic())
        self._refresh()

    def end(self, key: str) -> None:
        if self._jobs.pop(key, None) is not None:
            self._refresh()

    def track(self, key: str, label: str, runner: JobRunner, escapable: bool = True) -> None:
        """Show ``runner`` until it is done."""
        self.begin(key, label, runner.cancel, escapable)
        runner.yielded.connect(lambda p: self.update_job(key, p))

        def finished() -> None:
            entry = self._jobs.get(key)
            if entry is not None and entry.cancel == runner.cancel:  # not a newer job's entry
                self.end(key)

        runner.finished.connect(finished)

    def cancel(self, key: str) -> None:
        entry = self._jobs.get(key)
        if entry is not None:
            entry.cancel()

    def cancel_current(self) -> None:
        """The Cancel button beside the status: the job it shows."""
        if self.current:
            self.cancel(self.current)

    def escape(self) -> None:
        """Esc: the latest job that Esc may stop (never an export)."""
        key = next((k for k in reversed(self._jobs) if self._jobs[k].escapable), "")
        if key:
            self.cancel(key)

    def text_for(self, key: str) -> str:
        """What the status bar says about a job: its step and, when it can be measured, the
        time left."""
        e = self._jobs[key]
        p = e.progress
        parts = [e.label.rstrip("…")]
        if p is not None and p.stage:
            parts.append(p.stage)
        left = e.left.seconds()
        if left is not None:
            parts.append(format_remaining(left))
        return " — ".join(parts)

    # -- showing
    def _refresh(self) -> None:
        key = self.current
        if not key:
            self._list.hide()
            self.jobs_button.setChecked(False)
            self.hide()
            return
        self._set_bar(self.bar, self._jobs[key].progress)
        text = self.text_for(key)
        self.label.setText(
            self.label.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, 400)
        )
        self.label.setToolTip(text)
        n = len(self._jobs)
        self.jobs_button.setText(f"Jobs ({n})")
        self.jobs_button.setVisible(n > 1)
        self._refresh_list()
        self.show()

    def _set_bar(self, bar: QProgressBar, p: Progress | None) -> None:
        if p is None or p.fraction is None:
            bar.setRange(0, 0)
        else:
            bar.setRange(0, 1000)
            bar.setValue(int(p.fraction * 1000))

    def _refresh_list(self) -> None:
        for key in [k for k in self._rows if k not in self._jobs]:
            gone = self._rows.pop(key)
            self._rows_layout.removeWidget(gone)
            gone.deleteLater()
        for i, key in enumerate(reversed(self._jobs)):
            row = self._rows.get(key)
            if row is None:
                row = self._rows[key] = _JobRow(key, self)
            self._rows_layout.addWidget(row, i, 0)
            row.label.setText(self.text_for(key))
            self._set_bar(row.bar, self._jobs[key].progress)
        self._list.adjustSize()

    def _toggle_list(self, on: bool) -> None:
        if on:
            self._refresh_list()
            self._list.adjustSize()
            pos = self.jobs_button.mapToGlobal(self.jobs_button.rect().topRight())
            self._list.move(pos.x() - self._list.width(), pos.y() - self._list.height())
            self._list.show()
        else:
            self._list.hide()

    @property
    def job_list(self) -> QFrame:
        return self._list

    def row(self, key: str) -> _JobRow | None:
        return self._rows.get(key)
