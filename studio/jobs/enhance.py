"""Enhanced photos for the renderer: Real-ESRGAN where a photo is smaller than the export needs.

Sellers' photos are often 300-800 px; a 1080p frame enlarges them two or three times and they
look soft. Where the RenderPlan is resolved, each photo's need is measured the way the renderer
will show it (``render.layout.choose_layout`` at the export size, and never less than the photo
shown whole): beyond ``SOFT_ABOVE`` frame pixels per photo pixel, the photo is enlarged x2 or
x4 by ``studio.media.enhance`` and the scenes point at the result. The result is a PNG in the
cache, keyed by the photo's content, the model and the scale, written atomically, so a re-render,
another aspect ratio or the studio's preview dialog reuse it and a cancel leaves nothing behind.

Modes (``studio render --enhance``): ``auto`` enhances photos smaller than needed, ``all``
every photo (up to ``MAX_INPUT_PIXELS``), ``off`` none.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal, get_args

import numpy as np

from studio.core.cache import DiskCache, file_hash, hash_key
from studio.core.errors import MediaError, StudioError
from studio.core.geometry import Rect
from studio.core.model import Motion
from studio.core.progress import Job, Progress, weighted
from studio.media.enhance import MODELS, EnhanceUnavailable, unavailable_reason, upscale_job
from studio.media.images import image_info, load_rgb
from studio.render.layout import MAX_UPSCALE, THUMB_SIDE, choose_layout, measure_photo
from studio.render.motion import max_zoom
from studio.render.plan import RenderPlan, ScenePlan

EnhanceMode = Literal["auto", "off", "all"]
ENHANCE_MODES: tuple[str, ...] = get_args(EnhanceMode)

CACHE_NAMESPACE = "enhanced"
ENHANCE_VERSION = 1  # bump when the output changes (tiling, colour handling)
# Beyond this many frame pixels per photo pixel a photo looks soft (the layout rules' limit).
SOFT_ABOVE = MAX_UPSCALE
X2_ENOUGH = 2.0  # a photo needing up to this is enlarged x2, beyond it x4
# Larger photos are never enhanced: x2 alone would be 16 MP of output and a minute of work.
MAX_INPUT_PIXELS = 4_000_000


def needed_scale(
    path: Path,
    frame_w: int,
    frame_h: int,
    focus: Rect | None = None,
    motion: Motion | None = None,
) -> float | None:
    """Frame pixels per photo pixel where the scene shows the photo largest: its layout at this
    frame size (or the photo shown whole, if the layout shrank it for being small), times the
    framing's zoom. None when the photo cannot be read."""
    try:
        info = image_info(path)
        thumb = load_rgb(path, max_side=2 * THUMB_SIDE)
    except MediaError:
        return None
    iw, ih = info.width, info.height
    traits = measure_photo(thumb, (iw, ih))
    lay = choose_layout(traits, frame_w, frame_h, focus, None, framed=motion is not None)
    shown = max(lay.image.w * frame_w / iw, min(frame_w / iw, frame_h / ih))
    return shown * (max(max_zoom(motion), 1.0) if motion is not None else 1.0)


def model_scale(need: float | None, pixels: int, mode: EnhanceMode) -> int | None:
    """The enlargement (2 or 4) a photo gets in ``mode``, or None to use it as it is."""
    if mode == "off" or need is None or pixels > MAX_INPUT_PIXELS:
        return None
    if mode == "auto" and need <= SOFT_ABOVE:
        return None
    return 2 if need <= X2_ENOUGH else 4


def cached_enhancement(path: Path, scale: int) -> Path | None:
    """The enhanced PNG of ``path`` at ``scale`` if it was made before (no model call)."""
    try:
        hit = DiskCache(CACHE_NAMESPACE).path(_key(path, scale), ".png")
    except OSError:
        return None
    return hit if hit.is_file() else None


def enhance_photo_job(path: Path, scale: int) -> Job[Path]:
    """The photo at ``path`` enlarged ``scale`` times by Real-ESRGAN: a PNG in the cache,
    made now if this content was never enhanced at this scale. EnhanceUnavailable when the
    model cannot run here; MediaError when the photo cannot be read."""
    if scale not in MODELS:
        raise ValueError(f"no enhancement model for x{scale}")
    cache = DiskCache(CACHE_NAMESPACE)
    try:
        key = _key(path, scale)
    except OSError as exc:
        raise MediaError(path, f"cannot be read ({exc.strerror or exc})") from exc
    hit = cache.path(key, ".png")
    if hit.is_file():
        return hit
    why = unavailable_reason()
    if why is not None:
        raise EnhanceUnavailable(why)
    rgb = load_rgb(path)
    big = yield from upscale_job(rgb, scale)
    yield Progress("Enhancing photo", 1.0, 1.0, "saving")
    import cv2

    ok, png = cv2.imencode(".png", cv2.cvtColor(big, cv2.COLOR_RGB2BGR))
    if not ok:
        raise RuntimeError(f"PNG encoding failed for the enhanced {path.name}")
    return cache.put_bytes(key, ".png", png.tobytes())


