"""Render speed: our frame function + encoder against the encoder floor and naive moviepy.

Builds a 30 s 1920x1080 video of 6 product photos (Ken Burns, 0.5 s crossfades, burned-in
captions with the spoken word marked, a silent soundtrack; each scene laid out as the renderer
decides, with the product masks the jobs step would attach, computed before timing) and
measures, in one run:

(a) the full export through ``encode_job``;
(b) the encoder floor: the same frames computed into memory beforehand (or, with
    ``--floor-frames N``, N distinct moving frames cycled) and piped to the same ffmpeg
    command, so (a)/(b) is what computing frames on the fly costs;
(a') the full export of each other template (explainer, experience, comparison), once each,
    against the same floor;
(c) the naive moviepy 2 composition (ImageClip + per-frame resized() lambda + CrossFadeIn +
    TextClip + CompositeVideoClip), on a shorter video, normalised per video second.

(a) and (b) run interleaved ``--repeat`` times and the best of each is kept, since other load on
the machine only ever slows a run; CPU seconds (ours + ffmpeg) are printed too.

Usage: ``.venv/bin/python bench/render_speed.py [--repeat 2] [--moviepy-seconds 5] [--skip-moviepy]
[--skip-templates]``
"""

from __future__ import annotations

import argparse
import fcntl
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
import wave
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from studio.core.model import TEMPLATES
from studio.core.progress import run_job
from studio.jobs.cutouts import cutout_mask, with_cutouts
from studio.media.ffmpeg import count_frames, ffmpeg_exe
from studio.render.encoder import PIPE_BYTES, encode_job, ffmpeg_command
from studio.render.fonts import default_theme
from studio.render.frame import FrameRenderer
from studio.render.plan import CaptionSpec, RenderPlan, ScenePlan, WordCue

REPO = Path(__file__).resolve().parents[1]
W, H, FPS = 1920, 1080, 30
SCENE_SECONDS = 5.0
CROSSFADE = 0.5
CAPTIONS = [
    CaptionSpec("Chaz Kangeroo Hoodie", "title", "$52.00"),
    CaptionSpec("Superior warmth for cold-weather training or work outdoors."),
    CaptionSpec("Two-tone gray heather knit with a soft brushed interior."),
    CaptionSpec("Drawstring-adjustable hood and a roomy kangaroo pocket."),
    CaptionSpec("Machine wash and dry: it keeps its shape wash after wash."),
    CaptionSpec("Shop now", "cta", "Luma Outdoor"),
]


def photos(n: int, work: Path) -> list[Path]:
    """N photos of one product, as a real video has: the sample product with enough photos
    and the most pixels (reused in turn if it has fewer than n), else generated images."""
    folders = sorted((REPO.parent / "shared" / "eval" / "dev").glob("*/"))
    folders.append(REPO / "studio" / "resources" / "demo")
    from PIL import Image

    best: list[Path] = []
    best_key = (0, 0)
    for folder in folders:
        found = sorted(
            p for p in folder.glob("img*.*") if p.suffix.lower() in (".jpg", ".jpeg", ".png")
        )
        pixels = 0
        for p in found:
            with Image.open(p) as im:
                pixels += im.width * im.height
        key = (min(len(found), n), pixels)  # enough photos first, then the largest ones
        if key > best_key:
            best, best_key = found, key
    if best:
        return [best[i % len(best)] for i in range(n)]
    return [generated_photo(work / f"gen{i}.jpg", i) for i in range(n)]


def generated_photo(path: Path, seed: int) -> Path:
    """A textured stand-in photo for machines without the sample images."""
    import cv2

    rng = np.random.default_rng(seed)
    img = np.full((1500, 1200, 3), 240, np.uint8)
    for _ in range(40):
        c = tuple(int(v) for v in rng.integers(0, 255, 3))
        cv2.circle(
            img, tuple(int(v) for v in rng.integers(0, 1200, 2)), int(rng.integers(20, 200)), c, -1
        )
    noise = rng.normal(0, 8, img.shape)
    cv2.imwrite(str(path), np.clip(img + noise, 0, 255).astype(np.uint8))
    return path


def spoken(caption: CaptionSpec, start: float, seconds: float) -> tuple[WordCue, ...]:
    """The caption's words as a voice would say them: from 0.35 s in, evenly, so the
    animated style marks each word in turn."""
    words = caption.text.split()
    step = (seconds - 0.9) / max(len(words), 1)
    return tuple(
        WordCue(start + 0.35 + k * step, start + 0.35 + (k + 0.85) * step, word)
        for k, word in enumerate(words)
    )


