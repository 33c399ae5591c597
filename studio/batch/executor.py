"""The small interface the batch loop drives: hand SKUs to workers, hear back what happens.

Two implementations: ``local_pool.LocalPool`` (processes on this machine, the default) and
``ray_pool.RayExecutor`` (a Ray runtime, local or a cluster). The loop in ``runner`` is the
same for both: it submits while ``slots()`` says there is room, polls for events, publishes a
finished SKU's files and records it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from studio.batch.catalogue import SkuSpec
from studio.batch.settings import BatchSettings
from studio.batch.sku_render import SkuOutcome


@dataclass(frozen=True)
class Task:
    spec: SkuSpec
    settings: BatchSettings
    work: Path  # this SKU's private folder on the driver: outcome files end up in it


@dataclass(frozen=True)
class SkuStarted:
    sku: str
    where: str  # "pid 1234", "node 10.0.0.5"


@dataclass(frozen=True)
class SkuProgress:
    sku: str
    stage: str
    fraction: float


@dataclass(frozen=True)
class SkuFinished:
    """The SKU's outcome, its files inside the task's ``work`` folder on this machine."""

    sku: str
    outcome: SkuOutcome


Event = SkuStarted | SkuProgress | SkuFinished


class Executor(Protocol):
    description: str  # for the progress line: "2 local workers", "Ray, 8 CPUs"

    def slots(self) -> int:
        """How many more SKUs it takes now."""
        ...

    def submit(self, task: Task) -> None: ...

    def poll(self, timeout: float) -> list[Event]:
        """Events since the last poll, waiting up to ``timeout`` seconds for the first."""
        ...

    def cancel(self) -> None:
        """Stop every running SKU (their clean-up runs); their outcomes never arrive."""
        ...

    def close(self) -> None:
        """Release the workers (after ``cancel``, or once every outcome arrived)."""
        ...
