"""The pixels of a scene's layout: a canvas (BGR) built once per scene.

``studio.render.layout`` decides where things go; this module paints them: the photo's visible
part scaled once, a plain backdrop continued in every direction it is needed, a soft backdrop
in the photo's own colours with a cut-out product and its contact shadow, the brand panel of a
split layout, and the classic blurred fill for themes that ask for it. Heavy work runs on
quarter-size images where the result is smooth anyway (shadows, gradients, blur).
"""

from __future__ import annotations

import colorsys
import functools
import math

import cv2
import numpy as np

from studio.core.geometry import Rect
from studio.render.layout import Layout, thumbnail

BackdropTone = tuple[int, int, int]

EDGE_STRIP = 0.015  # the photo's outer strip whose colour a continued backdrop takes
SEAM = 0.01  # the photo's edge fades into the continued backdrop over this share of its side
LIGHT_PRODUCT = 0.62  # product luminance (0..1) above which its backdrop is dark, else light


def build(
    image_bgr: np.ndarray,
    mask: np.ndarray | None,
    layout: Layout,
    cw: int,
    ch: int,
    panel_rgb: tuple[int, int, int],
) -> np.ndarray:
    """The canvas (ch, cw, 3) BGR of a photo scene laid out as ``layout`` says."""
    kind = layout.kind
    if kind == "cutout" and mask is not None:
        return _cutout(image_bgr, mask, layout.image, cw, ch)
    if kind == "split" and layout.panel is not None:
        return _split(image_bgr, layout.image, layout.subject, cw, ch, panel_rgb)
    placed = visible_photo(image_bgr, layout.image, cw, ch)
    if placed is None:
        return photo_backdrop(cw, ch, backdrop_tone(image_bgr, None))
    patch, x, y = placed
    full = x <= 0 and y <= 0 and x + patch.shape[1] >= cw and y + patch.shape[0] >= ch
    if full:
        out = np.empty((ch, cw, 3), np.uint8)
    elif kind == "extend":
        out = _continued(patch, x, y, cw, ch)
    elif kind == "blur":
        out = blurred_fill(image_bgr, cw, ch, layout.image)
    else:  # a card lying on a backdrop of its own colours
        out = photo_backdrop(cw, ch, backdrop_tone(image_bgr, None))
        _shadow_under_rect(out, x, y, patch.shape[1], patch.shape[0])
    paste(out, patch, x, y)
    if kind == "extend" and not full:
        _soften_seam(out, patch, x, y)
    return out


def visible_photo(
    img: np.ndarray, rect: Rect, cw: int, ch: int
) -> tuple[np.ndarray, int, int] | None:
    """The part of ``img`` placed at ``rect`` (normalised canvas coordinates) that falls on the
    canvas, scaled to canvas pixels, and where it goes. Only that part is scaled: a close-up
    never scales the whole photo to several times the canvas."""
    ih, iw = img.shape[:2]
    fx, fy = rect.w * cw / iw, rect.h * ch / ih  # canvas pixels per photo pixel
    x, y = rect.x * cw, rect.y * ch
    ix0 = max(0, math.floor(-x / fx))
    iy0 = max(0, math.floor(-y / fy))
    ix1 = min(iw, math.ceil((cw - x) / fx))
    iy1 = min(ih, math.ceil((ch - y) / fy))
    if ix1 <= ix0 or iy1 <= iy0:
        return None
    crop = img[iy0:iy1, ix0:ix1]
    ox, oy = math.floor(x + ix0 * fx + 1e-6), math.floor(y + iy0 * fy + 1e-6)
    w = max(1, round(x + ix1 * fx) - ox)
    h = max(1, round(y + iy1 * fy) - oy)
    return resized(crop, w, h), ox, oy


def resized(img: np.ndarray, w: int, h: int) -> np.ndarray:
    if (w, h) == (img.shape[1], img.shape[0]):
        return img
    shrinking = w < img.shape[1]
    interpolation = cv2.INTER_AREA if shrinking else cv2.INTER_LANCZOS4
    if img.ndim == 2 or img.dtype != np.uint8:
        interpolation = cv2.INTER_AREA if shrinking else cv2.INTER_LINEAR
    return cv2.resize(img, (w, h), interpolation=interpolation)


def paste(dst: np.ndarray, src: np.ndarray, x: int, y: int) -> None:
    h, w = src.shape[:2]
    x0, y0 = max(0, x), max(0, y)
    x1, y1 = min(dst.shape[1], x + w), min(dst.shape[0], y + h)
    if x1 > x0 and y1 > y0:
        dst[y0:y1, x0:x1] = src[y0 - y : y1 - y, x0 - x : x1 - x]


# --------------------------------------------------------------------------- plain backdrop