def enhance_plan_job(
    plan: RenderPlan, mode: EnhanceMode = "auto", choices: Mapping[Path, str] | None = None
) -> Job[RenderPlan]:
    """``plan`` with each photo that ``mode`` selects replaced by its enhanced version.

    In ``auto`` mode the seller's choice per photo (``choices``: path -> "auto", "always" or
    "never", as ImageAsset.enhance) comes first: "never" keeps the photo as it is, "always"
    enhances it whenever the video enlarges it at all. A machine without the model renders the
    photos as they are (the CLI says so once); ``all`` asks for enhancement explicitly and
    raises EnhanceUnavailable there."""
    if mode not in ENHANCE_MODES:
        raise ValueError(f"unknown enhance mode {mode!r}")
    if mode == "off":
        return plan
    todo = _photos_to_enhance(plan, mode, choices or {})
    if not todo:
        return plan
    if unavailable_reason() is not None and mode == "auto":
        return plan
    weights = {p: _pixels(p) for p in todo}
    total = float(sum(weights.values())) or 1.0
    done = 0.0
    enhanced: dict[Path, Path] = {}
    for photo, scale in todo.items():
        job = enhance_photo_job(photo, scale)
        span = weights[photo] / total
        # an unreadable photo fails where the renderer reads it, with its own message
        with contextlib.suppress(MediaError):
            enhanced[photo] = yield from weighted(job, done, span, "Enhancing photos")
        done += span
    scenes = tuple(
        replace(s, image=enhanced[s.image]) if s.image in enhanced else s for s in plan.scenes
    )
    return replace(plan, scenes=scenes)


@dataclass(frozen=True)
class EnhancedPreview:
    """A photo and its enhanced version for a before/after view."""

    photo: Path
    enhanced: Path
    scale: int
    need: float | None  # frame pixels per photo pixel in the project's video
    automatic: bool  # exports in auto mode use the enhanced photo
    before: np.ndarray  # RGB: the middle of the photo as large as the video shows it, bicubic
    after: np.ndarray  # RGB: the same part of the enhanced photo at the same size


def enhance_preview_job(
    path: Path, frame_w: int, frame_h: int, box: tuple[int, int] = (480, 360)
) -> Job[EnhancedPreview]:
    """Enhance one photo as the seller asked (x2, or x4 where the video needs more than
    twice its pixels) and cut the middle ``box`` of it, as large as the video shows it, from
    the enhanced photo and from the photo enlarged smoothly, to compare the two."""
    import cv2

    need = needed_scale(path, frame_w, frame_h)
    info = image_info(path)
    pixels = info.width * info.height
    if pixels > MAX_INPUT_PIXELS:
        raise StudioError(
            f"{path.name} is {info.width}x{info.height}: more pixels than any video needs, "
            "so it is not enhanced"
        )
    scale = model_scale(need, pixels, "all") or 2
    automatic = model_scale(need, pixels, "auto") is not None
    enhanced = yield from enhance_photo_job(path, scale)
    yield Progress("Enhancing photo", 1.0, 1.0, "preparing the comparison")
    small = load_rgb(path)
    shown = max(need or 1.0, 1.0)
    size = (round(small.shape[1] * shown), round(small.shape[0] * shown))
    before = cv2.resize(small, size, interpolation=cv2.INTER_CUBIC)
    big = load_rgb(enhanced)
    area = big.shape[1] > size[0]
    after = cv2.resize(big, size, interpolation=cv2.INTER_AREA if area else cv2.INTER_CUBIC)
    bw, bh = min(box[0], size[0]), min(box[1], size[1])
    x, y = (size[0] - bw) // 2, (size[1] - bh) // 2
    return EnhancedPreview(
        path,
        enhanced,
        scale,
        need,
        automatic,
        np.ascontiguousarray(before[y : y + bh, x : x + bw]),
        np.ascontiguousarray(after[y : y + bh, x : x + bw]),
    )


def _photos_to_enhance(
    plan: RenderPlan, mode: EnhanceMode, choices: Mapping[Path, str]
) -> dict[Path, int]:
    """Photo -> scale, from the largest need among the scenes that show the photo (the
    closing card only shows it as a blurred backdrop, so it asks for nothing)."""
    needs: dict[Path, float | None] = {}
    for s in plan.scenes:
        if s.image is None or _closing(s):
            continue
        need = needed_scale(s.image, plan.width, plan.height, s.focus, s.motion)
        prev = needs.get(s.image)
        needs[s.image] = need if prev is None else max(prev, need or 0.0)
    out: dict[Path, int] = {}
    for photo, need in needs.items():
        choice = choices.get(photo, "auto") if mode == "auto" else "auto"
        if choice == "never":
            continue
        scale = model_scale(need, _pixels(photo), "all" if choice == "always" else mode)
        if scale is not None:
            out[photo] = scale
    return out


def _pixels(path: Path) -> int:
    try:
        info = image_info(path)
    except MediaError:
        return 0
    return info.width * info.height


def _key(path: Path, scale: int) -> str:
    return hash_key("enhanced", ENHANCE_VERSION, MODELS[scale][0], file_hash(path))


def _closing(s: ScenePlan) -> bool:
    return s.caption is not None and s.caption.style == "cta"
