"""Caption overlays: drawn once per scene with Pillow, blended per frame with OpenCV.

A ``Layer`` is an RGBA drawing surface over part of the frame where every element (box,
text, shadow, logo) is composited with correct alpha; ``to_overlay`` turns it into
pre-multiplied patches cropped to the inked area, so each frame only touches that box: one
in BGR (for pictures) and one in the renderer's YUV 4:2:0 NV12 (video frames). Blending in YUV
is exact because the colour conversion is affine: it preserves weighted averages.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image, ImageDraw

from studio.render.wordspot import WordSpot

FADE_SECONDS = 0.25


@dataclass(frozen=True)
class YuvPatch:
    """The overlay in NV12: pre-multiplied Y and UV planes and their coverage, at even (x, y)."""

    x: int
    y: int
    pre: tuple[np.ndarray, np.ndarray]  # Y (h, w), UV (h/2, w/2, 2)
    alpha: tuple[np.ndarray, np.ndarray]  # the same shapes, coverage 0..255
    inv: tuple[np.ndarray, np.ndarray]  # 255 - alpha

    def blend_into(
        self, planes: tuple[np.ndarray, np.ndarray], opacity: float = 1.0, dy: int = 0
    ) -> None:
        """Composite onto Y and UV planes (modified in place), ``dy`` pixels lower (rounded
        to whole chroma rows; what then falls outside the frame is left out)."""
        if opacity <= 0.0:
            return
        dy -= dy % 2
        for i, plane in enumerate(planes):
            x, y = (self.x, self.y + dy) if i == 0 else (self.x // 2, (self.y + dy) // 2)
            h, w = self.pre[i].shape[:2]
            if dy == 0:
                roi = plane[y : y + h, x : x + w]
                if roi.shape[:2] != (h, w):
                    return
                _blend(roi, self.pre[i], self.alpha[i], self.inv[i], opacity)
                continue
            top, bottom = max(0, -y), min(h, plane.shape[0] - y)
            if bottom <= top or plane[:, x : x + w].shape[1] != w:
                return
            rows = slice(top, bottom)
            roi = plane[y + top : y + bottom, x : x + w]
            _blend(roi, self.pre[i][rows], self.alpha[i][rows], self.inv[i][rows], opacity)


@dataclass(frozen=True)
class CaptionOverlay:
    """A pre-multiplied BGR patch and its coverage, placed at (x, y) in the frame, and the
    same in YUV 4:2:0 for video frames."""

    x: int
    y: int
    color: np.ndarray  # (h, w, 3) uint8, colour x alpha
    alpha: np.ndarray  # (h, w, 3) uint8, replicated so OpenCV can multiply channel-wise
    inv_alpha: np.ndarray  # 255 - alpha
    yuv: YuvPatch
    # the caption's words where they are drawn, for marking the one being spoken
    words: tuple[WordSpot, ...] = ()
    # the same caption in pieces that can move on their own (an animated title, price badge
    # or button): ``still`` is what stays put, each part is (role, overlay); empty: no pieces
    still: CaptionOverlay | None = None
    parts: tuple[tuple[str, CaptionOverlay], ...] = ()

    @property
    def bbox(self) -> tuple[int, int, int, int]:
        h, w = self.alpha.shape[:2]
        return self.x, self.y, self.x + w, self.y + h

    def blend_into(self, frame: np.ndarray, opacity: float = 1.0) -> None:
        """Composite onto a BGR ``frame`` (modified in place), touching only the bbox."""
        if opacity <= 0.0:
            return
        h, w = self.alpha.shape[:2]
        roi = frame[self.y : self.y + h, self.x : self.x + w]
        if roi.shape[:2] != (h, w):  # a frame smaller than the overlay: nothing sensible to do
            return
        _blend(roi, self.color, self.alpha, self.inv_alpha, opacity)


def _blend(
    roi: np.ndarray, pre: np.ndarray, alpha: np.ndarray, inv: np.ndarray, opacity: float
) -> None:
    if opacity < 0.999:
        inv = cv2.convertScaleAbs(alpha, alpha=-opacity, beta=255.0)
        pre = cv2.convertScaleAbs(pre, alpha=opacity)
    cv2.multiply(roi, inv, dst=roi, scale=1.0 / 255.0)
    cv2.add(roi, pre, dst=roi)


# OpenCV's BGR->I420 (BT.601, limited range) in its own fixed-point coefficients, /256
_TO_Y = np.array([66, 129, 25], np.float32) / 256  # R, G, B
_TO_U = np.array([-38, -74, 112], np.float32) / 256
_TO_V = np.array([112, -94, -18], np.float32) / 256


def _yuv_patch(rgba: np.ndarray, x: int, y: int) -> YuvPatch:
    """``rgba`` (straight alpha) placed at even (x, y) with even width and height."""
    rgb = rgba[..., :3].astype(np.float32)
    a = rgba[..., 3].astype(np.float32) / 255.0
    yy = 16.0 + rgb @ _TO_Y
    uv = np.stack((128.0 + rgb @ _TO_U, 128.0 + rgb @ _TO_V), axis=-1)

    def half(m: np.ndarray) -> np.ndarray:  # average of each 2x2 block
        return cv2.resize(m, (m.shape[1] // 2, m.shape[0] // 2), interpolation=cv2.INTER_AREA)

    def u8(m: np.ndarray) -> np.ndarray:
        return np.ascontiguousarray(np.clip(m + 0.5, 0, 255).astype(np.uint8))

    a_c = half(a)
    pre = (u8(a * yy), u8(half(a[..., None] * uv).reshape(a_c.shape + (2,))))
    alpha = (u8(a * 255.0), u8(np.repeat(a_c[..., None] * 255.0, 2, axis=2)))
    return YuvPatch(x, y, pre, alpha, (255 - alpha[0], 255 - alpha[1]))


def caption_opacity(
    t: float, start: float, end: float, fade_in: bool = True, fade_out: bool = True
) -> float:
    """Fade in after the scene starts and out before it ends, so captions never overlap
    the next scene's and subtitle cues keep matching what is on screen."""
    if t < start or t > end:
        return 0.0
    fade = min(FADE_SECONDS, (end - start) / 3)
    a = 1.0
    if fade_in and fade > 0:
        a = min(a, (t - start) / fade)
    if fade_out and fade > 0:
        a = min(a, (end - t) / fade)
    return max(0.0, min(1.0, a))


