"""File > Batch…: a whole catalogue rendered by ``studio.batch`` on a worker.

The window picks a catalogue (a folder of product folders, or a CSV/TSV), an output folder and
the options of `studio batch`; the run itself is ``batch_job`` on a JobRunner, so the GUI
thread never waits. Each SKU's row follows the run (queued, running with its step, done,
failed with the reason); a finished video opens on a double-click, the report and the folder
from buttons, and *Retry Failed* runs only the SKUs whose last attempt failed. Closing the
window stops the run: the batch is resumable, so the next Start finishes the rest.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QUrl
from PySide6.QtGui import QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from studio.batch import BatchOptions, BatchProgress, BatchSettings, BatchSummary, SkuState
from studio.batch.report import REPORT
from studio.core.errors import StudioError
from studio.core.model import PRESETS, TEMPLATES, ExportSettings, limits
from studio.ui.workers import JobRunner

COLUMNS = ("SKU", "Status", "Step", "Details")
PRESET_NAMES = {"landscape": "Landscape 16:9", "portrait": "Portrait 9:16", "square": "Square 1:1"}
STATUS_WORDS = {
    "queued": "Queued",
    "running": "Running",
    "done": "Done",
    "failed": "Failed",
    "skipped": "Unchanged",
}
DEFAULT_HEIGHT = 1080
AnyIndex = QModelIndex | QPersistentModelIndex


def _details(s: SkuState) -> str:
    """The Details column: the error or note, else the videos made (by name)."""
    names = ", ".join(Path(v).name for v in s.videos)
    if s.message and names:
        return f"{names} ({s.message})"
    return s.message or names


class SkuTableModel(QAbstractTableModel):
    """One row per SKU of the run, updated from each BatchProgress's changed states."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[SkuState] = []
        self._index: dict[str, int] = {}

    def clear(self) -> None:
        self.beginResetModel()
        self._rows, self._index = [], {}
        self.endResetModel()

    def update(self, states: tuple[SkuState, ...]) -> None:
        new = [s for s in states if s.sku not in self._index]
        if new:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            for s in new:
                self._index[s.sku] = len(self._rows)
                self._rows.append(s)
            self.endInsertRows()
        for s in states:
            row = self._index[s.sku]
            if self._rows[row] is not s:
                self._rows[row] = s
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def state(self, row: int) -> SkuState:
        return self._rows[row]

    def states(self) -> list[SkuState]:
        return list(self._rows)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index: AnyIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        s = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            col = index.column()
            if col == 0:
                return s.sku
            if col == 1:
                return STATUS_WORDS.get(s.state, s.state)
            if col == 2:  # noqa: PLR2004 - the Step column
                return f"{s.stage} {s.fraction * 100:.0f}%" if s.state == "running" else ""
            return _details(s)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == len(COLUMNS) - 1:
            if s.videos:
                return "\n".join([*s.videos, "Double-click to play"])
            return s.message or None
        return None


