"""Parallax: a still photo moving in depth, the product drifting faster than its backdrop.

A scene in the "parallax" motion style is prepared once, from its laid-out canvas and its
product mask: the product is lifted off into a layer of its own (Y and UV, pre-multiplied by a
slightly tightened mask), and the hole it leaves in the backdrop is filled smoothly from the
backdrop around it on a small copy, scaled back up and feathered into the photo. Per frame the
backdrop is sampled like a Ken Burns crop, and the product layer is scaled once (``cv2.resize``,
its start chosen so it lands within a few hundredths of a pixel, as ``canvas.sample`` does) and
blended over its box. A turn of the product would need ``warpAffine``, measured here at 5-10x
the cost of a resize for the same pixels, so the product only drifts and grows.

The backdrop drifts sideways and zooms slowly; the product drifts ``DEPTH`` times as far and
grows (or shrinks, when the camera pulls back) a little more, as a nearer object would. Only the
filled rim right next to the product ever shows. A product cut by the frame's edge (a model
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
from studio.render.motion import MOTION_SAMPLES, ease, in_view, rect_at, visible

BG_ZOOM = 1.06  # the backdrop's zoom at mid-scene ...
BG_PUSH = 0.04  # ... changing by this much over the scene (in on even seeds, out on odd)
BG_PAN = 0.03  # the backdrop drifts this share of the frame sideways over the scene
DEPTH = 2.5  # the product drifts this many times as far as the backdrop ...
LIFT = 0.05  # ... and changes size this much more, as a nearer object would
MARGIN = 0.02  # a product's free sides stay this far inside the frame (or where they were)
AMPLITUDES = (1.0, 0.6, 0.35)  # a motion that would push the product out is tried smaller

AREA = (0.02, 0.8)  # share of the canvas the product may cover
STRENGTH_MIN = 0.8  # mean mask probability inside minus outside the product
AMBIGUITY_MAX = 0.3  # undecided mask pixels per product pixel: a smoky mask drags a ghost along
TOUCH = 0.02  # share of a border the product may touch and still be free of it
EXTEND = 0.06  # a product cut by the frame edge continues this far past it (share of long side)
INPAINT_SIDE = 360  # the hole is filled on a copy this long
HOLE_GROW = 0.006  # the hole takes this share of the long side beyond the product's fringe
FILL_BLUR = 1.5  # pixels (on the small copy) of blur over the fill: no inpainting streaks
KMAX = 16  # layer pixels a frame may skip at its start to land on the exact sub-pixel position


@dataclass(frozen=True)
class ProductLayer:
    """The product lifted off a scene's canvas, and how it moves over the backdrop."""

    x: int  # where the layer's top-left sits in the canvas (pixels, even; negative past an edge)
    y: int
    pre: tuple[np.ndarray, np.ndarray]  # Y (h, w) and UV (h/2, w/2, 2), x alpha
    inv: tuple[np.ndarray, np.ndarray]  # 255 - alpha, in the same shapes
    canvas_w: int
    canvas_h: int
    out_w: int
    out_h: int
    motion: Motion  # the crops of the canvas through which the product is seen

    def draw(self, planes: tuple[np.ndarray, np.ndarray], progress: float) -> None:
        """Blend the product over a frame's Y and UV planes (in place) at ``progress`` (0..1
        over the scene's visible time): per plane two resizes and one blend, over its box."""
        r = crop_at(self.motion, progress)
        sx = self.out_w / (r.w * self.canvas_w)  # output pixels per layer pixel
        sy = self.out_h / (r.h * self.canvas_h)
        ox = (self.x - r.x * self.canvas_w) * sx  # where the layer's left edge lands
        oy = (self.y - r.y * self.canvas_h) * sy
        for step, (plane, pre, inv) in enumerate(zip(planes, self.pre, self.inv, strict=True), 1):
            jx, x = _land(ox / step, sx)
            jy, y = _land(oy / step, sy)
            size = (round((pre.shape[1] - jx) * sx), round((pre.shape[0] - jy) * sy))
            if size[0] < 1 or size[1] < 1:
                continue
            p = cv2.resize(pre[jy:, jx:], None, fx=sx, fy=sy, interpolation=cv2.INTER_LINEAR)
            i = cv2.resize(inv[jy:, jx:], None, fx=sx, fy=sy, interpolation=cv2.INTER_LINEAR)
            x0, y0 = max(x, 0), max(y, 0)
            x1 = min(x + p.shape[1], plane.shape[1])
            y1 = min(y + p.shape[0], plane.shape[0])
            if x1 <= x0 or y1 <= y0:
                continue
            roi = plane[y0:y1, x0:x1]
            cut = (slice(y0 - y, y1 - y), slice(x0 - x, x1 - x))
            cv2.multiply(roi, i[cut], dst=roi, scale=1.0 / 255.0)
            cv2.add(roi, p[cut], dst=roi)


