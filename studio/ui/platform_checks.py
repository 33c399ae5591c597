"""The export dialog's live platform checks: the checks ``studio check`` runs before rendering,
kept up to date while the seller edits, with one-click fixes where there is one.

The checks voice the lines (cached takes cost nothing), resolve the render plan and read the
captions the renderer draws, which takes a few seconds, so they run on a worker. Edits
arriving meanwhile (anything through the undo log) mark the result stale; the checks run
again once the edits pause, and only while the list is shown (a closed dialog costs
nothing; it checks again when it reopens). A fix goes through the undo log as one step.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from studio.core.edits import UndoLog
from studio.core.model import ExportSettings, Project
from studio.core.platforms import PLATFORMS
from studio.jobs.compliance import Finding, apply_fixes, precheck_job
from studio.ui.theme import note_colour
from studio.ui.workers import JobRunner

RECHECK_AFTER_MS = 700  # after the last edit: typing a caption does not start a check per key
NOTE_KIND = {"PASS": "info", "WARN": "warning", "FAIL": "error"}
ICONS = {
    "PASS": QStyle.StandardPixmap.SP_DialogApplyButton,
    "WARN": QStyle.StandardPixmap.SP_MessageBoxWarning,
    "FAIL": QStyle.StandardPixmap.SP_MessageBoxCritical,
}
FINDING_ROLE = Qt.ItemDataRole.UserRole


class PlatformChecks(QWidget):
    """A list of the platform's rules with PASS/WARN/FAIL, what was measured and the fix."""

    checked = Signal()  # a run finished and the list shows its findings

    def __init__(
        self,
        project: Project,
        undo: UndoLog,
        settings: Callable[[], ExportSettings],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._project = project
        self._undo = undo
        self._settings = settings
        self._runner: JobRunner | None = None
        self._stale = False
        self._pending = False  # asked to run while hidden: runs when shown
        self.findings: list[Finding] = []

        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(False)
        self.list.setMinimumHeight(self.list.fontMetrics().lineSpacing() * 8)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.fix_button = QPushButton("Fix")
        self.fix_button.setEnabled(False)
        self.fix_button.setToolTip("Make the change this check suggests (undoable)")
        row = QHBoxLayout()
        row.addWidget(self.note, 1)
        row.addWidget(self.fix_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.list, 1)
        lay.addLayout(row)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RECHECK_AFTER_MS)
        self._timer.timeout.connect(self.run)
        self.list.currentItemChanged.connect(lambda *_: self._show_fix())
        self.list.itemDoubleClicked.connect(lambda _i: self.fix_selected())
        self.fix_button.clicked.connect(self.fix_selected)
        undo.changed.connect(self.schedule)

    def detach(self) -> None:
        self._undo.changed.disconnect(self.schedule)
        self._timer.stop()
        if self._runner is not None:
            self._runner.cancel()

    @property
    def busy(self) -> bool:
        return self._runner is not None

    @property
    def failed(self) -> bool:
        return any(f.status == "FAIL" for f in self.findings)

    def schedule(self) -> None:
        """Check again once the edits pause (a run in progress is finished first)."""
        if self._runner is not None:
            self._stale = True
            return
        self._timer.start()

    def run(self) -> None:
        if not self.isVisible():
            self._pending = True
            return
        self._pending = False
        settings = self._settings()
        p = PLATFORMS.get(settings.platform)
        if p is None:
            self._show([], "Choose a platform to check the video against its rules.")
            return
        if self._runner is not None:
            self._stale = True
            return
        if not self._project.timeline.scenes:
            self._show([], f"{p.name}: the checks start once the video has scenes.")
            return
        self._stale = False
        self.note.setText(f"Checking for {p.name}…")
        self._runner = JobRunner.run(
            precheck_job(self._project, p, settings),  # a snapshot, taken here
            self,
            returned=lambda report: self._show(report.findings, ""),
            errored=lambda message, _details: self._show([], f"Could not check: {message}"),
            finished=self._done,
        )

    def _done(self) -> None:
        self._runner = None
        if self._stale:
            self._stale = False
            self._timer.start()

    def _show(self, findings: list[Finding], note: str) -> None:
        self.findings = list(findings)
        self.list.clear()
        for f in findings:
            text = f"{f.rule.describe()}: {f.measured}"
            if f.status != "PASS" and f.fix:
                text += f"\nFix: {f.fix}"
            item = QListWidgetItem(self._icon(f.status), text)
            item.setData(FINDING_ROLE, f)
            item.setForeground(note_colour(self.palette(), NOTE_KIND[f.status]))
            item.setToolTip(f"{f.status}. Source: {f.rule.source}")
            self.list.addItem(item)
        fails = sum(f.status == "FAIL" for f in findings)
        warns = sum(f.status == "WARN" for f in findings)
        if not note and findings:
            note = (
                f"{fails} check{'s fail' if fails != 1 else ' fails'}: the platform would "
                "reject this video."
                if fails
                else f"Passes every check{f' ({warns} to look at)' if warns else ''}."
            )
        self.note.setText(note)
        first_problem = next((i for i, f in enumerate(findings) if f.status != "PASS"), -1)
        if first_problem >= 0:
            self.list.setCurrentRow(first_problem)
        self._show_fix()
        self.checked.emit()

    def _icon(self, status: str) -> QIcon:
        return self.style().standardIcon(ICONS[status])

    def selected(self) -> Finding | None:
        item = self.list.currentItem()
        f = item.data(FINDING_ROLE) if item is not None else None
        return f if isinstance(f, Finding) else None

    def _show_fix(self) -> None:
        f = self.selected()
        can = f is not None and f.status != "PASS" and bool(f.actions)
        self.fix_button.setEnabled(can)
        self.fix_button.setText(f.fix_label if can and f is not None else "Fix")

    def fix_selected(self) -> None:
        f = self.selected()
        if f is None or f.status == "PASS" or not f.actions:
            return
        apply_fixes(self._undo, f)  # the undo log's change schedules the next check

    def showEvent(self, e: QShowEvent) -> None:
        super().showEvent(e)
        if self._pending:
            self._timer.start()

    def changeEvent(self, e: QEvent) -> None:
        super().changeEvent(e)
        if e.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            for i in range(self.list.count()):  # the colours follow a light/dark switch
                item = self.list.item(i)
                f = item.data(FINDING_ROLE)
                if isinstance(f, Finding):
                    item.setForeground(note_colour(self.palette(), NOTE_KIND[f.status]))
