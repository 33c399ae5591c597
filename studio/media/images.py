"""Decoding product photos robustly: every failure becomes one MediaError naming file and reason.

A seller's folder can hold anything: truncated downloads, files renamed to ``.jpg``, decompression
bombs, pipes. One bad photo must cost only that photo, so every failure to read one, whatever the
decoder raises, becomes ``MediaError(path, reason)``. The format is decided by content, and only
the formats below are ever tried: Pillow would otherwise hand an EPS renamed ``.jpg`` to
Ghostscript, and its rarer plugins (FITS, ICNS, DDS, ...) are where hostile files crash it.

Handles EXIF rotation, CMYK/LAB/YCbCr, palette/alpha (composited on white, as product cut-outs
expect), 16-bit, 32-bit and float images, animated GIF/WebP (first frame), and very large files
(JPEGs decode at reduced size via draft mode).
"""

from __future__ import annotations

import contextlib
import os
import stat
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from studio.core.errors import MediaError

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".bmp", ".tif", ".tiff", ".gif"})
# Pillow plugin ids tried when opening; a multi-picture JPEG from a camera comes back as "MPO".
SUPPORTED_FORMATS = ("JPEG", "PNG", "WEBP", "BMP", "TIFF", "GIF")
SUPPORTED_NAMES = "JPEG, PNG, WebP, BMP, TIFF, GIF"
MIN_SIDE = 2  # pixels: anything narrower is not a photo
REASON_CHARS = 100  # of a decoder's own message, quoted in ours
MAX_PIXELS = 200_000_000  # ~14000 x 14000; larger files are refused rather than exhaust memory

# Pillow's own bomb guard warns at 89 MP and refuses at 179 MP; we apply MAX_PIXELS ourselves.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

_NOT_SUPPORTED = f"not an image this app can read (supported: {SUPPORTED_NAMES})"
_TOO_LARGE_HEADER = (
    f"image is too large (its header claims over {2 * MAX_PIXELS // 1_000_000} megapixels; "
    f"the limit is {MAX_PIXELS // 1_000_000} megapixels)"
)


@dataclass(frozen=True)
class ImageInfo:
    width: int  # after EXIF rotation
    height: int
    format: str


def is_image_name(path: Path) -> bool:
    return path.suffix.lower() in IMAGE_SUFFIXES and not path.name.startswith(".")