def _land(o: float, s: float) -> tuple[int, int]:
    """How many layer pixels ``j`` to skip so that, scaled by ``s``, the layer whose edge lands
    at ``o`` (output pixels) starts on a whole output pixel within a few hundredths of a pixel
    of its exact place; and that pixel. Rounding the place instead would make a slow drift
    judder by up to half a pixel."""
    best_err, best_j, best_x = float("inf"), 0, round(o)
    for j in range(KMAX):
        pos = o + j * s
        err = abs(pos - round(pos))
        if err < best_err:
            best_err, best_j, best_x = err, j, round(pos)
            if err < 0.02:
                break
    return best_j, best_x


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
    shape = measure_mask(mask)
    if alpha is None or shape.strength < STRENGTH_MIN or shape.ambiguity > AMBIGUITY_MAX:
        return None
    # only where the photo shows: a split layout's panel hides the rest of it
    shown = canvas.subject if canvas.layout == "split" else visible(canvas.image_rect)
    x0, y0 = max(0, round(shown.x * cw)), max(0, round(shown.y * ch))
    x1, y1 = min(cw, round((shown.x + shown.w) * cw)), min(ch, round((shown.y + shown.h) * ch))
    if x1 - x0 < 2 or y1 - y0 < 2:
        return None
    inside = np.zeros_like(alpha)
    inside[y0:y1, x0:x1] = alpha[y0:y1, x0:x1]
    alpha = inside
    solid = alpha >= 128
    if not AREA[0] <= float(solid.mean()) <= AREA[1]:
        return None
    part = solid[y0:y1, x0:x1]
    cut = _touching(part)
    within = (x0 > 0, y0 > 0, x1 < cw, y1 < ch)  # the photo's edge lies inside the frame
    if any(c and w for c, w in zip(cut, within, strict=True)):
        return None  # cut by a photo edge inside the frame: moving it would show the cut
    anchored = _touching(solid)
    ys, xs = np.nonzero(solid)
    bx0, by0, bx1, by1 = int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1
    box = Rect(bx0 / cw, by0 / ch, (bx1 - bx0) / cw, (by1 - by0) / ch)
    ext = (_extension(cw, ch) / cw, _extension(cw, ch) / ch)
    motions = _motions(box, anchored, ext, seed, framing)
    if motions is None:
        return None
    background, product = motions
    layer = _layer(canvas, alpha, anchored, out_w, out_h, product)
    return Lifted(_filled(canvas, alpha, (x0, y0, x1, y1)), background, layer)


# --------------------------------------------------------------------------- motion