def build_plan(
    images: list[Path], scene_seconds: float, n: int, template: str = "highlight"
) -> RenderPlan:
    captions = [
        CAPTIONS[i] if i < len(CAPTIONS) - 1 or i == n - 1 else CAPTIONS[1] for i in range(n)
    ]
    scenes = tuple(
        ScenePlan(
            start=i * scene_seconds,
            duration=scene_seconds,
            image=images[i % len(images)],
            caption=captions[i],
            transition_in=CROSSFADE if i else 0.0,
            seed=i,
            words=spoken(captions[i], i * scene_seconds, scene_seconds),
        )
        for i in range(n)
    )
    if n > 1:
        last = scenes[-1]
        scenes = scenes[:-1] + (
            ScenePlan(
                last.start,
                last.duration,
                last.image,
                CAPTIONS[-1],
                transition_in=CROSSFADE,
                seed=last.seed,
            ),
        )
    return RenderPlan(W, H, FPS, scenes, replace(default_theme(), template=template))


def as_parallax(plan: RenderPlan) -> RenderPlan:
    """Every scene in the parallax style, with its product mask (computed before timing)."""
    scenes = tuple(
        replace(s, motion_style="parallax", mask=s.mask or (s.image and cutout_mask(s.image)))
        for s in plan.scenes
    )
    return replace(plan, scenes=scenes)


def silent_wav(path: Path, seconds: float) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(48000)
        w.writeframes(np.zeros(int(round(seconds * 48000)) * 2, np.int16).tobytes())
    return path


class Timer:
    """Wall time and CPU time (this process and its reaped children, i.e. ffmpeg): on a
    shared machine CPU seconds are far less sensitive to other load than wall seconds."""

    def __enter__(self) -> Timer:
        self.wall0 = time.perf_counter()
        self.cpu0 = _cpu()
        return self

    def __exit__(self, *exc) -> None:
        self.wall = time.perf_counter() - self.wall0
        self.cpu = _cpu() - self.cpu0


def _cpu() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def measure_render(plan: RenderPlan, wav: Path, out: Path) -> Timer:
    with Timer() as t:
        run_job(encode_job(plan, out, wav, dedicated=True))  # as `studio render` runs it
    assert count_frames(out) == plan.frame_count
    return t


def floor_frames(plan: RenderPlan, distinct: int) -> list[np.ndarray]:
    """The frames to pipe for the encoder floor, computed into memory beforehand.

    By default (``distinct`` = 0) these are exactly the video's own frames (2.8 GB at 1080p), so
    the floor encodes the very same content; otherwise a stretch of ``distinct`` frames of
    real Ken Burns motion with a caption, played forward and back so the motion never jumps.
    """
    renderer = FrameRenderer(plan)
    if distinct <= 0:
        return [f.copy() for f in renderer.iter_yuv()]
    first = int((plan.scenes[1].start + 1.0) * plan.fps)
    frames = [f.copy() for f in renderer.iter_yuv(first, first + distinct)]
    return frames + frames[-2:0:-1]


def measure_floor(plan: RenderPlan, wav: Path, out: Path, cycle: list[np.ndarray]) -> Timer:
    """The same number of frames, already in memory, piped to the same ffmpeg command."""
    cmd = ffmpeg_command(plan, out, wav, preset="veryfast", crf=20)
    with Timer() as t:
        proc = subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        fcntl.fcntl(proc.stdin.fileno(), 1031, PIPE_BYTES)
        for n in range(plan.frame_count):
            proc.stdin.write(cycle[n % len(cycle)].data)
        proc.stdin.close()
        proc.wait()
    if proc.returncode != 0:
        raise RuntimeError("ffmpeg failed in the floor measurement")
    return t


def measure_frames_only(plan: RenderPlan) -> float:
    """Computing the frames alone (what export adds on top of the encoder)."""
    t0 = time.perf_counter()
    for _ in FrameRenderer(plan).iter_yuv():
        pass
    return time.perf_counter() - t0


