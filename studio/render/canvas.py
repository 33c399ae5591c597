"""The per-scene "fitted canvas" that Ken Burns frames are cropped from.

A canvas has the output's aspect ratio and is pre-scaled once (output size x a little more
than the largest zoom the scene uses), so every frame is one crop + one ``cv2.resize``
(3x cheaper than ``warpAffine``). A photo whose aspect differs from the frame is laid out once
per scene, in the canvas, as ``studio.render.layout`` decides: its plain backdrop continued,
a close-up of a small detail, the product cut out on a backdrop of its own colours, or the
photo beside a brand panel (``studio.render.fills`` paints them). Never black bars.

Crops start on whole pixels, which would make slow zooms judder by up to half a pixel per
frame. ``sample`` avoids that without extra per-frame work: the resize is given the exact
scale, and among a few candidate start pixels it picks the one whose grid lands within a few
hundredths of a pixel of the exact position (see ``_axis_start``). Keeping the canvas scale a
little above the zoom (so the scale is never a whole number) keeps that search effective.

The canvas is stored as YUV 4:2:0 in NV12 layout (a luma plane and one interleaved chroma
plane; BT.601 limited range, as OpenCV's BGR->YUV produces), which is what the encoder sends
to ffmpeg and what x264 works in internally: each frame resizes 1.5 bytes per pixel instead
of 3, in two resize calls, and needs no colour conversion at all.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from studio.core.geometry import Rect
from studio.render.cards import (
    CLOSING_PHOTO,
    CLOSING_PHOTO_ALONE,
    CLOSING_STICKER_ROOM,
    photo_card,
)
from studio.render.fills import backdrop_tone, blurred_backdrop, build, dither, photo_backdrop
from studio.render.layout import choose_layout, measure_mask, measure_photo

PAD = 8  # replicated border, so crops that start a few pixels early never leave the array
KMAX = 24  # output pixels a resize may start early by, to land on the exact sub-pixel position


@dataclass(frozen=True)
class Canvas:
    """Pre-scaled pixels of one scene and where the photo sits in it."""

    width: int  # canvas size without padding (even)
    height: int
    planes: tuple[np.ndarray, np.ndarray]  # Y (h, w) and UV (h/2, w/2, 2), inside a PAD border
    # the photo's area in normalised canvas coordinates (full if none); beyond 0..1 where the
    # photo is cropped to fill
    image_rect: Rect
    subject: Rect = Rect.full()  # where picture content shows: the photo, the product, its side
    panel: Rect | None = None  # a split layout's brand panel, where the caption goes
    layout: str = "cover"  # the kind of layout (studio.render.layout), "closing" or "plain"

    @property
    def luma(self) -> np.ndarray:
        return self.planes[0][PAD:-PAD, PAD:-PAD]

    @property
    def nbytes(self) -> int:
        return sum(p.nbytes for p in self.planes)


def canvas_size(out_w: int, out_h: int, scale: float) -> tuple[int, int]:
    """Even sizes, as 4:2:0 chroma needs."""
    return max(2, 2 * int(round(out_w * scale / 2))), max(2, 2 * int(round(out_h * scale / 2)))


def split_nv12(buf: np.ndarray, width: int, height: int) -> tuple[np.ndarray, np.ndarray]:
    """Y (height, width) and interleaved UV (height/2, width/2, 2) views of a contiguous
    (height * 3 / 2, width) NV12 buffer."""
    y = buf[:height]
    uv = buf[height:].reshape(height // 2, width // 2, 2)
    return y, uv


def _planes(bgr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    h, w = bgr.shape[:2]
    yuv = cv2.cvtColor(bgr, cv2.COLOR_BGR2YUV_I420)
    n = w * h
    flat = yuv.reshape(-1)
    u = flat[n : n + n // 4].reshape(h // 2, w // 2)
    v = flat[n + n // 4 :].reshape(h // 2, w // 2)
    uv = np.dstack((u, v))
    return (
        cv2.copyMakeBorder(yuv[:h], PAD, PAD, PAD, PAD, cv2.BORDER_REPLICATE),
        cv2.copyMakeBorder(uv, PAD, PAD, PAD, PAD, cv2.BORDER_REPLICATE),
    )


def photo_canvas(
    image_rgb: np.ndarray,
    out_w: int,
    out_h: int,
    scale: float,
    *,
    backdrop: bool = False,
    focus: Rect | None = None,
    mask: np.ndarray | None = None,
    fill: str = "auto",
    panel_rgb: tuple[int, int, int] = (18, 18, 22),
    framed: bool = False,
    size: tuple[int, int] | None = None,
    product_card: str | None = None,
    sticker_room: bool = False,
) -> Canvas:
    """Lay a photo (RGB, as decoded) out in a canvas of ``scale`` x the output size, as
    ``layout.choose_layout`` decides from its pixels, its product ``mask`` (uint8 over the
    whole photo; None: no cut-out), the ``focus`` region (image coordinates) and the theme's
    ``fill`` style. ``framed``: the seller framed the scene, so the editor's placement stays.
    ``size``: the photo's own pixel size when it was decoded smaller (for resolution rules).

    ``backdrop`` makes the closing card: a dark backdrop in the photo's colours mixed with the
    brand's ``panel_rgb`` (a blurred, darkened copy of the photo in the blur style);
    ``product_card`` lays the photo itself on a card (``closing_card_box``): "below" in the
    upper part, leaving the lower part for the name and the button, "centred" in the middle;
    ``sticker_room`` keeps room above it for a campaign sticker.
    """
    cw, ch = canvas_size(out_w, out_h, scale)
    img = cv2.cvtColor(image_rgb, cv2.COLOR_RGB2BGR)
    traits = measure_photo(img, size)
    shape = measure_mask(mask) if mask is not None else None
    lay = choose_layout(traits, out_w, out_h, focus, shape, fill=fill, framed=framed)
    if backdrop:
        if fill == "blur":
            inner = blurred_backdrop(build(img, None, lay, cw, ch, panel_rgb))
        else:
            tone = backdrop_tone(img, mask, dark=True)
            r, g, b = (round(0.5 * a + 0.5 * p) for a, p in zip(tone, panel_rgb, strict=True))
            inner = photo_backdrop(cw, ch, (r, g, b), (0.5, 0.5))
        if product_card:
            box = closing_card_box(out_w, out_h, scale, product_card, sticker_room)
            x0, y0 = int(box.x * cw), int(box.y * ch)
            photo_card(inner, img, x0, y0, int(box.w * cw), int(box.h * ch))
        return Canvas(cw, ch, _planes(inner), Rect.full(), Rect.full(), None, "closing")
    inner = build(img, mask if shape is not None else None, lay, cw, ch, panel_rgb)
    return Canvas(cw, ch, _planes(inner), lay.image, lay.subject, lay.panel, lay.kind)


def closing_card_box(
    out_w: int, out_h: int, scale: float, place: str = "below", sticker_room: bool = False
) -> Rect:
    """Where the closing card's product photo goes, in canvas-normalised coordinates: the
    frame's upper part (CLOSING_PHOTO, frame-normalised) mapped onto a canvas ``scale`` times
    the frame, as the scene's slow zoom shows it."""
    portrait = out_h > out_w * 1.2
    top, bottom = CLOSING_PHOTO[portrait] if place == "below" else CLOSING_PHOTO_ALONE[portrait]
    if sticker_room and portrait:
        top += CLOSING_STICKER_ROOM
    side = 0.14 if portrait else 0.2

    def to_canvas(f: float) -> float:
        return (f - 0.5) / scale + 0.5

    x0, y0 = to_canvas(side), to_canvas(top)
    return Rect(x0, y0, to_canvas(1.0 - side) - x0, to_canvas(bottom) - y0)


