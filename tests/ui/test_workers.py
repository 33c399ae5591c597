from __future__ import annotations

import threading

from studio.core.errors import StudioError
from studio.core.progress import Progress
from studio.ui.workers import JobRunner


def _counting(n: int, gate: threading.Event | None = None, cleaned: list[str] | None = None):
    try:
        for i in range(n):
            yield Progress("Counting", i, n)
            if gate is not None:
                gate.wait(10)
        return n * 10
    finally:
        if cleaned is not None:
            cleaned.append(threading.current_thread().name)


def test_progress_then_result(qtbot):
    r = JobRunner(_counting(3))
    seen: list[Progress] = []
    r.yielded.connect(seen.append)
    with qtbot.waitSignal(r.returned, timeout=10_000) as blocker:
        r.start()
    assert blocker.args == [30]
    qtbot.waitUntil(lambda: not r.is_running, timeout=10_000)
    assert [p.done for p in seen] == [0, 1, 2]


def _fails(exc: Exception):
    yield Progress("Working", 0, 1)
    raise exc


def test_user_error_has_no_details_and_bug_has_traceback(qtbot):
    r = JobRunner(_fails(StudioError("photo.jpg: the file is empty")))
    with qtbot.waitSignal(r.errored, timeout=10_000) as blocker:
        r.start()
    assert blocker.args == ["photo.jpg: the file is empty", ""]

    r2 = JobRunner(_fails(RuntimeError("boom")))  # superqt alone would drop a RuntimeError silently
    with qtbot.waitSignal(r2.errored, timeout=10_000) as blocker:
        r2.start()
    message, details = blocker.args
    assert "boom" in message and "Traceback" in details


def test_cancel_stops_between_yields_and_runs_cleanup(qtbot):
    gate = threading.Event()
    cleaned: list[str] = []
    r = JobRunner(_counting(1000, gate, cleaned))
    returned: list[object] = []
    r.returned.connect(returned.append)
    with qtbot.waitSignal(r.yielded, timeout=10_000):
        r.start()  # the job is now inside its loop, held at the gate
    r.cancel()
    with qtbot.waitSignals([r.aborted, r.finished], timeout=10_000, order="strict"):
        gate.set()
    assert cleaned, "the job's finally block ran"
    assert cleaned[0] != threading.main_thread().name
    assert not returned


def test_run_wires_the_callbacks_and_starts(qtbot):
    seen: list[object] = []
    done: list[bool] = []
    runner = JobRunner.run(
        _counting(2), returned=seen.append, yielded=seen.append, finished=lambda: done.append(True)
    )
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    assert [getattr(x, "done", x) for x in seen] == [0, 1, 20] and not runner.is_running
