"""The per-scene "fitted canvas" that Ken Burns frames are cropped from.

A canvas has the output's aspect ratio and is pre-scaled once (output size x a little more
than the largest zoom the scene uses), so every frame is one crop + one ``cv2.resize``
(3x cheaper than ``warpAffine``). A photo whose aspect differs from the frame is fitted
whole, or cropped toward filling it as far as the scene's focus region allows (see
``motion.fitted_photo_rect``); the empty area continues a plain studio backdrop seamlessly,
or else is filled with a blurred, darkened, enlarged copy of the photo (never black bars).

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

import functools
import math
from dataclasses import dataclass

import cv2
import numpy as np

from studio.core.geometry import Rect
from studio.render.motion import PLAIN_EDGE_STD, fit_scale, fitted_photo_rect

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
) -> Canvas:
    """Fit a photo (RGB, as decoded) into a canvas of ``scale`` x the output size, as
    ``fitted_photo_rect`` places it: cropped toward filling the frame as far as the ``focus``
    region (image coordinates) allows, whole without one.

    ``backdrop`` blurs and darkens the whole canvas (closing card behind the call to action).
    """
    cw, ch = canvas_size(out_w, out_h, scale)
    img = cv2.cvtColor(image_rgb, cv2.COLOR_RGB2BGR)
    ih, iw = img.shape[:2]
    photo_scale = fit_scale(iw, ih, cw, ch, focus)
    cover = max(cw / iw, ch / ih)
    fw, fh = max(1, int(round(iw * photo_scale))), max(1, int(round(ih * photo_scale)))
    placed = fitted_photo_rect(iw, ih, cw, ch, focus)
    ox, oy = _origin(placed.cx * cw, fw, cw), _origin(placed.cy * ch, fh, ch)
    image_rect = Rect(ox / cw, oy / ch, fw / cw, fh / ch)

    fitted = _resize(img, fw, fh)
    inner = np.empty((ch, cw, 3), np.uint8)
    if photo_scale < cover:
        # the fills see only what is on the canvas: a photo cropped to fill overflows one axis
        vx, vy = max(0, ox), max(0, oy)
        shown = fitted[vy - oy : min(fh, ch - oy), vx - ox : min(fw, cw - ox)]
        if not _seamless_fill(shown, inner, vx, vy):
            inner[...] = _blurred_fill(img, cw, ch, ox, oy, fw, fh)
    _paste(inner, fitted, ox, oy)
    if backdrop:
        inner = _backdrop(inner)
    return Canvas(cw, ch, _planes(inner), image_rect)


def _origin(centre: float, size: int, span: int) -> int:
    """First pixel of a photo ``size`` pixels long centred at ``centre`` on an axis ``span``
    pixels long; one that overflows still covers the whole axis."""
    start = math.floor(centre - size / 2 + 1e-6)
    return min(max(start, span - size), 0) if size > span else start


def plain_canvas(rgb: tuple[int, int, int], out_w: int, out_h: int) -> Canvas:
    """A quiet background for scenes without a photo: a soft vertical gradient and vignette."""
    cw, ch = canvas_size(out_w, out_h, 1.15)
    base = np.array(rgb[::-1], np.float32)
    y = np.linspace(0.0, 1.0, ch, dtype=np.float32)[:, None]
    x = np.linspace(-1.0, 1.0, cw, dtype=np.float32)[None, :]
    lift = 26.0 * (1.0 - y) ** 1.5  # lighter towards the top, like a studio sweep
    vignette = 1.0 - 0.18 * (x**2 * 0.6 + (y * 2 - 1) ** 2 * 0.4)
    img = (base[None, None, :] + lift[..., None]) * vignette[..., None]
    img = np.clip(img + 0.5 + _dither(ch, cw), 0, 255).astype(np.uint8)
    return Canvas(cw, ch, _planes(img), Rect.full())


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


def _resize(img: np.ndarray, w: int, h: int) -> np.ndarray:
    if (w, h) == (img.shape[1], img.shape[0]):
        return img
    shrinking = w < img.shape[1]
    return cv2.resize(
        img, (w, h), interpolation=cv2.INTER_AREA if shrinking else cv2.INTER_LANCZOS4
    )


def _paste(dst: np.ndarray, src: np.ndarray, x: int, y: int) -> None:
    h, w = src.shape[:2]
    x0, y0 = max(0, x), max(0, y)
    x1, y1 = min(dst.shape[1], x + w), min(dst.shape[0], y + h)
    if x1 > x0 and y1 > y0:
        dst[y0:y1, x0:x1] = src[y0 - y : y1 - y, x0 - x : x1 - x]


def _seamless_fill(fitted: np.ndarray, dst: np.ndarray, ox: int, oy: int) -> bool:
    """Extend a studio backdrop (white or plain photo background) into the empty bars of
    ``dst``, so a product shot on seamless paper simply looks wider. False (and ``dst``
    untouched) when the photo's edges are busy."""
    fh, fw = fitted.shape[:2]
    ch, cw = dst.shape[:2]
    horizontal = fw < cw  # bars left and right
    k = max(2, int(0.015 * (fw if horizontal else fh)))
    edges = [fitted[:, :k], fitted[:, -k:]] if horizontal else [fitted[:k, :], fitted[-k:, :]]
    for e in edges:
        if float(e.reshape(-1, 3).std(axis=0).max()) > PLAIN_EDGE_STD:
            return False
    if horizontal:
        bars = (dst[:, : max(0, ox)], dst[:, min(cw, ox + fw) :])
        for e, bar in zip(edges, bars, strict=True):
            line = e.mean(axis=1, dtype=np.float32)[:, None, :]  # (fh, 1, 3) colour per row
            line = cv2.resize(line, (1, ch), interpolation=cv2.INTER_LINEAR)
            line = cv2.GaussianBlur(line, (0, 0), sigmaX=0.1, sigmaY=max(1.0, ch / 100))
            if bar.shape[1]:
                cv2.resize(
                    _u8(line).reshape(ch, 1, 3),
                    (bar.shape[1], ch),
                    dst=bar,
                    interpolation=cv2.INTER_NEAREST,
                )
    else:
        bars = (dst[: max(0, oy)], dst[min(ch, oy + fh) :])
        for e, bar in zip(edges, bars, strict=True):
            line = e.mean(axis=0, dtype=np.float32)[None, :, :]  # (1, fw, 3) colour per column
            line = cv2.resize(line, (cw, 1), interpolation=cv2.INTER_LINEAR)
            line = cv2.GaussianBlur(line, (0, 0), sigmaX=max(1.0, cw / 100), sigmaY=0.1)
            if bar.shape[0]:
                cv2.resize(
                    _u8(line).reshape(1, cw, 3),
                    (cw, bar.shape[0]),
                    dst=bar,
                    interpolation=cv2.INTER_NEAREST,
                )
    return True


