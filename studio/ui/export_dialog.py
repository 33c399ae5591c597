"""Export: platform, format, size, output file, subtitles, cover and loop; the export itself
runs in the window's Exports.

The format and size are the project's own export settings, edited through the undo log, so
the preview and the Ken Burns editor show the chosen frame at once. The folder and the last
format and size are remembered for the next product; the proposed file name carries the format,
so a portrait export does not overwrite the landscape one. Closing the dialog (or Esc) leaves a
running export going: it stays in the status bar's jobs area.

Choosing a marketplace sets its format and size (one undo step) and shows its checks live
(``PlatformChecks``): the same checks ``studio check`` runs before rendering, with one-click
fixes where the studio can make them. The export then keeps under the platform's file-size
cap; a video that fails a check can still be exported, the button says so.
"""

from __future__ import annotations

import dataclasses
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSignalBlocker, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from studio.core.edits import UndoLog
from studio.core.model import PRESETS, ExportSettings, Project, limits
from studio.core.platforms import PLATFORMS
from studio.core.progress import Progress, TimeLeft, format_remaining
from studio.media.locations import is_shipped, output_dir
from studio.ui.exports import Exports
from studio.ui.platform_checks import PlatformChecks
from studio.ui.workers import JobRunner

PRESET_NAMES = {"landscape": "Landscape 16:9", "portrait": "Portrait 9:16", "square": "Square 1:1"}
FIELD_LABELS = {
    "preset": "Change Export Format",
    "height": "Change Export Size",
    "burn_captions": "Change Burned-in Captions",
    "srt": "Change Subtitles",
    "vtt": "Change Subtitles",
    "cover": "Change Cover Image",
    "loop": "Change Looping Preview",
}
GENERIC = "Any (no platform checks)"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "video"


def suggested_output(project: Project, folder: Path | None, language: str = "") -> Path:
    """``<folder>/<product>-<format>[-<language>].mp4``: one file per format and language, in
    the remembered folder, else the product's folder (the user's videos folder for the demo)."""
    if folder is None or not folder.is_dir():
        folder = output_dir() if is_shipped(project.root) else project.root
    kind = project.export.platform or project.export.preset
    tail = f"-{language}" if language else ""
    return folder / f"{slug(project.product.title)}-{kind}{tail}.mp4"