def measure_moviepy(images: list[Path], seconds: float, wav: Path, out: Path) -> Timer:
    """The composition a first attempt usually writes."""
    from moviepy import AudioFileClip, CompositeVideoClip, ImageClip, TextClip, vfx

    theme = default_theme()
    n = max(2, int(round(seconds / 2.0)))
    dur = seconds / n
    clips = []
    for i in range(n):
        start = i * dur
        img = ImageClip(str(images[i % len(images)])).with_duration(
            dur + (CROSSFADE if i < n - 1 else 0)
        )
        cover = max(W / img.w, H / img.h)  # fill the frame, then zoom: the usual slideshow
        if i:
            img = img.with_effects(
                [vfx.CrossFadeIn(CROSSFADE)]
            )  # before resizing, see ENVIRONMENT.md
        img = (
            img.resized(lambda t, c=cover: c * (1.0 + 0.04 * t))
            .with_position("center")
            .with_start(start)
        )
        text = (
            TextClip(
                font=str(theme.font_regular),
                text=CAPTIONS[1 + i % 4].text,
                font_size=58,
                color="white",
                bg_color=(0, 0, 0),
                method="caption",
                size=(int(W * 0.6), None),
                margin=(20, 12),
            )
            .with_duration(dur)
            .with_start(start)
            .with_position(("center", 0.75), relative=True)
        )
        clips += [img, text]
    video = CompositeVideoClip(clips, size=(W, H), bg_color=(18, 18, 22)).with_duration(seconds)
    video = video.with_audio(AudioFileClip(str(wav)).subclipped(0, seconds))
    with Timer() as t:
        video.write_videofile(
            str(out),
            fps=FPS,
            codec="libx264",
            preset="veryfast",
            audio_codec="aac",
            audio_bitrate="192k",
            ffmpeg_params=["-crf", "20", "-pix_fmt", "yuv420p"],
            logger=None,
        )
    return t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--moviepy-seconds", type=float, default=5.0)
    parser.add_argument("--skip-moviepy", action="store_true")
    parser.add_argument(
        "--skip-templates", action="store_true", help="measure only the default template"
    )
    parser.add_argument("--repeat", type=int, default=2, help="runs of (a) and (b), best kept")
    parser.add_argument(
        "--floor-frames",
        type=int,
        default=0,
        help="distinct frames cycled for (b); 0: all of the video's own frames",
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="studio-bench-render-"))
    images = photos(6, work)
    plan = with_cutouts(build_plan(images, SCENE_SECONDS, 6))  # masks are cached job output
    wav = silent_wav(work / "silence.wav", plan.duration)
    ffver = subprocess.run([ffmpeg_exe(), "-version"], capture_output=True, text=True).stdout.split(
        "\n"
    )[0]
    print(f"machine: {os.cpu_count()} cores, {platform.python_version()}, {ffver[:40]}")
    print(
        f"video: {plan.duration:.0f} s, {W}x{H} @ {FPS} fps, {len(plan.scenes)} scenes, "
        f"{plan.frame_count} frames, libx264 veryfast crf 20 + AAC"
    )

    layouts = [FrameRenderer(plan).prepared(i).canvas.layout for i in range(len(plan.scenes))]
    print(f"layouts: {', '.join(layouts)}")
    frames_only = measure_frames_only(plan)
    cycle = floor_frames(plan, args.floor_frames)
    renders, floors = [], []
    for _ in range(args.repeat):  # interleaved, best of N: other load only ever slows a run
        renders.append(measure_render(plan, wav, work / "ours.mp4"))
        floors.append(measure_floor(plan, wav, work / "floor.mp4", cycle))
    render = min(t.wall for t in renders)
    floor = min(t.wall for t in floors)
    render_cpu = min(t.cpu for t in renders)
    floor_cpu = min(t.cpu for t in floors)
    print(f"frames_only_seconds: {frames_only:.2f}  ({plan.duration / frames_only:.1f}x real time)")
    parallax = measure_frames_only(as_parallax(plan))
    print(f"parallax_frames_only_ratio: {parallax / frames_only:.2f}  (every scene parallax)")
    print(
        f"render_seconds: {render:.2f}  ({plan.duration / render:.2f}x real time; "
        f"runs {', '.join(f'{t.wall:.1f}' for t in renders)})"
    )
    print(
        f"encode_floor_seconds: {floor:.2f}  ({plan.duration / floor:.2f}x real time; "
        f"runs {', '.join(f'{t.wall:.1f}' for t in floors)})"
    )
    print(f"render_to_encode_floor_ratio: {render / floor:.3f}  (target <= 1.2)")
    for template in TEMPLATES:
        if template == "highlight" or args.skip_templates:
            continue  # the default, measured above
        other = with_cutouts(build_plan(images, SCENE_SECONDS, 6, template))
        wall = measure_render(other, wav, work / "ours.mp4").wall
        print(f"template {template}: render_seconds {wall:.2f}, ratio to floor {wall / floor:.3f}")
    print(
        f"cpu_seconds render/floor: {render_cpu:.1f} / {floor_cpu:.1f} = {render_cpu / floor_cpu:.3f}"
    )
    if not args.skip_moviepy:
        mp = measure_moviepy(images, args.moviepy_seconds, wav, work / "moviepy.mp4")
        per_second = mp.wall / args.moviepy_seconds
        ours_per_second = render / plan.duration
        print(f"moviepy_seconds: {mp.wall:.2f} for {args.moviepy_seconds:.1f} s of video")
        print(f"moviepy_seconds_per_video_second: {per_second:.3f}")
        print(f"ours_seconds_per_video_second: {ours_per_second:.3f}")
        print(f"moviepy_slowdown_vs_ours: {per_second / ours_per_second:.1f}x  (target >= 10)")
        cpu_slowdown = (mp.cpu / args.moviepy_seconds) / (render_cpu / plan.duration)
        print(f"moviepy_cpu_slowdown_vs_ours: {cpu_slowdown:.1f}x")
    for p in work.iterdir():
        p.unlink()
    work.rmdir()


if __name__ == "__main__":
    main()