def plain_canvas(rgb: tuple[int, int, int], out_w: int, out_h: int) -> Canvas:
    """A quiet background for scenes without a photo: a soft vertical gradient and vignette."""
    cw, ch = canvas_size(out_w, out_h, 1.15)
    base = np.array(rgb[::-1], np.float32)
    y = np.linspace(0.0, 1.0, ch, dtype=np.float32)[:, None]
    x = np.linspace(-1.0, 1.0, cw, dtype=np.float32)[None, :]
    lift = 26.0 * (1.0 - y) ** 1.5  # lighter towards the top, like a studio sweep
    vignette = 1.0 - 0.18 * (x**2 * 0.6 + (y * 2 - 1) ** 2 * 0.4)
    img = (base[None, None, :] + lift[..., None]) * vignette[..., None]
    img = np.clip(img + 0.5 + dither(ch, cw), 0, 255).astype(np.uint8)
    return Canvas(cw, ch, _planes(img), Rect.full(), layout="plain")


def sample(
    canvas: Canvas, rect: Rect, out: tuple[np.ndarray, np.ndarray], scratch: list[np.ndarray | None]
) -> None:
    """Write the frame showing ``rect`` (normalised canvas coordinates) into the Y and UV
    views ``out``. ``scratch`` holds one reusable resize buffer per plane (None at first):
    reusing them spares ~1 ms of page faults per 1080p frame."""
    for i, (plane, dst) in enumerate(zip(canvas.planes, out, strict=True)):
        pw = canvas.width if i == 0 else canvas.width // 2
        ph = canvas.height if i == 0 else canvas.height // 2
        scratch[i] = _sample_plane(plane, pw, ph, rect, dst, scratch[i])


