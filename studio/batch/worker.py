"""A local batch worker process: loads the models once, then renders SKUs one at a time.

Started by ``local_pool.LocalPool`` as ``python -m studio.batch.worker FD PARENT_PID`` (not
through multiprocessing, so nothing of the caller's ``__main__`` is imported again). It talks
over the socket FD with pickled messages:

- driver -> worker: ``("run", Task)`` or ``("stop",)``
- worker -> driver: ``("ready", pid)``, ``("started", sku)``, ``("progress", sku, stage,
  fraction)``, ``("done", SkuOutcome)``

It runs in a process group of its own (a Ctrl-C at the terminal reaches the driver, which
decides), dies with the driver (SIGKILL from the kernel when the driver goes, however it
goes), and takes SIGTERM as a cancel: the SKU's job is closed, so ffmpeg is stopped and
its temporary files removed.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import time
from multiprocessing.connection import Connection
from typing import Any

PR_SET_PDEATHSIG = 1
PROGRESS_EVERY = 0.5  # seconds between progress messages


def die_with_parent(parent_pid: int) -> None:
    """Ask the kernel for SIGKILL when the parent goes (Linux); exit now if it already went."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the closed socket still ends the worker
        pass
    if os.getppid() != parent_pid:
        os._exit(1)


def _cancel(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def warm_up() -> None:
    """Every model a plan and a voice need, loaded once for all the SKUs this process renders."""
    from studio.analysis.models import load_models
    from studio.core.model import DEFAULT_VOICE
    from studio.voice.engine import get_engine

    load_models()
    get_engine(DEFAULT_VOICE)


def limit_threads(threads: int) -> None:
    """Each worker gets its share of the cores: torch and OpenMP would each take all of them."""
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[var] = str(threads)
    try:
        import torch

        torch.set_num_threads(threads)
    except ImportError:  # pragma: no cover - torch is a dependency
        pass


def serve(conn: Connection) -> None:
    from studio.batch.sku_render import render_sku_job
    from studio.core.progress import Progress, run_job

    conn.send(("ready", os.getpid()))
    while True:
        try:
            msg: Any = conn.recv()
        except EOFError:
            return
        if msg[0] != "run":
            return
        task = msg[1]
        sku = task.spec.sku
        conn.send(("started", sku))
        last = 0.0

        def report(p: Progress, sku: str = sku) -> None:
            nonlocal last
            now = time.monotonic()
            if now - last >= PROGRESS_EVERY:
                last = now
                conn.send(("progress", sku, p.stage, p.fraction or 0.0))

        task.work.mkdir(parents=True, exist_ok=True)
        outcome = run_job(render_sku_job(task.spec, task.settings, task.work), report)
        conn.send(("done", outcome))


def main(argv: list[str]) -> int:
    fd, parent_pid, threads = int(argv[0]), int(argv[1]), int(argv[2])
    die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _cancel)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    conn = Connection(fd)
    try:
        limit_threads(threads)
        warm_up()
        serve(conn)
    except KeyboardInterrupt:
        return 130
    except (BrokenPipeError, ConnectionResetError, EOFError):
        return 1
    finally:
        conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