class BatchWindow(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Batch")
        self.resize(820, 560)
        self.runner: JobRunner | None = None
        self.summary: BatchSummary | None = None
        self.last_error = ""
        self.open_url: Callable[[QUrl], Any] = QDesktopServices.openUrl
        self._close_when_stopped = False

        self.catalogue = QLineEdit()
        self.catalogue.setPlaceholderText("A folder of product folders, or a .csv/.tsv file")
        pick_folder = QPushButton("Folder…")
        pick_folder.clicked.connect(self._choose_catalogue_folder)
        pick_table = QPushButton("CSV…")
        pick_table.clicked.connect(self._choose_catalogue_table)
        self.output = QLineEdit()
        pick_out = QPushButton("Choose…")
        pick_out.clicked.connect(self._choose_output)
        self.presets: dict[str, QCheckBox] = {}
        preset_row = QHBoxLayout()
        for key in PRESETS:
            box = QCheckBox(PRESET_NAMES.get(key, key))
            box.setChecked(key == "landscape")
            self.presets[key] = box
            preset_row.addWidget(box)
        preset_row.addStretch(1)
        self.height_box = QSpinBox()
        self.height_box.setRange(*(int(v) for v in limits(ExportSettings, "height")))
        self.height_box.setValue(DEFAULT_HEIGHT)
        self.height_box.setSingleStep(60)
        self.height_box.setSuffix(" px")
        self.template = QComboBox()
        self.template.addItem("Each product's own (else Highlight)", None)
        for t in TEMPLATES:
            self.template.addItem(t.capitalize(), t)
        self.workers = QSpinBox()
        self.workers.setRange(0, 64)
        self.workers.setSpecialValueText("Automatic")
        self.workers.setToolTip("SKUs rendered at once; Automatic sizes it from cores and memory")
        self.run_on = QComboBox()
        self.run_on.addItem("This computer", None)
        if importlib.util.find_spec("ray") is not None:
            self.run_on.addItem("Ray (this computer's runtime or one already running)", "auto")
        self.dry_run = QCheckBox("Dry run: plan and voice everything, render 1 s at 144p")

        def row(*widgets: QWidget) -> QHBoxLayout:
            """A field and its buttons; a lone spin box or list keeps its natural width."""
            lay = QHBoxLayout()
            for i, w in enumerate(widgets):
                lay.addWidget(w, 1 if i == 0 and len(widgets) > 1 else 0)
            if len(widgets) == 1:
                lay.addStretch(1)
            return lay

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow("Catalogue", row(self.catalogue, pick_folder, pick_table))
        form.addRow("Output folder", row(self.output, pick_out))
        form.addRow("Formats", preset_row)
        form.addRow("Size", row(self.height_box))
        form.addRow("Template", row(self.template))
        form.addRow("Workers", row(self.workers))
        form.addRow("Run on", row(self.run_on))
        form.addRow("", self.dry_run)

        self.model = SkuTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.table.setColumnWidth(
            2, self.table.fontMetrics().horizontalAdvance("Rendering landscape 100%") + 16
        )
        self.table.doubleClicked.connect(self._open_row)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.status = QLabel("")
        self.status.setWordWrap(True)

        self.start_button = QPushButton("Start")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(lambda: self.start())
        self.cancel_button = QPushButton("Stop")
        self.cancel_button.setToolTip("Stop the running SKUs; Start again finishes the rest")
        self.cancel_button.clicked.connect(self.cancel)
        self.retry_button = QPushButton("Retry Failed")
        self.retry_button.clicked.connect(lambda: self.start(retry_failed=True))
        self.report_button = QPushButton("Open Report")
        self.report_button.clicked.connect(self.open_report)
        self.folder_button = QPushButton("Open Folder")
        self.folder_button.clicked.connect(self.open_folder)
        buttons = QHBoxLayout()
        for b in (self.report_button, self.folder_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        for b in (self.retry_button, self.cancel_button, self.start_button):
            buttons.addWidget(b)

        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.progress)
        lay.addWidget(self.status)
        lay.addLayout(buttons)
        self._set_running(False)

    # ------------------------------------------------------------------ running
    @property
    def is_running(self) -> bool:
        return self.runner is not None and self.runner.is_running

    def options(self, retry_failed: bool = False) -> BatchOptions:
        """The batch the fields describe; StudioError says what is missing."""
        catalogue, out = self.catalogue.text().strip(), self.output.text().strip()
        if not catalogue:
            raise StudioError("Choose a catalogue: a folder of product folders or a CSV file.")
        if not out:
            raise StudioError("Choose an output folder for the videos.")
        presets = tuple(k for k, box in self.presets.items() if box.isChecked())
        settings = BatchSettings(
            presets=presets,
            height=self.height_box.value(),
            template=self.template.currentData(),
            dry_run=self.dry_run.isChecked(),
        )
        return BatchOptions(
            Path(catalogue).expanduser(),
            Path(out).expanduser(),
            settings,
            workers=self.workers.value() or None,
            ray=self.run_on.currentData(),
            retry_failed=retry_failed,
        )

    def start(self, retry_failed: bool = False) -> None:
        if self.is_running:
            return
        from studio.batch import batch_job

        try:
            options = self.options(retry_failed)
        except StudioError as exc:
            self._show_error(str(exc))
            return
        self.model.clear()
        self.summary = None
        self.last_error = ""
        self.progress.setValue(0)
        self.status.setText("Reading the catalogue…")
        self._set_running(True)
        self.runner = JobRunner.run(
            batch_job(options),
            self,
            yielded=self._on_progress,
            returned=self._on_done,
            errored=lambda msg, details: self._show_error(msg),
            aborted=lambda: self.status.setText(
                "Stopped. Nothing partial was kept; Start finishes the rest."
            ),
            finished=self._on_finished,
        )

    def cancel(self) -> None:
        if self.runner is not None:
            self.status.setText("Stopping: the running SKUs clean up…")
            self.runner.cancel()

    def _on_progress(self, p: Any) -> None:
        if isinstance(p, BatchProgress):
            self.model.update(p.changed)
        frac = p.fraction
        self.progress.setValue(int((frac or 0.0) * 1000))
        self.status.setText(f"{p.stage}: {p.message}" if p.message else p.stage)

    def _on_done(self, summary: Any) -> None:
        self.summary = summary
        self.progress.setValue(1000)
        text = (
            f"{summary.total} SKUs: {summary.done} rendered, {summary.failed} failed, "
            f"{summary.skipped - summary.failed_before} unchanged, "
            f"{summary.failed_before} failed before."
        )
        self.status.setText(text)

    def _on_finished(self) -> None:
        self._set_running(False)
        if self._close_when_stopped:
            self.close()

    def _show_error(self, message: str) -> None:
        self.last_error = message
        self.status.setText(message)

    def _set_running(self, running: bool) -> None:
        self.start_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        self.retry_button.setEnabled(not running and self._has_failures())
        out = Path(self.output.text().strip()) if self.output.text().strip() else None
        self.report_button.setEnabled(out is not None and (out / REPORT).is_file())
        self.folder_button.setEnabled(out is not None and out.is_dir())

    def _has_failures(self) -> bool:
        return any(s.state == "failed" for s in self.model.states())

    # ------------------------------------------------------------------ results
    def open_report(self) -> None:
        out = Path(self.output.text().strip())
        self.open_url(QUrl.fromLocalFile(str(out / REPORT)))

    def open_folder(self) -> None:
        self.open_url(QUrl.fromLocalFile(self.output.text().strip()))

    def _open_row(self, index: QModelIndex) -> None:
        state = self.model.state(index.row())
        if state.videos:
            self.open_url(QUrl.fromLocalFile(state.videos[0]))

    # ------------------------------------------------------------------ choosing
    def _choose_catalogue_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Catalogue Folder", self.catalogue.text())
        if path:
            self.catalogue.setText(path)
            self._suggest_output(Path(path))

    def _choose_catalogue_table(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Catalogue File", self.catalogue.text(), "Catalogues (*.csv *.tsv *.tab)"
        )
        if path:
            self.catalogue.setText(path)
            self._suggest_output(Path(path))

    def _choose_output(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Output Folder", self.output.text())
        if path:
            self.output.setText(path)
            self._set_running(self.is_running)

    def _suggest_output(self, catalogue: Path) -> None:
        if not self.output.text().strip():
            base = catalogue if catalogue.is_dir() else catalogue.parent
            self.output.setText(str(base.parent / f"{base.name}-videos"))

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing stops the run first (the next Start finishes the rest)."""
        if self.is_running:
            self._close_when_stopped = True
            self.cancel()
            event.ignore()
            return
        super().closeEvent(event)