def check_regular_file(path: Path) -> os.stat_result:
    """Refuse anything but a regular file before it is opened.

    Opening a FIFO for reading blocks until someone writes to it (forever, for a photo), and a
    device can stream bytes without end. Symlinks are followed: whether their target may be used
    (folder containment) is the caller's decision.
    """
    path = Path(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        gone = "is a link to a file that does not exist" if path.is_symlink() else "file not found"
        raise MediaError(path, gone) from None
    except OSError as exc:
        raise MediaError(path, f"cannot be read ({exc.strerror or exc})") from exc
    if stat.S_ISDIR(st.st_mode):
        raise MediaError(path, "is a folder, not an image")
    if not stat.S_ISREG(st.st_mode):
        raise MediaError(
            path, "is not a regular file (a pipe, socket or device), so it is not read"
        )
    return st


def _damaged(exc: BaseException) -> str:
    """The reason for a file a decoder choked on, with the decoder's own words kept short."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return f"the image data is damaged or truncated ({text if len(text) <= REASON_CHARS else text[: REASON_CHARS - 3] + '...'})"


def _claimed_format(path: Path) -> str | None:
    """The supported format whose signature the file starts with, if any: tells a damaged
    photo ("looks like a TIFF") from a file that was never one of ours."""
    try:
        with open(path, "rb") as f:
            prefix = f.read(16)
    except OSError:
        return None
    for fmt in SUPPORTED_FORMATS:
        accept = Image.OPEN.get(fmt, (None, None))[1]
        if accept is not None and accept(prefix) is True:
            return fmt
    return None


# What a Pillow plugin says about a well-formed file in a variant it does not decode.
_UNSUPPORTED_VARIANT = ("unknown pixel mode", "unsupported", "not supported")


def _refusal(path: Path, claimed: str) -> str:
    """Why a file with a supported format's signature was refused. Pillow's open() only says
    it could not identify the file; its plugin, asked again, says why: a valid TIFF of float
    RGB samples is not a damaged header, and the seller should hear which it is."""
    factory = Image.OPEN[claimed][0]
    reason = ""
    try:
        with open(path, "rb") as f, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            factory(f, str(path)).close()
    except Exception as exc:  # whatever the plugin raises is only read for its words
        reason = str(exc).strip().splitlines()[0][:REASON_CHARS] if str(exc).strip() else ""
    if any(word in reason.lower() for word in _UNSUPPORTED_VARIANT):
        return (
            f"a {claimed} file of a kind this app cannot decode ({reason}); "
            "save it again as an ordinary 8-bit JPEG or PNG"
        )
    return f"looks like a {claimed} file but its header is damaged"


def _open(path: Path) -> Image.Image:
    """Open (headers only) a photo in a supported format whose size is sane."""
    path = Path(path)
    if check_regular_file(path).st_size == 0:
        raise MediaError(path, "the file is empty (0 bytes)")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            im = Image.open(path, formats=SUPPORTED_FORMATS)
    except UnidentifiedImageError as exc:
        claimed = _claimed_format(path)
        if claimed:
            raise MediaError(path, _refusal(path, claimed)) from exc
        raise MediaError(path, _NOT_SUPPORTED) from exc
    except Image.DecompressionBombError as exc:
        raise MediaError(path, _TOO_LARGE_HEADER) from exc
    except PermissionError as exc:
        raise MediaError(path, "cannot be read (permission denied)") from exc
    except MemoryError as exc:
        raise MediaError(path, "not enough memory to open this image") from exc
    except Exception as exc:  # whatever a hostile header makes a plugin raise
        raise MediaError(path, _damaged(exc)) from exc
    w, h = im.size
    if w * h > MAX_PIXELS:
        im.close()
        raise MediaError(
            path,
            f"image is too large ({w}x{h} pixels; the limit is {MAX_PIXELS // 1_000_000} megapixels)",
        )
    if w < MIN_SIDE or h < MIN_SIDE:
        im.close()
        raise MediaError(path, f"image is too small ({w}x{h} pixels)")
    return im


def _decode(im: Image.Image, path: Path) -> None:
    """Decode the pixels (first frame of an animation). Damaged data makes decoders raise all
    sorts (OSError, ValueError, EOFError, ZeroDivisionError, struct.error, ...): each is this
    photo's problem, never the caller's."""
    try:
        im.load()
    except Image.DecompressionBombError as exc:  # a frame larger than the header said
        raise MediaError(path, _TOO_LARGE_HEADER) from exc
    except MemoryError as exc:
        raise MediaError(path, "not enough memory to decode this image") from exc
    except Exception as exc:
        raise MediaError(path, _damaged(exc)) from exc


def _orientation(im: Image.Image) -> int:
    """EXIF orientation, 1 if absent. A broken EXIF block must not lose an otherwise good photo."""
    try:
        value = im.getexif().get(0x0112, 1)
    except Exception:
        return 1
    return value if isinstance(value, int) else 1


def image_info(path: Path) -> ImageInfo:
    """Size and format, without decoding the pixels where the format allows it."""
    path = Path(path)
    im = _open(path)
    try:
        if im.format == "PNG":
            # A PNG's EXIF may follow the pixel data, so finding it means decoding the pixels:
            # do that here, so damage is reported now rather than at render time.
            _decode(im, path)
        w, h = im.size
        if _orientation(im) in (5, 6, 7, 8):
            w, h = h, w
        return ImageInfo(w, h, im.format or "")
    finally:
        im.close()


def load_rgb(path: Path, max_side: int | None = None) -> np.ndarray:
    """Decode to an upright RGB uint8 array (H, W, 3), at most ``max_side`` on the long side."""
    path = Path(path)
    photo = _open(path)  # closed below: animations keep their file open after load()
    try:
        if max_side and photo.format in ("JPEG", "MPO"):
            # Let libjpeg decode at 1/2, 1/4 or 1/8 scale: fast and memory-light for huge photos.
            photo.draft("RGB", (max_side, max_side))
        _decode(photo, path)
        im: Image.Image = photo
        if _orientation(photo) != 1:
            with contextlib.suppress(Exception):
                im = ImageOps.exif_transpose(photo)
        try:
            im = _to_rgb(im)
            if max_side and max(im.size) > max_side:
                s = max_side / max(im.size)
                im = im.resize(
                    (max(1, round(im.width * s)), max(1, round(im.height * s))),
                    Image.Resampling.LANCZOS,
                )
            return np.asarray(im, dtype=np.uint8).copy()
        except MemoryError as exc:
            raise MediaError(path, "not enough memory to decode this image") from exc
        except ValueError as exc:  # a colour mode Pillow cannot convert
            raise MediaError(path, f"its colours ({im.mode}) cannot be converted to RGB") from exc
    finally:
        photo.close()


def _to_rgb(im: Image.Image) -> Image.Image:
    """RGB for display: alpha composited on white, high-bit-depth data stretched to 0..255."""
    if im.mode == "RGB":
        return im
    if im.mode == "F" or im.mode.startswith("I"):
        im = _stretch_to_grey(im)
    if im.mode == "P":
        im = im.convert("RGBA")  # applies the palette's transparency
    if im.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        im = im.convert("RGBA")
        white = Image.new("RGBA", im.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, im).convert("RGB")
    return im.convert("RGB")  # "1", "L", CMYK, LAB, YCbCr, HSV, RGBX: Pillow converts these


def _stretch_to_grey(im: Image.Image) -> Image.Image:
    """Map 16/32-bit integer or float samples onto 0..255 greyscale.

    Pillow's own conversion clips at 255, which turns a 0..1 float TIFF black and a 16-bit
    one white. Integers scale from 0 (or their minimum, if negative) to their maximum, like a
    camera's 12/16-bit range; floats already within 0..1 keep that scale, and other floats
    stretch from their finite minimum to maximum. NaN and infinity come out black.
    """
    arr = np.asarray(im, dtype=np.float32)
    finite = np.isfinite(arr)
    values = arr[finite]
    if values.size == 0:
        return Image.new("L", im.size, 0)
    lo, hi = float(values.min()), float(values.max())
    if im.mode != "F":
        lo = min(lo, 0.0)
    elif lo >= 0.0 and hi <= 1.0:
        lo, hi = 0.0, 1.0  # the usual 0..1 scale: kept, so a flat or low-contrast photo stays so
    scaled = (arr - lo) * (255.0 / ((hi - lo) or 1.0))
    scaled[~finite] = 0.0
    return Image.fromarray(np.clip(scaled, 0, 255).astype(np.uint8))


def load_cached_mask(path: Path) -> np.ndarray | None:
    """A greyscale mask PNG the studio cached, or None when it is missing or damaged (a run
    killed while writing it): the caller then does without or makes it again. Decoded by
    Pillow, which reports a torn file as an error instead of printing to the terminal."""
    try:
        with Image.open(path) as im:
            grey = np.asarray(im.convert("L"))
    except (OSError, ValueError, UnidentifiedImageError, Image.DecompressionBombError):
        return None
    return grey if grey.size else None
