"""The pictures that go next to a video on an upload page: a cover and a looping preview.

The cover is the hero shot with the title card, at the video's own size, taken once the title
has fully appeared. The looping preview is a few small seconds from the start of the video as
an animated WebP, whose end dissolves into its beginning so the loop has no visible jump.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from studio.core.errors import StudioError
from studio.core.fsutil import atomic_path
from studio.render.animate import settled_after
from studio.render.brandmarks import INTRO_SECONDS, INTRO_SHARE
from studio.render.frame import FrameRenderer
from studio.render.plan import RenderPlan

COVER_AT = 0.45  # of the title scene: the caption is in, the transition to the next far off
LOOP_SECONDS = 3.0
LOOP_FADE = 0.5  # seconds of the end dissolved into the start
LOOP_FPS = 12
LOOP_SHORT_SIDE = 270  # pixels: a preview tile, not a video
LOOP_QUALITY = 60  # WebP quality (0-100): small files; the motion hides the loss
COVER_SUFFIXES = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}


def cover_time(plan: RenderPlan) -> float:
    """When the cover is taken: inside the title scene (the hero with the title), else the
    first scene."""
    if not plan.scenes:
        raise StudioError("Nothing to take a cover from: the video has no scenes.")
    scene = next(
        (s for s in plan.scenes if s.caption is not None and s.caption.style == "title"),
        plan.scenes[0],
    )
    at = scene.start + COVER_AT * scene.duration
    if scene is plan.scenes[0] and plan.theme.intro:
        # after the brand card, once the title and its badge have come in
        ready = min(INTRO_SECONDS, INTRO_SHARE * scene.duration) + settled_after()
        at = max(at, min(scene.start + ready, scene.end - 0.3))
    return at


def write_cover(plan: RenderPlan, path: Path, fmt: str | None = None) -> Path:
    """The cover at the plan's frame size, as PNG or JPEG: ``fmt``, else by ``path``'s
    suffix (a staged temporary name passes the format of the name it will get)."""
    path = Path(path)
    fmt = fmt or COVER_SUFFIXES.get(path.suffix.lower())
    if fmt not in ("PNG", "JPEG"):
        raise StudioError(f"{path.name}: a cover is a .png or .jpg file")
    bgr = FrameRenderer(plan, cached_scenes=1).frame_at(cover_time(plan))
    image = Image.fromarray(np.ascontiguousarray(bgr[:, :, ::-1]))
    with atomic_path(path) as tmp:
        if fmt == "JPEG":
            image.save(tmp, fmt, quality=90, optimize=True)
        else:
            image.save(tmp, fmt, optimize=True)
    return path


def loop_size(plan: RenderPlan, short_side: int = LOOP_SHORT_SIDE) -> tuple[int, int]:
    scale = short_side / min(plan.width, plan.height)
    w, h = plan.width * scale, plan.height * scale
    return max(2, int(round(w / 2)) * 2), max(2, int(round(h / 2)) * 2)


def loop_frames(
    plan: RenderPlan,
    seconds: float = LOOP_SECONDS,
    fps: int = LOOP_FPS,
    fade: float = LOOP_FADE,
    short_side: int = LOOP_SHORT_SIDE,
) -> list[np.ndarray]:
    """RGB frames of a seamless loop of the video's first ``seconds``: the frames after the
    loop's end are dissolved over its first ``fade`` seconds, so the last frame leads straight
    into the first."""
    seconds = max(min(seconds, plan.duration - fade), 1.0 / fps)
    w, h = loop_size(plan, short_side)
    renderer = FrameRenderer(plan, w, h, cached_scenes=2)
    n = max(1, int(round(seconds * fps)))
    k = min(int(round(fade * fps)), n)
    frames = [renderer.frame_at(i / fps) for i in range(n + k)]
    out: list[np.ndarray] = []
    for i in range(n):
        frame = frames[i]
        if i < k:  # frame n + i would follow frame n - 1 in the video: fade from it into i
            a = i / k
            frame = cv2.addWeighted(frames[n + i], 1.0 - a, frame, a, 0.0)
        out.append(np.ascontiguousarray(frame[:, :, ::-1]))
    return out


def write_loop(plan: RenderPlan, path: Path, seconds: float = LOOP_SECONDS) -> Path:
    """The looping preview as an animated WebP (repeats forever), whatever ``path``'s name."""
    path = Path(path)
    frames = [Image.fromarray(f) for f in loop_frames(plan, seconds)]
    with atomic_path(path) as tmp:
        frames[0].save(
            tmp,
            "WEBP",
            save_all=True,
            append_images=frames[1:],
            duration=int(round(1000 / LOOP_FPS)),
            loop=0,
            quality=LOOP_QUALITY,
            method=4,
        )
    return path
