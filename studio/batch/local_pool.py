"""The default executor: worker processes on this machine (see ``worker``), one SKU each.

Unlike ``concurrent.futures.ProcessPoolExecutor``, a worker that dies (the kernel's OOM
killer, a decoder that crashes) costs only the SKU it was rendering: that SKU is reported
failed with the reason and a fresh worker takes the dead one's place.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from studio.batch.executor import Event, SkuFinished, SkuProgress, SkuStarted, Task
from studio.batch.sku_render import failed_outcome
from studio.core.errors import StudioError

STOP_GRACE = 20.0  # seconds a cancelled worker has to clean up before it is killed
MAX_START_FAILURES = 3  # workers in a row that died before they were ready: give up


@dataclass
class _Worker:
    proc: subprocess.Popen[bytes]
    conn: Connection
    log: Path
    task: Task | None = None
    ready: bool = False
    started_at: float = field(default_factory=time.monotonic)


class LocalPool:
    def __init__(self, workers: int, threads: int, log_dir: Path) -> None:
        self.size = workers
        self.threads = threads
        self.log_dir = log_dir
        self.description = f"{workers} local worker{'s' if workers > 1 else ''}"
        self._workers: list[_Worker] = []
        self._start_failures = 0
        self._closing = False
        self._spawned = 0
        for _ in range(workers):
            self._workers.append(self._spawn())

    # ------------------------------------------------------------------ Executor
    def slots(self) -> int:
        return sum(1 for w in self._workers if w.task is None)

    def submit(self, task: Task) -> None:
        worker = next(w for w in self._workers if w.task is None)
        worker.task = task
        worker.conn.send(("run", task))

    def poll(self, timeout: float) -> list[Event]:
        events: list[Event] = []
        by_conn = {id(w.conn): w for w in self._workers}
        ready = wait([w.conn for w in self._workers], timeout)
        for conn in ready:
            worker = by_conn[id(conn)]
            while True:
                try:
                    if not worker.conn.poll():
                        break
                    msg: Any = worker.conn.recv()
                except (EOFError, OSError):
                    events += self._lost(worker)
                    break
                events += self._handle(worker, msg)
        return events

    def cancel(self) -> None:
        self._closing = True
        busy = [w for w in self._workers if w.task is not None]
        for w in busy:
            with contextlib.suppress(ProcessLookupError):
                w.proc.send_signal(signal.SIGTERM)
        self._reap(busy)
        for w in busy:
            w.task = None

    def close(self) -> None:
        self._closing = True
        for w in self._workers:
            with contextlib.suppress(OSError):
                w.conn.send(("stop",))
        self._reap(self._workers)
        for w in self._workers:
            w.conn.close()
        self._workers = []

    # ------------------------------------------------------------------ workers
    def _spawn(self) -> _Worker:
        self._spawned += 1
        ours, theirs = socket.socketpair()
        log = self.log_dir / f"worker-{self._spawned}.log"
        env = {
            **os.environ,
            "OMP_NUM_THREADS": str(self.threads),
            "MKL_NUM_THREADS": str(self.threads),
            "OPENBLAS_NUM_THREADS": str(self.threads),
        }
        with open(log, "wb") as err:
            proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "studio.batch.worker",
                    str(theirs.fileno()),
                    str(os.getpid()),
                    str(self.threads),
                ],
                pass_fds=[theirs.fileno()],
                stdin=subprocess.DEVNULL,
                stdout=err,
                stderr=err,
                env=env,
                process_group=0,
            )
        theirs.close()
        return _Worker(proc, Connection(ours.detach()), log)

    def _handle(self, worker: _Worker, msg: Any) -> list[Event]:
        kind = msg[0]
        if kind == "ready":
            worker.ready = True
            self._start_failures = 0
        elif kind == "started" and worker.task is not None:
            return [SkuStarted(msg[1], f"pid {worker.proc.pid}")]
        elif kind == "progress":
            return [SkuProgress(msg[1], msg[2], float(msg[3]))]
        elif kind == "done" and worker.task is not None:
            worker.task = None
            return [SkuFinished(msg[1].sku, msg[1])]
        return []

    def _lost(self, worker: _Worker) -> list[Event]:
        """A worker's socket closed: it died. Its SKU fails with the reason; a new one starts."""
        try:
            code = worker.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.proc.kill()
            code = worker.proc.wait()
        worker.conn.close()
        self._workers.remove(worker)
        events: list[Event] = []
        task = worker.task
        if task is not None and not self._closing:
            why = ended(code)
            outcome = failed_outcome(task.spec, task.settings, f"the worker process {why}")
            events.append(SkuFinished(task.spec.sku, outcome))
        if not worker.ready:
            self._start_failures += 1
            if self._start_failures >= MAX_START_FAILURES:
                tail = worker.log.read_text(errors="replace")[-600:] if worker.log.exists() else ""
                raise StudioError(f"batch workers fail to start ({ended(code)}): {tail.strip()}")
        if not self._closing:
            self._workers.append(self._spawn())
        return events

    def _reap(self, workers: list[_Worker]) -> None:
        deadline = time.monotonic() + STOP_GRACE
        for w in workers:
            try:
                w.proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(w.proc.pid, signal.SIGKILL)
                w.proc.wait()


def ended(code: int | None) -> str:
    """How a process ended, in words: "was killed (SIGKILL: ...)", "exited with status 1"."""
    if code is not None and code < 0:
        name = signal.Signals(-code).name
        hint = (
            " (the system may have run out of memory)"
            if -code == signal.SIGKILL
            else " (a crash in native code)"
            if -code in (signal.SIGSEGV, signal.SIGBUS, signal.SIGABRT, signal.SIGILL)
            else ""
        )
        return f"was killed by {name}{hint}"
    return f"exited unexpectedly with status {code}"
