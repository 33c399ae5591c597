"""The voice panel: the project's voice and pace, an audition, and the selected line's own
speed, pauses, liveliness and takes (regenerate, A/B, choose what exports).

It follows the model's events and edits only through the UndoLog, so undo and redo (and
edits made elsewhere) show here at once. Voicing and loading audio run on workers.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from studio.core.edits import UndoLog
from studio.core.errors import StudioError
from studio.core.model import Project, Scene, VoiceSettings, limits
from studio.core.progress import Progress
from studio.core.project_io import MAX_TAKES
from studio.jobs.audition import (
    REGENERATE_VARIATION,
    SAMPLE_SENTENCE,
    Clip,
    take_job,
)
from studio.media.playback import Playback
from studio.ui.listen import Job, PlayButton, buddy_label, spin_box
from studio.ui.notes import NoteLabel
from studio.ui.take_list import TakeList
from studio.ui.workers import JobRunner, run_function
from studio.voice.library import available_voices, install_voice, voice_problems


class VoicePanel(QWidget):
    internal_error = Signal(str, str)  # message, traceback: a programming error, not the user's
    voice_added = Signal(str)  # voice id, after Add Voice installed it
    voice_add_failed = Signal(str)

    def __init__(
        self, project: Project, undo: UndoLog, playback: Playback, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._project = project
        self._undo = undo
        self._playback = playback
        self._scene: Scene | None = None
        self._scene_id: str | None = None
        self._regen: JobRunner | None = None

        # -- the project's voice
        self.voice = QComboBox()
        self.voice.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.voice.setMinimumContentsLength(10)
        self.add_voice_button = QPushButton("Add Voice…")
        self.speed = spin_box(*limits(VoiceSettings, "speed"), 0.05, " ×")
        self.audition = PlayButton("Audition", playback, self._audition_job)
        self.audition.setToolTip("Hear the voice read the selected line (or a sample sentence)")
        self.voice_problems = NoteLabel()  # voice files that can't be used, a missing project voice
        self.voice_note = NoteLabel()  # the audition's progress and problems, a failed Add Voice
        voice_row = QHBoxLayout()
        voice_row.addWidget(self.voice, 1)
        voice_row.addWidget(self.add_voice_button)
        speed_row = QHBoxLayout()
        speed_row.addWidget(self.speed)
        speed_row.addStretch(1)
        speed_row.addWidget(self.audition)
        project_box = QGroupBox("Project Voice")
        form = QFormLayout(project_box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # narrow: labels above
        form.addRow(buddy_label("&Voice", self.voice), voice_row)
        form.addRow(buddy_label("S&peed", self.speed), speed_row)
        form.addRow(self.voice_problems)
        form.addRow(self.voice_note)

        # -- the selected line
        self.line = QLabel()
        self.line.setWordWrap(True)
        self.line.setTextFormat(Qt.TextFormat.PlainText)
        self.own_speed = QCheckBox("Own speed")
        self.line_speed = spin_box(*limits(Scene, "voice_speed"), 0.05, " ×")
        self.pause_before = spin_box(0.0, 10.0, 0.25, " s")
        self.pause_after = spin_box(0.0, 10.0, 0.25, " s")
        self.expressiveness = QSlider(Qt.Orientation.Horizontal)
        self.expressiveness.setRange(0, 100)
        self.expressiveness.setSingleStep(5)
        self.expressiveness.setPageStep(25)
        self.expressiveness.setTracking(False)  # a drag is one edit, made on release
        self.expressiveness_value = QLabel()
        self.expressiveness_value.setMinimumWidth(
            self.fontMetrics().horizontalAdvance("Lively 100 %")
        )
        self.regenerate = QPushButton("Regenerate Line")
        self.regenerate.setToolTip(
            "Voice this line again with a new variation; every take stays listed"
        )
        self.cancel_regenerate = QPushButton("Cancel")
        self.regen_progress = QProgressBar()
        self.regen_progress.setRange(0, 3)
        self.regen_progress.setTextVisible(False)
        self.regen_progress.setMaximumHeight(self.fontMetrics().height())
        self.takes = TakeList(project, undo)
        self.play_take = PlayButton("Play Take", playback, self.takes.current_job)
        self.line_note = NoteLabel()

        speed2 = QHBoxLayout()
        speed2.addWidget(self.own_speed)
        speed2.addWidget(self.line_speed)
        speed2.addStretch(1)
        pauses = QHBoxLayout()
        pauses.addWidget(QLabel("before"))
        pauses.addWidget(self.pause_before)
        pauses.addWidget(QLabel("after"))
        pauses.addWidget(self.pause_after)
        pauses.addStretch(1)
        lively = QHBoxLayout()
        lively.addWidget(self.expressiveness, 1)
        lively.addWidget(self.expressiveness_value)
        regen = QHBoxLayout()
        regen.addWidget(self.regenerate)
        regen.addWidget(self.regen_progress, 1)
        regen.addWidget(self.cancel_regenerate)
        play_row = QHBoxLayout()
        play_row.addStretch(1)
        play_row.addWidget(self.play_take)
        self.line_box = QGroupBox("Selected Line")
        lf = QFormLayout(self.line_box)
        lf.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # narrow: labels above
        lf.addRow(self.line)
        lf.addRow(buddy_label("&Line speed", self.own_speed), speed2)
        lf.addRow(buddy_label("Pa&uses", self.pause_before), pauses)
        lf.addRow(buddy_label("&Expressiveness", self.expressiveness), lively)
        lf.addRow(regen)
        lf.addRow(buddy_label("&Takes", self.takes), self.takes)
        lf.addRow(play_row)
        lf.addRow(self.line_note)

        lay = QVBoxLayout(self)
        lay.addWidget(project_box)
        lay.addWidget(self.line_box)
        lay.addStretch(1)

        self.voice.activated.connect(lambda _i: self._set_voice(self.voice.currentData()))
        self.add_voice_button.clicked.connect(self.choose_voice_file)
        self.speed.valueChanged.connect(
            lambda v: self._undo.set_attr(
                "voice", "speed", round(float(v), 2), "Change Voice Speed"
            )
        )
        self.own_speed.toggled.connect(self._on_own_speed)
        self.line_speed.valueChanged.connect(
            lambda v: self._edit("voice_speed", round(float(v), 2))
        )
        self.pause_before.valueChanged.connect(
            lambda v: self._edit("pause_before", round(float(v), 2))
        )
        self.pause_after.valueChanged.connect(
            lambda v: self._edit("pause_after", round(float(v), 2))
        )
        self.expressiveness.valueChanged.connect(lambda v: self._edit("expressiveness", v / 100))
        self.expressiveness.sliderMoved.connect(self._show_expressiveness)
        self.regenerate.clicked.connect(self.regenerate_line)
        self.cancel_regenerate.clicked.connect(self.cancel)
        self.takes.chosen.connect(lambda job: self.play_take.start(job))
        for button in (self.audition, self.play_take):
            button.internal_error.connect(self.internal_error)
        self.audition.note.connect(self.voice_note.setText)
        self.play_take.note.connect(self.line_note.setText)

        project.voice.events.voice.connect(self._show_voice)
        project.voice.events.speed.connect(self._show_voice)
        project.voice.events.speed.connect(self._show_line)
        project.timeline.scenes.events.inserted.connect(self._rebind)
        project.timeline.scenes.events.removed.connect(self._rebind)
        self._fill_voices()
        self._show_regenerating(False)
        self.set_scene(None)

    # -- which scene
    @property
    def scene(self) -> Scene | None:
        return self._scene

    def set_scene(self, scene_id: str | None) -> None:
        """Show (and edit) the line of this scene; None: no line selected."""
        self._scene_id = scene_id
        self._rebind()

    def _rebind(self, *_: Any) -> None:
        """Follow the scene by id: an undone delete brings back a new object with the same id."""
        scene = None
        if self._scene_id:
            try:
                scene = self._project.timeline.find(self._scene_id)
            except KeyError:
                scene = None
        if scene is self._scene:
            return
        if self._scene is not None:
            for sig in self._line_signals(self._scene):
                sig.disconnect(self._show_line)
        self._scene = scene
        if scene is not None:
            for sig in self._line_signals(scene):
                sig.connect(self._show_line)
        self.takes.set_scene(scene)
        self.line_note.setText("")
        self._show_line()

    @staticmethod
    def _line_signals(scene: Scene) -> list[Any]:
        ev = scene.events
        return [ev.voice_line, ev.voice_speed, ev.pause_before, ev.pause_after, ev.expressiveness]

    def detach(self) -> None:
        """Stop following the project (another document is being opened)."""
        self.cancel()
        self.audition.stop()
        self.play_take.stop()
        self.set_scene(None)
        self.takes.detach()
        p = self._project
        for sig, slot in (
            (p.voice.events.voice, self._show_voice),
            (p.voice.events.speed, self._show_voice),
            (p.voice.events.speed, self._show_line),
            (p.timeline.scenes.events.inserted, self._rebind),
            (p.timeline.scenes.events.removed, self._rebind),
        ):
            sig.disconnect(slot)

    # -- the project's voice
    def _fill_voices(self) -> None:
        blocker = QSignalBlocker(self.voice)
        self.voice.clear()
        for v in available_voices():
            detail = ", ".join(
                x
                for x in (v.language, v.quality.replace("_", " "), "bundled" if v.bundled else "")
                if x
            )
            name = v.id if not v.speaker else f"{v.id} ({v.speaker})"
            self.voice.addItem(f"{name} — {detail}", v.id)
        del blocker
        self._broken = [f"Can't use {p.model_path.name}: {p.message}" for p in voice_problems()]
        self._show_voice()

    def _show_voice(self, *_: Any) -> None:
        current = self._project.voice.voice
        with QSignalBlocker(self.voice), QSignalBlocker(self.speed):
            i = self.voice.findData(current)
            installed = i >= 0 and not self.voice.itemText(i).endswith("not installed")
            if i < 0:
                self.voice.addItem(f"{current} — not installed", current)
                i = self.voice.count() - 1
            self.voice.setCurrentIndex(i)
            self.speed.setValue(self._project.voice.speed)
        missing = (
            []
            if installed
            else [f"The project's voice {current} is not installed: choose another or add it."]
        )
        self.voice_problems.setText("\n".join(missing + self._broken))

    def _set_voice(self, voice_id: str) -> None:
        self._undo.set_attr("voice", "voice", voice_id, "Change Voice")

    def choose_voice_file(self) -> None:
        from studio.ui.dialog_places import remember_folder, start_folder

        path, _ = QFileDialog.getOpenFileName(
            self, "Add Voice", start_folder("voices"), "Piper voices (*.onnx)"
        )
        if path:
            remember_folder("voices", path)
            self.add_voice(Path(path))

    def add_voice(self, model_path: Path) -> None:
        """Install a Piper voice (.onnx with its .onnx.json beside it) into the user's voices
        folder on a worker (models are tens of megabytes), then use it. ``voice_added`` or an
        inline message follows."""
        self.add_voice_button.setEnabled(False)
        self.voice_note.setText(f"Adding {Path(model_path).name}…")
        self._adding = run_function(
            install_voice,
            Path(model_path),
            on_result=self._voice_installed,
            on_error=self._voice_not_installed,
        )

    def _voice_installed(self, info: Any) -> None:
        self.add_voice_button.setEnabled(True)
        self.voice_note.setText("")
        self._fill_voices()
        self._set_voice(info.id)
        self.voice_added.emit(info.id)

    def _voice_not_installed(self, exc: Exception) -> None:
        self.add_voice_button.setEnabled(True)
        if isinstance(exc, StudioError):
            self.voice_note.setText(f"Can't add this voice: {exc}")
            self.voice_add_failed.emit(str(exc))
        else:
            self.voice_note.setText("")
            self.internal_error.emit(f"Internal error: {type(exc).__name__}: {exc}", "")
            self.voice_add_failed.emit(str(exc))

    def _audition_job(self) -> Job:
        s = self._scene
        text = s.voice_line if s is not None and s.voice_line.strip() else SAMPLE_SENTENCE
        speed = (s.voice_speed if s is not None else None) or self._project.voice.speed
        return take_job(
            text, self._project.voice.voice, speed, 0.0, 0, s.expressiveness if s else 0.0
        )

    # -- the selected line
    def _show_line(self, *_: Any) -> None:
        s = self._scene
        for w in (
            self.own_speed,
            self.line_speed,
            self.pause_before,
            self.pause_after,
            self.expressiveness,
            self.takes,
            self.play_take,
        ):
            w.setEnabled(s is not None)
        self.regenerate.setEnabled(
            s is not None and bool(s.voice_line.strip()) and self._regen is None
        )
        editors = (
            self.own_speed,
            self.line_speed,
            self.pause_before,
            self.pause_after,
            self.expressiveness,
        )
        blockers = [QSignalBlocker(w) for w in editors]
        try:
            if s is None:
                self.line.setText("Select a scene to set how its line is spoken.")
                return
            self.line.setText(
                f"“{s.voice_line.strip()}”"
                if s.voice_line.strip()
                else "This scene has no voice line."
            )
            self.own_speed.setChecked(s.voice_speed is not None)
            self.line_speed.setEnabled(s.voice_speed is not None)
            self.line_speed.setValue(
                s.voice_speed if s.voice_speed is not None else self._project.voice.speed
            )
            self.pause_before.setValue(s.pause_before)
            self.pause_after.setValue(s.pause_after)
            self.expressiveness.setValue(round(s.expressiveness * 100))
            self._show_expressiveness(round(s.expressiveness * 100))
        finally:
            del blockers

    def _show_expressiveness(self, value: int) -> None:
        self.expressiveness_value.setText("Steady" if value == 0 else f"Lively {value} %")

    def _edit(self, field: str, value: Any) -> None:
        if self._scene is not None:
            self._undo.set_scene(self._scene.id, field, value)

    def _on_own_speed(self, on: bool) -> None:
        self._edit("voice_speed", round(float(self.line_speed.value()), 2) if on else None)

    # -- regenerating
    def regenerate_line(self) -> None:
        """Voice the line again with a new seed on a worker; the new take is added and chosen."""
        s = self._scene
        if s is None or not s.voice_line.strip() or self._regen is not None:
            return
        seed = random.SystemRandom().randrange(1, 2**31 - 1)
        job = take_job(
            s.voice_line,
            self._project.voice.voice,
            s.voice_speed or self._project.voice.speed,
            REGENERATE_VARIATION,
            seed,
            s.expressiveness,
        )
        runner = self._regen = JobRunner(job, self)
        scene_id = s.id
        runner.yielded.connect(self._on_regen_progress)
        runner.returned.connect(lambda clip: self._on_regenerated(scene_id, clip))
        runner.errored.connect(self._on_regen_failed)
        runner.aborted.connect(lambda: self.line_note.setText("Regenerating was cancelled."))
        runner.finished.connect(lambda: self._regen_done(runner))
        self.line_note.setText("")
        self._show_regenerating(True)
        runner.start()

    def cancel(self) -> None:
        if self._regen is not None:
            self._regen.cancel()

    @property
    def regenerating(self) -> bool:
        return self._regen is not None

    def _on_regen_progress(self, p: Progress) -> None:
        self.regen_progress.setValue(int(p.done))
        self.line_note.setText(f"{p.message}…" if p.message else "")

    def _on_regenerated(self, scene_id: str, clip: Clip) -> None:
        self.line_note.setText("")
        try:
            scene = self._project.timeline.find(scene_id)
        except KeyError:
            return  # the scene was deleted meanwhile; the take stays in the cache
        assert clip.take is not None
        take_id = clip.take.id
        with self._undo.group("Regenerate Line"):
            if take_id not in scene.takes:
                self._undo.set_scene(scene_id, "takes", [*scene.takes, take_id][-MAX_TAKES:])
            self._undo.set_scene(scene_id, "take", take_id)
        if scene is self._scene:
            self.play_take.play_clip(clip)

    def _on_regen_failed(self, message: str, details: str) -> None:
        self.line_note.setText(message)
        if details:
            self.internal_error.emit(message, details)

    def _regen_done(self, runner: JobRunner) -> None:
        if runner is self._regen:
            self._regen = None
        runner.deleteLater()
        self._show_regenerating(False)

    def _show_regenerating(self, busy: bool) -> None:
        self.regen_progress.setVisible(busy)
        self.regen_progress.setValue(0)
        self.cancel_regenerate.setVisible(busy)
        self.regenerate.setText("Regenerating…" if busy else "Regenerate Line")
        self._show_line()
