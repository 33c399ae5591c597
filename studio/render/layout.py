"""How a photo fills a frame of another shape: each scene's layout, chosen by measured rules.

A designer never shows a product between two blurred copies of itself. Per scene, from the
photo's pixels, its product mask (when the jobs step found one worth computing) and the scene's
focus region, the first rule that holds decides:

1. ``detail``: the focus region is a small part of a photo with pixels to spare: a full-bleed
   close-up of it.
2. ``cover``: the photo has (nearly) the frame's shape.
3. ``extend``: the backdrop is plain wherever the frame needs more of it, so it continues
   seamlessly; a side that is not plain (a model's legs cut by the photo's edge) stays at the
   frame's edge, with headroom for the caption kept on the opposite side. When all four edges
   are backdrop the product itself is sized to the frame. Where two bands beside the photo
   would each be too narrow for a caption, the photo moves left and leaves one wide band.
4. ``cover`` again: a busy photo is cropped to fill if its focus region survives the crop with
   room to spare, or if its shape is close to the frame's (a split would leave a sliver).
5. ``cutout``: the product, cut out with its salient-object mask, on a soft backdrop made from
   the photo's own colours with a contact shadow, if the mask is clean.
6. ``split``: the photo on one side and a brand panel that carries the caption on the other.

``blur`` (the photo between blurred copies of itself) is only used when the theme asks for it.
A scene the seller framed in the Ken Burns editor keeps the placement the editor shows: its
plain backdrop continues, a busy photo lies as a ``card`` on a backdrop of its own colours.
Resolution rules are judged at a reference export size, so the small preview chooses exactly
what the export will show. Everything here is geometry on normalised rectangles plus a few
measurements on a small thumbnail; the pixels are made in ``studio.render.fills``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import cv2
import numpy as np

from studio.core.geometry import Rect
from studio.render.motion import COVER_SLACK, FOCUS_MARGIN, PLAIN_EDGE_STD, fit_scale

LayoutKind = Literal["cover", "detail", "extend", "cutout", "split", "card", "blur"]

THUMB_SIDE = 256  # photos are measured on a thumbnail this long (the jobs step measures the same)
EDGE_STRIP = 0.015  # thickness of the edge strip tested for plainness (share of the side)
PLAIN_SPREAD_MAX = 2.5 * PLAIN_EDGE_STD  # a smooth gradient may vary this much along an edge ...
EDGE_ROUGHNESS_MAX = 4.0  # ... if nothing sharper than this (grey levels) interrupts it
CONTENT_DIFF = 22.0  # grey levels from the backdrop model that count as product
CONTENT_MARGIN = 0.04  # room kept around the product when it is sized to the frame
CAPTION_HEADROOM = 0.24  # frame share kept free beside a photo that stands on one edge ...
CAPTION_BAND = 0.25  # ... unless the bands beside it are this wide (share of the frame)
OFF_CENTRE_MARGIN = 0.07  # a photo moved aside for the caption keeps this much frame beside it

MODERATE_CROP = 1.3  # a busy photo within this aspect ratio of the frame is cropped to fill
REFERENCE_SHORT_SIDE = 1080  # resolution rules are judged at this export size, whatever the output
MAX_UPSCALE = 1.5  # output pixels per photo pixel beyond which a photo looks soft

DETAIL_MAX_AREA = 0.2  # a focus region this small a part of the photo is a detail ...
DETAIL_MAX_SIDE = 0.55  # ... if neither side spans more of the photo than this
DETAIL_ROOM = 1.5  # the close-up shows this much more than the focus region on its longer side

MASK_AMBIGUITY_MAX = 0.35  # undecided mask pixels (0.15..0.85) per object pixel: a clean cut
MASK_STRENGTH_MIN = 0.75  # mean probability inside minus outside the object
MASK_EDGE_MAX = 0.02  # share of the photo's border the object may touch (else it was cut off)
MASK_AREA = (0.02, 0.8)  # a product covers this share of the photo (else: a speck or everything)

SPLIT_PHOTO_SHARE = (0.4, 0.62)  # the photo's side of a split layout, of the frame's long side
SHADOW_REACH = 0.1  # a cut-out's shadows reach this share of its longer side beyond it


@dataclass(frozen=True)
class Stage:
    """Where a product sized to the frame sits: centre and largest size, frame-normalised.
    Beside it (landscape) or below it stays room for a caption; portrait keeps clear of the
    platforms' buttons."""

    cx: float
    cy: float
    w: float
    h: float


