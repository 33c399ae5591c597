"""Long work as plain generators: they yield Progress and return their result.

A consumer cancels by closing the generator (``gen.close()``), which raises GeneratorExit at
the current ``yield`` so the job's ``finally`` blocks remove temporary files and stop child
processes. The CLI, the UI workers and batch runs all drive jobs the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Progress:
    stage: str  # short user-facing name of the step: "Analysing images", "Voicing", ...
    done: float
    total: float | None = None  # None: indeterminate
    message: str = ""

    @property
    def fraction(self) -> float | None:
        if not self.total:
            return None
        return max(0.0, min(1.0, self.done / self.total))


Job = Generator[Progress, None, T]


def run_job(
    job: Generator[Progress, Any, T], on_progress: Callable[[Progress], Any] | None = None
) -> T:
    """Drive ``job`` to completion, passing each Progress to ``on_progress``; return its result.

    If the callback or the caller raises (KeyboardInterrupt included), the job is closed so its
    clean-up runs before the exception propagates.
    """
    try:
        while True:
            p = next(job)
            if on_progress is not None:
                on_progress(p)
    except StopIteration as stop:
        return stop.value
    finally:
        job.close()


def weighted(
    job: Generator[Progress, Any, T], start: float, span: float, stage: str | None = None
) -> Generator[Progress, None, T]:
    """Re-map a sub-job's progress into [start, start+span] of a parent job's 0..1 scale.

    The mapped value never goes backwards, even when the sub-job restarts its own count for a
    new phase, so a progress bar only moves forward."""
    high = start
    try:
        while True:
            try:
                p = next(job)
            except StopIteration as stop:
                return stop.value
            high = max(high, start + span * (p.fraction or 0.0))
            yield Progress(stage or p.stage, high, 1.0, p.message)
    finally:
        job.close()
