"""Real catalogue runs at 144p: the local pool and a local Ray runtime render the good SKUs,
record the broken one, skip what is done, re-render only what changed, and survive a worker
the OS kills."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest

from studio.batch import BatchOptions, BatchSettings, batch_job, latest, read_records
from studio.batch.manifest import DONE, FAILED, MANIFEST
from studio.batch.runner import WORK, BatchProgress
from studio.core.progress import run_job
from studio.media.ffmpeg import probe

from .conftest import BROKEN, GOOD

pytestmark = pytest.mark.slow
SMALL = BatchSettings(presets=("landscape", "portrait"), height=144)


def _leftovers(out: Path) -> list[str]:
    return [
        str(p.relative_to(out))
        for p in out.rglob("*")
        if p.name.endswith(".part") or WORK in p.parts
    ]


def _check_outputs(out: Path, presets: tuple[str, ...]) -> None:
    newest = latest(read_records(out))
    assert {(s, v) for s, v in newest} == {(s, p) for s in [*GOOD, BROKEN] for p in presets}
    for sku in GOOD:
        for preset in presets:
            r = newest[(sku, preset)]
            assert r.status == DONE, r.error
            assert r.video == f"{sku}/{sku}-{preset}.mp4"
            info = probe(out / r.video)
            v = info.first("video")
            assert v is not None and info.first("audio") is not None
            assert (v.width, v.height) == ((256, 144) if preset == "landscape" else (144, 256))
            assert abs(info.duration - r.duration) < 0.25
            assert (out / sku / f"{sku}-{preset}.srt").read_text(encoding="utf-8").strip()
            assert (out / sku / f"{sku}-{preset}.jpg").read_bytes()[:2] == b"\xff\xd8"
    for preset in presets:
        bad = newest[(BROKEN, preset)]
        assert bad.status == FAILED and "no usable product images" in bad.error
        assert bad.video is None
    assert not (out / BROKEN).exists()
    report = (out / "report.html").read_text(encoding="utf-8")
    assert all(sku in report for sku in [*GOOD, BROKEN]) and "no usable product images" in report
    assert not _leftovers(out)


def test_local_pool_renders_records_skips_and_rerenders_only_what_changed(catalogue, tmp_path):
    out = tmp_path / "out"
    options = BatchOptions(catalogue, out, SMALL, workers=2)
    seen: list[BatchProgress] = []
    summary = run_job(batch_job(options), seen.append)
    assert (summary.done, summary.failed, summary.skipped) == (3, 1, 0)
    assert summary.failures[0][0] == BROKEN
    _check_outputs(out, SMALL.presets)
    states = {s.sku: s.state for p in seen for s in p.changed}
    assert states == {**dict.fromkeys(GOOD, "done"), BROKEN: "failed"}
    assert seen[-1].done_skus == 3 and seen[-1].failed_skus == 1

    lines = (out / MANIFEST).read_text().splitlines()
    video_a = out / "hood-a" / "hood-a-landscape.mp4"
    stamp = video_a.stat().st_mtime_ns
    again = run_job(batch_job(options))
    assert (again.done, again.failed, again.skipped, again.failed_before) == (0, 0, 4, 1)
    assert (out / MANIFEST).read_text().splitlines() == lines

    text = catalogue.read_text(encoding="utf-8").replace("Ribbed cuffs.", "Ribbed cuffs, soft.")
    catalogue.write_text(text, encoding="utf-8")
    third = run_job(batch_job(options))
    assert (third.done, third.failed, third.skipped) == (1, 0, 3)
    added = [json.loads(line) for line in (out / MANIFEST).read_text().splitlines()[len(lines) :]]
    assert sorted((d["sku"], d["variant"]) for d in added) == [
        ("hood-b", "landscape"),
        ("hood-b", "portrait"),
    ]
    assert video_a.stat().st_mtime_ns == stamp
    assert "soft" in (out / "hood-b" / "hood-b-landscape.srt").read_text(encoding="utf-8")
    _check_outputs(out, SMALL.presets)


def test_a_worker_killed_by_the_os_costs_only_its_sku(catalogue, tmp_path):
    out = tmp_path / "out"
    options = BatchOptions(
        catalogue, out, BatchSettings(height=144), workers=1, only=("hood-a", "hood-b")
    )
    job = batch_job(options)
    killed = None
    try:
        while True:
            p = next(job)
            for s in p.changed:
                if killed is None and s.state == "running" and s.message.startswith("pid "):
                    killed = s.sku
                    os.kill(int(s.message.split()[1]), signal.SIGKILL)
    except StopIteration as stop:
        summary = stop.value
    assert killed is not None
    assert (summary.done, summary.failed) == (1, 1)
    newest = latest(read_records(out))
    assert "killed by SIGKILL" in newest[(killed, "landscape")].error
    other = next(s for s in ("hood-a", "hood-b") if s != killed)
    assert newest[(other, "landscape")].status == DONE
    assert not _leftovers(out)

    retried = run_job(batch_job(BatchOptions(**{**options.__dict__, "retry_failed": True})))
    assert (retried.done, retried.failed, retried.skipped) == (1, 0, 1)
    assert latest(read_records(out))[(killed, "landscape")].status == DONE


@pytest.fixture
def local_ray():
    ray = pytest.importorskip("ray")
    from studio.batch.ray_pool import prepare_local_runtime

    prepare_local_runtime()
    ray.init(
        address="local",
        num_cpus=2,
        include_dashboard=False,
        log_to_driver=False,
        object_store_memory=256 * 1024 * 1024,
    )
    try:
        yield ray
    finally:
        ray.shutdown()


def test_a_local_ray_runtime_runs_the_same_batch(catalogue, tmp_path, local_ray):
    out = tmp_path / "out"
    settings = BatchSettings(presets=("landscape",), height=144)
    summary = run_job(batch_job(BatchOptions(catalogue, out, settings, ray="auto")))
    assert (summary.done, summary.failed) == (3, 1)
    assert summary.executor == "Ray, 2 CPUs"
    _check_outputs(out, settings.presets)
    assert local_ray.is_initialized()  # a runtime the caller started is left to the caller
