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
        result: T = stop.value  # StopIteration.value is Any in typeshed
        return result
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
                result: T = stop.value  # StopIteration.value is Any in typeshed
                return result
            high = max(high, start + span * (p.fraction or 0.0))
            yield Progress(stage or p.stage, high, 1.0, p.message)
    finally:
        job.close()


class TimeLeft:
    """Time left for a job, from its measured rate over the last ``window`` seconds.

    Not from the start: the steps of a job run at very different speeds (voicing is quick
    when takes are cached, encoding is slow), so an estimate from the start is optimistic.
    """

    MIN_SPAN = 2.0  # seconds of measurement before an estimate is given

    def __init__(self, window: float = 8.0) -> None:
        self.window = window
        self._samples: list[tuple[float, float]] = []

    def add(self, fraction: float, now: float) -> None:
        self._samples.append((now, fraction))
        while self._samples and now - self._samples[0][0] > self.window:
            self._samples.pop(0)

    def seconds(self) -> float | None:
        """Seconds left, or None while it cannot be measured (or the job is done)."""
        if not self._samples:
            return None
        (t0, f0), (t1, f1) = self._samples[0], self._samples[-1]
        if t1 - t0 < self.MIN_SPAN or f1 <= f0 or f1 >= 1.0:
            return None
        return (1.0 - f1) * (t1 - t0) / (f1 - f0)


def format_remaining(seconds: float) -> str:
    s = int(round(seconds))
    minutes, secs = divmod(s, 60)
    return f"about {minutes} min {secs:02d} s left" if minutes else f"about {s} s left"
