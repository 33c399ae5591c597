"""Export: preset, size, output file, subtitles; runs export_job on a worker.

The dialog is not modal: the export renders its own snapshot, so editing may continue. Cancel
closes the job, which removes its temporary and partial files.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QUrl
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
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from studio.core.model import PRESETS, ExportSettings, Project, limits
from studio.core.progress import Progress
from studio.ui.workers import JobRunner

PRESET_NAMES = {"landscape": "Landscape 16:9", "portrait": "Portrait 9:16", "square": "Square 1:1"}


ETA_FROM = 0.05  # time left is shown once this share of the work is done...
ETA_AFTER_SECONDS = 2.0  # ...and this much time has passed


def format_remaining(seconds: float) -> str:
    s = int(round(seconds))
    minutes, secs = divmod(s, 60)
    return f"about {minutes} min {secs:02d} s left" if minutes else f"about {s} s left"


class ExportDialog(QDialog):
    def __init__(
        self, project: Project, default_output: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export Video")
        self._project = project
        self._runner: JobRunner | None = None
        self._started_at = 0.0
        self.result_video: Path | None = None
        cur = project.export

        self.preset = QComboBox()
        for key in PRESETS:
            self.preset.addItem(PRESET_NAMES.get(key, key), key)
        self.preset.setCurrentIndex(max(0, self.preset.findData(cur.preset)))
        self.height_box = QSpinBox()
        self.height_box.setRange(*(int(v) for v in limits(ExportSettings, "height")))
        self.height_box.setSingleStep(60)
        self.height_box.setValue(int(cur.height))
        self.height_box.setSuffix(" px")
        self.size_label = QLabel()
        self.output = QLineEdit(str(default_output))
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._choose_output)
        self.srt = QCheckBox("SRT subtitles")
        self.srt.setChecked(cur.srt)
        self.vtt = QCheckBox("WebVTT subtitles")
        self.vtt.setChecked(cur.vtt)
        self.burn = QCheckBox("Burn captions into the video")
        self.burn.setChecked(cur.burn_captions)

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
        form.addRow("Format", self.preset)
        form.addRow("Size", size_row)
        form.addRow("Save as", out_row)
        form.addRow("Subtitles", subs)
        form.addRow("", self.burn)

        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.export_button = QPushButton("Export")
        self.export_button.setDefault(True)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.show_button = QPushButton("Show in Folder")
        self.show_button.hide()
        close = QPushButton("Close")
        buttons = QHBoxLayout()
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
        self.show_button.clicked.connect(self.show_in_folder)
        close.clicked.connect(self.close)
        self.preset.currentIndexChanged.connect(lambda _i: self._update_size())
        self.height_box.valueChanged.connect(lambda _v: self._update_size())
        self._update_size()
        self.setMinimumWidth(520)

    # -- settings
    def settings(self) -> ExportSettings:
        return ExportSettings(
            preset=self.preset.currentData(),
            height=self.height_box.value(),
            fps=self._project.export.fps,
            burn_captions=self.burn.isChecked(),
            srt=self.srt.isChecked(),
            vtt=self.vtt.isChecked(),
        )

    def output_path(self) -> Path:
        p = Path(self.output.text().strip()).expanduser()
        return p if p.suffix.lower() == ".mp4" else p.with_suffix(".mp4")

    def _update_size(self) -> None:
        w, h = self.settings().frame_size()
        self.size_label.setText(f"{w} × {h} pixels")

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
        from studio.jobs.pipeline import export_job

        out = self.output_path()
        self.output.setText(str(out))
        runner = JobRunner(export_job(self._project, out, self.settings()), self)
        runner.yielded.connect(self._on_progress)
        runner.returned.connect(self._on_finished)
        runner.errored.connect(self._on_failed)
        runner.aborted.connect(lambda: self._set_status("Export cancelled; no file was written."))
        runner.finished.connect(self._on_done)
        self._runner = runner
        self._started_at = time.monotonic()
        self.result_video = None
        self.show_button.hide()
        self.progress.setValue(0)
        self._set_status("Starting…")
        self.export_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        runner.start()

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
        text = p.stage
        elapsed = time.monotonic() - self._started_at
        if ETA_FROM < frac < 1.0 and elapsed > ETA_AFTER_SECONDS:
            text += f" — {format_remaining(elapsed * (1 - frac) / frac)}"
        self._set_status(text)

    def _on_finished(self, result) -> None:
        self.result_video = Path(result.video)
        self.progress.setValue(1000)
        lines = [f"Saved {self.result_video.name} ({result.duration:.1f} s)."]
        lines += [f"Note: {w}" for w in result.warnings]
        self._set_status("\n".join(lines))
        self.show_button.show()

    def _on_failed(self, message: str, details: str) -> None:
        self._set_status("Export failed.")
        box = QMessageBox(
            QMessageBox.Icon.Critical if details else QMessageBox.Icon.Warning,
            "Export failed",
            message,
            parent=self,
        )
        if details:
            box.setDetailedText(details)
        box.open()

    def _on_done(self) -> None:
        runner, self._runner = self._runner, None
        if runner is not None:
            runner.deleteLater()
        self.export_button.setEnabled(True)
        self.cancel_button.setEnabled(False)

    def _set_status(self, text: str) -> None:
        self.status.setText(text)

    def show_in_folder(self) -> None:
        if self.result_video is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.result_video.parent)))

    def closeEvent(self, e) -> None:
        if self._runner is not None:
            self.cancel_export()
        super().closeEvent(e)
