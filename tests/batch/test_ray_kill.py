"""Kill drill for Ray: `studio batch --ray auto` started its own runtime and is killed with
SIGKILL mid-run. Nothing of that runtime may be left running afterwards (its agents would
otherwise hang on, ~85 MB each), and nothing but Ray's processes is touched."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ray = pytest.importorskip("ray")
pytestmark = pytest.mark.slow


def _batch(catalogue: Path, out: Path, cache: Path) -> subprocess.Popen:
    # No RAY_ADDRESS and a private temp dir: "auto" finds no runtime and starts its own.
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAY_ADDRESS")} | {
        "STUDIO_CACHE_DIR": str(cache),
        "PYTHONUTF8": "1",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "studio", "batch", str(catalogue), "-o", str(out)]
        + ["--height", "144", "--ray", "auto"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
    )


def _wait(cond, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(0.2)
    return cond()


def _alive(noted: dict[int, int]) -> list[int]:
    from studio.batch.ray_reaper import _stat

    return [pid for pid, start in noted.items() if (st := _stat(pid)) and st[1] == start]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_a_killed_ray_driver_leaves_no_ray_process_behind(catalogue, tmp_path):
    from studio.batch.ray_reaper import ray_processes_under

    if ray.is_initialized():
        pytest.skip("a Ray runtime is running in this process")
    ray_dir = os.path.dirname(ray.__file__)
    out, cache = tmp_path / "out", tmp_path / "cache"
    driver = _batch(catalogue, out, cache)
    try:
        # Rendering has begun on Ray: a worker started and the agents are up.
        noted: dict[int, int] = {}

        def rendering() -> bool:
            noted.update(ray_processes_under(driver.pid, ray_dir))
            names = [_name(pid) for pid in noted]
            return any("Agent" in n for n in names) and any(
                n.startswith("ray::run_on_node") for n in names
            )

        assert _wait(rendering, 240), f"Ray never started rendering: {driver.poll()}"
        driver.kill()
        driver.wait(10)
        assert driver.stderr is not None
        said = driver.stderr.read()
        assert "Token authentication is enabled" not in said, said  # Ray's default, not news
    finally:
        if driver.poll() is None:
            driver.kill()
    assert len(noted) >= 4  # gcs, raylet, two agents, a worker at least
    left = _wait(lambda: not _alive(noted), 30)
    assert left, f"still running after the driver was killed: {[_name(p) for p in _alive(noted)]}"


def _running(pid: int) -> bool:
    return bool(_name(pid))


def _name(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0].decode(errors="replace")
    except OSError:
        return ""


FAKE_DRIVER = """
import os, subprocess, sys, time
from studio.batch import ray_reaper
ray_dir, mode = sys.argv[1], sys.argv[2]
watcher = ray_reaper.start(ray_dir)
ray_like = subprocess.Popen([os.path.join(ray_dir, "sleep"), "120"])
other = subprocess.Popen(["sleep", "120"])
time.sleep(2.5)  # the watcher notes its Ray processes
print(ray_like.pid, other.pid, flush=True)
if mode == "close":
    ray_reaper.stop(watcher)
    print(watcher.returncode, flush=True)
    os._exit(0)
time.sleep(120)
"""


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
@pytest.mark.parametrize("mode", ["killed", "close"])
def test_the_watcher_kills_only_the_ray_processes_of_a_driver_that_died(tmp_path, mode):
    fake_ray = tmp_path / "site-packages" / "ray"
    fake_ray.mkdir(parents=True)
    (fake_ray / "sleep").symlink_to("/bin/sleep")
    driver = subprocess.Popen(
        [sys.executable, "-c", FAKE_DRIVER, str(fake_ray), mode],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert driver.stdout is not None
    ray_like, other = (int(x) for x in driver.stdout.readline().split())
    try:
        if mode == "killed":
            driver.send_signal(signal.SIGKILL)
        else:
            assert driver.stdout.readline().strip() == "0"  # the watcher left by itself
        driver.wait(10)
        time.sleep(0.5)
        ray_gone = _wait(lambda: not _running(ray_like), 10)
        assert ray_gone == (mode == "killed")
        assert _running(other)  # not Ray's: never touched
    finally:
        for pid in (ray_like, other):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