def stage_for(frame_w: int, frame_h: int) -> Stage:
    if frame_h > frame_w * 1.2:
        return Stage(0.5, 0.42, 0.84, 0.44)
    if frame_w > frame_h * 1.2:  # to the left of centre: the caption reads beside it
        return Stage(0.36, 0.45, 0.46, 0.62)
    return Stage(0.5, 0.44, 0.7, 0.6)


@dataclass(frozen=True)
class PhotoTraits:
    """What the layout rules need to know about a photo's pixels."""

    width: int
    height: int
    plain: tuple[bool, bool, bool, bool]  # left, top, right, bottom edge is plain backdrop
    content: Rect  # the product's area when all four edges are backdrop (image coordinates)

    @property
    def all_plain(self) -> bool:
        return all(self.plain)


@dataclass(frozen=True)
class MaskTraits:
    """How usable a salient-object mask is for a cut-out."""

    box: Rect  # the object's bounding box (image coordinates)
    area: float  # share of the photo
    edge: float  # share of the photo's border the object touches
    ambiguity: float  # undecided pixels per object pixel
    strength: float  # mean probability inside minus outside

    @property
    def clean(self) -> bool:
        return (
            self.ambiguity <= MASK_AMBIGUITY_MAX
            and self.strength >= MASK_STRENGTH_MIN
            and self.edge <= MASK_EDGE_MAX
            and MASK_AREA[0] <= self.area <= MASK_AREA[1]
        )


@dataclass(frozen=True)
class Layout:
    """A scene's layout: the kind, why, and where things go (normalised canvas coordinates)."""

    kind: LayoutKind
    why: str
    image: Rect  # where the whole photo sits (beyond 0..1 where it is cropped)
    subject: Rect  # where picture content shows: the photo, the product, the photo's panel
    panel: Rect | None = None  # split: the brand panel that carries the caption
    plain: tuple[bool, bool, bool, bool] = (False, False, False, False)  # extend: sides continued
    wants_mask: bool = False  # a clean mask would have made this a cut-out


def thumbnail(rgb: np.ndarray) -> np.ndarray:
    """The photo at most ``THUMB_SIDE`` long (area-averaged: noise and JPEG blocks fade)."""
    h, w = rgb.shape[:2]
    s = THUMB_SIDE / max(h, w)
    if s >= 1.0:
        return rgb
    size = (max(1, round(w * s)), max(1, round(h * s)))
    return cv2.resize(rgb, size, interpolation=cv2.INTER_AREA)


def measure_photo(rgb: np.ndarray, size: tuple[int, int] | None = None) -> PhotoTraits:
    """Plainness of each edge and, on a plain backdrop, where the product is. ``size``: the
    photo's own pixel size when ``rgb`` was decoded smaller."""
    w, h = size if size is not None else (rgb.shape[1], rgb.shape[0])
    t = thumbnail(rgb).astype(np.float32)
    th, tw = t.shape[:2]
    kx = max(2, round(EDGE_STRIP * tw))
    ky = max(2, round(EDGE_STRIP * th))
    strips = (t[:, :kx], t[:ky, :].transpose(1, 0, 2), t[:, -kx:], t[-ky:, :].transpose(1, 0, 2))
    plain = tuple(_plain_strip(s) for s in strips)
    content = _content_box(t) if all(plain) else Rect.full()
    return PhotoTraits(w, h, (plain[0], plain[1], plain[2], plain[3]), content)


def _plain_strip(strip: np.ndarray) -> bool:
    """A strip (length, thickness, 3) is plain backdrop when it is nearly one colour, or a
    smooth gradient along the edge that nothing sharp interrupts."""
    spread = float(strip.reshape(-1, 3).std(axis=0).max())
    if spread <= PLAIN_EDGE_STD:
        return True
    if spread > PLAIN_SPREAD_MAX:
        return False
    profile = strip.mean(axis=1)  # (length, 3)
    across = float(np.abs(strip - profile[:, None, :]).mean(axis=1).max())
    n = profile.shape[0]
    smooth = cv2.GaussianBlur(profile[:, None, :], (1, 0), sigmaX=0.1, sigmaY=max(1.0, 0.04 * n))
    fine = cv2.GaussianBlur(profile[:, None, :], (1, 0), sigmaX=0.1, sigmaY=1.0)
    rough = float(np.abs(fine - smooth).max())
    return rough <= EDGE_ROUGHNESS_MAX and across <= EDGE_ROUGHNESS_MAX


