"""The music panel: where the bed comes from (generated, an imported track, none), its mood and
variation, its level and how far it dips under the voice, beat-snapped cuts, and a preview.

It follows ``project.music`` through its events and edits only through the UndoLog. Choosing
the automatic mood (a sentence model), importing a track and rendering the preview run on
workers; the panel keeps working while they do.
"""

from __future__ import annotations

import random
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.core.edits import UndoLog
from studio.core.model import MUSIC_SOURCES, MusicBed, Project, limits
from studio.core.project_io import snapshot
from studio.jobs.audition import MUSIC_EXTENSIONS, import_track_job, music_preview_job
from studio.media.playback import Playback
from studio.music.generate import moods
from studio.music.soundtrack import resolve_mood
from studio.ui.listen import PlayButton, buddy_label, spin_box
from studio.ui.notes import NoteLabel
from studio.ui.workers import JobRunner, run_function

SOURCE_NAMES = {"generated": "Generated music", "file": "Imported track", "none": "No music"}
AUTO_MOOD_DELAY_MS = 1500  # wait for typing in the product text to pause before re-choosing


class MusicPanel(QWidget):
    internal_error = Signal(str, str)  # message, traceback: a programming error, not the user's
    auto_mood_resolved = Signal(str)

    def __init__(
        self, project: Project, undo: UndoLog, playback: Playback, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._project = project
        self._undo = undo
        self._import: JobRunner | None = None
        self._import_warnings: list[str] = []  # what the running import found odd
        self._auto_mood = ""  # what "auto" stands for now; "" until worked out
        self._auto_token = 0
        self._auto_pending = False
        self._attached = True

        self.source = QComboBox()
        for key in MUSIC_SOURCES:
            self.source.addItem(SOURCE_NAMES.get(key, key), key)
        self.mood = QComboBox()
        for combo in (self.source, self.mood):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(8)
        self.mood.addItem("Automatic", "auto")
        for m in moods():
            self.mood.addItem(m.title(), m)
        self.new_variation = QPushButton("New Variation")
        self.new_variation.setToolTip("Compose another bed in the same mood")
        self.track = QLabel()
        self.track.setWordWrap(True)
        self.import_button = QPushButton("Import Track…")
        self.import_button.setToolTip(
            "Use your own music: MP3, WAV, M4A, OGG or FLAC (copied into the project folder)"
        )
        self.volume = spin_box(*limits(MusicBed, "volume_db"), 1.0, " dB", 1)
        self.volume.setToolTip("The bed's level under the voice")
        self.ducking = spin_box(*limits(MusicBed, "duck_db"), 1.0, " dB", 1)
        self.ducking.setToolTip("How far the music dips while the voice speaks")
        self.snap = QCheckBox("Snap scene cuts to the beat")
        self.preview = PlayButton("Preview", playback, self._preview_job)
        self.preview.setToolTip("Hear the first 20 seconds of the music at its level in the video")
        self.note = NoteLabel()

        mood_row = QHBoxLayout()
        mood_row.addWidget(self.mood, 1)
        mood_row.addWidget(self.new_variation)
        track_row = QHBoxLayout()
        track_row.addWidget(self.track, 1)
        track_row.addWidget(self.import_button)
        preview_row = QHBoxLayout()
        preview_row.addStretch(1)
        preview_row.addWidget(self.preview)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # narrow: labels above
        form.addRow(buddy_label("&Source", self.source), self.source)
        form.addRow(buddy_label("&Mood", self.mood), mood_row)
        form.addRow(buddy_label("&Track", self.import_button), track_row)
        form.addRow(buddy_label("&Volume", self.volume), _compact(self.volume))
        form.addRow(buddy_label("&Ducking", self.ducking), _compact(self.ducking))
        form.addRow("", self.snap)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addLayout(preview_row)
        lay.addWidget(self.note)
        lay.addStretch(1)

        self.source.activated.connect(
            lambda _i: self._set("source", self.source.currentData(), "Change Music Source")
        )
        self.mood.activated.connect(
            lambda _i: self._set("mood", self.mood.currentData(), "Change Mood")
        )
        self.new_variation.clicked.connect(self.next_variation)
        self.import_button.clicked.connect(self.choose_track_file)
        self.volume.valueChanged.connect(
            lambda v: self._set("volume_db", round(float(v), 1), "Change Music Volume")
        )
        self.ducking.valueChanged.connect(
            lambda v: self._set("duck_db", round(float(v), 1), "Change Ducking")
        )
        self.snap.toggled.connect(
            lambda on: self._set("snap_to_beats", bool(on), "Snap Cuts to Beats")
        )
        self.preview.note.connect(self.note.setText)
        self.preview.internal_error.connect(self.internal_error)

        self._auto_timer = QTimer(self)
        self._auto_timer.setSingleShot(True)
        self._auto_timer.setInterval(AUTO_MOOD_DELAY_MS)
        self._auto_timer.timeout.connect(self._resolve_auto_mood)
        project.music.events.all.connect(self._show)
        project.product.events.title.connect(self._product_changed)
        project.product.events.bullets.connect(self._product_changed)
        self._show()

    def detach(self) -> None:
        """Stop following the project (another document is being opened)."""
        self._attached = False
        self._auto_timer.stop()
        self.preview.stop()
        if self._import is not None:
            self._import.cancel()
        self._project.music.events.all.disconnect(self._show)
        self._project.product.events.title.disconnect(self._product_changed)
        self._project.product.events.bullets.disconnect(self._product_changed)

    @property
    def busy(self) -> bool:
        """Importing, previewing or choosing the automatic mood."""
        return (
            self._import is not None
            or self.preview.busy
            or self._auto_timer.isActive()
            or self._auto_pending
        )

    @property
    def auto_mood(self) -> str:
        """The mood "Automatic" stands for, once worked out ("" before)."""
        return self._auto_mood

    # -- model -> widgets
    def _show(self, *_: Any) -> None:
        m = self._project.music
        editors = (self.source, self.mood, self.volume, self.ducking, self.snap)
        with ExitStack() as stack:
            for w in editors:
                stack.enter_context(QSignalBlocker(w))
            self.source.setCurrentIndex(max(0, self.source.findData(m.source)))
            i = self.mood.findData(m.mood)
            if i < 0:  # a mood name from a newer version, or an alias: show it as it is
                self.mood.addItem(m.mood.title(), m.mood)
                i = self.mood.count() - 1
            self.mood.setCurrentIndex(i)
            self.volume.setValue(m.volume_db)
            self.ducking.setValue(m.duck_db)
            self.snap.setChecked(m.snap_to_beats)
        generated, has_music = m.source == "generated", m.source != "none"
        self.mood.setEnabled(generated)
        self.new_variation.setEnabled(generated)
        self.track.setEnabled(m.source == "file")
        for control in (self.volume, self.ducking, self.snap, self.preview):
            control.setEnabled(has_music)
        self.track.setText(Path(m.path).name if m.path else "No track imported")
        # the seed goes in the tooltip: in the label it would widen the panel past its edge
        self.new_variation.setToolTip(
            f"Compose another bed in the same mood (this one is variation {m.seed})"
            if m.seed
            else "Compose another bed in the same mood"
        )
        self._show_auto_mood()
        if (
            self._wants_auto_mood()
            and not self._auto_mood
            and not self._auto_pending
            and not self._auto_timer.isActive()
        ):
            self._resolve_auto_mood()

    def _show_auto_mood(self) -> None:
        i = self.mood.findData("auto")
        text = f"Automatic ({self._auto_mood.title()})" if self._auto_mood else "Automatic"
        self.mood.setItemText(i, text)
        self.mood.setItemData(
            i, "Chosen from the product's title and bullets", Qt.ItemDataRole.ToolTipRole
        )

    # -- the automatic mood
    def _product_changed(self, *_: Any) -> None:
        self._auto_token += 1  # an answer for the old text is no longer wanted
        self._auto_mood, self._auto_pending = "", False
        self._show_auto_mood()
        if self._wants_auto_mood():
            self._auto_timer.start()

    def _wants_auto_mood(self) -> bool:
        m = self._project.music
        return m.source == "generated" and m.mood in ("", "auto")

    def _resolve_auto_mood(self) -> None:
        """Work out, on a worker, which mood "Automatic" picks for the product as it is now."""
        if not self._attached:
            return
        self._auto_token += 1
        token = self._auto_token
        self._auto_pending = True
        run_function(
            resolve_mood,
            _auto_snapshot(self._project),
            on_result=lambda mood: self._auto_done(token, str(mood)),
            on_error=lambda exc: self._auto_done(token, ""),
        )

    def _auto_done(self, token: int, mood: str) -> None:
        if token != self._auto_token or not self._attached:
            return
        self._auto_pending = False
        self._auto_mood = mood
        self._show_auto_mood()
        if mood:
            self.auto_mood_resolved.emit(mood)

    # -- widgets -> edits
    def _set(self, field: str, value: Any, label: str) -> None:
        self._undo.set_attr("music", field, value, label)

    def next_variation(self) -> None:
        """A new seed: another bed in the same mood (undoable, so the old one is one step back)."""
        old = self._project.music.seed
        seed = old
        while seed == old:
            seed = random.SystemRandom().randrange(1, 2**31 - 1)
        self._set("seed", seed, "New Music Variation")

    def choose_track_file(self) -> None:
        patterns = " ".join(f"*{ext}" for ext in MUSIC_EXTENSIONS)
        from studio.ui.dialog_places import remember_folder, start_folder

        path, _ = QFileDialog.getOpenFileName(
            self, "Import Track", start_folder("music"), f"Audio files ({patterns})"
        )
        if path:
            remember_folder("music", path)
            self.import_track(Path(path))

    def import_track(self, path: Path) -> None:
        """Check and copy ``path`` into the project folder on a worker, then use it. A file that
        can't be read leaves the project as it was and says why."""
        if self._import is not None:
            return
        self._import_warnings = []
        job = import_track_job(Path(path), self._project.root, self._import_warnings)
        runner = self._import = JobRunner(job, self)
        runner.yielded.connect(lambda p: self.note.setText(f"{p.message}…"))
        runner.returned.connect(self._imported)
        runner.errored.connect(self._import_failed)
        runner.aborted.connect(lambda: self.note.setText(""))
        runner.finished.connect(lambda: self._import_done(runner))
        self.import_button.setEnabled(False)
        runner.start()

    def _imported(self, rel: str) -> None:
        self.note.setText("\n".join(self._import_warnings))  # a track cut short, say
        with self._undo.group("Import Track"):
            self._set("path", rel, "Import Track")
            self._set("source", "file", "Import Track")

    def _import_failed(self, message: str, details: str) -> None:
        self.note.setText(f"Can't use this track: {message}")
        if details:
            self.internal_error.emit(message, details)

    def _import_done(self, runner: JobRunner) -> None:
        self._import = None
        runner.deleteLater()
        self.import_button.setEnabled(True)

    def _preview_job(self) -> Any:
        return music_preview_job(snapshot(self._project))


def _auto_snapshot(project: Project) -> Project:
    """A copy whose mood is "auto", for asking what automatic would choose."""
    snap = snapshot(project)
    snap.music.mood = "auto"
    return snap


def _compact(widget: QWidget) -> QHBoxLayout:
    """A short field kept at its natural width rather than stretched across the panel."""
    row = QHBoxLayout()
    row.addWidget(widget)
    row.addStretch(1)
    return row