def _continued(patch: np.ndarray, x: int, y: int, cw: int, ch: int) -> np.ndarray:
    """A canvas whose area around the photo continues the photo's own edges: each row beside
    it takes the colour of the photo's edge strip in that row (smoothed along the edge), each
    column above or below it likewise, each corner the colour of the photo's corner."""
    ph, pw = patch.shape[:2]
    # the photo's edge colours on the canvas: clip to what is on it
    x0, y0 = max(0, x), max(0, y)
    x1, y1 = min(cw, x + pw), min(ch, y + ph)
    shown = patch[y0 - y : y1 - y, x0 - x : x1 - x].astype(np.float32)
    sh, sw = shown.shape[:2]
    kx, ky = max(2, round(EDGE_STRIP * sw)), max(2, round(EDGE_STRIP * sh))

    def smooth(line: np.ndarray, n: int) -> np.ndarray:  # (n, 3), blurred along its length
        return cv2.GaussianBlur(line[:, None, :], (1, 0), sigmaX=0.1, sigmaY=max(1.0, n / 100))[
            :, 0
        ]

    left = smooth(shown[:, :kx].mean(axis=1), sh)
    right = smooth(shown[:, -kx:].mean(axis=1), sh)
    top = smooth(shown[:ky].mean(axis=0), sw)
    bottom = smooth(shown[-ky:].mean(axis=0), sw)
    ring = np.zeros((sh, sw, 3), np.float32)
    ring[:, 0], ring[:, -1] = left, right
    ring[0, :], ring[-1, :] = top, bottom
    ring[0, 0], ring[0, -1] = (left[0] + top[0]) / 2, (right[0] + top[-1]) / 2
    ring[-1, 0], ring[-1, -1] = (left[-1] + bottom[0]) / 2, (right[-1] + bottom[-1]) / 2
    ring_u8 = _u8(ring)
    return cv2.copyMakeBorder(
        ring_u8, y0, ch - y1, x0, cw - x1, cv2.BORDER_REPLICATE
    )  # the middle is overwritten by the photo


def _soften_seam(out: np.ndarray, patch: np.ndarray, x: int, y: int) -> None:
    """Fade the photo's outermost pixels into the continued backdrop, so a backdrop that
    darkens slightly toward the photo's edge leaves no line."""
    ch, cw = out.shape[:2]
    ph, pw = patch.shape[:2]
    x0, y0, x1, y1 = max(0, x), max(0, y), min(cw, x + pw), min(ch, y + ph)
    n = max(2, round(SEAM * max(pw, ph)))
    ramp = np.linspace(0.0, 1.0, n, dtype=np.float32)
    ramp = ramp * ramp * (3 - 2 * ramp)  # 0 at the edge (all backdrop) .. 1 inside (all photo)
    if x0 > 0:
        _fade(out[y0:y1, x0 : x0 + n], out[y0:y1, x0 - 1 : x0], ramp[None, :, None])
    if x1 < cw:
        _fade(out[y0:y1, x1 - n : x1], out[y0:y1, x1 : x1 + 1], ramp[::-1][None, :, None])
    if y0 > 0:
        _fade(out[y0 : y0 + n, x0:x1], out[y0 - 1 : y0, x0:x1], ramp[:, None, None])
    if y1 < ch:
        _fade(out[y1 - n : y1, x0:x1], out[y1 : y1 + 1, x0:x1], ramp[::-1][:, None, None])


def _fade(region: np.ndarray, backdrop: np.ndarray, weight: np.ndarray) -> None:
    if region.size == 0:
        return
    mixed = region.astype(np.float32) * weight + backdrop.astype(np.float32) * (1.0 - weight)
    region[...] = _u8(mixed)


# --------------------------------------------------------------------------- soft backdrops


def backdrop_tone(
    image_bgr: np.ndarray, mask: np.ndarray | None, *, dark: bool = False
) -> BackdropTone:
    """A backdrop colour (RGB) from the photo: the hue of its background, muted; light behind
    a dark or colourful product, dark behind a light one (or when ``dark`` is asked for)."""
    t = thumbnail(image_bgr).astype(np.float32) / 255.0
    if mask is not None:
        m = cv2.resize(mask, (t.shape[1], t.shape[0]), interpolation=cv2.INTER_AREA)
        m = m.astype(np.float32) / (255.0 if mask.dtype == np.uint8 else 1.0)
    else:  # without a mask the product is most likely in the middle
        h, w = t.shape[:2]
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        m = ((np.abs(xx / w - 0.5) < 0.3) & (np.abs(yy / h - 0.5) < 0.3)).astype(np.float32)
    bg_w = 1.0 - m
    bg = (t * bg_w[..., None]).sum(axis=(0, 1)) / max(float(bg_w.sum()), 1.0)
    luma = t @ np.array([0.114, 0.587, 0.299], np.float32)
    product = float((luma * m).sum() / max(float(m.sum()), 1.0))
    h_, _, s_ = colorsys.rgb_to_hls(float(bg[2]), float(bg[1]), float(bg[0]))
    if dark:
        lightness, sat = 0.15, min(s_, 0.3)
    elif product > LIGHT_PRODUCT:
        lightness, sat = 0.3, min(s_, 0.18)
    else:
        lightness, sat = 0.9, min(s_, 0.22)
    r, g, b = colorsys.hls_to_rgb(h_, lightness, sat)
    return round(r * 255), round(g * 255), round(b * 255)


