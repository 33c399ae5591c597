"""Parallax: a still photo moving in depth, the product drifting faster than its backdrop.

A scene in the "parallax" motion style is prepared once, from its laid-out canvas and its
product mask: the product is lifted off into a layer of its own (Y and UV, pre-multiplied by a
slightly tightened mask), and the hole it leaves in the backdrop is filled by inpainting a small
copy, blurred against streaks, scaled back up and feathered into the photo. Per frame the
backdrop is sampled like a Ken Burns crop, and the product layer is warped once (scale, a tiny
turn) and blended over its box: nothing heavier than a Ken Burns frame plus one product-sized
warp and blend.

The backdrop drifts sideways and zooms slowly; the product drifts ``DEPTH`` times as far and
grows (or shrinks, when the camera pulls back) a little more, as a nearer object would. Only the
inpainted rim right next to the product ever shows. A product cut by the frame's edge (a model
cropped at the waist) stays attached to it: its layer continues past that edge. A mask that is
unusable (empty, covering nearly everything, undecided, or a product cut by a photo edge that
lies inside the frame) makes ``lift_product`` return None, and the scene is Ken Burns.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import cv2
import numpy as np

from studio.core.geometry import Rect
from studio.core.model import Motion
from studio.render.canvas import PAD, Canvas
from studio.render.fills import paste, visible_photo
from studio.render.layout import measure_mask
from studio.render.motion import MOTION_SAMPLES, ease, in_view, rect_at

BG_ZOOM = 1.06  # the backdrop's zoom at mid-scene ...
BG_PUSH = 0.04  # ... changing by this much over the scene (in on even seeds, out on odd)
BG_PAN = 0.03  # the backdrop drifts this share of the frame sideways over the scene
DEPTH = 2.5  # the product drifts this many times as far as the backdrop ...
LIFT = 0.05  # ... and changes size this much more, as a nearer object would
TURN = 0.8  # degrees the product turns over the scene
MARGIN = 0.02  # a product's free sides stay this far inside the frame (or where they were)
AMPLITUDES = (1.0, 0.6, 0.35)  # a motion that would push the product out is tried smaller

AREA = (0.02, 0.8)  # share of the canvas the product may cover
STRENGTH_MIN = 0.6  # mean mask probability inside minus outside the product
TOUCH = 0.02  # share of a border the product may touch and still be free of it
EXTEND = 0.06  # a product cut by the frame edge continues this far past it (share of long side)
INPAINT_SIDE = 360  # the hole is filled on a copy this long
HOLE_GROW = 0.012  # the hole takes this share of the long side beyond the product's fringe
FILL_BLUR = 1.5  # pixels (on the small copy) of blur over the fill: no inpainting streaks


@dataclass(frozen=True)
class ProductLayer:
    """The product lifted off a scene's canvas, and how it moves over the backdrop."""

    x: int  # where the layer's top-left sits in the canvas (pixels, even; negative past an edge)
    y: int
    luma: np.ndarray  # (h, w, 2) uint8: Y x alpha, 255 - alpha
    chroma: np.ndarray  # (h/2, w/2, 4) uint8: U x alpha, V x alpha, 255 - alpha twice
    canvas_w: int
    canvas_h: int
    out_w: int
    out_h: int
    pivot: tuple[float, float]  # canvas pixels the product turns about
    motion: Motion  # the crops of the canvas through which the product is seen
    turn: float  # degrees over the whole scene

    def draw(self, planes: tuple[np.ndarray, np.ndarray], progress: float) -> None:
        """Blend the product over a frame's Y and UV planes (in place) at ``progress`` (0..1
        over the scene's visible time): one warp and one blend per plane, over its box only."""
        r = crop_at(self.motion, progress)
        sx = self.out_w / (r.w * self.canvas_w)
        sy = self.out_h / (r.h * self.canvas_h)
        tx = (self.x + 0.5 - r.x * self.canvas_w) * sx - 0.5
        ty = (self.y + 0.5 - r.y * self.canvas_h) * sy - 0.5
        px = (self.pivot[0] - self.x) * sx + tx
        py = (self.pivot[1] - self.y) * sy + ty
        rot = cv2.getRotationMatrix2D((px, py), self.turn * (ease(progress) - 0.5), 1.0)
        m = np.empty((2, 3), np.float64)
        m[:, :2] = rot[:, :2] @ np.diag([sx, sy])
        m[:, 2] = rot[:, :2] @ np.array([tx, ty]) + rot[:, 2]
        box = _bounds(m, self.luma.shape[1], self.luma.shape[0], self.out_w, self.out_h)
        if box is None:
            return
        x0, y0, x1, y1 = box
        local = m.copy()
        local[:, 2] -= (x0, y0)
        _blend(planes[0][y0:y1, x0:x1], self.luma, local)
        half = m.copy()
        half[:, 2] = (m[:, 2] + 0.5 * (m[:, 0] + m[:, 1]) - 0.5) / 2 - (x0 // 2, y0 // 2)
        _blend(planes[1][y0 // 2 : y1 // 2, x0 // 2 : x1 // 2], self.chroma, half)


@dataclass(frozen=True)
class Lifted:
    """A parallax scene's backdrop (the canvas with the product's place filled), the backdrop's
    motion, and the product layer."""

    canvas: Canvas
    motion: Motion
    layer: ProductLayer


def lift_product(
    canvas: Canvas,
    mask: np.ndarray | None,
    out_w: int,
    out_h: int,
    seed: int,
    framing: Motion | None = None,
) -> Lifted | None:
    """The scene as parallax layers, or None when ``mask`` (uint8 over the whole photo) is
    missing or unusable. ``framing``: the seller's Ken Burns framing, which the backdrop then
    follows; otherwise the backdrop drifts as ``seed`` chooses."""
    if mask is None or mask.size == 0 or canvas.layout in ("closing", "plain"):
        return None
    cw, ch = canvas.width, canvas.height
    alpha = _on_canvas(mask, canvas.image_rect, cw, ch)
    if alpha is None or measure_mask(mask).strength < STRENGTH_MIN:
        return None
    solid = alpha >= 128
    if not AREA[0] <= float(solid.mean()) <= AREA[1]:
        return None
    cut = _touching(mask >= 128)
    at_edge = (
        canvas.image_rect.x <= 1.0 / cw,
        canvas.image_rect.y <= 1.0 / ch,
        canvas.image_rect.x + canvas.image_rect.w >= 1.0 - 1.0 / cw,
        canvas.image_rect.y + canvas.image_rect.h >= 1.0 - 1.0 / ch,
    )
    if any(c and not e for c, e in zip(cut, at_edge, strict=True)):
        return None  # cut by a photo edge inside the frame: moving it would show the cut
    anchored = _touching(solid)
    ys, xs = np.nonzero(solid)
    x0, y0, x1, y1 = int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1
    box = Rect(x0 / cw, y0 / ch, (x1 - x0) / cw, (y1 - y0) / ch)
    ext = (_extension(cw, ch) / cw, _extension(cw, ch) / ch)
    motions = _motions(box, anchored, ext, seed, framing)
    if motions is None:
        return None
    background, product, amplitude = motions
    layer = _layer(canvas, alpha, anchored, box, out_w, out_h, product, TURN * amplitude)
    return Lifted(_filled(canvas, alpha), background, layer)


# --------------------------------------------------------------------------- motion


def _motions(
    box: Rect,
    anchored: tuple[bool, ...],
    ext: tuple[float, float],
    seed: int,
    framing: Motion | None,
) -> tuple[Motion, Motion, float] | None:
    """The backdrop's and the product's motion, at the largest amplitude that keeps the
    product's free sides in the frame and its cut sides at the frame's edge."""
    push = 1.0 if seed % 2 == 0 else -1.0
    drift = 1.0 if (seed // 2) % 2 == 0 else -1.0
    ax = _anchor(box.x, box.w, anchored[0], anchored[2])
    ay = _anchor(box.y, box.h, anchored[1], anchored[3])
    for amp in AMPLITUDES:
        ends = []
        for e in (0.0, 1.0):
            pan = drift * BG_PAN * amp * (e - 0.5)
            if framing is not None:
                back = framing.start.clamped() if e == 0.0 else framing.end.clamped()
            else:
                z = BG_ZOOM + push * BG_PUSH * amp * (e - 0.5)
                back = Rect(ax - (ax + pan) / z, ay * (1 - 1 / z), 1 / z, 1 / z).clamped()
            zf = (1 / back.w) * (1 + push * LIFT * amp * (e - 0.5))
            seen_x = (ax - back.x) / back.w + (DEPTH - 1) * pan
            seen_y = (ay - back.y) / back.h
            ends.append((back, Rect(ax - seen_x / zf, ay - seen_y / zf, 1 / zf, 1 / zf)))
        background = Motion(ends[0][0], ends[1][0])
        product = Motion(ends[0][1], ends[1][1])
        if all(_stays(box, anchored, ext, background, product, k / 4) for k in range(5)):
            return background, product, amp
    return None


def _anchor(start: float, size: float, cut_lo: bool, cut_hi: bool) -> float:
    """Where along one axis the product is zoomed about: its free side when the other is cut
    by the frame (so the free side holds still), else its middle."""
    if cut_hi and not cut_lo:
        return start
    if cut_lo and not cut_hi:
        return start + size
    return start + size / 2


def _stays(
    box: Rect,
    anchored: tuple[bool, ...],
    ext: tuple[float, float],
    background: Motion,
    product: Motion,
    p: float,
) -> bool:
    """Whether, at ``p``, the product's free sides are in the frame (or no further out than
    the backdrop alone would put them) and its cut sides, continued by ``ext`` (canvas
    share per axis), still reach past the frame's edge."""
    r = crop_at(product, p)
    seen = in_view(box, r)
    rest = in_view(box, rect_at(background, p))
    reach = (0.8 * ext[0] / r.w, 0.8 * ext[1] / r.h)
    lo, hi = (seen.x, seen.y), (seen.x + seen.w, seen.y + seen.h)
    rest_lo, rest_hi = (rest.x, rest.y), (rest.x + rest.w, rest.y + rest.h)
    for axis in (0, 1):
        if anchored[axis]:
            if lo[axis] > reach[axis]:
                return False
        elif lo[axis] < min(MARGIN, rest_lo[axis]) - 0.005:
            return False
        if anchored[axis + 2]:
            if hi[axis] < 1.0 - reach[axis]:
                return False
        elif hi[axis] > max(1.0 - MARGIN, rest_hi[axis]) + 0.005:
            return False
    return True


def crop_at(motion: Motion, progress: float) -> Rect:
    """The product's crop at ``progress``, eased like a Ken Burns crop but not kept inside
    the canvas: the product layer may be seen through a crop that reaches past its edges."""
    return motion.start.lerp(motion.end, ease(progress))


def region_over(r: Rect, motion: Motion) -> Rect | None:
    """The part of the screen that ``r`` (canvas coordinates) touches at any moment of the
    product's ``motion`` (as ``motion.region_over_motion`` for a backdrop), or None."""
    x0 = y0 = 1.0
    x1 = y1 = 0.0
    for k in range(MOTION_SAMPLES):
        b = in_view(r, crop_at(motion, k / (MOTION_SAMPLES - 1)))
        x0, y0 = min(x0, max(b.x, 0.0)), min(y0, max(b.y, 0.0))
        x1, y1 = max(x1, min(b.x + b.w, 1.0)), max(y1, min(b.y + b.h, 1.0))
    return Rect(x0, y0, x1 - x0, y1 - y0) if x1 > x0 and y1 > y0 else None


# --------------------------------------------------------------------------- pixels


def _on_canvas(mask: np.ndarray, image_rect: Rect, cw: int, ch: int) -> np.ndarray | None:
    """The mask where the photo lies in the canvas (uint8, canvas size), or None if the photo
    is not on the canvas."""
    placed = visible_photo(mask, image_rect, cw, ch)
    if placed is None:
        return None
    out = np.zeros((ch, cw), np.uint8)
    paste(out, placed[0], placed[1], placed[2])
    return out


def _touching(solid: np.ndarray) -> tuple[bool, bool, bool, bool]:
    """Whether the product is cut by the left, top, right and bottom border."""
    sides = (solid[:, 0], solid[0, :], solid[:, -1], solid[-1, :])
    t = tuple(float(s.mean()) > TOUCH for s in sides)
    return t[0], t[1], t[2], t[3]


def _filled(canvas: Canvas, alpha: np.ndarray) -> Canvas:
    """The canvas with the product's place (and its fringe) filled from the backdrop around it."""
    y, uv = canvas.planes[0][PAD:-PAD, PAD:-PAD], canvas.planes[1][PAD:-PAD, PAD:-PAD]
    ch, cw = y.shape
    s = min(1.0, INPAINT_SIDE / max(cw, ch))
    sw, sh = max(2, round(cw * s)), max(2, round(ch * s))
    grow = max(1, round(HOLE_GROW * max(sw, sh)))
    touched = (cv2.resize(alpha, (sw, sh), interpolation=cv2.INTER_AREA) > 8).astype(np.uint8)
    hole: np.ndarray = cv2.dilate(touched, _disc(grow))
    small = np.dstack(
        (
            cv2.resize(y, (sw, sh), interpolation=cv2.INTER_AREA),
            cv2.resize(uv, (sw, sh), interpolation=cv2.INTER_AREA),
        )
    )
    fill = _pull_push(small.astype(np.float32), 1.0 - hole.astype(np.float32))
    # the rim right by the hole's edge keeps the backdrop's own detail (Telea reaches a few
    # pixels; over a wide hole it would smear single edge pixels into streaks)
    near = cv2.inpaint(small, hole, 3, cv2.INPAINT_TELEA).astype(np.float32)
    inside = cv2.distanceTransform(hole, cv2.DIST_L2, 3)
    keep = np.clip(1.0 - inside / (3.0 * grow), 0.0, 1.0)[..., None]
    fill = cv2.GaussianBlur(near * keep + fill * (1.0 - keep), (0, 0), FILL_BLUR)
    weight = cv2.GaussianBlur(hole.astype(np.float32), (0, 0), max(1.0, grow / 2))
    weight = np.maximum(weight, hole.astype(np.float32))  # whole inside, soft outside
    out = []
    for plane, (w, h) in ((y, (cw, ch)), (uv, (cw // 2, ch // 2))):
        big = cv2.resize(fill, (w, h), interpolation=cv2.INTER_LINEAR)
        big = big[..., :1] if plane.ndim == 2 else big[..., 1:]
        wt = cv2.resize(weight, (w, h), interpolation=cv2.INTER_LINEAR)[..., None]
        src = plane.astype(np.float32).reshape(h, w, -1)
        mixed = src + (big.astype(np.float32) - src) * wt
        mixed = np.clip(mixed + 0.5, 0, 255).astype(np.uint8).reshape(plane.shape)
        out.append(cv2.copyMakeBorder(mixed, PAD, PAD, PAD, PAD, cv2.BORDER_REPLICATE))
    return replace(canvas, planes=(out[0], out[1]))


def _pull_push(img: np.ndarray, known: np.ndarray) -> np.ndarray:
    """``img`` with its unknown pixels (``known`` 0) filled smoothly from the known ones
    around them: averaged down a pyramid until nothing is unknown, then blended back up,
    coarse levels showing only where finer ones knew nothing."""
    levels = []
    c, w = img * known[..., None], known
    while min(w.shape) > 2:
        levels.append((c, w))
        size = (max(1, w.shape[1] // 2), max(1, w.shape[0] // 2))
        c = cv2.resize(c, size, interpolation=cv2.INTER_AREA)
        w = cv2.resize(w, size, interpolation=cv2.INTER_AREA)
    fill: np.ndarray = c / np.maximum(w, 1e-4)[..., None]
    for c, w in reversed(levels):
        up = cv2.resize(fill, (w.shape[1], w.shape[0]), interpolation=cv2.INTER_LINEAR)
        a = np.clip(w, 0.0, 1.0)[..., None]
        fill = (c / np.maximum(w, 1e-4)[..., None]) * a + up * (1.0 - a)
    return fill


def _layer(
    canvas: Canvas,
    alpha: np.ndarray,
    anchored: tuple[bool, ...],
    box: Rect,
    out_w: int,
    out_h: int,
    motion: Motion,
    turn: float,
) -> ProductLayer:
    """The product's pixels, pre-multiplied, cropped to its box; continued past cut sides."""
    cw, ch = canvas.width, canvas.height
    e = _extension(cw, ch)
    pads = [e if a else 2 for a in anchored]  # left, top, right, bottom
    y = canvas.planes[0][PAD:-PAD, PAD:-PAD]
    uv = canvas.planes[1][PAD:-PAD, PAD:-PAD]
    # a slightly tightened mask leaves the old backdrop's fringe behind
    a = np.clip((alpha.astype(np.float32) - 30.0) * (255.0 / 195.0), 0, 255).astype(np.uint8)
    ys, xs = np.nonzero(a)
    x0, y0 = max(0, int(xs.min()) - 2) // 2 * 2, max(0, int(ys.min()) - 2) // 2 * 2
    x1 = min(cw, -(-(int(xs.max()) + 3) // 2) * 2)
    y1 = min(ch, -(-(int(ys.max()) + 3) // 2) * 2)

    def crop(p: np.ndarray, step: int) -> np.ndarray:
        part = p[y0 // step : y1 // step, x0 // step : x1 // step]
        l_, t_, r_, b_ = (v // step for v in pads)
        return cv2.copyMakeBorder(part, t_, b_, l_, r_, cv2.BORDER_REPLICATE)

    ay = crop(a, 1).astype(np.float32)
    auv = cv2.resize(ay, (ay.shape[1] // 2, ay.shape[0] // 2), interpolation=cv2.INTER_AREA)
    luma = np.dstack((_u8(crop(y, 1) * (ay / 255.0)), _u8(255.0 - ay)))
    pre_uv = crop(uv, 2).astype(np.float32) * (auv[..., None] / 255.0)
    inv = _u8(255.0 - auv)
    chroma = np.dstack((_u8(pre_uv), inv, inv))
    lx, ly = x0 - pads[0], y0 - pads[1]
    cut_lo = (anchored[0], anchored[1])
    cut_hi = (anchored[2], anchored[3])
    pivot = (
        (box.x + box.w / 2) * cw,
        (box.y + (box.h if cut_hi[1] and not cut_lo[1] else box.h / 2)) * ch,
    )
    return ProductLayer(lx, ly, luma, chroma, cw, ch, out_w, out_h, pivot, motion, turn)


def _extension(cw: int, ch: int) -> int:
    """Pixels (even) by which a product cut by the frame's edge continues past it."""
    return 2 * round(EXTEND * max(cw, ch) / 2)


def _bounds(
    m: np.ndarray, w: int, h: int, out_w: int, out_h: int
) -> tuple[int, int, int, int] | None:
    """The frame's even-aligned box that a w x h patch covers under ``m``, or None."""
    corners = np.array([[0, 0, 1], [w, 0, 1], [0, h, 1], [w, h, 1]], np.float64) @ m.T
    x0 = max(0, int(np.floor(corners[:, 0].min())) // 2 * 2)
    y0 = max(0, int(np.floor(corners[:, 1].min())) // 2 * 2)
    x1 = min(out_w, -(-int(np.ceil(corners[:, 0].max()) + 1) // 2) * 2)
    y1 = min(out_h, -(-int(np.ceil(corners[:, 1].max()) + 1) // 2) * 2)
    if x1 <= x0 or y1 <= y0:
        return None
    return x0, y0, x1, y1


def _blend(roi: np.ndarray, layer: np.ndarray, m: np.ndarray) -> None:
    """Warp a pre-multiplied layer (colour channels, then inverse alpha) onto ``roi``."""
    h, w = roi.shape[:2]
    if h == 0 or w == 0:
        return
    k = layer.shape[2] // 2
    border = (0.0,) * k + (255.0,) * k
    warped = cv2.warpAffine(
        layer, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=border
    )
    pre = np.ascontiguousarray(warped[..., :k]).reshape(roi.shape)
    inv = np.ascontiguousarray(warped[..., k:]).reshape(roi.shape)
    cv2.multiply(roi, inv, dst=roi, scale=1.0 / 255.0)
    cv2.add(roi, pre, dst=roi)


def _disc(r: int) -> np.ndarray:
    return cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1, 2 * r + 1))


def _u8(a: np.ndarray) -> np.ndarray:
    return np.clip(a + 0.5, 0, 255).astype(np.uint8)
