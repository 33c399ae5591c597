"""Batch fault drills on a real full disk (a small tmpfs): a SKU whose files do not fit fails
with the reason in words, and a manifest that cannot be written stops the batch with one
clear message, leaving no work folder behind."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from studio.batch.catalogue import read_catalogue
from studio.batch.runner import WORK
from studio.batch.settings import BatchSettings
from studio.batch.sku_render import render_sku_job
from studio.core.progress import run_job

pytestmark = pytest.mark.slow


def _fill(folder) -> None:
    with open(folder / "filler", "wb", buffering=0) as f:
        try:
            while True:
                f.write(b"\0" * 4096)
        except OSError:
            pass


def test_a_sku_whose_photos_do_not_fit_on_the_disk_fails_with_the_reason(catalogue, tiny_disk):
    spec = next(s for s in read_catalogue(catalogue).skus if s.sku == "hood-c")
    work = tiny_disk / "work"
    work.mkdir()
    _fill(tiny_disk)
    outcome = run_job(render_sku_job(spec, BatchSettings(height=144), work))
    assert outcome.error is not None and not outcome.error.startswith("internal error")
    assert "No space left on device" in outcome.error, outcome.error


def test_a_manifest_the_full_disk_cannot_take_stops_the_batch_with_one_message(
    catalogue, tiny_disk
):
    out = tiny_disk / "out"
    out.mkdir()
    _fill(tiny_disk)
    done = subprocess.run(
        [sys.executable, "-m", "studio", "batch", str(catalogue), "-o", str(out)]
        + ["--height", "144", "--workers", "1", "--only", "hood-c", "-q"],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONUTF8": "1"},
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("error: could not record the results") and "manifest" in last, last
    assert not (out / WORK).exists()
    assert not [p for p in out.rglob("*") if p.name.endswith(".part")]
