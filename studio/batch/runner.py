"""The batch loop: decide what is left to do, hand it to an executor, publish and record it.

``batch_job`` is a job like the others (studio.core.progress): it yields ``BatchProgress``
and returns a ``BatchSummary``; closing it (Ctrl-C, SIGTERM, the studio's Cancel) stops the
running SKUs, removes their work and leaves every output folder as it was before them.

Only this loop writes into the output folder. A SKU's files appear there by rename from its
work folder once it finished, and then its manifest lines are appended in one write; what a
killed run left (its work folder, a torn manifest line) is removed by the next run, which
renders exactly the SKUs the manifest does not show as done and intact.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
import shutil
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from studio.batch.catalogue import SkuSpec, read_catalogue
from studio.batch.executor import Executor, SkuFinished, SkuProgress, SkuStarted, Task
from studio.batch.manifest import (
    DONE,
    FAILED,
    MANIFEST,
    Record,
    append_records,
    latest,
    read_records,
    repair_tail,
)
from studio.batch.report import REPORT, write_report
from studio.batch.settings import BatchSettings, input_hash
from studio.batch.sku_render import SkuOutcome, failed_outcome
from studio.core.errors import MediaError, StudioError
from studio.core.fsutil import finish_mode, sweep_stale
from studio.core.progress import Job, Progress

WORK = ".batch-work"
LOCK = ".batch.lock"
POLL_SECONDS = 0.5
DURATION_TOLERANCE = 0.25  # seconds between the recorded and the probed length of a video
PROBE_THREADS = 4
MINUTE, HOUR = 60.0, 3600.0

QUEUED, RUNNING, SKIPPED = "queued", "running", "skipped"


@dataclass
class BatchOptions:
    catalogue: Path
    out_dir: Path
    settings: BatchSettings = field(default_factory=BatchSettings)
    workers: int | None = None  # local pool size (None: from cores and memory)
    ray: str | None = None  # None: the local pool; "auto" or a cluster address: Ray
    retry_failed: bool = False  # run only the SKUs whose last attempt failed
    only: tuple[str, ...] = ()  # run only these SKUs


@dataclass(frozen=True)
class SkuState:
    sku: str
    state: str  # queued, running, done, failed, skipped
    stage: str = ""
    fraction: float = 0.0
    message: str = ""  # the error, or a note ("unchanged", "2 warnings")
    videos: tuple[str, ...] = ()  # absolute paths of the finished videos


@dataclass(frozen=True)
class BatchProgress(Progress):
    changed: tuple[SkuState, ...] = ()  # SKUs whose state changed since the previous yield
    done_skus: int = 0
    failed_skus: int = 0


@dataclass
class BatchSummary:
    out_dir: Path
    report: Path
    manifest: Path
    total: int  # SKUs in the catalogue (after --only)
    skipped: int  # unchanged and intact, or failed before with the same inputs
    failed_before: int  # of ``skipped``: SKUs that stay failed (--retry-failed runs them)
    done: int
    failed: int
    seconds: float
    failures: list[tuple[str, str]] = field(default_factory=list)  # (sku, why), this run
    notes: list[str] = field(default_factory=list)  # catalogue rows that are no SKU, ...
    executor: str = ""


ExecutorFactory = Callable[[BatchOptions, Path], Executor]


def default_executor(options: BatchOptions, work: Path) -> Executor:
    from studio.batch.sizing import memory_per_sku, pool_size

    if options.ray is not None:
        from studio.batch.ray_pool import RayExecutor

        return RayExecutor(options.ray, memory_per_sku(options.settings), options.workers)
    from studio.batch.local_pool import LocalPool

    size = pool_size(options.settings, options.workers)
    pool = LocalPool(size.workers, size.threads, work)
    pool.description = size.reason
    return pool


@contextlib.contextmanager
def locked(out: Path) -> Iterator[None]:
    """One batch at a time per output folder (a second one would publish over the first)."""
    try:
        fd = os.open(out / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:  # a read-only folder, one without write permission, a full disk
        raise StudioError(
            f"cannot write to the output folder {out}: {exc.strerror or exc}"
        ) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StudioError(f"another batch is writing to {out}; wait for it to finish") from None
        yield
    finally:
        os.close(fd)


def batch_job(
    options: BatchOptions, make_executor: ExecutorFactory = default_executor
) -> Job[BatchSummary]:
    out = Path(options.out_dir).expanduser().absolute()
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StudioError(f"cannot make the output folder {out}: {exc.strerror or exc}") from None
    with locked(out):
        return (yield from _run(options, out, make_executor))


def _run(options: BatchOptions, out: Path, make_executor: ExecutorFactory) -> Job[BatchSummary]:
    started = time.monotonic()
    settings = options.settings
    work_root = out / WORK
    shutil.rmtree(work_root, ignore_errors=True)  # what a killed run was working on
    repair_tail(out)
    catalogue = read_catalogue(options.catalogue, exclude=out)
    notes = list(catalogue.warnings)
    specs = catalogue.skus
    if options.only:
        wanted = set(options.only)
        unknown = sorted(wanted - {s.sku for s in specs})
        if unknown:
            raise StudioError(f"not in the catalogue: {', '.join(unknown)}")
        specs = [s for s in specs if s.sku in wanted]
    sweep_stale([out, *(out / s.sku for s in specs if (out / s.sku).is_dir())])

    yield BatchProgress("Checking outputs", 0, len(specs))
    known = latest(read_records(out))
    hashes: dict[str, str] = {}
    problems: dict[str, str] = {}
    todo: list[SkuSpec] = []
    states: list[SkuState] = []
    decisions = yield from _decide(
        out, specs, settings, known, options.retry_failed, hashes, problems
    )
    for spec, (run, state, note) in zip(specs, decisions, strict=True):
        if run:
            if spec.sku in problems and not spec.problem:
                spec = replace(spec, problem=problems[spec.sku])
            todo.append(spec)
            states.append(SkuState(spec.sku, QUEUED))
        else:
            states.append(
                SkuState(
                    spec.sku,
                    state,
                    message=note,
                    videos=_videos(out, spec.sku, settings, known),
                )
            )
    skipped = len(specs) - len(todo)
    counts = {DONE: 0, FAILED: 0}
    failures: list[tuple[str, str]] = []
    total = len(todo)
    yield BatchProgress(
        "Starting", 0, max(total, 1), f"{total} to render, {skipped} skipped", tuple(states)
    )

    def finish(spec: SkuSpec, outcome: SkuOutcome, work: Path | None) -> SkuState:
        records = publish(out, spec, settings, hashes.get(spec.sku, ""), outcome, work)
        # the work folder goes first: on a nearly full disk its space is what lets the record
        # be written (a kill in between only means this SKU is rendered again)
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
        append_records(out, records)
        bad = [r for r in records if r.status != DONE]
        counts[FAILED if bad else DONE] += 1
        if bad:
            failures.append((spec.sku, bad[0].error or "failed"))
        return SkuState(
            spec.sku,
            FAILED if bad else DONE,
            message=(bad[0].error or "") if bad else _warned(records),
            fraction=1.0,
            videos=tuple(str(out / r.video) for r in records if r.video),
        )

    executor: Executor | None = None
    complete = False
    description = ""
    try:
        queue: deque[SkuSpec] = deque()
        changed: list[SkuState] = []
        for spec in todo:
            if spec.problem:  # nothing a worker could do: recorded here
                changed.append(finish(spec, failed_outcome(spec, settings, spec.problem), None))
            else:
                queue.append(spec)
        if queue:
            work_root.mkdir(exist_ok=True)
            executor = make_executor(options, work_root)
            description = executor.description
            inflight: dict[str, Task] = {}
            loop_start = time.monotonic()
            while queue or inflight:
                while queue and executor.slots() > 0:
                    spec = queue.popleft()
                    task = Task(spec, settings, work_root / f"sku-{secrets.token_hex(6)}")
                    executor.submit(task)
                    inflight[spec.sku] = task
                for ev in executor.poll(POLL_SECONDS):
                    if isinstance(ev, SkuStarted):
                        changed.append(SkuState(ev.sku, RUNNING, "Starting", message=ev.where))
                    elif isinstance(ev, SkuProgress):
                        changed.append(SkuState(ev.sku, RUNNING, ev.stage, ev.fraction))
                    elif isinstance(ev, SkuFinished) and ev.sku in inflight:
                        task = inflight.pop(ev.sku)
                        changed.append(finish(task.spec, ev.outcome, task.work))
                finished = counts[DONE] + counts[FAILED]
                yield BatchProgress(
                    f"Rendering {finished}/{total}",
                    finished,
                    max(total, 1),
                    _line(
                        finished, counts[FAILED], total, time.monotonic() - loop_start, description
                    ),
                    tuple(changed),
                    counts[DONE],
                    counts[FAILED],
                )
                changed = []
        else:
            yield BatchProgress(
                "Rendering", total, max(total, 1), "", tuple(changed), counts[DONE], counts[FAILED]
            )
        complete = True
    finally:
        if executor is not None:
            with contextlib.suppress(Exception):
                if not complete:
                    executor.cancel()
            with contextlib.suppress(Exception):
                executor.close()
        shutil.rmtree(work_root, ignore_errors=True)
        with contextlib.suppress(OSError, StudioError):
            write_report(out, notes, {s.sku for s in catalogue.skus})
    return BatchSummary(
        out,
        out / REPORT,
        out / MANIFEST,
        total=len(specs),
        skipped=skipped,
        failed_before=sum(1 for st in states if st.state == FAILED),
        done=counts[DONE],
        failed=counts[FAILED],
        seconds=time.monotonic() - started,
        failures=failures,
        notes=notes,
        executor=description,
    )


def _decide(
    out: Path,
    specs: list[SkuSpec],
    settings: BatchSettings,
    known: dict[tuple[str, str], Record],
    retry_failed: bool,
    hashes: dict[str, str],
    problems: dict[str, str],
) -> Job[list[tuple[bool, str, str]]]:
    """For each SKU: (render it?, else the state it keeps, and why). Hashes land in ``hashes``; outputs are probed on a
    few threads (ffmpeg reading headers) because a big catalogue has thousands."""

    def one(spec: SkuSpec) -> tuple[bool, str, str]:
        prev = [known.get((spec.sku, v)) for v in settings.presets]
        if retry_failed:
            return (any(p is not None and p.status != DONE for p in prev), SKIPPED, "not failed")
        try:
            h = input_hash(spec, settings)
        except OSError as exc:
            h = ""
            problems[spec.sku] = f"cannot read {exc.filename}: {exc.strerror}"
        hashes[spec.sku] = h
        if not h or any(p is None or p.input_hash != h for p in prev):
            return (True, QUEUED, "")
        failed = [p for p in prev if p is not None and p.status == FAILED]
        if failed and len(failed) == len(prev):
            why = f"{failed[0].error} (unchanged since; --retry-failed tries again)"
            return (False, FAILED, why)
        if all(p is not None and p.status == DONE and intact(out, p) for p in prev):
            return (False, SKIPPED, "unchanged")
        return (True, QUEUED, "")

    results: list[tuple[bool, str, str]] = []
    with ThreadPoolExecutor(PROBE_THREADS) as pool:
        for i, r in enumerate(pool.map(one, specs)):
            results.append(r)
            if i % 50 == 0:
                yield BatchProgress("Checking outputs", i, max(len(specs), 1))
    if retry_failed:  # the hashes of the SKUs that do run
        for spec, (run, _, _) in zip(specs, results, strict=True):
            if run:
                hashes[spec.sku] = input_hash(spec, settings)
    return results


def intact(out: Path, rec: Record) -> bool:
    """Every output of ``rec`` is there with the size it was written with, and the video
    still reads as a video of the recorded length."""
    from studio.media.ffmpeg import probe

    for rel in rec.outputs():
        try:
            size = (out / rel).stat().st_size
        except OSError:
            return False
        if rec.sizes.get(rel, size) != size:
            return False
    if rec.video is None:
        return False
    try:
        info = probe(out / rec.video)
    except MediaError:
        return False
    return (
        info.first("video") is not None
        and info.duration is not None
        and (rec.duration is None or abs(info.duration - rec.duration) <= DURATION_TOLERANCE)
    )


def publish(
    out: Path,
    spec: SkuSpec,
    settings: BatchSettings,
    input_digest: str,
    outcome: SkuOutcome,
    work: Path | None,
) -> list[Record]:
    """Rename a finished SKU's files into ``out/<sku>/`` and make its manifest records."""
    now = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    records: list[Record] = []
    by_variant = {v.variant: v for v in outcome.variants}
    for preset in settings.presets:
        v = by_variant.get(preset)
        error = outcome.error or (v.error if v else "not rendered")
        rec = Record(
            spec.sku,
            preset,
            FAILED if error else DONE,
            input_digest,
            seconds=round(outcome.seconds, 2),
            warnings=[*outcome.warnings, *(v.warnings if v else [])],
            error=error,
            dry_run=settings.dry_run,
            finished=now,
        )
        if v is not None and not error:
            folder = out / spec.sku
            folder.mkdir(exist_ok=True)
            for kind in sorted(v.files, key=lambda k: k == "video"):  # the video last
                source = Path(v.files[kind])
                final = folder / source.name
                finish_mode(source)
                os.replace(source, final)
                rel = f"{spec.sku}/{source.name}"
                rec.sizes[rel] = final.stat().st_size
                if kind == "video":
                    rec.video = rel
                elif kind == "cover":
                    rec.cover = rel
                else:
                    rec.captions.append(rel)
            rec.duration = round(v.duration, 3) if v.duration is not None else None
        records.append(rec)
    return records