def _content_box(t: np.ndarray) -> Rect:
    """What differs from the backdrop: the backdrop is modelled from the four edges (a Coons
    patch of their colour profiles, so studio sweeps and vignettes count as backdrop)."""
    h, w = t.shape[:2]
    t = cv2.GaussianBlur(t, (0, 0), 1.0)
    left, right = t[:, :2].mean(axis=1), t[:, -2:].mean(axis=1)  # (h, 3)
    top, bottom = t[:2].mean(axis=0), t[-2:].mean(axis=0)  # (w, 3)
    u = np.linspace(0.0, 1.0, w, dtype=np.float32)[None, :, None]
    v = np.linspace(0.0, 1.0, h, dtype=np.float32)[:, None, None]
    c00, c10, c01, c11 = t[0, 0], t[0, -1], t[-1, 0], t[-1, -1]
    model = (
        (1 - u) * left[:, None, :]
        + u * right[:, None, :]
        + (1 - v) * top[None, :, :]
        + v * bottom[None, :, :]
        - ((1 - u) * (1 - v) * c00 + u * (1 - v) * c10 + (1 - u) * v * c01 + u * v * c11)
    )
    fg = (np.abs(t - model).max(axis=2) > CONTENT_DIFF).astype(np.uint8)
    n, _, stats, _ = cv2.connectedComponentsWithStats(fg, connectivity=8)
    keep = [i for i in range(1, n) if stats[i, cv2.CC_STAT_AREA] >= 0.002 * h * w]
    if not keep:
        return Rect.full()
    x0 = min(stats[i, cv2.CC_STAT_LEFT] for i in keep)
    y0 = min(stats[i, cv2.CC_STAT_TOP] for i in keep)
    x1 = max(stats[i, cv2.CC_STAT_LEFT] + stats[i, cv2.CC_STAT_WIDTH] for i in keep)
    y1 = max(stats[i, cv2.CC_STAT_TOP] + stats[i, cv2.CC_STAT_HEIGHT] for i in keep)
    return Rect(float(x0 / w), float(y0 / h), float((x1 - x0) / w), float((y1 - y0) / h))


def measure_mask(mask: np.ndarray) -> MaskTraits:
    """``mask``: uint8 (0..255) or float (0..1) probability over the whole photo."""
    m = mask.astype(np.float32)
    if mask.dtype == np.uint8:
        m /= 255.0
    m = thumbnail(m[..., None] if m.ndim == 2 else m)
    if m.ndim == 3:
        m = m[..., 0]
    h, w = m.shape
    fg = m >= 0.5
    total = int(fg.sum())
    if total < 0.002 * h * w:
        return MaskTraits(Rect.full(), 0.0, 0.0, 1.0, 0.0)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(fg.astype(np.uint8), connectivity=8)
    keep = [i for i in range(1, n) if stats[i, cv2.CC_STAT_AREA] >= 0.03 * total]
    x0 = min(stats[i, cv2.CC_STAT_LEFT] for i in keep)
    y0 = min(stats[i, cv2.CC_STAT_TOP] for i in keep)
    x1 = max(stats[i, cv2.CC_STAT_LEFT] + stats[i, cv2.CC_STAT_WIDTH] for i in keep)
    y1 = max(stats[i, cv2.CC_STAT_TOP] + stats[i, cv2.CC_STAT_HEIGHT] for i in keep)
    ring = np.zeros_like(fg)
    b = max(1, round(0.01 * min(h, w)))
    ring[:b], ring[-b:], ring[:, :b], ring[:, -b:] = True, True, True, True
    undecided = int(((m > 0.15) & (m < 0.85)).sum())
    return MaskTraits(
        box=Rect(float(x0 / w), float(y0 / h), float((x1 - x0) / w), float((y1 - y0) / h)),
        area=total / (h * w),
        edge=float(fg[ring].mean()),
        ambiguity=undecided / total,
        strength=float(m[fg].mean() - m[~fg].mean()) if (~fg).any() else 0.0,
    )


# --------------------------------------------------------------------------- the rules