class ExportDialog(QDialog):
    def __init__(
        self,
        project: Project,
        undo: UndoLog,
        exports: Exports,
        folder: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export Video")
        self._project = project
        self._undo = undo
        self._exports = exports
        self._folder = folder
        self._runner: JobRunner | None = None
        self._suggested = ""  # the file name last proposed: replaced when the format changes
        self.result_video: Path | None = None

        self.language = QComboBox()
        self.language.addItem("Main language", "")
        for code in sorted(project.product.locales):
            self.language.addItem(code, code)
        self.language.setToolTip("Export one of the product's translations, read by its voice")
        self._notes: list[str] = []  # what making the translated project had to say
        self.platform = QComboBox()
        self.platform.addItem(GENERIC, "")
        for key, p in PLATFORMS.items():
            self.platform.addItem(p.name, key)
        self.preset = QComboBox()
        for key in PRESETS:
            self.preset.addItem(PRESET_NAMES.get(key, key), key)
        self.height_box = QSpinBox()
        self.height_box.setRange(*(int(v) for v in limits(ExportSettings, "height")))
        self.height_box.setSingleStep(60)
        self.height_box.setSuffix(" px")
        self.size_label = QLabel()
        self.size_label.setMinimumWidth(
            self.size_label.fontMetrics().horizontalAdvance("8888 × 8888 pixels")
        )
        self.output = QLineEdit()
        self.output.textChanged.connect(lambda _t: self._update_note())
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._choose_output)
        self.replace_note = QLabel()
        self.srt = QCheckBox("SRT subtitles")
        self.vtt = QCheckBox("WebVTT subtitles")
        self.burn = QCheckBox("Burn captions into the video")
        self.cover = QCheckBox("Cover image (PNG)")
        self.loop = QCheckBox("Looping preview (WebP)")
        self.checks = PlatformChecks(project, undo, self.settings)

        out_row = QHBoxLayout()
        out_row.addWidget(self.output, 1)
        out_row.addWidget(browse)
        size_row = QHBoxLayout()
        size_row.addWidget(self.height_box)
        size_row.addWidget(self.size_label, 1)
        subs = QHBoxLayout()
        subs.addWidget(self.srt)
        subs.addWidget(self.vtt)
        subs.addStretch(1)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        if project.product.locales:
            form.addRow("Language", self.language)
        form.addRow("Platform", self.platform)
        form.addRow("Format", self.preset)
        form.addRow("Size", size_row)
        form.addRow("Save as", out_row)
        form.addRow("", self.replace_note)
        form.addRow("Subtitles", subs)
        form.addRow("", self.burn)
        extras = QHBoxLayout()
        extras.addWidget(self.cover)
        extras.addWidget(self.loop)
        extras.addStretch(1)
        form.addRow("Also", extras)
        form.addRow("Checks", self.checks)

        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        # Room for three lines from the start: a message never pushes the fields about.
        self.status.setMinimumHeight(self.status.fontMetrics().lineSpacing() * 3)
        self.export_button = QPushButton("Export")
        self.export_button.setDefault(True)
        self.cancel_button = QPushButton("Cancel Export")
        self.cancel_button.setEnabled(False)
        close = QPushButton("Close")
        close.setToolTip("A running export goes on; it is shown in the status bar")
        # After an export: watch it in the system's player, or find it.
        self.open_url: Callable[[QUrl], Any] = QDesktopServices.openUrl
        self.play_button = QPushButton("Play Video")
        self.play_button.setToolTip("Open the exported video in the system's video player")
        self.show_button = QPushButton("Show in Folder")
        self.show_button.setToolTip("Open the folder the video was saved in")
        for b in (self.play_button, self.show_button):
            b.setVisible(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.play_button)
        buttons.addWidget(self.show_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.export_button)
        buttons.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.progress)
        lay.addWidget(self.status)
        lay.addLayout(buttons)

        self.export_button.clicked.connect(self.start_export)
        self.cancel_button.clicked.connect(self.cancel_export)
        close.clicked.connect(self.close)
        self.play_button.clicked.connect(self._play_result)
        self.show_button.clicked.connect(self._show_result)
        self.platform.currentIndexChanged.connect(
            lambda _i: self.choose_platform(str(self.platform.currentData()))
        )
        self.language.currentIndexChanged.connect(lambda _i: self._language_changed())
        self.cover.toggled.connect(lambda on: self._set("cover", bool(on)))
        self.loop.toggled.connect(lambda on: self._set("loop", bool(on)))
        self.checks.checked.connect(self._show_verdict)
        self.preset.currentIndexChanged.connect(
            lambda _i: self._set("preset", self.preset.currentData())
        )
        self.height_box.valueChanged.connect(lambda v: self._set("height", int(v)))
        self.srt.toggled.connect(lambda on: self._set("srt", bool(on)))
        self.vtt.toggled.connect(lambda on: self._set("vtt", bool(on)))
        self.burn.toggled.connect(lambda on: self._set("burn_captions", bool(on)))
        # undo or another view changed them: show the project's values
        project.export.events.all.connect(self._show_settings)
        self._show_settings()
        self._suggest(folder)
        self.setMinimumWidth(560)
        self.checks.run()

    def _suggest(self, folder: Path | None) -> None:
        self._suggested = str(suggested_output(self._project, folder, self.chosen_language))
        self.output.setText(self._suggested)

    @property
    def chosen_language(self) -> str:
        """The translation's code to export, or the empty string for the main language."""
        return str(self.language.currentData() or "")

    def _language_changed(self) -> None:
        if self.output.text() == self._suggested:  # not a name the user chose
            self._suggest(self.output_path().parent)

    def detach(self) -> None:
        self._project.export.events.all.disconnect(self._show_settings)
        self.checks.detach()

    # -- settings (the project's, through the undo log)
    def choose_platform(self, key: str) -> None:
        """Make the video for ``key`` (its format and size, WebVTT where it wants it) in one
        undo step; "" keeps the format and drops the checks."""
        p = PLATFORMS.get(key)
        with self._undo.group("Choose Platform"):
            self._undo.set_attr("export", "platform", key, "Choose Platform")
            if p is not None:
                self._undo.set_attr("export", "preset", p.preset)
                self._undo.set_attr("export", "height", p.height)
                if p.wants_vtt:
                    self._undo.set_attr("export", "vtt", True)
        if self.output.text() == self._suggested:
            self._suggest(self.output_path().parent)
        self.checks.run()

    def _set(self, field: str, value: object) -> None:
        self._undo.set_attr("export", field, value, FIELD_LABELS.get(field))
        if field == "preset" and self.output.text() == self._suggested:  # not a name the user chose
            self._suggest(self.output_path().parent)

    def _show_settings(self, *_: object) -> None:
        e = self._project.export
        with QSignalBlocker(self.platform):
            self.platform.setCurrentIndex(max(0, self.platform.findData(e.platform)))
        with QSignalBlocker(self.preset):
            self.preset.setCurrentIndex(max(0, self.preset.findData(e.preset)))
        with QSignalBlocker(self.height_box):
            self.height_box.setValue(int(e.height))
        for box, checked in (
            (self.srt, e.srt),
            (self.vtt, e.vtt),
            (self.burn, e.burn_captions),
            (self.cover, e.cover),
            (self.loop, e.loop),
        ):
            with QSignalBlocker(box):
                box.setChecked(bool(checked))
        w_, h_ = e.frame_size()
        self.size_label.setText(f"{w_} × {h_} pixels")

    def settings(self) -> ExportSettings:
        """A copy of the project's export settings (the export renders what was asked)."""
        return dataclasses.replace(self._project.export)

    def _show_verdict(self) -> None:
        """A video the platform would reject can still be exported; the button says so."""
        self.export_button.setText("Export Anyway" if self.checks.failed else "Export")

    def output_path(self) -> Path:
        p = Path(self.output.text().strip()).expanduser()
        return p if p.suffix.lower() == ".mp4" else p.with_suffix(".mp4")

    def _update_note(self) -> None:
        p = self.output_path()
        self.replace_note.setText(f"{p.name} exists and will be replaced." if p.is_file() else "")

    def _choose_output(self) -> None:
        f, _ = QFileDialog.getSaveFileName(
            self, "Export Video", self.output.text(), "MP4 video (*.mp4)"
        )
        if f:
            self.output.setText(f)

    # -- running
    @property
    def running(self) -> bool:
        return self._runner is not None

    def start_export(self) -> None:
        if self._runner is not None:
            return
        out = self.output_path()
        self.output.setText(str(out))
        self._folder = out.parent
        project, self._notes = self._project, []
        if self.chosen_language:
            from studio.core.errors import StudioError
            from studio.jobs.locales import locale_project

            try:
                made = locale_project(self._project, self.chosen_language)
            except StudioError as exc:
                self._set_status(f"Not exported: {exc}")
                return
            project, self._notes = made.project, made.warnings
        _, runner = self._exports.start(project, out, self.settings())
        self._runner = runner
        runner.yielded.connect(self._on_progress)
        runner.returned.connect(self._on_finished)
        runner.errored.connect(lambda _m, _d: self._set_status("Export failed."))
        runner.aborted.connect(lambda: self._set_status("Export cancelled; no file was written."))
        runner.finished.connect(self._on_done)
        self._left = TimeLeft()
        self.result_video = None
        for b in (self.play_button, self.show_button):
            b.setVisible(False)  # they come back with the new video
        self.progress.setValue(0)
        self._set_status("Starting…")
        self.export_button.setEnabled(False)
        self.cancel_button.setEnabled(True)

    @property
    def folder(self) -> Path | None:
        """The folder of the last export started here (remembered by the window)."""
        return self._folder

    def cancel_export(self) -> None:
        if self._runner is not None:
            self._set_status("Cancelling…")
            self.cancel_button.setEnabled(False)
            self._runner.cancel()

    def _on_progress(self, p: Progress) -> None:
        frac = p.fraction
        if frac is None:
            self._set_status(p.stage)
            return
        self.progress.setValue(int(frac * 1000))
        self._left.add(frac, time.monotonic())
        left = self._left.seconds()
        self._set_status(p.stage + (f" — {format_remaining(left)}" if left is not None else ""))

    def _on_finished(self, result: object) -> None:
        self.result_video = Path(getattr(result, "video"))  # noqa: B009 (an ExportResult)
        self.progress.setValue(1000)
        reuse = result.reuse_note() if hasattr(result, "reuse_note") else ""  # an ExportResult
        lines = [
            f"Saved {self.result_video.name} ({getattr(result, 'duration', 0.0):.1f} s"
            + (f"; {reuse}" if reuse else "")
            + ")."
        ]
        lines += [f"Note: {w}" for w in [*self._notes, *getattr(result, "warnings", [])]]
        self._set_status("\n".join(lines))
        self._update_note()
        for b in (self.play_button, self.show_button):
            b.setVisible(True)

    def _play_result(self) -> None:
        if self.result_video is not None:
            self.open_url(QUrl.fromLocalFile(str(self.result_video)))

    def _show_result(self) -> None:
        if self.result_video is not None:
            self.open_url(QUrl.fromLocalFile(str(self.result_video.parent)))

    def _on_done(self) -> None:
        self._runner = None
        self.export_button.setEnabled(True)
        self.cancel_button.setEnabled(False)

    def _set_status(self, text: str) -> None:
        self.status.setText(text)
