"""Small building blocks of the voice and music panels: a Play button that prepares its
sound on a worker and plays it through the shared Playback, inline notes, form helpers."""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QDoubleSpinBox, QLabel, QPushButton, QWidget

from studio.core.progress import Progress
from studio.jobs.audition import Clip
from studio.media.playback import Playback
from studio.ui.workers import JobRunner

Job = Generator[Progress, Any, Clip]


def buddy_label(text: str, buddy: QWidget) -> QLabel:
    """A form label whose Alt+letter moves the focus to ``buddy``."""
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


class PlayButton(QPushButton):
    """Prepares a sound on a worker, plays it through the shared Playback and reads "Stop"
    until the sound ends or another one takes the speakers. Progress and problems (no audio
    device, a StudioError) arrive as ``note`` text; programming errors as ``internal_error``."""

    note = Signal(str)
    internal_error = Signal(str, str)

    def __init__(self, text: str, playback: Playback, make_job: Callable[[], Job | None]) -> None:
        super().__init__(text)
        self._text = text
        self._playback = playback
        self._make_job = make_job
        self._runner: JobRunner | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(100)
        self._timer.timeout.connect(self._show)
        self.clicked.connect(self._toggle)

    @property
    def busy(self) -> bool:
        return self._runner is not None

    @property
    def playing(self) -> bool:
        return self._playback.owner is self and self._playback.playing

    def _toggle(self) -> None:
        if self.busy or self.playing:
            self.stop()
        else:
            self.start()

    def start(self, job: Job | None = None) -> None:
        """Prepare and play ``job``'s clip (default: the one this button was made for)."""
        self.stop()
        job = job if job is not None else self._make_job()
        if job is None:
            return
        runner = self._runner = JobRunner(job, self)
        runner.yielded.connect(lambda p: self.note.emit(f"{p.message or p.stage}…"))
        runner.returned.connect(lambda clip: self._ready(runner, clip))
        runner.errored.connect(lambda msg, details: self._failed(runner, msg, details))
        runner.finished.connect(lambda: self._finished(runner))
        runner.start()
        self._show()

    def play_clip(self, clip: Clip) -> None:
        """Play a clip that is already prepared (a take just made)."""
        if self._playback.play(clip.samples, clip.sample_rate, 0.0, owner=self):
            self.note.emit("")
            self._timer.start()
        else:
            self.note.emit(self._playback.problem)
        self._show()

    def stop(self) -> None:
        if self._runner is not None:
            self._runner.cancel()
            self._runner = None
        if self._playback.owner is self:
            self._playback.stop()
        self._show()

    def _ready(self, runner: JobRunner, clip: Clip) -> None:
        if runner is self._runner:
            self._runner = None
            self.play_clip(clip)

    def _failed(self, runner: JobRunner, message: str, details: str) -> None:
        if runner is self._runner:
            self.note.emit(message)
            if details:
                self.internal_error.emit(message, details)

    def _finished(self, runner: JobRunner) -> None:
        if runner is self._runner:
            self._runner = None
        runner.deleteLater()
        self._show()

    def _show(self) -> None:
        active = self.busy or self.playing
        self.setText("Stop" if active else self._text)
        if not active:
            self._timer.stop()


def spin_box(lo: float, hi: float, step: float, suffix: str, decimals: int = 2) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(lo, hi)
    box.setSingleStep(step)
    box.setDecimals(decimals)
    box.setSuffix(suffix)
    box.setKeyboardTracking(False)  # one edit when the user finishes typing, not per digit
    return box