def choose_layout(
    traits: PhotoTraits,
    frame_w: int,
    frame_h: int,
    focus: Rect | None = None,
    mask: MaskTraits | None = None,
    *,
    fill: str = "auto",
    framed: bool = False,
) -> Layout:
    """The scene's layout (see the module docstring for the order of the rules).

    ``framed``: the seller framed this scene in the Ken Burns editor, which shows the photo
    where ``fitted_photo_rect`` puts it; that placement is kept (the backdrop around it still
    continues seamlessly when it is plain)."""
    iw, ih = traits.width, traits.height
    f = focus.clamped() if focus is not None else None
    mismatch = _mismatch(iw, ih, frame_w, frame_h)
    if framed:
        if mismatch <= COVER_SLACK:
            return _cover(iw, ih, frame_w, frame_h, f, "the photo has the frame's shape")
        return _fitted(traits, frame_w, frame_h, f, "blur" if fill == "blur" else "card")
    if f is not None:
        detail = _detail(iw, ih, frame_w, frame_h, f)
        if detail is not None:
            return detail
    if mismatch <= COVER_SLACK:
        return _cover(iw, ih, frame_w, frame_h, f, "the photo has the frame's shape")
    if fill == "blur":
        return _fitted(traits, frame_w, frame_h, f, "blur")
    extended = _extend(traits, frame_w, frame_h, f)
    if extended is not None:
        return extended
    crop = _cover(iw, ih, frame_w, frame_h, f, "a busy photo cropped to fill the frame")
    if f is not None and _focus_survives(f, crop.image, FOCUS_MARGIN):
        return crop  # what matters stays whole, with room around it
    if mismatch <= MODERATE_CROP:
        return crop  # a small crop: a split would leave too narrow a panel
    if mask is not None and mask.clean:
        return _cutout(iw, ih, frame_w, frame_h, mask)
    split = _split(iw, ih, frame_w, frame_h, f)
    return Layout(split.kind, split.why, split.image, split.subject, split.panel, wants_mask=True)


def wants_mask(
    traits: PhotoTraits,
    frame_w: int,
    frame_h: int,
    focus: Rect | None = None,
    *,
    fill: str = "auto",
    framed: bool = False,
) -> bool:
    """Whether the rules reach the cut-out step, so a mask is worth computing."""
    return choose_layout(traits, frame_w, frame_h, focus, None, fill=fill, framed=framed).wants_mask


def _mismatch(iw: int, ih: int, fw: int, fh: int) -> float:
    a, b = iw / ih, fw / fh
    return max(a / b, b / a)


def _max_scale(fw: int, fh: int) -> float:
    """Largest frame-normalised scale (frame pixels per photo pixel at the actual output
    size) that stays within ``MAX_UPSCALE`` at the reference export size."""
    return MAX_UPSCALE * min(fw, fh) / REFERENCE_SHORT_SIDE


def layout_scale_limit(iw: int, ih: int, fw: int, fh: int) -> float:
    """The largest scale (frame pixels per photo pixel) any layout of this photo in this
    frame uses: what decoding must provide."""
    return max(fw / iw, fh / ih, _max_scale(fw, fh))


def _cover(iw: int, ih: int, fw: int, fh: int, f: Rect | None, why: str) -> Layout:
    s = max(fw / iw, fh / ih)
    w, h = iw * s / fw, ih * s / fh
    cx, cy = (f.cx, f.cy) if f is not None else (0.5, 0.5)
    image = Rect(_origin(w, cx), _origin(h, cy), w, h)
    return Layout("cover", why, image, Rect.full())


def _origin(size: float, centre: float) -> float:
    """Start of a photo ``size`` frames long along one axis: centred if it fits, else the point
    ``centre`` (photo coordinates) as near the middle as covering the frame allows."""
    if size <= 1.0:
        return (1.0 - size) / 2
    return min(max(0.5 - centre * size, 1.0 - size), 0.0)


def _focus_survives(f: Rect, image: Rect, margin: float) -> bool:
    """Whether the focus region stays inside the frame with ``margin`` to spare."""
    x0, y0 = image.x + f.x * image.w, image.y + f.y * image.h
    x1, y1 = x0 + f.w * image.w, y0 + f.h * image.h
    return x0 >= margin and y0 >= margin and x1 <= 1 - margin and y1 <= 1 - margin


