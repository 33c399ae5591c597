"""Peak memory of long renders and long spoken lines, each in a fresh process.

    .venv/bin/python bench/memory.py [--lengths 60,300,900] [--heights 144,1080] [--say 3000,10000]

A render of the demo product stretched to each length (its five bullet scenes share the time)
at each height, then `studio say` of one line of each length with no sentence breaks. Peak
resident memory comes from the kernel's accounting of each child (wait4's ru_maxrss). The
target is memory flat with length: a longer video or line must not need more than a little
more memory. Default lengths keep the run under ten minutes; --full runs all of them.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def peak_mb(cmd: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """(peak RSS in MB, seconds, exit code) of one child process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        print(proc.stderr.read().decode(errors="replace")[-800:], file=sys.stderr)
    return usage.ru_maxrss / 1024.0, time.perf_counter() - t0, proc.returncode


def long_project(work: Path, seconds: float) -> Path:
    """The demo product as a saved project whose scenes last ``seconds`` in all."""
    from studio.core.intake import load_product
    from studio.core.project_io import save_project
    from studio.core.storyboard import ImageChoice, apply_plan
    from studio.media.images import image_info

    folder = work / f"demo-{int(seconds)}"
    path = folder / "long.studio.json"
    if path.exists():  # the same length at another height
        return path
    shutil.copytree(ROOT / "studio" / "resources" / "demo", folder)
    project = load_product(folder, image_info).project
    images = [a.path for a in project.images]
    n = len(project.product.bullets)
    apply_plan(
        project,
        [ImageChoice(b, images[b % len(images)], 0.9) for b in range(n)],
        images[0],
        list(range(n)),
    )
    each = seconds / len(project.timeline.scenes)
    for s in project.timeline.scenes:
        s.duration = round(each, 2)
    save_project(project, path)
    return path


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--lengths", default="60,300", help="video lengths in seconds")
    ap.add_argument("--heights", default="144", help="frame heights")
    ap.add_argument("--say", default="3000,10000", help="characters of one spoken line")
    ap.add_argument(
        "--full",
        action="store_true",
        help="60, 300 and 600 s (the longest video) at 144p and 1080p",
    )
    args = ap.parse_args()
    lengths = (
        [60.0, 300.0, 600.0] if args.full else [float(v) for v in args.lengths.split(",") if v]
    )
    heights = [144, 1080] if args.full else [int(v) for v in args.heights.split(",") if v]
    work = Path(tempfile.mkdtemp(prefix="studio-bench-memory-"))
    env = {**os.environ, "STUDIO_CACHE_DIR": str(work / "cache")}
    studio = [sys.executable, "-m", "studio"]
    try:
        print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}")
        for height in heights:
            for seconds in lengths:
                project = long_project(work, seconds)
                out = work / f"out-{int(seconds)}-{height}.mp4"
                mb, took, code = peak_mb(
                    [
                        *studio,
                        "render",
                        str(project),
                        "-o",
                        str(out),
                        "--height",
                        str(height),
                        "-q",
                    ],
                    env,
                )
                status = "" if code == 0 else f"  (exit {code})"
                print(
                    f"render {seconds:>5.0f} s at {height:>4}p: peak {mb:7.0f} MB in {took:6.1f} s{status}",
                    flush=True,
                )
        random.seed(1)
        words = [
            "comfortable",
            "lightweight",
            "durable",
            "stretchy",
            "breathable",
            "premium",
            "cotton",
            "blend",
            "jacket",
            "with",
            "pockets",
            "and",
            "zipper",
            "for",
            "everyday",
            "use",
            "outdoor",
            "hiking",
        ]
        for chars in [int(v) for v in args.say.split(",") if v]:
            text = " ".join(random.choice(words) for _ in range(chars // 4))[:chars]
            mb, took, code = peak_mb(
                [*studio, "say", text, "-o", str(work / f"say-{chars}.wav")], env
            )
            status = "" if code == 0 else f"  (exit {code})"
            print(
                f"say {chars:>6} characters, no sentence break: peak {mb:7.0f} MB in {took:6.1f} s{status}",
                flush=True,
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