def _sample_plane(
    plane: np.ndarray, pw: int, ph: int, rect: Rect, dst: np.ndarray, buf: np.ndarray | None
) -> np.ndarray:
    out_h, out_w = dst.shape[:2]
    sx = rect.w * pw / out_w  # plane pixels per output pixel
    sy = rect.h * ph / out_h
    jx, kx = _axis_start(rect.x * pw, sx)
    jy, ky = _axis_start(rect.y * ph, sy)
    x0, y0 = jx + PAD, jy + PAD
    x1 = min(x0 + int(np.ceil((out_w + kx) * sx)) + 2, plane.shape[1])
    y1 = min(y0 + int(np.ceil((out_h + ky) * sy)) + 2, plane.shape[0])
    crop = plane[y0:y1, x0:x1]
    fx, fy = 1.0 / sx, 1.0 / sy
    # OpenCV rounds the output size like np.rint; with fx/fy given it uses them exactly
    oh, ow = int(np.rint(crop.shape[0] * fy)), int(np.rint(crop.shape[1] * fx))
    if buf is None or buf.shape[0] < oh or buf.shape[1] < ow:
        buf = np.empty(
            (max(oh, out_h + KMAX + 8), max(ow, out_w + KMAX + 8)) + plane.shape[2:], np.uint8
        )
    res = cv2.resize(crop, None, dst=buf[:oh, :ow], fx=fx, fy=fy, interpolation=cv2.INTER_LINEAR)
    if res.shape[0] < ky + out_h or res.shape[1] < kx + out_w:  # clipped at the canvas edge
        res = cv2.copyMakeBorder(
            res,
            0,
            max(0, ky + out_h - res.shape[0]),
            0,
            max(0, kx + out_w - res.shape[1]),
            cv2.BORDER_REPLICATE,
        )
    np.copyto(dst, res[ky : ky + out_h, kx : kx + out_w])
    return buf


def _axis_start(a: float, s: float) -> tuple[int, int]:
    """Where to start the crop along one axis so the frame lands within a small fraction of
    a pixel of the exact position ``a`` (canvas pixels) at scale ``s`` (canvas px per output px).

    A resize maps output pixel v to source index j0 + (v + 0.5) s - 0.5. Starting at a whole
    pixel j0 and dropping the first k output pixels gives j0 = a - k s, so we try a few k and
    keep the one for which a - k s is closest to a whole number. Unless s is almost a whole
    number this gets within a few hundredths of a pixel.
    """
    best_err, best_j, best_k = float("inf"), int(round(a)), 0
    for k in range(KMAX):
        pos = a - k * s
        if pos < 0.5 - PAD:
            break
        j = int(round(pos))
        err = abs(j - pos)
        if err < best_err:
            best_err, best_j, best_k = err, j, k
            if err < 0.02:
                break
    return best_j, best_k
