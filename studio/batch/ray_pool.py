"""The Ray executor: each SKU a Ray task, on a local runtime or a cluster.

Nothing needs to be shared between the machines but the studio's installation: a task carries
its SKU's files (photos, bullets.txt, product.toml) and returns the finished files, which the
driver writes into the output folder as the local pool's are. So OUT_DIR and the catalogue
live on the driver only; every node has its own cache. Each task declares one CPU and the
memory a render of this batch needs (see ``sizing``), so Ray never starts more encodes on a
node than its memory holds, and a task whose worker process dies (OOM killer, a node lost) is
retried by Ray before it is reported failed. Models load once per Ray worker process: the
first SKU a worker renders loads them, the following ones find them loaded.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import socket
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from studio.batch.catalogue import SkuSpec
from studio.batch.executor import Event, SkuFinished, SkuProgress, SkuStarted, Task
from studio.batch.settings import BatchSettings
from studio.batch.sku_render import SkuOutcome, failed_outcome
from studio.core.errors import StudioError

TASK_RETRIES = 2  # Ray re-runs a task whose worker died this many times
LOCAL_OBJECT_STORE = 512 * 1024 * 1024  # a started runtime's object store: videos pass through it
STOP_GRACE = 20.0
PROGRESS_EVERY = 0.5

_warm = False


def connect(address: str, cpus: int | None = None) -> str:
    """Join or start a Ray runtime: "auto" joins one running on this machine or starts one,
    anything else is a cluster's address. "started" or "joined" when this call did it (and so
    should shut it down); "" when the caller had already done it."""
    try:
        import ray
    except ImportError:
        raise StudioError(
            "Ray is not installed: pip install 'product-video-studio[cluster]'"
        ) from None
    if ray.is_initialized():
        return ""
    prepare_local_runtime()
    quiet: dict[str, Any] = {
        "include_dashboard": False,
        "log_to_driver": False,
        "logging_level": logging.WARNING,
    }
    if address == "auto":
        try:
            ray.init(address="auto", **quiet)
        except ConnectionError:
            ray.init(
                address="local", num_cpus=cpus, object_store_memory=LOCAL_OBJECT_STORE, **quiet
            )
            return "started"
    else:
        try:
            ray.init(address=address, **quiet)
        except (ConnectionError, ValueError) as exc:
            raise StudioError(f"cannot join the Ray cluster at {address}: {exc}") from None
    return "joined"


class _QuietDefaults(logging.Filter):
    """Drops Ray's notice that token authentication is on by default: it is the safe default,
    and in a terminal it reads like a problem. The warning that authentication is off stays."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Token authentication is enabled")


_QUIET = _QuietDefaults()


def prepare_local_runtime() -> None:
    """Settings for a Ray runtime this process starts: no usage report over the network, and
    workers at the same priority as the local pool's (Ray's default niceness of 15 lets any
    other program on a busy machine take the CPU from a render: measured three times slower
    than the pool on a loaded 2-core machine)."""
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    os.environ.setdefault("RAY_worker_niceness", "0")
    auth = logging.getLogger("ray._private.authentication.authentication_token_setup")
    if _QUIET not in auth.filters:
        auth.addFilter(_QUIET)


def post(events: Any, item: tuple[Any, ...]) -> None:
    """Send an event to the driver without waiting. ``Queue.put_nowait`` waits for the queue's
    reply with ``ray.get``, and a task blocked in ``ray.get`` hands its CPU back to Ray, which
    then starts another SKU in a new worker process (loading every model again) and runs one
    task more than there are CPUs."""
    with contextlib.suppress(Exception):  # progress is best effort
        events.actor.put_nowait.remote(item)


def run_on_node(
    spec: SkuSpec,
    settings: BatchSettings,
    contents: Mapping[str, bytes],
    events: Any,
) -> tuple[SkuOutcome, dict[str, bytes]]:
    """The Ray task: render ``spec`` in a temporary folder of the node, return the outcome
    and the bytes of its files keyed by file name (outcome paths become plain names)."""
    global _warm
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    from studio.batch.sku_render import render_sku_job
    from studio.batch.worker import warm_up
    from studio.core.progress import Progress, run_job

    post(events, ("started", spec.sku, socket.gethostname(), os.getpid()))
    if not _warm:
        warm_up()
        _warm = True
    work = Path(tempfile.mkdtemp(prefix="studio-batch-"))
    last = 0.0

    def report(p: Progress) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last >= PROGRESS_EVERY:
            last = now
            post(events, ("progress", spec.sku, p.stage, p.fraction or 0.0))

    try:
        outcome = run_job(render_sku_job(spec, settings, work, contents), report)
        files: dict[str, bytes] = {}
        for v in outcome.variants:
            for kind, path in list(v.files.items()):
                name = Path(path).name
                files[name] = Path(path).read_bytes()
                v.files[kind] = name
        return outcome, files
    finally:
        shutil.rmtree(work, ignore_errors=True)


