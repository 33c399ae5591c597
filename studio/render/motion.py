"""Ken Burns motion: which crop of the fitted frame is on screen at each moment.

Rects are in fitted-frame coordinates (``Rect.full()`` is the whole frame at zoom 1) and keep
the frame's aspect, so a rect's width is 1 / zoom. Automatic motion is a slow zoom of about
12 % toward the region that matters, alternating in and out between scenes so a slideshow
breathes instead of pumping the same way every time.
"""

from __future__ import annotations

import random

from studio.core.geometry import Rect
from studio.core.model import Motion

COVER_SLACK = 1.06  # a photo this close to the frame's aspect fills it rather than show slivers
PLAIN_EDGE_STD = 9.0  # photo edges this even (per channel std) continue into the bars seamlessly
MIN_ZOOM = 1.03  # even a photo whose subject fills the frame gets a little movement
FOCUS_BREATHING = 1.08  # the tight crop leaves this much room around the focus region
FOCUS_MARGIN = 0.05  # a photo cropped to fill keeps this much frame free on each side of the focus


def fit_scale(
    image_w: int, image_h: int, frame_w: int, frame_h: int, focus: Rect | None = None
) -> float:
    """How much a photo is scaled to sit in the frame.

    A photo within ``COVER_SLACK`` of the frame's aspect fills it. Otherwise it is shown whole,
    unless the scene marks a ``focus`` region (image coordinates): then it is enlarged toward
    filling the frame, cropping what overflows, as far as the focus region still fits
    across the frame with ``FOCUS_MARGIN`` to spare. A portrait or square video of a 4:5 product
    shot then shows the product large instead of between two wide bands. A landscape photo in
    a landscape video stays whole: the bars there are narrow, and the photographer's framing
    is kept.
    """
    fit = min(frame_w / image_w, frame_h / image_h)
    cover = max(frame_w / image_w, frame_h / image_h)
    if cover / fit <= COVER_SLACK:
        return cover
    if focus is None or (frame_w > frame_h and image_w > image_h):
        return fit
    f = focus.clamped()
    room = 1.0 - 2.0 * FOCUS_MARGIN
    if (
        frame_w / image_w < frame_h / image_h
    ):  # whole, it spans the width: enlarging crops the sides
        limit = room * frame_w / (f.w * image_w)
    else:
        limit = room * frame_h / (f.h * image_h)
    return min(max(limit, fit), cover)


def fitted_photo_rect(
    image_w: int, image_h: int, frame_w: int, frame_h: int, focus: Rect | None = None
) -> Rect:
    """Where a photo sits in the frame (normalised), scaled by ``fit_scale``.

    The renderer and the Ken Burns editor both place photos with this, so they agree. The rect
    extends beyond 0..1 along an axis the photo overflows; there the photo still covers the
    frame, shifted so the focus region's centre comes as close to the frame's centre as that
    allows. Along an axis it does not fill, and whenever no focus steers it, it is centred.
    """
    if image_w <= 0 or image_h <= 0 or frame_w <= 0 or frame_h <= 0:
        return Rect.full()
    s = fit_scale(image_w, image_h, frame_w, frame_h, focus)
    w, h = image_w * s / frame_w, image_h * s / frame_h
    fit = min(frame_w / image_w, frame_h / image_h)
    cover = max(frame_w / image_w, frame_h / image_h)
    anchor = focus.clamped() if focus is not None and cover / fit > COVER_SLACK else None
    return Rect(
        _axis_origin(w, anchor.cx if anchor else 0.5),
        _axis_origin(h, anchor.cy if anchor else 0.5),
        w,
        h,
    )


def _axis_origin(size: float, centre: float) -> float:
    """Start of a photo ``size`` frames long along one axis: centred if it fits, else the point
    ``centre`` (photo coordinates) as near the middle as covering the frame allows."""
    if size <= 1.0:
        return (1.0 - size) / 2
    return min(max(0.5 - centre * size, 1.0 - size), 0.0)


def visible(r: Rect) -> Rect:
    """The part of ``r`` inside the frame (a sliver at the nearest edge if none is)."""
    if r.x >= 0.0 and r.y >= 0.0 and r.x + r.w <= 1.0 and r.y + r.h <= 1.0:
        return r.clamped()
    x0, y0 = min(max(r.x, 0.0), 1.0), min(max(r.y, 0.0), 1.0)
    x1, y1 = min(max(r.x + r.w, x0), 1.0), min(max(r.y + r.h, y0), 1.0)
    return Rect(x0, y0, x1 - x0, y1 - y0).clamped()