class Layer:
    """An RGBA drawing surface covering part of the frame, composited with correct alpha."""

    def __init__(self, x0: int, y0: int, x1: int, y1: int) -> None:
        self.x0, self.y0 = x0, y0
        self.img = Image.new("RGBA", (max(1, x1 - x0), max(1, y1 - y0)), (0, 0, 0, 0))

    def over(self, rgba: Image.Image, x: float = 0, y: float = 0) -> None:
        self.img.alpha_composite(rgba, (int(round(x - self.x0)), int(round(y - self.y0))))

    def solid(self, mask: Image.Image, rgb: tuple[int, int, int], opacity: float = 1.0) -> None:
        """Paint ``rgb`` through a full-layer 'L' mask."""
        if opacity < 1.0:
            mask = mask.point(lambda v: int(v * opacity + 0.5))
        layer = Image.new("RGBA", self.img.size, (*rgb, 255))
        layer.putalpha(mask)
        self.img.alpha_composite(layer)

    def mask(self) -> tuple[Image.Image, ImageDraw.ImageDraw]:
        m = Image.new("L", self.img.size, 0)
        return m, ImageDraw.Draw(m)

    def to_overlay(self, frame_w: int, frame_h: int) -> CaptionOverlay | None:
        box = self.img.getchannel("A").getbbox()
        if box is None:
            return None
        # clip to the frame (never draw outside it), then to the inked area
        lx0 = max(box[0], -self.x0)
        ly0 = max(box[1], -self.y0)
        lx1 = min(box[2], frame_w - self.x0)
        ly1 = min(box[3], frame_h - self.y0)
        if lx1 <= lx0 or ly1 <= ly0:
            return None
        arr = np.asarray(self.img)
        patch = arr[ly0:ly1, lx0:lx1].astype(np.uint16)
        a = patch[..., 3:4]
        color = ((patch[..., 2::-1] * a + 127) // 255).astype(np.uint8)  # RGB -> BGR, premultiplied
        a3 = np.repeat(a.astype(np.uint8), 3, axis=2)
        # the YUV patch starts on even pixels and has even size (whole chroma samples)
        fx0, fy0 = self.x0 + lx0, self.y0 + ly0
        ex0, ey0 = fx0 - fx0 % 2, fy0 - fy0 % 2
        ex1 = min(self.x0 + lx1 + (self.x0 + lx1) % 2, frame_w - frame_w % 2)
        ey1 = min(self.y0 + ly1 + (self.y0 + ly1) % 2, frame_h - frame_h % 2)
        even = np.zeros((max(0, ey1 - ey0), max(0, ex1 - ex0), 4), np.uint8)
        sy0, sx0 = max(0, self.y0 - ey0), max(0, self.x0 - ex0)  # rows/cols left of the layer
        src = arr[max(0, ey0 - self.y0) : ey1 - self.y0, max(0, ex0 - self.x0) : ex1 - self.x0]
        even[sy0 : sy0 + src.shape[0], sx0 : sx0 + src.shape[1]] = src
        return CaptionOverlay(
            int(fx0),
            int(fy0),
            np.ascontiguousarray(color),
            np.ascontiguousarray(a3),
            255 - a3,
            _yuv_patch(even, int(ex0), int(ey0)),
        )


def rounded_box(
    d: ImageDraw.ImageDraw, layer: Layer, x0: float, y0: float, x1: float, y1: float, radius: float
) -> None:
    """A filled rounded box covering frame pixels [x0, x1) x [y0, y1) (Pillow's own end
    coordinates are inclusive)."""
    d.rounded_rectangle(
        (x0 - layer.x0, y0 - layer.y0, x1 - layer.x0 - 1, y1 - layer.y0 - 1),
        radius=max(0.0, min(radius, (x1 - x0) / 2, (y1 - y0) / 2)),
        fill=255,
    )


def shifted(img: Image.Image, dx: int, dy: int) -> Image.Image:
    """A mask moved by whole pixels (drop shadows)."""
    out = Image.new(img.mode, img.size, 0)
    out.paste(img, (dx, dy))
    return out
