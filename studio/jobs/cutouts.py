"""Product masks for the renderer's cut-out layout, computed where the RenderPlan is resolved.

The renderer may not run analysis models (``render`` and ``analysis`` are siblings), so this
step does: for each photo scene whose layout rules reach the cut-out step
(``render.layout.wants_mask``: not a cover, close-up or seamless backdrop), the salient-object
mask (``analysis.segment.object_mask``) is computed once per photo content and cached as a
greyscale PNG, and the scene's plan points at it. Re-renders, other aspect ratios and the
preview reuse it for free; scenes that never need a cut-out cost one thumbnail decode.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from studio.core.cache import DiskCache, file_hash, hash_key
from studio.core.errors import MediaError
from studio.media.images import image_info, load_rgb
from studio.render.layout import THUMB_SIDE, PhotoTraits, measure_photo, wants_mask
from studio.render.plan import RenderPlan, ScenePlan

CACHE_NAMESPACE = "cutouts"
MASK_VERSION = 1  # bump when the mask changes (model, resolution, refinement)


def with_cutouts(plan: RenderPlan) -> RenderPlan:
    """``plan`` with a cached product mask on every scene whose layout may cut it out, and on
    every parallax scene (studio.render.parallax moves the product apart from its backdrop)."""
    traits: dict[Path, PhotoTraits | None] = {}
    masks: dict[Path, Path | None] = {}
    scenes: list[ScenePlan] = []
    changed = False
    for s in plan.scenes:
        if s.image is None or s.mask is not None or _closing(s):
            scenes.append(s)
            continue
        # a parallax scene lifts the product off whatever the layout: it always needs the mask
        needed = s.motion_style == "parallax"
        if not needed:
            if s.image not in traits:
                traits[s.image] = _traits(s.image)
            t = traits[s.image]
            needed = t is not None and wants_mask(
                t,
                plan.width,
                plan.height,
                s.focus,
                fill=plan.theme.fill,
                framed=s.motion is not None,
            )
        if not needed:
            scenes.append(s)
            continue
        if s.image not in masks:
            masks[s.image] = cutout_mask(s.image)
        mask = masks[s.image]
        scenes.append(replace(s, mask=mask) if mask is not None else s)
        changed = changed or mask is not None
    return replace(plan, scenes=tuple(scenes)) if changed else plan


def cutout_mask(path: Path) -> Path | None:
    """The cached mask PNG of the photo at ``path`` (computed now if its content is new), or
    None when the model is not installed or the photo cannot be read."""
    from studio.analysis.segment import available, object_mask

    if not available():
        return None
    cache = DiskCache(CACHE_NAMESPACE)
    try:
        key = hash_key("cutout", MASK_VERSION, file_hash(path))
    except OSError:
        return None
    hit = cache.path(key, ".png")
    if hit.is_file():
        return hit
    try:
        rgb = load_rgb(path)
    except MediaError:
        return None
    mask = object_mask(rgb)
    if mask is None:
        return None
    import cv2

    ok, png = cv2.imencode(".png", mask)
    if not ok:
        return None
    return cache.put_bytes(key, ".png", png.tobytes())


def _traits(path: Path) -> PhotoTraits | None:
    """The photo's layout measurements, from a small decode (as the renderer measures them)."""
    try:
        info = image_info(path)
        rgb = load_rgb(path, max_side=2 * THUMB_SIDE)
    except MediaError:
        return None
    return measure_photo(rgb, (info.width, info.height))


def _closing(s: ScenePlan) -> bool:
    return s.caption is not None and s.caption.style == "cta"
