"""Kill drill: SIGKILL `studio batch` while a SKU is encoding. Its workers go with it, no
output is left half-written, and the same command then finishes the rest: every SKU is
recorded exactly once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from studio.batch.manifest import DONE, MANIFEST
from studio.batch.runner import WORK
from studio.media.ffmpeg import probe

from .conftest import BROKEN, GOOD

pytestmark = pytest.mark.slow


def _batch(catalogue: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "studio", "batch", str(catalogue), "-o", str(out)]
        + ["--height", "144", "--workers", "1", "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUTF8": "1"},
    )


def _children(pid: int) -> list[int]:
    kids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                kids.append(int(entry.name))
    return kids


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _records(out: Path) -> list[dict]:
    path = out / MANIFEST
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def _encoding(out: Path) -> bool:
    work = out / WORK
    return work.is_dir() and any(p.name.endswith(".part") for p in work.rglob("*.mp4.part"))


def test_sigkill_mid_batch_then_the_same_command_finishes_the_rest(catalogue, tmp_path):
    out = tmp_path / "out"
    proc = _batch(catalogue, out)
    deadline = time.monotonic() + 400
    while time.monotonic() < deadline and proc.poll() is None:
        if any(r["status"] == DONE for r in _records(out)) and _encoding(out):
            break
        time.sleep(0.1)
    assert proc.poll() is None, f"the batch ended before the drill: {proc.stderr.read()}"
    workers = _children(proc.pid)
    assert workers
    proc.kill()
    proc.wait()
    gone = time.monotonic() + 15
    while time.monotonic() < gone and any(_alive(w) for w in workers):
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers), "a worker outlived the batch"

    done_before = {r["sku"] for r in _records(out) if r["status"] == DONE}
    assert done_before and done_before != set(GOOD)
    for sku_dir in (p for p in out.iterdir() if p.is_dir() and p.name != WORK):
        for f in sku_dir.iterdir():
            assert not f.name.endswith(".part"), f"partial file {f} under a final name"
            if f.suffix == ".mp4":
                assert probe(f).first("video") is not None

    again = _batch(catalogue, out)
    _, err = again.communicate(timeout=600)
    assert again.returncode in (0, 3), err  # 3: some SKUs failed (the broken one)
    records = _records(out)
    assert Counter(r["sku"] for r in records) == Counter([*GOOD, BROKEN])  # each once
    assert {r["sku"] for r in records if r["status"] == DONE} == set(GOOD)
    assert not (out / WORK).exists()
    assert not [p for p in out.rglob("*") if p.name.endswith(".part")]
    for sku in GOOD:
        assert probe(out / sku / f"{sku}-landscape.mp4").duration > 1


def test_sigterm_cancels_the_running_skus_and_leaves_nothing(catalogue, tmp_path):
    out = tmp_path / "out"
    proc = _batch(catalogue, out)
    deadline = time.monotonic() + 400
    while time.monotonic() < deadline and proc.poll() is None and not _encoding(out):
        time.sleep(0.1)
    assert proc.poll() is None, f"the batch ended before the drill: {proc.stderr.read()}"
    workers = _children(proc.pid)
    proc.terminate()
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "cancelled" in err
    assert not any(_alive(w) for w in workers)
    assert not (out / WORK).exists()
    assert not [p for p in out.rglob("*") if p.name.endswith(".part")]
    assert not [p for p in out.rglob("*.mp4")]
    assert not [r for r in _records(out) if r["status"] == DONE]
