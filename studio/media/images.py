"""Decoding product photos robustly: every failure becomes one MediaError naming file and reason.

Handles EXIF rotation, CMYK, palette/alpha (composited on white, as product cut-outs expect),
16-bit and greyscale images, and very large files (JPEGs decode at reduced size via draft mode).
"""
from __future__ import annotations

import contextlib
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from studio.core.errors import MediaError

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".bmp", ".tif", ".tiff"})
MAX_PIXELS = 200_000_000  # ~14000 x 14000; larger files are refused rather than exhaust memory

# Pillow's own bomb guard warns at 89 MP and refuses at 179 MP; we apply MAX_PIXELS ourselves.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


@dataclass(frozen=True)
class ImageInfo:
    width: int  # after EXIF rotation
    height: int
    format: str


def is_image_name(path: Path) -> bool:
    return path.suffix.lower() in IMAGE_SUFFIXES and not path.name.startswith(".")


def _open(path: Path) -> Image.Image:
    path = Path(path)
    if not path.exists():
        raise MediaError(path, "file not found")
    if path.is_dir():
        raise MediaError(path, "is a folder, not an image")
    if path.stat().st_size == 0:
        raise MediaError(path, "the file is empty (0 bytes)")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            im = Image.open(path)
    except Image.DecompressionBombError as exc:
        raise MediaError(path, f"image is too large to process ({exc})") from exc
    except UnidentifiedImageError as exc:
        raise MediaError(path, "not an image this app can read (supported: JPEG, PNG, WebP, BMP, TIFF)") from exc
    except OSError as exc:
        raise MediaError(path, f"cannot be read: {exc}") from exc
    w, h = im.size
    if w * h > MAX_PIXELS:
        raise MediaError(path, f"image is too large ({w}x{h} pixels; the limit is {MAX_PIXELS // 1_000_000} megapixels)")
    if w < 2 or h < 2:
        raise MediaError(path, f"image is too small ({w}x{h} pixels)")
    return im


def image_info(path: Path) -> ImageInfo:
    """Size and format without decoding the pixels."""
    im = _open(path)
    try:
        w, h = im.size
        orientation = im.getexif().get(0x0112, 1)
        if orientation in (5, 6, 7, 8):
            w, h = h, w
        return ImageInfo(w, h, im.format or "")
    finally:
        im.close()


def load_rgb(path: Path, max_side: int | None = None) -> np.ndarray:
    """Decode to an upright RGB uint8 array (H, W, 3), at most ``max_side`` on the long side."""
    path = Path(path)
    im = _open(path)
    try:
        if max_side and im.format == "JPEG":
            # Let libjpeg decode at 1/2, 1/4 or 1/8 scale: fast and memory-light for huge photos.
            im.draft("RGB", (max_side, max_side))
        try:
            im.load()
        except (OSError, SyntaxError, ValueError) as exc:
            raise MediaError(path, f"the image data is damaged or truncated ({exc})") from exc
        # A broken EXIF block must not lose an otherwise good photo.
        with contextlib.suppress(Exception):
            im = ImageOps.exif_transpose(im)
        im = _to_rgb(im)
        if max_side and max(im.size) > max_side:
            s = max_side / max(im.size)
            im = im.resize((max(1, round(im.width * s)), max(1, round(im.height * s))), Image.Resampling.LANCZOS)
        return np.asarray(im, dtype=np.uint8).copy()
    finally:
        im.close()


def _to_rgb(im: Image.Image) -> Image.Image:
    if im.mode == "RGB":
        return im
    if im.mode in ("I;16", "I;16B", "I;16L", "I"):
        arr = np.asarray(im, dtype=np.float32)
        top = float(arr.max()) or 1.0
        im = Image.fromarray(np.clip(arr / top * 255.0, 0, 255).astype(np.uint8))
    if im.mode == "P":
        im = im.convert("RGBA")
    if im.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        im = im.convert("RGBA")
        white = Image.new("RGBA", im.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, im).convert("RGB")
    return im.convert("RGB")