def _fitted(
    traits: PhotoTraits, fw: int, fh: int, f: Rect | None, busy: Literal["blur", "card"]
) -> Layout:
    """The classic placement (``fitted_photo_rect``): plain sides continue, else ``busy``."""
    iw, ih = traits.width, traits.height
    s = fit_scale(iw, ih, fw, fh, f)
    w, h = iw * s / fw, ih * s / fh
    image = Rect(_origin(w, f.cx if f else 0.5), _origin(h, f.cy if f else 0.5), w, h)
    horizontal = w < 1.0
    sides = (traits.plain[0], traits.plain[2]) if horizontal else (traits.plain[1], traits.plain[3])
    why = "the theme asks for blurred fill" if busy == "blur" else "the seller framed the photo"
    if all(sides):
        plain = (True, False, True, False) if horizontal else (False, True, False, True)
        return Layout("extend", f"{why}; plain backdrop", image, _visible(image), plain=plain)
    return Layout(busy, why, image, _visible(image))


def _visible(r: Rect) -> Rect:
    x0, y0 = max(r.x, 0.0), max(r.y, 0.0)
    x1, y1 = min(r.x + r.w, 1.0), min(r.y + r.h, 1.0)
    return Rect(x0, y0, max(0.0, x1 - x0), max(0.0, y1 - y0))


def _detail(iw: int, ih: int, fw: int, fh: int, f: Rect) -> Layout | None:
    """A full-bleed close-up of a small focus region, if the photo has the pixels for it."""
    if f.w * f.h > DETAIL_MAX_AREA or max(f.w, f.h) > DETAIL_MAX_SIDE:
        return None
    aspect = fw / fh
    # the crop (image pixels) keeps the frame's shape and shows the focus with room around it
    need_w, need_h = f.w * iw * DETAIL_ROOM, f.h * ih * DETAIL_ROOM
    cw = max(need_w, need_h * aspect)
    ch = cw / aspect
    if cw > iw or ch > ih:
        return None
    if fw / cw > _max_scale(fw, fh):  # too few pixels: the close-up would look soft
        return None
    x = min(max(f.cx * iw - cw / 2, 0.0), iw - cw)
    y = min(max(f.cy * ih - ch / 2, 0.0), ih - ch)
    w, h = iw / cw, ih / ch
    image = Rect(-x / cw, -y / ch, w, h)
    return Layout("detail", "a small focus region with pixels to spare", image, Rect.full())


def _extend(traits: PhotoTraits, fw: int, fh: int, f: Rect | None) -> Layout | None:
    """The photo placed so that only plain backdrop needs continuing; None if that cannot be."""
    iw, ih = traits.width, traits.height
    left, top, right, bottom = traits.plain
    if not (left or top or right or bottom):
        return None
    # whole: with the backdrop continuing, cropping toward the focus would only cut the photo
    s = min(fw / iw, fh / ih)
    cx, cy, tx, ty = 0.5, 0.5, 0.5, 0.5
    why = "plain backdrop continued"
    if traits.all_plain and traits.content != Rect.full():
        # the backdrop is free to crop: size the product itself to the frame's stage
        stage = stage_for(fw, fh)
        c = traits.content
        cw, ch = c.w + 2 * CONTENT_MARGIN, c.h + 2 * CONTENT_MARGIN
        s = min(stage.w * fw / (cw * iw), stage.h * fh / (ch * ih))
        s = min(s, max(fit_scale(iw, ih, fw, fh), _max_scale(fw, fh)))
        cx, cy, tx, ty = c.cx, c.cy, stage.cx, stage.cy
        why = "plain backdrop continued, the product sized to the frame"
    else:
        # a photo that stands on one edge of the frame leaves the opposite, plain side free
        # for the caption: a headroom band the text can sit in without touching the picture
        # (unless the frame leaves wide bands beside it anyway)
        w0, h0 = iw * s / fw, ih * s / fh
        axes = (
            (h0, w0, fh / ih, (top, bottom), left and right),  # vertical
            (w0, h0, fw / iw, (left, right), top and bottom),  # horizontal
        )
        for size, across, per_pixel, (one, other), across_plain in axes:
            narrow = (1.0 - across) / 2 < CAPTION_BAND
            if one != other and across_plain and narrow and size > 1.0 - CAPTION_HEADROOM:
                s = min(s, (1.0 - CAPTION_HEADROOM) * per_pixel)
    w, h = iw * s / fw, ih * s / fh
    if left and right and w <= 1.0 - 2 * CAPTION_BAND and not traits.all_plain:
        # two narrow bands hold no caption; one wide one does: the photo moves to the left
        tx, cx = OFF_CENTRE_MARGIN + w / 2, 0.5
    x = _anchored(w, cx, tx, left, right)
    y = _anchored(h, cy, ty, top, bottom)
    if x is None or y is None:
        return None
    image = Rect(x, y, w, h)
    subject = _visible(image)
    if traits.all_plain and traits.content != Rect.full():
        c = traits.content
        subject = _visible(Rect(x + c.x * w, y + c.y * h, c.w * w, c.h * h))
    continued = (
        left and image.x > 0,
        top and image.y > 0,
        right and image.x + image.w < 1,
        bottom and image.y + image.h < 1,
    )
    if not any(continued):
        return Layout("cover", f"{why}: the photo fills the frame", image, subject)
    return Layout("extend", why, image, subject, plain=continued)