def ease(x: float) -> float:
    """Mostly smoothstep, with some linear mixed in so the camera never quite stops: a
    full stop would show as a freeze during crossfades that extend past the scene."""
    x = min(max(x, 0.0), 1.0)
    return 0.35 * x + 0.65 * x * x * (3.0 - 2.0 * x)


def rect_at(motion: Motion, progress: float) -> Rect:
    """The crop at ``progress`` (0..1 over the scene's visible time), eased."""
    return motion.start.clamped().lerp(motion.end.clamped(), ease(progress))


def max_zoom(motion: Motion) -> float:
    """Largest magnification the motion reaches (decides how finely to pre-scale)."""
    smallest = min(
        motion.start.clamped().w,
        motion.end.clamped().w,
        motion.start.clamped().h,
        motion.end.clamped().h,
    )
    return 1.0 / smallest


def image_to_frame(r: Rect, image_rect: Rect) -> Rect:
    """Map a rect in image coordinates to fitted-frame coordinates, given where the image
    sits in the frame (``image_rect``)."""
    return Rect(
        image_rect.x + r.x * image_rect.w,
        image_rect.y + r.y * image_rect.h,
        r.w * image_rect.w,
        r.h * image_rect.h,
    )


def auto_motion(seed: int, focus: Rect | None, subject: Rect | None = None) -> Motion:
    """A slow zoom toward ``focus`` (fitted-frame coordinates), or toward the photo
    (``subject``, its area in the frame) when nothing is marked. Only their parts inside the
    frame count: a photo cropped to fill extends beyond it.

    Even seeds zoom in, odd seeds zoom out; the seed also varies the amount and, without a
    focus, nudges the target off-centre. Every crop along the way contains the focus region
    whenever it fits: both ends contain it, and so does anything between them.
    """
    rng = random.Random(seed * 7919 + 17)
    zoom = 1.09 + 0.05 * rng.random()
    side = 1.0 / zoom
    if focus is not None:
        f = visible(focus)
        need = max(f.w, f.h) * FOCUS_BREATHING
        side = min(max(side, need), 1.0 / MIN_ZOOM)
        cx, cy = f.cx, f.cy
    else:
        s = visible(subject or Rect.full())
        cx = s.cx + (rng.random() - 0.5) * 0.08 * s.w
        cy = s.cy + (rng.random() - 0.5) * 0.08 * s.h
    tight = Rect(cx - side / 2, cy - side / 2, side, side).clamped()
    wide = Rect.full()
    return Motion(wide, tight) if seed % 2 == 0 else Motion(tight, wide)


def in_view(r: Rect, crop: Rect) -> Rect:
    """Where ``r`` (fitted-frame coordinates) appears on screen while ``crop`` is shown."""
    return Rect((r.x - crop.x) / crop.w, (r.y - crop.y) / crop.h, r.w / crop.w, r.h / crop.h)


MOTION_SAMPLES = 9  # points along a scene's motion at which on-screen regions are measured


def region_over_motion(r: Rect, motion: Motion) -> Rect | None:
    """The part of the screen that ``r`` (fitted-frame coordinates) touches at any moment of
    ``motion``: what a caption must stay clear of to never cover it. None if never on screen."""
    boxes = [
        _on_screen(in_view(r, rect_at(motion, k / (MOTION_SAMPLES - 1))))
        for k in range(MOTION_SAMPLES)
    ]
    shown = [b for b in boxes if b is not None]
    if not shown:
        return None
    x0, y0 = min(b[0] for b in shown), min(b[1] for b in shown)
    x1, y1 = max(b[2] for b in shown), max(b[3] for b in shown)
    return Rect(x0, y0, x1 - x0, y1 - y0)


def region_throughout(r: Rect, motion: Motion) -> Rect | None:
    """The part of the screen that ``r`` covers at every moment of ``motion`` (a panel a
    caption can sit in all along), or None."""
    x0 = y0 = 0.0
    x1 = y1 = 1.0
    for k in range(MOTION_SAMPLES):
        b = _on_screen(in_view(r, rect_at(motion, k / (MOTION_SAMPLES - 1))))
        if b is None:
            return None
        x0, y0, x1, y1 = max(x0, b[0]), max(y0, b[1]), min(x1, b[2]), min(y1, b[3])
    if x1 <= x0 or y1 <= y0:
        return None
    return Rect(x0, y0, x1 - x0, y1 - y0)


def _on_screen(r: Rect) -> tuple[float, float, float, float] | None:
    x0, y0 = max(r.x, 0.0), max(r.y, 0.0)
    x1, y1 = min(r.x + r.w, 1.0), min(r.y + r.h, 1.0)
    return (x0, y0, x1, y1) if x1 > x0 and y1 > y0 else None