def photo_backdrop(
    cw: int, ch: int, tone: BackdropTone, centre: tuple[float, float] = (0.5, 0.45)
) -> np.ndarray:
    """A studio sweep in ``tone``: lighter toward the top, a soft glow behind ``centre``
    (normalised), a gentle vignette; dithered so x264 shows no bands."""
    sw, sh = max(8, cw // 8), max(8, ch // 8)
    y = np.linspace(0.0, 1.0, sh, dtype=np.float32)[:, None]
    x = np.linspace(0.0, 1.0, sw, dtype=np.float32)[None, :]
    aspect = cw / ch
    d2 = ((x - centre[0]) * aspect) ** 2 + (y - centre[1]) ** 2
    glow = np.exp(-d2 / 0.18)
    light = 0.92 + 0.1 * (1.0 - y) + 0.08 * glow - 0.06 * np.clip(d2 - 0.25, 0.0, 1.0)
    base = np.array(tone[::-1], np.float32)
    small = base[None, None, :] * light[..., None]
    big = cv2.resize(small, (cw, ch), interpolation=cv2.INTER_CUBIC)
    np.add(big, dither(ch, cw), out=big)
    return _u8(big)


def _shadow_under_rect(out: np.ndarray, x: int, y: int, w: int, h: int) -> None:
    """A soft shadow under a photo card lying on a backdrop."""
    ch, cw = out.shape[:2]
    s = 8
    shadow = np.zeros((max(1, ch // s), max(1, cw // s)), np.float32)
    dy = 0.02 * h
    cv2.rectangle(
        shadow, (int(x / s), int((y + dy) / s)), (int((x + w) / s), int((y + h + dy) / s)), 1.0, -1
    )
    shadow = cv2.GaussianBlur(shadow, (0, 0), max(1.0, 0.03 * max(w, h) / s))
    _darken(out, shadow, 0.35)


def _darken(out: np.ndarray, shadow_small: np.ndarray, strength: float) -> None:
    ch, cw = out.shape[:2]
    shade = cv2.resize(shadow_small, (cw, ch), interpolation=cv2.INTER_LINEAR)
    keep = 1.0 - strength * np.clip(shade, 0.0, 1.0)
    out[...] = _u8(cv2.multiply(out, cv2.merge([keep, keep, keep]), dtype=cv2.CV_32F))


def _cutout(image_bgr: np.ndarray, mask: np.ndarray, rect: Rect, cw: int, ch: int) -> np.ndarray:
    """The product cut out with its mask, on a backdrop of the photo's colours, with a contact
    shadow where it stands and a faint drop shadow around it."""
    ih, iw = image_bgr.shape[:2]
    if mask.shape[:2] != (ih, iw):
        mask = cv2.resize(mask, (iw, ih), interpolation=cv2.INTER_LINEAR)
    placed = visible_photo(image_bgr, rect, cw, ch)
    placed_mask = visible_photo(mask, rect, cw, ch)
    if placed is None or placed_mask is None:
        return photo_backdrop(cw, ch, backdrop_tone(image_bgr, mask))
    patch, x, y = placed
    alpha_img = placed_mask[0]
    ys, xs = np.nonzero(alpha_img >= 128)
    if len(xs) == 0:
        return photo_backdrop(cw, ch, backdrop_tone(image_bgr, mask))
    bx0, bx1, by0, by1 = x + xs.min(), x + xs.max(), y + ys.min(), y + ys.max()
    pw, ph = bx1 - bx0, by1 - by0
    centre = ((bx0 + bx1) / 2 / cw, (by0 + by1) / 2 / ch)
    out = photo_backdrop(cw, ch, backdrop_tone(image_bgr, mask), centre)
    # shadows, on an eighth-size map: a contact ellipse and the silhouette, blurred
    s = 8
    sw, sh = max(1, cw // s), max(1, ch // s)
    shadow: np.ndarray = np.zeros((sh, sw), np.float32)
    small = cv2.resize(
        alpha_img,
        (max(1, alpha_img.shape[1] // s), max(1, alpha_img.shape[0] // s)),
        interpolation=cv2.INTER_AREA,
    )
    drop: np.ndarray = np.zeros((sh, sw), np.float32)
    paste(drop, small.astype(np.float32) / 255.0, round(x / s), round((y + 0.02 * ph) / s))
    drop = cv2.GaussianBlur(drop, (0, 0), max(1.0, 0.035 * max(pw, ph) / s))
    cv2.ellipse(
        shadow,
        (round((bx0 + bx1) / 2 / s), round(by1 / s)),
        (max(1, round(0.46 * pw / s)), max(1, round(0.035 * ph / s))),
        0,
        0,
        360,
        1.0,
        -1,
    )
    shadow = cv2.GaussianBlur(shadow, (0, 0), max(1.0, 0.025 * ph / s))
    _darken(out, np.clip(0.55 * shadow + 0.35 * drop, 0.0, 1.0), 0.5)
    # the product: a slightly tightened mask leaves the old background's fringe behind
    a = np.clip((alpha_img.astype(np.float32) / 255.0 - 0.12) / 0.76, 0.0, 1.0)
    hh, ww = patch.shape[:2]
    x0, y0 = max(0, x), max(0, y)
    x1, y1 = min(cw, x + ww), min(ch, y + hh)
    sub_a = a[y0 - y : y1 - y, x0 - x : x1 - x, None]
    sub_p = patch[y0 - y : y1 - y, x0 - x : x1 - x].astype(np.float32)
    roi = out[y0:y1, x0:x1]
    roi[...] = _u8(sub_p * sub_a + roi.astype(np.float32) * (1.0 - sub_a))
    return out


# --------------------------------------------------------------------------- split layout


def _split(
    image_bgr: np.ndarray,
    rect: Rect,
    photo_area: Rect,
    cw: int,
    ch: int,
    panel_rgb: tuple[int, int, int],
) -> np.ndarray:
    """The brand panel everywhere, the photo on its side only."""
    out = panel_canvas(panel_rgb, cw, ch)
    placed = visible_photo(image_bgr, rect, cw, ch)
    if placed is None:
        return out
    patch, x, y = placed
    ax0, ay0 = round(photo_area.x * cw), round(photo_area.y * ch)
    ax1, ay1 = round((photo_area.x + photo_area.w) * cw), round((photo_area.y + photo_area.h) * ch)
    region = out[ay0:ay1, ax0:ax1]
    paste(region, patch, x - ax0, y - ay0)
    return out


def panel_canvas(rgb: tuple[int, int, int], cw: int, ch: int) -> np.ndarray:
    """A brand colour with a soft lift toward the top, as the plain scenes have."""
    base = np.array(rgb[::-1], np.float32)
    sh = max(8, ch // 8)
    y = np.linspace(0.0, 1.0, sh, dtype=np.float32)[:, None, None]
    col = base[None, None, :] + 18.0 * (1.0 - y) ** 1.5
    img = cv2.resize(col, (cw, ch), interpolation=cv2.INTER_LINEAR)
    np.add(img, dither(ch, cw), out=img)
    return _u8(img)


# --------------------------------------------------------------------------- blurred fill


def blurred_fill(img: np.ndarray, cw: int, ch: int, rect: Rect) -> np.ndarray:
    """The photo enlarged to cover the canvas, blurred, darkened, with a soft shadow under
    the sharp copy so it reads as a card lying on its own backdrop (the ``blur`` style)."""
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
    ox, oy, fw, fh = rect.x * cw, rect.y * ch, rect.w * cw, rect.h * ch
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


def blurred_backdrop(img: np.ndarray) -> np.ndarray:
    """Blurred, darkened and vignetted copy for the closing card (the ``blur`` style), so
    text and logo stand out even when the photo is a product on white."""
    h, w = img.shape[:2]
    small = cv2.resize(img, (max(8, w // 6), max(8, h // 6)), interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (0, 0), sigmaX=max(small.shape[:2]) / 90).astype(np.float32)
    sh, sw = small.shape[:2]
    y = np.linspace(-1.0, 1.0, sh, dtype=np.float32)[:, None]
    x = np.linspace(-1.0, 1.0, sw, dtype=np.float32)[None, :]
    light = 0.36 * (1.0 - 0.35 * np.clip(x * x * 0.7 + y * y, 0.0, 1.0))
    small = np.clip(small * light[..., None] + 0.5, 0, 255).astype(np.uint8)
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC)


def _u8(a: np.ndarray) -> np.ndarray:
    """Float pixels (not negative) rounded and saturated to uint8; OpenCV does it in one pass."""
    out: np.ndarray = cv2.convertScaleAbs(a)
    return out


@functools.lru_cache(maxsize=2)  # a preview and an export size; large arrays
def dither(h: int, w: int) -> np.ndarray:
    """Faint fixed noise that breaks up banding in smooth gradients after 8-bit + x264."""
    rng = np.random.default_rng(12345)
    return rng.uniform(-0.6, 0.6, size=(h, w, 1)).astype(np.float32)