def _anchored(
    size: float, centre: float, target: float, start_ok: bool, end_ok: bool
) -> float | None:
    """Start of the photo along one axis: ``centre`` (photo coordinates) at ``target`` (frame
    coordinates), moved so that a side that is not plain reaches the frame's edge; None when
    both sides are busy and the photo is too short to reach both."""
    x = target - centre * size
    if not start_ok:
        x = min(x, 0.0)
    if not end_ok:
        x = max(x, 1.0 - size)
    if (not start_ok and x > 1e-6) or (not end_ok and x + size < 1.0 - 1e-6):
        return None
    return x


def _cutout(iw: int, ih: int, fw: int, fh: int, mask: MaskTraits) -> Layout:
    stage = stage_for(fw, fh)
    b = mask.box
    s = min(stage.w * fw / (b.w * iw), stage.h * fh / (b.h * ih))
    s = min(s, max(min(fw / iw, fh / ih), _max_scale(fw, fh)))
    w, h = iw * s / fw, ih * s / fh
    image = Rect(stage.cx - b.cx * w, stage.cy - b.cy * h, w, h)
    product = Rect(image.x + b.x * w, image.y + b.y * h, b.w * w, b.h * h)
    # its shadows belong to it: a soft halo around, the contact shadow below
    m = SHADOW_REACH * max(product.w * fw, product.h * fh)
    mx, my = m / fw, m / fh
    subject = Rect(
        product.x - mx, product.y - my, product.w + 2 * mx, product.h + 2 * my + 0.04 * product.h
    )
    return Layout("cutout", "a clean product mask on a busy photo", image, _visible(subject))


def _split(iw: int, ih: int, fw: int, fh: int, f: Rect | None) -> Layout:
    """Photo on one side, brand panel on the other: photo left when the photo is narrower than
    the frame, else one above the other (the panel on top in portrait)."""
    side_by_side = iw / ih < fw / fh
    if side_by_side:
        share = min(max((fh * iw / ih) / fw, SPLIT_PHOTO_SHARE[0]), SPLIT_PHOTO_SHARE[1])
        photo_area = Rect(0.0, 0.0, share, 1.0)
        panel = Rect(share, 0.0, 1.0 - share, 1.0)
    elif fh > fw * 1.2:  # portrait: the headline on top, clear of the platforms' buttons
        share = min(max((fw * ih / iw) / fh, SPLIT_PHOTO_SHARE[0]), SPLIT_PHOTO_SHARE[1])
        photo_area = Rect(0.0, 1.0 - share, 1.0, share)
        panel = Rect(0.0, 0.0, 1.0, 1.0 - share)
    else:
        share = min(max((fw * ih / iw) / fh, SPLIT_PHOTO_SHARE[0]), SPLIT_PHOTO_SHARE[1])
        photo_area = Rect(0.0, 0.0, 1.0, share)
        panel = Rect(0.0, share, 1.0, 1.0 - share)
    # the photo covers its side (frame pixels: area width * fw ...)
    aw, ah = photo_area.w * fw, photo_area.h * fh
    s = max(aw / iw, ah / ih)
    w, h = iw * s / fw, ih * s / fh
    cx, cy = (f.cx, f.cy) if f is not None else (0.5, 0.5)
    x = photo_area.x + _origin(w / photo_area.w, cx) * photo_area.w
    y = photo_area.y + _origin(h / photo_area.h, cy) * photo_area.h
    why = "the photo's shape fights the frame's and it cannot be cut out cleanly"
    return Layout("split", why, Rect(x, y, w, h), photo_area, panel)