def _videos(
    out: Path, sku: str, settings: BatchSettings, known: dict[tuple[str, str], Record]
) -> tuple[str, ...]:
    recs = [known.get((sku, v)) for v in settings.presets]
    return tuple(str(out / r.video) for r in recs if r is not None and r.video)


def _warned(records: list[Record]) -> str:
    n = max((len(r.warnings) for r in records), default=0)
    return f"{n} warning{'s' if n != 1 else ''}" if n else ""


def _line(finished: int, failed: int, total: int, elapsed: float, where: str) -> str:
    """'3 done, 1 failed, 2.1 SKUs/min, about 10 min left (2 workers, one per core)': the
    counts first, since a terminal's progress line shows only the start of it."""
    text = f"{finished - failed} done, {failed} failed"
    if finished and elapsed > 0:
        rate = finished / elapsed * 60
        left = (total - finished) / rate * 60 if rate > 0 else 0
        text += f", {rate:.1f} SKUs/min"
        if finished < total:
            text += f", about {format_duration(left)} left"
    return f"{text} ({where})" if where else text


def format_duration(seconds: float) -> str:
    if seconds >= HOUR:
        return f"{seconds // HOUR:.0f} h {seconds % HOUR // 60:.0f} min"
    if seconds >= MINUTE:
        return f"{seconds / 60:.0f} min"
    return f"{seconds:.0f} s"
