"""Exports running in the background, owned by the window, not by the dialog that started them.

Closing the export dialog leaves an export running and visible in the status bar's jobs area,
with its progress, time left and Cancel; when it ends the status bar says so (with Show in
Folder), a failure opens a message, and a cancel says that nothing was written.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices

from studio.core.model import ExportSettings, Project
from studio.ui.job_status import JobStatus
from studio.ui.workers import JobRunner


class Exports(QObject):
    started = Signal(str, object)  # key, JobRunner
    ended = Signal(str)  # key: returned, failed or cancelled

    def __init__(
        self,
        jobs: JobStatus,
        announce: Callable[[str, str | None, Callable[[], None] | None], None],
        show_error: Callable[[str, str, str], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._jobs = jobs
        self._announce = announce  # (text, button text, button action)
        self._show_error = show_error
        self._runners: dict[str, tuple[JobRunner, Path]] = {}
        self._count = 0

    @property
    def running(self) -> list[Path]:
        """Output files of the exports still running."""
        return [out for _, out in self._runners.values()]

    def start(self, project: Project, out: Path, settings: ExportSettings) -> tuple[str, JobRunner]:
        """Export a snapshot of ``project`` (taken now) to ``out`` on a worker."""
        from studio.jobs.pipeline import export_job
        from studio.ui.window_files import settings_store

        self._count += 1
        key = f"export-{self._count}"
        store = settings_store()  # the next product's export starts from these
        store.setValue("export/folder", str(out.parent))
        store.setValue("export/preset", settings.preset)
        store.setValue("export/height", int(settings.height))
        job = export_job(project, out, settings)
        runner = JobRunner(job, self)
        self._runners[key] = (runner, out)
        self._jobs.track(key, f"Exporting {out.name}", runner, escapable=False)
        runner.returned.connect(lambda result: self._on_returned(out, result))
        runner.errored.connect(
            lambda message, details: self._show_error("Export failed", message, details)
        )
        runner.aborted.connect(
            lambda: self._announce(
                f"Export of {out.name} cancelled: nothing was written.", None, None
            )
        )
        runner.finished.connect(lambda: self._on_finished(key))
        self.started.emit(key, runner)
        runner.start()
        return key, runner

    def cancel_all(self) -> None:
        for runner, _ in list(self._runners.values()):
            runner.cancel()

    def _on_returned(self, out: Path, result: object) -> None:
        duration = getattr(result, "duration", 0.0)
        warnings = list(getattr(result, "warnings", []))
        note = (
            f" — {len(warnings)} note{'s' if len(warnings) != 1 else ''}, see the export dialog"
            if warnings
            else ""
        )

        def show_folder() -> None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(out.parent)))

        reuse = result.reuse_note() if hasattr(result, "reuse_note") else ""  # an ExportResult
        self._announce(
            f"Exported {out.name} ({duration:.1f} s{'; ' + reuse if reuse else ''}){note}",
            "Show in Folder",
            show_folder,
        )

    def _on_finished(self, key: str) -> None:
        entry = self._runners.pop(key, None)
        if entry is not None:
            entry[0].deleteLater()
        self.ended.emit(key)
