"""Kill drills: SIGKILL and SIGTERM of real renders and saves. The output path always holds the
old file or nothing, never a partial one, and the next start removes what a killed run left."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from studio.core.project_io import load_project

pytestmark = pytest.mark.slow
OLD = b"the video that was there before"


def _render(demo_dir: Path, out: Path, cache: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONUTF8": "1", "STUDIO_CACHE_DIR": str(cache)}
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "studio",
            "render",
            str(demo_dir),
            "-o",
            str(out),
            "--height",
            "144",
        ],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env=env,
    )


def _wait_for(cond, proc: subprocess.Popen, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None and not cond():
        time.sleep(0.05)
    assert proc.poll() is None, "the render ended before the drill could stop it"


def _parts(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".part")]


@pytest.mark.parametrize("moment", ["while voicing", "while encoding"])
def test_sigkill_leaves_the_old_output_and_the_next_start_sweeps_the_rest(
    tmp_path, demo_dir, moment
):
    out_dir, cache = tmp_path / "out", tmp_path / "cache"
    out_dir.mkdir()
    out = out_dir / "video.mp4"
    out.write_bytes(OLD)
    proc = _render(demo_dir, out, cache)
    work = cache / "work"
    if moment == "while voicing":
        _wait_for(lambda: (cache / "voice").is_dir() and any((cache / "voice").iterdir()), proc)
    else:
        _wait_for(lambda: bool(_parts(out_dir)), proc)
        time.sleep(0.3)
    proc.kill()
    proc.wait()
    assert out.read_bytes() == OLD  # never a partial video under the real name
    if moment == "while encoding":
        assert _parts(out_dir) and any(work.iterdir()), "the drill hit the render mid-way"
    # The next start (any command) removes the killed run's work folder and temporary files.
    env = {**os.environ, "STUDIO_CACHE_DIR": str(cache)}
    done = subprocess.run(
        [sys.executable, "-m", "studio", "voices", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert not list(work.iterdir()) if work.exists() else True
    subprocess.run(
        [sys.executable, "-m", "studio", "match", str(demo_dir), "--json"],
        env=env,
        capture_output=True,
        timeout=300,
    )  # a command that names no output leaves the output folder alone
    assert out.read_bytes() == OLD


def test_a_render_into_a_folder_sweeps_what_a_killed_render_left_there(tmp_path, demo_dir):
    out_dir, cache = tmp_path / "out", tmp_path / "cache"
    out_dir.mkdir()
    proc = _render(demo_dir, out_dir / "a.mp4", cache)
    _wait_for(lambda: bool(_parts(out_dir)), proc)
    proc.kill()
    proc.wait()
    assert _parts(out_dir)
    again = _render(demo_dir, out_dir / "b.mp4", cache)
    _, err = again.communicate(timeout=600)
    assert again.returncode == 0, err
    assert sorted(p.name for p in out_dir.iterdir()) == ["b.mp4", "b.srt"]


def test_sigterm_cancels_like_ctrl_c(tmp_path, demo_dir):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    proc = _render(demo_dir, out_dir / "video.mp4", tmp_path / "cache")
    _wait_for(lambda: bool(_parts(out_dir)), proc)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "cancelled" in err and "Traceback" not in err
    assert list(out_dir.iterdir()) == []
    assert not list((tmp_path / "cache" / "work").iterdir())


SAVER = """
import sys, time
from pathlib import Path
from studio.core.model import ImageAsset, Product, Project
from studio.core.project_io import save_project
root = Path(sys.argv[1])
n = 0
while True:
    n += 1
    p = Project(root, Product(f"Save {n}", [f"bullet {n} " + "x" * 200 for _ in range(150)]), [ImageAsset("a.jpg")])
    save_project(p, root / "p.studio.json")
"""


def test_killing_a_save_at_any_moment_leaves_a_project_that_opens(tmp_path):
    from tests.samples import product_photo

    product_photo(tmp_path / "a.jpg")
    for delay in (0.4, 0.55, 0.7, 0.85, 1.0):
        proc = subprocess.Popen([sys.executable, "-c", SAVER, str(tmp_path)], env={**os.environ})
        time.sleep(delay)
        proc.kill()
        proc.wait()
        saved = tmp_path / "p.studio.json"
        if saved.exists():
            project = load_project(saved)  # whole: the old save or the new one
            assert project.product.title.startswith("Save ")
            json.loads(saved.read_text(encoding="utf-8"))
    from studio.ui.document import open_document  # opening the folder sweeps the killed saves

    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    (tmp_path / f".p.studio-{int(dead.stdout)}-0badf00d.json.part").write_text(
        "{half"
    )  # as a kill mid-write leaves
    open_document(tmp_path / "p.studio.json")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]