def _u8(a: np.ndarray) -> np.ndarray:
    return np.clip(a + 0.5, 0, 255).astype(np.uint8)


def _blurred_fill(
    img: np.ndarray, cw: int, ch: int, ox: float, oy: float, fw: float, fh: float
) -> np.ndarray:
    """The photo enlarged to cover the canvas, blurred, darkened, with a soft shadow under
    the sharp copy so it reads as a card lying on its own backdrop."""
    small_w = max(8, cw // 8)
    small_h = max(8, ch // 8)
    ih, iw = img.shape[:2]
    cover = max(small_w / iw, small_h / ih) * 1.1
    tmp = cv2.resize(
        img, (max(1, int(iw * cover)), max(1, int(ih * cover))), interpolation=cv2.INTER_AREA
    )
    x = (tmp.shape[1] - small_w) // 2
    y = (tmp.shape[0] - small_h) // 2
    small: np.ndarray = tmp[y : y + small_h, x : x + small_w].astype(np.float32)
    small = cv2.GaussianBlur(small, (0, 0), sigmaX=max(small_w, small_h) / 40)
    grey = small.mean(axis=2, keepdims=True)
    small = (0.7 * small + 0.3 * grey) * 0.6  # desaturate and darken: the photo stays the subject
    shadow: np.ndarray = np.zeros((small_h, small_w), np.float32)
    s = small_w / cw
    cv2.rectangle(
        shadow,
        (int(ox * s), int((oy + fh * 0.02) * s)),
        (int((ox + fw) * s), int((oy + fh * 1.02) * s)),
        1.0,
        thickness=-1,
    )
    shadow = cv2.GaussianBlur(shadow, (0, 0), sigmaX=max(1.0, max(small_w, small_h) / 60))
    small *= (1.0 - 0.3 * shadow)[..., None]
    small_u8 = np.clip(small + 0.5, 0, 255).astype(np.uint8)
    out: np.ndarray = cv2.resize(small_u8, (cw, ch), interpolation=cv2.INTER_CUBIC)
    return out


def _backdrop(img: np.ndarray) -> np.ndarray:
    """Blurred, darkened and vignetted copy for the closing card, so text and logo stand
    out even when the photo is a product on white."""
    h, w = img.shape[:2]
    small = cv2.resize(img, (max(8, w // 6), max(8, h // 6)), interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (0, 0), sigmaX=max(small.shape[:2]) / 90).astype(np.float32)
    sh, sw = small.shape[:2]
    y = np.linspace(-1.0, 1.0, sh, dtype=np.float32)[:, None]
    x = np.linspace(-1.0, 1.0, sw, dtype=np.float32)[None, :]
    light = 0.36 * (1.0 - 0.35 * np.clip(x * x * 0.7 + y * y, 0.0, 1.0))
    small = np.clip(small * light[..., None] + 0.5, 0, 255).astype(np.uint8)
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC)


@functools.lru_cache(maxsize=2)  # a preview and an export size; large arrays
def _dither(h: int, w: int) -> np.ndarray:
    """Faint fixed noise that breaks up banding in smooth gradients after 8-bit + x264."""
    rng = np.random.default_rng(12345)
    return rng.uniform(-0.6, 0.6, size=(h, w, 1)).astype(np.float32)