class RayExecutor:
    def __init__(self, address: str, memory_per_task: int, cpus: int | None = None) -> None:
        connected = connect(address, cpus)
        self._owns = bool(connected)
        import ray
        from ray.util.queue import Queue

        from studio.batch import ray_reaper

        # A runtime this driver started dies with it; the watcher kills what Ray leaves behind.
        self._reaper = (
            ray_reaper.start(os.path.dirname(ray.__file__)) if connected == "started" else None
        )

        total = int(ray.cluster_resources().get("CPU", 1))
        self.window = max(1, total) + max(1, total // 2)  # a few queued so no CPU waits
        self.description = f"Ray, {total} CPU{'s' if total != 1 else ''}"
        self._events = Queue(actor_options={"num_cpus": 0})
        self._remote = ray.remote(run_on_node).options(
            num_cpus=1,
            memory=memory_per_task,
            max_retries=TASK_RETRIES,
            retry_exceptions=False,
        )
        self._pending: dict[Any, Task] = {}

    def slots(self) -> int:
        return self.window - len(self._pending)

    def submit(self, task: Task) -> None:
        contents = {name: Path(path).read_bytes() for name, path in task.spec.files}
        ref = self._remote.remote(task.spec, task.settings, contents, self._events)
        self._pending[ref] = task

    def poll(self, timeout: float) -> list[Event]:
        import ray

        events: list[Event] = []
        if self._pending:
            ready, _ = ray.wait(list(self._pending), num_returns=1, timeout=timeout)
            if ready:
                more, _ = ray.wait(list(self._pending), num_returns=len(self._pending), timeout=0)
                ready = list({*ready, *more})
        else:
            ready = []
            time.sleep(min(timeout, 0.1))
        events += self._drain()
        for ref in ready:
            task = self._pending.pop(ref)
            events.append(SkuFinished(task.spec.sku, self._collect(ref, task)))
        return events

    def cancel(self) -> None:
        import ray

        for ref in self._pending:
            with contextlib.suppress(Exception):
                ray.cancel(ref)
        if self._pending:
            ray.wait(list(self._pending), num_returns=len(self._pending), timeout=STOP_GRACE)
        for ref in self._pending:
            with contextlib.suppress(Exception):
                ray.cancel(ref, force=True)
        self._pending.clear()

    def close(self) -> None:
        import ray

        with contextlib.suppress(Exception):
            self._events.shutdown(force=True)
        if self._owns:
            ray.shutdown()
        from studio.batch import ray_reaper

        ray_reaper.stop(self._reaper)
        self._reaper = None

    # ------------------------------------------------------------------
    def _drain(self) -> list[Event]:
        from ray.util.queue import Empty

        out: list[Event] = []
        try:
            n = self._events.qsize()
            items = self._events.get_nowait_batch(n) if n else []
        except Empty:
            return out
        for item in items:
            if item[0] == "started":
                out.append(SkuStarted(item[1], f"{item[2]} pid {item[3]}"))
            elif item[0] == "progress":
                out.append(SkuProgress(item[1], item[2], float(item[3])))
        return out

    def _collect(self, ref: Any, task: Task) -> SkuOutcome:
        """The task's outcome with its files written into the task's work folder here."""
        import ray
        from ray.exceptions import RayError, TaskCancelledError

        try:
            outcome, files = ray.get(ref)
        except TaskCancelledError:
            return failed_outcome(task.spec, task.settings, "cancelled")
        except RayError as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            return failed_outcome(
                task.spec,
                task.settings,
                f"lost on Ray after {TASK_RETRIES + 1} tries ({type(exc).__name__}): {first[:300]}",
            )
        task.work.mkdir(parents=True, exist_ok=True)
        for v in outcome.variants:
            for kind, name in list(v.files.items()):
                target = task.work / name
                target.write_bytes(files[name])
                v.files[kind] = str(target)
        return outcome
