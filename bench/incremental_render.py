"""Incremental render: what a second export costs after a small edit, against a full render.

The bundled demo product (studio/resources/demo) is planned and voiced once (not timed: the
seller's first export pays for that whatever the encoding), then, through the real export
job as `studio render` runs it:

(a) a full render in one pass (the path without the segment cache): the baseline;
(b) the same export by segments into an empty cache (what the first export costs now);
(c) the caption and the voice line of one scene changed (rewording a claim), exported again
    by segments: only that scene and its two crossfades are encoded; the new voice line is
    synthesised inside this timing, as it would be. ``rerender_to_full_ratio`` is (c)/(a);
(e) then a caption of one scene and the voice line of another, exported again: two scenes
    and up to four crossfades are encoded (``..._two_scenes``);
(d), (f) full one-pass renders of the changed projects, to compare (c) and (e) with: frame
    count, stream lengths, bytes and the PSNR of every frame against them.

Wall seconds are what a seller waits; on a shared machine they swing with other load, so
CPU seconds (this process and ffmpeg) are printed as ratios too. ``--height`` sets the
frame height (default 1080; 720 or 480 finish sooner on a busy machine).

Usage: ``.venv/bin/python bench/incremental_render.py [--height 1080]``
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "studio" / "resources" / "demo"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--height", type=int, default=1080)
    ap.add_argument("--keep", action="store_true", help="keep the work folder and print it")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="incremental-bench-"))
    os.environ["STUDIO_CACHE_DIR"] = str(work / "cache")  # an empty cache of its own
    os.environ["HF_HUB_OFFLINE"] = "1"

    from studio.core.intake import load_product
    from studio.core.model import ExportSettings
    from studio.core.progress import run_job
    from studio.jobs.pipeline import export_job, plan_project_job, voice_job
    from studio.media.images import image_info

    shutil.copytree(DEMO, work / "demo")
    project = load_product(work / "demo", image_info).project
    settings = ExportSettings(height=args.height, srt=False)
    t0 = time.perf_counter()
    if not project.timeline.scenes:
        run_job(plan_project_job(project))
    run_job(voice_job(project))
    prep = time.perf_counter() - t0
    scenes = project.timeline.scenes
    print(f"demo: {len(scenes)} scenes, {settings.frame_size()[0]}x{settings.frame_size()[1]}")
    print(f"planning and voicing (untimed warm-up): {prep:.1f} s")

    def export(name: str, reuse: bool):
        with Timer() as t:
            result = run_job(
                export_job(project, work / name, settings, dedicated=True, reuse_segments=reuse)
            )
        return result, t

    full, t_full = export("full.mp4", reuse=False)
    print(f"(a) full render, one pass: {t_full}, {full.frames} frames")
    cold, t_cold = export("cold.mp4", reuse=True)
    print(f"(b) first render by segments ({cold.segments_built} built): {t_cold}")
    print(f"first_render_by_segments_to_full_ratio={t_cold.wall / t_full.wall:.3f}")

    bullets = [s for s in scenes if s.kind == "bullet"]
    one = bullets[1]
    one.caption = one.caption.rstrip(".") + " for every season"
    one.voice_line = one.voice_line.rstrip(".") + ", for every season."
    print(f"(c) changed the caption and the voice line of scene {scenes.index(one) + 1}")
    again, t_again = export("again.mp4", reuse=True)
    print(f"    re-render: {t_again}")
    print(f"    segments_reused={again.segments_reused} segments_rebuilt={again.segments_built}")
    ref, t_ref = export("reference.mp4", reuse=False)
    print(f"(d) full render of the changed project: {t_ref}")
    compare(again.video, ref.video, ref.frames)

    captioned, voiced = bullets[0], bullets[-1]
    captioned.caption = captioned.caption.rstrip(".") + ", made to last"
    voiced.voice_line = voiced.voice_line.rstrip(".") + ", and it keeps its shape."
    print(
        f"(e) changed the caption of scene {scenes.index(captioned) + 1} and the voice line "
        f"of scene {scenes.index(voiced) + 1}"
    )
    two, t_two = export("two.mp4", reuse=True)
    print(f"    re-render: {t_two}")
    print(f"    segments_reused={two.segments_reused} segments_rebuilt={two.segments_built}")
    ref2, t_ref2 = export("reference2.mp4", reuse=False)
    print(f"(f) full render of the changed project: {t_ref2}")
    compare(two.video, ref2.video, ref2.frames)

    print(f"rerender_to_full_ratio={t_again.wall / t_full.wall:.3f}")
    print(f"rerender_to_full_cpu_ratio={t_again.cpu / t_full.cpu:.3f}")
    print(f"rerender_to_full_ratio_two_scenes={t_two.wall / t_full.wall:.3f}")
    print(f"rerender_to_full_cpu_ratio_two_scenes={t_two.cpu / t_full.cpu:.3f}")
    if args.keep:
        print(f"work folder: {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 0


class Timer:
    """Wall seconds and CPU seconds of this process and the children it reaped (ffmpeg)."""

    def __enter__(self) -> Timer:
        self.wall0, self.cpu0 = time.perf_counter(), _cpu()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.wall0
        self.cpu = _cpu() - self.cpu0

    def __str__(self) -> str:
        return f"{self.wall:.1f} s wall, {self.cpu:.1f} s CPU"


def _cpu() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def compare(video: Path, reference: Path, frames: int) -> None:
    """Frames, stream lengths, bytes and PSNR of an incremental render against a full one."""
    from studio.media.ffmpeg import count_frames, stream_duration

    counts = (count_frames(video), count_frames(reference))
    print(f"    frames: re-render={counts[0]} full={counts[1]} (plan {frames})")
    for name, path in (("re-render", video), ("full", reference)):
        v, a = stream_duration(path, "v"), stream_duration(path, "a")
        print(f"    {name}: video {v:.3f} s, audio {a:.3f} s, {path.stat().st_size} bytes")
    mean, low = _psnr(video, reference)
    print(f"    psnr_vs_full_render: mean={mean:.2f} dB min={low:.2f} dB")


def _psnr(a: Path, b: Path) -> tuple[float, float]:
    """Mean and lowest per-frame PSNR (all planes) of ``a`` against ``b``, from ffmpeg's own
    filter, which streams both videos instead of holding them in memory."""
    from studio.media.ffmpeg import ffmpeg_exe

    proc = subprocess.run(
        [
            ffmpeg_exe(),
            "-hide_banner",
            "-i",
            str(a),
            "-i",
            str(b),
            "-lavfi",
            "psnr",
            "-f",
            "null",
            "-",
        ],
        capture_output=True,
        text=True,
    )
    m = re.search(r"average:([\d.]+|inf) min:([\d.]+|inf)", proc.stderr)
    if m is None:
        raise RuntimeError(f"ffmpeg could not compare the videos: {proc.stderr[-300:]}")
    return float(m[1]), float(m[2])


if __name__ == "__main__":
    sys.exit(main())
