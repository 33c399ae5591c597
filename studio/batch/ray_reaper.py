"""Clearing up a local Ray runtime whose driver was killed.

A driver that starts a local runtime owns its processes, and Ray's head processes share the
driver's fate. Its agents do not always: after ``kill -9`` of the driver, the raylet dies and
the dashboard and runtime-env agents see it ("Raylet is dead! Exiting"), then hang instead of
exiting, holding ~85 MB each until someone kills them (ray-project/ray#59162).

So a driver that starts a runtime also starts a small watcher in its own session. The watcher
notes the Ray processes under the driver every second; when the driver's pipe closes without
a "done" (the driver died, however it died), it gives Ray a moment to exit by itself and then
kills what is left of what it noted. A process is only killed when both its pid and its start
time still match, so a recycled pid is never hit.

Linux only (it reads /proc); elsewhere the watcher is not started.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

SNAPSHOT_EVERY = 0.5  # seconds between looks at the driver's process tree
GRACE = 3.0  # seconds Ray gets to exit by itself after its driver died
DONE = b"done\n"
PROC = Path("/proc")


def _stat(pid: int) -> tuple[int, int] | None:
    """(parent pid, start time in clock ticks) of a live process, None when it is gone."""
    try:
        raw = (PROC / str(pid) / "stat").read_bytes()
    except OSError:
        return None
    # The command name (field 2) is in parentheses and may hold spaces: split after it.
    fields = raw[raw.rfind(b")") + 2 :].split()
    try:
        return int(fields[1]), int(fields[19])
    except (IndexError, ValueError):
        return None


def _is_ray(pid: int, ray_dir: str) -> bool:
    """A Ray process: its binaries and scripts live in the ray package's folder, and its
    workers and agents rename themselves "ray::..."."""
    try:
        cmdline = (PROC / str(pid) / "cmdline").read_bytes()
    except OSError:
        return False
    return cmdline.startswith(b"ray::") or os.fsencode(ray_dir.rstrip("/") + "/") in cmdline


def ray_processes_under(root: int, ray_dir: str) -> dict[int, int]:
    """Every Ray process descending from ``root``: pid -> start time."""
    parents: dict[int, int] = {}
    started: dict[int, int] = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        st = _stat(int(entry.name))
        if st is not None:
            parents[int(entry.name)], started[int(entry.name)] = st
    children: dict[int, list[int]] = {}
    for pid, parent in parents.items():
        children.setdefault(parent, []).append(pid)
    found: dict[int, int] = {}
    todo = list(children.get(root, []))
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        if _is_ray(pid, ray_dir):
            found[pid] = started[pid]
    return found


def kill_survivors(noted: dict[int, int]) -> list[int]:
    """SIGKILL each noted process that still runs with the same start time; the pids killed."""
    killed = []
    for pid, start in noted.items():
        st = _stat(pid)
        if st is None or st[1] != start:
            continue
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)
    return killed


def watch(driver: int, ray_dir: str, pipe: int) -> int:
    """Note the driver's Ray processes until ``pipe`` says "done" (0) or closes (kill what
    is left after GRACE; the number of processes killed)."""
    noted = ray_processes_under(driver, ray_dir)
    said = b""
    while True:
        ready, _, _ = select.select([pipe], [], [], SNAPSHOT_EVERY)
        if ready:
            chunk = os.read(pipe, 64)
            if not chunk:
                break
            said += chunk
            if DONE in said:
                return 0
        # Forget what has exited (workers come and go), so the notes stay small.
        noted = {pid: t for pid, t in noted.items() if (st := _stat(pid)) and st[1] == t}
        noted.update(ray_processes_under(driver, ray_dir))
    time.sleep(GRACE)
    return len(kill_survivors(noted))


def start(ray_dir: str) -> subprocess.Popen[bytes] | None:
    """Start the watcher for this process, whose Ray is installed in ``ray_dir`` (None where
    /proc is not there)."""
    if not (PROC / str(os.getpid()) / "stat").exists():
        return None
    return subprocess.Popen(
        [sys.executable, "-m", "studio.batch.ray_reaper", str(os.getpid()), ray_dir],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # a signal to the driver's process group does not reach it
        close_fds=True,
    )


def stop(watcher: subprocess.Popen[bytes] | None) -> None:
    """The driver shut Ray down itself: the watcher leaves without killing anything."""
    if watcher is None or watcher.stdin is None:
        return
    with contextlib.suppress(OSError):
        watcher.stdin.write(DONE)
        watcher.stdin.close()
    with contextlib.suppress(subprocess.TimeoutExpired):
        watcher.wait(timeout=5)


if __name__ == "__main__":
    watch(int(sys.argv[1]), sys.argv[2], sys.stdin.fileno())
