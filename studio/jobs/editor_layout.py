"""The layout the renderer will choose for a scene, worked out from a thumbnail, for the Ken
Burns editor: it must show the photo where the export puts it (extended backdrop, cut-out,
split or detail crop), without decoding the full photo or running the mask model.

The product mask is only looked up in the cache the export and preview fill
(studio.jobs.cutouts); until one is there the rules decide without it, as the first preview
does.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from studio.core.cache import DiskCache, file_hash, hash_key
from studio.core.geometry import Rect
from studio.jobs.cutouts import CACHE_NAMESPACE, MASK_VERSION
from studio.media.images import load_cached_mask
from studio.render.layout import Layout, MaskTraits, choose_layout, measure_mask, measure_photo


def cached_mask_traits(path: Path) -> MaskTraits | None:
    """The measurements of the photo's cached product mask; None when there is none yet."""
    try:
        key = hash_key("cutout", MASK_VERSION, file_hash(path))
    except OSError:
        return None
    hit = DiskCache(CACHE_NAMESPACE).path(key, ".png")
    if not hit.is_file():
        return None
    mask = load_cached_mask(hit)
    return measure_mask(mask) if mask is not None else None


def editor_layout(
    path: Path,
    rgb: np.ndarray,
    size: tuple[int, int],
    frame_w: int,
    frame_h: int,
    focus: Rect | None,
    *,
    fill: str = "auto",
    framed: bool = False,
) -> Layout:
    """The renderer's layout for the photo at ``path`` (``rgb``: a small decode of it;
    ``size``: its own pixel size) in a ``frame_w`` x ``frame_h`` frame."""
    traits = measure_photo(
        np.ascontiguousarray(rgb[..., ::-1]), size
    )  # measured as the canvas does
    first = choose_layout(traits, frame_w, frame_h, focus, None, fill=fill, framed=framed)
    if not first.wants_mask:
        return first
    mask = cached_mask_traits(path)
    if mask is None:
        return first
    return choose_layout(traits, frame_w, frame_h, focus, mask, fill=fill, framed=framed)
