"""Fault drills beyond a kill: a read-only output or cache folder, a full disk under the
autosave, cache entries a killed run left empty. Each ends in one clear message (no
traceback) or a recomputation, and leaves nothing behind.

Read-only folders are read-only bind mounts when run as root (root ignores permissions), else
folders without write permission; the full disk is a small tmpfs (skipped when it cannot be
mounted)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tests.samples import demo_product

pytestmark = pytest.mark.slow


def _studio(args: list[str], cache: Path | None = None, **env: str) -> subprocess.CompletedProcess:
    extra = {"STUDIO_CACHE_DIR": str(cache)} if cache else {}
    return subprocess.run(
        [sys.executable, "-m", "studio", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONUTF8": "1", **extra, **env},
    )


def _one_clear_message(done: subprocess.CompletedProcess, *words: str) -> None:
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("error: ") and all(w in last for w in words), last


@pytest.fixture
def read_only(tmp_path):
    """A folder holding keep.txt that this process cannot write to."""
    src = tmp_path / "ro-src"
    src.mkdir()
    (src / "keep.txt").write_text("what was there before")
    if os.geteuid() != 0:
        src.chmod(0o555)
        try:
            yield src
        finally:
            src.chmod(0o755)
        return
    mnt = tmp_path / "ro"
    mnt.mkdir()
    bound = subprocess.run(["mount", "--bind", str(src), str(mnt)], capture_output=True, text=True)
    if bound.returncode != 0:
        pytest.skip(f"cannot make a read-only bind mount here: {bound.stderr.strip()}")
    try:
        ro = subprocess.run(
            ["mount", "-o", "remount,bind,ro", str(mnt)], capture_output=True, text=True
        )
        if ro.returncode != 0:
            pytest.skip(f"cannot make a read-only bind mount here: {ro.stderr.strip()}")
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def test_a_render_into_a_read_only_folder_is_one_clear_message(tmp_path, read_only):
    product = demo_product(tmp_path / "prod")
    cache = tmp_path / "cache"
    done = _studio(
        ["render", str(product), "-o", str(read_only / "video.mp4"), "--height", "144"], cache
    )
    _one_clear_message(done, "video.mp4", str(read_only))
    assert sorted(p.name for p in read_only.iterdir()) == ["keep.txt"]
    # said before the voice was made: nothing was synthesised for a video that cannot be kept
    assert not list(cache.rglob("*.wav")), sorted(p.name for p in cache.rglob("*.wav"))


def test_a_read_only_cache_folder_is_one_clear_message(tmp_path, read_only):
    product = demo_product(tmp_path / "prod")
    done = _studio(["match", str(product)], cache=read_only)
    _one_clear_message(done, str(read_only))
    assert sorted(p.name for p in read_only.iterdir()) == ["keep.txt"]


def test_a_batch_into_a_read_only_folder_is_one_clear_message(tmp_path, read_only):
    from tests.batch.conftest import write_catalogue

    catalogue = write_catalogue(tmp_path / "catalogue")
    done = _studio(["batch", str(catalogue), "-o", str(read_only), "--height", "144", "-q"])
    _one_clear_message(done, "output folder", str(read_only))
    assert sorted(p.name for p in read_only.iterdir()) == ["keep.txt"]


def test_sentence_vectors_a_killed_run_left_empty_are_computed_again(fresh_cache):
    from studio.media import sentences

    texts = ["Water-repellent shell.", "Roomy kangaroo pocket."]
    sentences.forget()  # earlier tests may hold these texts in memory: go to the disk cache
    first = sentences.embed(texts)
    entries = list((fresh_cache / sentences.CACHE_NAMESPACE).glob("*.npy"))
    assert len(entries) == 2
    entries[0].write_bytes(b"")  # as a run killed between create and write leaves it
    entries[1].write_bytes(entries[1].read_bytes()[:40])  # killed mid-write
    sentences._memory.clear()  # a new process: only the disk cache remains
    again = sentences.embed(texts)
    np.testing.assert_allclose(again, first, atol=1e-5)
    assert all(e.stat().st_size > 100 for e in entries)  # written again, whole


AUTOSAVE = """
import os
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from studio.core.storyboard import ImageChoice, apply_plan
from studio.ui.document import open_document
from studio.ui.main_window import MainWindow

app = QApplication([])
doc = open_document(Path(sys.argv[1]))
apply_plan(doc.project, [ImageChoice(0, "img3.jpg", 0.8), ImageChoice(1, "img1.jpg", 0.4)],
           "img1.jpg", [0, 1])
w = MainWindow(doc)
w.doc.undo.set_scene(w.doc.project.timeline.scenes[1].id, "caption", "Typed on a full disk")
print("autosave:", w.autosave(), flush=True)
print("status:", w.statusBar().currentMessage(), flush=True)
os._exit(0)  # the drill is the autosave; the window's start-up work is not waited for
"""


def test_an_autosave_on_a_full_disk_is_a_status_message_not_a_crash(tmp_path, tiny_disk):
    config = tiny_disk / "config"
    (config / "recovery").mkdir(parents=True)
    with open(tiny_disk / "filler", "wb", buffering=0) as f:  # fill the disk to the last byte
        try:
            while True:
                f.write(b"\0" * 4096)
        except OSError:
            pass
    product = demo_product(tmp_path / "prod")
    done = subprocess.run(
        [sys.executable, "-c", AUTOSAVE, str(product)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "STUDIO_CONFIG_DIR": str(config)},
    )
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert "autosave: None" in done.stdout
    assert "Autosave failed" in done.stdout and "No space left" in done.stdout, done.stdout
    assert list((config / "recovery").iterdir()) == []
