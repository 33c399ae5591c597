"""Run our generator jobs (studio.jobs) off the GUI thread with clear Qt signals.

A JobRunner wraps superqt's GeneratorWorker and keeps its signal names: ``yielded`` (a
Progress), then exactly one of ``returned(result)``, ``errored(message, details)`` or
``aborted()``, then ``finished()``. Cancelling asks the worker to stop between two yields and
then closes the job's generator in the worker thread, so the job's ``finally`` blocks
(temporary files, child processes) run before ``aborted`` is emitted. ``JobRunner.run`` wires
the callbacks a caller wants and starts it.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal
from superqt.utils import GeneratorWorker, create_worker

from studio.core.errors import StudioError
from studio.core.progress import Progress

MIN_POOL_THREADS = 4  # planning, thumbnails and an export may all run at once on 2 cores


@dataclass(frozen=True)
class _Failure:
    message: str
    details: str  # "" for errors the user can cause (StudioError): no traceback shown


def _drive(job: Generator[Progress, Any, Any]) -> Generator[Progress, None, Any]:
    """The worker's generator: never lets an exception reach superqt (which drops
    RuntimeErrors silently); failures come back as a _Failure result instead."""
    try:
        result = yield from job
    except StudioError as exc:
        return _Failure(str(exc), "")
    except Exception as exc:  # a programming error: shown with its traceback, not swallowed
        return _Failure(f"Internal error: {type(exc).__name__}: {exc}", traceback.format_exc())
    return result


class JobRunner(QObject):
    """One run of one job. Signals arrive on the GUI thread (see the module docstring)."""

    yielded = Signal(object)  # Progress
    returned = Signal(object)
    errored = Signal(str, str)  # message, details ("" for errors the user can cause)
    aborted = Signal()
    finished = Signal()

    @classmethod
    def run(
        cls,
        job: Generator[Progress, Any, Any],
        parent: QObject | None = None,
        *,
        yielded: Callable[[Progress], None] | None = None,
        returned: Callable[[Any], None] | None = None,
        errored: Callable[[str, str], None] | None = None,
        aborted: Callable[[], None] | None = None,
        finished: Callable[[], None] | None = None,
    ) -> JobRunner:
        """A runner for ``job`` with the given callbacks connected, started."""
        runner = cls(job, parent)
        for signal, slot in (
            (runner.yielded, yielded),
            (runner.returned, returned),
            (runner.errored, errored),
            (runner.aborted, aborted),
            (runner.finished, finished),
        ):
            if slot is not None:
                signal.connect(slot)
        runner.start()
        return runner

    def __init__(self, job: Generator[Progress, Any, Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._worker: GeneratorWorker = create_worker(
            _drive, job, _start_thread=False, _ignore_errors=True
        )
        self._job = job
        self._running = False
        self._cancelling = False
        self._result: Any = None
        self._returned = False  # the job ran to its end (a cancel that came too late is moot)
        self._worker.yielded.connect(self._on_yielded)
        self._worker.returned.connect(self._on_returned)
        self._worker.errored.connect(self._on_errored)
        # runs in the worker thread right after it stopped between two yields
        self._worker.aborted.connect(self._close_job, Qt.ConnectionType.DirectConnection)
        self._worker.finished.connect(self._on_worker_finished)

    @property
    def is_running(self) -> bool:
        return self._running

    def start(self) -> None:
        pool = QThreadPool.globalInstance()
        if pool.maxThreadCount() < MIN_POOL_THREADS:
            pool.setMaxThreadCount(MIN_POOL_THREADS)
        self._running = True
        self._worker.start()

    def cancel(self) -> None:
        if self._running and not self._cancelling:
            self._cancelling = True
            self._worker.quit()

    def _close_job(self) -> None:
        try:
            self._job.close()
        except Exception:
            traceback.print_exc()

    def _on_yielded(self, p: object) -> None:
        if not self._cancelling and isinstance(p, Progress):
            self.yielded.emit(p)

    def _on_returned(self, result: object) -> None:
        self._result = result
        self._returned = True

    def _on_errored(self, exc: Exception) -> None:
        details = "".join(traceback.format_exception(exc))
        self._result = _Failure(f"Internal error: {exc}", details)

    def _on_worker_finished(self) -> None:
        self._running = False
        result, self._result = self._result, None
        if self._cancelling and not self._returned:
            self.aborted.emit()
        elif isinstance(result, _Failure):
            self.errored.emit(result.message, result.details)
        else:
            self.returned.emit(result)
        self.finished.emit()


def run_function(
    fn: Callable[..., Any],
    *args: Any,
    on_result: Callable[[Any], None],
    on_error: Callable[[Exception], None] | None = None,
) -> Any:
    """A one-shot plain function on the thread pool (thumbnails): result delivered to ``on_result``."""
    pool = QThreadPool.globalInstance()
    if pool.maxThreadCount() < MIN_POOL_THREADS:
        pool.setMaxThreadCount(MIN_POOL_THREADS)
    worker = create_worker(fn, *args, _start_thread=False, _ignore_errors=True)
    worker.returned.connect(on_result)
    if on_error is not None:
        worker.errored.connect(on_error)
    worker.start()
    return worker