def _motions(
    box: Rect,
    anchored: tuple[bool, ...],
    ext: tuple[float, float],
    seed: int,
    framing: Motion | None,
) -> tuple[Motion, Motion] | None:
    """The backdrop's and the product's motion, at the largest amplitude that keeps the
    product's free sides in the frame and its cut sides at the frame's edge.

    The backdrop follows the seller's ``framing`` or drifts sideways while zooming slowly;
    the product, as a nearer object, travels ``DEPTH`` times as far across the screen as the
    backdrop at its place, and grows (or shrinks) ``LIFT`` more as the backdrop zooms."""
    push = 1.0 if seed % 2 == 0 else -1.0
    drift = 1.0 if (seed // 2) % 2 == 0 else -1.0
    if framing is not None and framing.end.clamped().w != framing.start.clamped().w:
        push = 1.0 if framing.end.clamped().w < framing.start.clamped().w else -1.0
    ax = _anchor(box.x, box.w, anchored[0], anchored[2])
    ay = _anchor(box.y, box.h, anchored[1], anchored[3])
    for amp in AMPLITUDES:
        backs = []
        for e in (-0.5, 0.5):
            if framing is not None:
                backs.append(framing.start.clamped() if e < 0 else framing.end.clamped())
            else:
                z = BG_ZOOM + push * BG_PUSH * amp * e
                pan = drift * BG_PAN * amp * e
                backs.append(Rect(ax - (ax + pan) / z, ay * (1 - 1 / z), 1 / z, 1 / z).clamped())
        seen = [((ax - r.x) / r.w, (ay - r.y) / r.h) for r in backs]  # the anchor on screen
        mid = ((seen[0][0] + seen[1][0]) / 2, (seen[0][1] + seen[1][1]) / 2)
        fronts = []
        for e, back, (sx, sy) in zip((-0.5, 0.5), backs, seen, strict=True):
            zf = (1 / back.w) * (1 + push * LIFT * amp * e)
            fx = sx + (DEPTH - 1) * amp * (sx - mid[0])
            fy = sy + (DEPTH - 1) * amp * (sy - mid[1])
            fronts.append(Rect(ax - fx / zf, ay - fy / zf, 1 / zf, 1 / zf))
        background = Motion(backs[0], backs[1])
        product = Motion(fronts[0], fronts[1])
        if all(_stays(box, anchored, ext, background, product, k / 4) for k in range(5)):
            return background, product
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


def _filled(canvas: Canvas, alpha: np.ndarray, shown: tuple[int, int, int, int]) -> Canvas:
    """The canvas with the product's place (and its fringe) filled from the backdrop around it,
    all within ``shown`` (x0, y0, x1, y1 canvas pixels: where the photo shows)."""
    y, uv = canvas.planes[0][PAD:-PAD, PAD:-PAD], canvas.planes[1][PAD:-PAD, PAD:-PAD]
    ch, cw = y.shape
    s = min(1.0, INPAINT_SIDE / max(cw, ch))
    sw, sh = max(2, round(cw * s)), max(2, round(ch * s))
    grow = max(1, round(HOLE_GROW * max(sw, sh)))
    touched = (cv2.resize(alpha, (sw, sh), interpolation=cv2.INTER_AREA) > 8).astype(np.uint8)
    hole: np.ndarray = cv2.dilate(touched, _disc(grow))
    region = np.zeros((ch, cw), np.float32)
    region[shown[1] : shown[3], shown[0] : shown[2]] = 1.0
    region_small = cv2.resize(region, (sw, sh), interpolation=cv2.INTER_AREA) > 0.99
    small = np.dstack(
        (
            cv2.resize(y, (sw, sh), interpolation=cv2.INTER_AREA),
            cv2.resize(uv, (sw, sh), interpolation=cv2.INTER_AREA),
        )
    )
    known = (hole == 0) & region_small  # a split's panel is not the photo's backdrop
    fill = _pull_push(small.astype(np.float32), known.astype(np.float32))
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
        # never over a split's panel
        wt = wt * cv2.resize(region, (w, h), interpolation=cv2.INTER_NEAREST)[..., None]
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
    out_w: int,
    out_h: int,
    motion: Motion,
) -> ProductLayer:
    """The product's pixels, pre-multiplied, cropped to its box; continued past cut sides,
    with a transparent margin elsewhere that a frame may skip to land exactly (``KMAX``
    pixels of chroma, so twice that of luma)."""
    cw, ch = canvas.width, canvas.height
    e = _extension(cw, ch)
    pads = [e if a else 2 * KMAX for a in anchored]  # left, top, right, bottom (even)
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
        out: np.ndarray = cv2.copyMakeBorder(part, t_, b_, l_, r_, cv2.BORDER_REPLICATE)
        return out

    ay = crop(a, 1).astype(np.float32)
    auv = cv2.resize(ay, (ay.shape[1] // 2, ay.shape[0] // 2), interpolation=cv2.INTER_AREA)
    pre_y = _u8(crop(y, 1) * (ay / 255.0))
    pre_uv = _u8(crop(uv, 2).astype(np.float32) * (auv[..., None] / 255.0))
    inv_uv = _u8(255.0 - np.repeat(auv[..., None], 2, axis=2))
    return ProductLayer(
        x0 - pads[0],
        y0 - pads[1],
        (pre_y, pre_uv),
        (_u8(255.0 - ay), inv_uv),
        cw,
        ch,
        out_w,
        out_h,
        motion,
    )


def _extension(cw: int, ch: int) -> int:
    """Pixels (even) by which a product cut by the frame's edge continues past it."""
    return max(2 * KMAX, 2 * round(EXTEND * max(cw, ch) / 2))  # a frame may skip 2 * KMAX


def _disc(r: int) -> np.ndarray:
    return cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1, 2 * r + 1))


def _u8(a: np.ndarray) -> np.ndarray:
    return np.clip(a + 0.5, 0, 255).astype(np.uint8)
