"""Brand logos for the closing card, decoded with their transparency."""

from __future__ import annotations

import struct
import warnings
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageOps

from studio.core.brand import MAX_LOGO_SIDE
from studio.core.errors import MediaError


def load_logo(path: Path, max_h: float, max_w: float) -> Image.Image:
    """Decode a logo keeping its transparency; a dark logo gets a light rounded plate so it
    stays visible on the darkened closing card. A logo that cannot be drawn (damaged, not a
    picture, a decompression bomb, invisible) is one MediaError naming it."""
    try:
        with warnings.catch_warnings():
            # Pillow only warns from 89 to 179 million pixels and decodes them all
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im, has_alpha = _decoded(path)
    except FileNotFoundError as exc:
        raise MediaError(path, "logo file not found") from exc
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise MediaError(path, "the logo declares too many pixels to draw") from exc
    except MemoryError as exc:
        raise MediaError(path, "not enough memory to decode the logo") from exc
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, struct.error) as exc:
        # what Pillow's decoders raise for a damaged or foreign file
        raise MediaError(path, f"the logo cannot be read ({exc})") from exc
    return _on_plate(im, has_alpha, max_h, max_w)


def _decoded(path: Path) -> tuple[Image.Image, bool]:
    """The logo upright as RGBA, cropped to what is visible, and whether it had transparency."""
    with Image.open(path) as im:
        w, h = im.size
        if max(w, h) > MAX_LOGO_SIDE:  # the app raises Pillow's own guard for photos
            raise MediaError(
                path,
                f"the logo is {w}x{h} pixels, too many to draw (at most {MAX_LOGO_SIDE} a side)",
            )
        im.load()
        upright = ImageOps.exif_transpose(im)
        has_alpha = upright.mode in ("RGBA", "LA", "PA") or (
            upright.mode == "P" and "transparency" in upright.info
        )
        rgba = upright.convert("RGBA")
    box = rgba.getchannel("A").point(lambda v: 255 if v > 8 else 0).getbbox()
    if box is None:
        raise MediaError(path, "the logo is completely transparent")
    return rgba.crop(box), has_alpha  # logos often come with wide transparent margins


def _on_plate(im: Image.Image, has_alpha: bool, max_h: float, max_w: float) -> Image.Image:
    """The logo scaled to fit; an opaque or dark one on a light rounded card."""
    s = min(max_h / im.height, max_w / im.width)
    im = im.resize(
        (max(1, round(im.width * s)), max(1, round(im.height * s))), Image.Resampling.LANCZOS
    )
    arr = np.asarray(im).astype(np.float32)
    a = arr[..., 3] / 255.0
    lum = (arr[..., :3] @ np.array([0.2126, 0.7152, 0.0722], np.float32)) / 255.0
    mean_lum = float((lum * a).sum() / max(a.sum(), 1.0))
    if has_alpha and mean_lum > 0.45:
        return im
    # opaque logos (JPEG on white) and dark logos: put them on a rounded light card
    pad = int(round(0.14 * min(im.size)))
    card = Image.new("RGBA", (im.width + 2 * pad, im.height + 2 * pad), (0, 0, 0, 0))
    m = Image.new("L", card.size, 0)
    ImageDraw.Draw(m).rounded_rectangle(
        (0, 0, card.width - 1, card.height - 1), radius=pad * 1.2, fill=255
    )
    plate = Image.new("RGBA", card.size, (250, 250, 250, 255))
    plate.putalpha(m)
    card.alpha_composite(plate)
    card.alpha_composite(im, (pad, pad))
    if card.height > max_h or card.width > max_w:
        s = min(max_h / card.height, max_w / card.width)
        card = card.resize(
            (max(1, round(card.width * s)), max(1, round(card.height * s))),
            Image.Resampling.LANCZOS,
        )
    return card
