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


def fit_scale(image_w: int, image_h: int, frame_w: int, frame_h: int) -> float:
    """How much a photo is scaled to sit in the frame: whole and centred, or filling the frame
    when its aspect is within ``COVER_SLACK`` of the frame's."""
    fit = min(frame_w / image_w, frame_h / image_h)
    cover = max(frame_w / image_w, frame_h / image_h)
    return cover if cover / fit <= COVER_SLACK else fit


def fitted_photo_rect(image_w: int, image_h: int, frame_w: int, frame_h: int) -> Rect:
    """Where a photo sits in the frame (normalised), as ``fit_scale`` places it."""
    if image_w <= 0 or image_h <= 0 or frame_w <= 0 or frame_h <= 0:
        return Rect.full()
    fit = fit_scale(image_w, image_h, frame_w, frame_h)
    w, h = image_w * fit / frame_w, image_h * fit / frame_h
    return Rect(max(0.0, (1 - w) / 2), max(0.0, (1 - h) / 2), min(1.0, w), min(1.0, h))


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
    smallest = min(motion.start.clamped().w, motion.end.clamped().w,
                   motion.start.clamped().h, motion.end.clamped().h)
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
    (``subject``, its area in the frame) when nothing is marked.

    Even seeds zoom in, odd seeds zoom out; the seed also varies the amount and, without a
    focus, nudges the target off-centre. Every crop along the way contains the focus region
    whenever it fits: both ends contain it, and so does anything between them.
    """
    rng = random.Random(seed * 7919 + 17)
    zoom = 1.09 + 0.05 * rng.random()
    side = 1.0 / zoom
    if focus is not None:
        f = focus.clamped()
        need = max(f.w, f.h) * FOCUS_BREATHING
        side = min(max(side, need), 1.0 / MIN_ZOOM)
        cx, cy = f.cx, f.cy
    else:
        s = (subject or Rect.full()).clamped()
        cx = s.cx + (rng.random() - 0.5) * 0.08 * s.w
        cy = s.cy + (rng.random() - 0.5) * 0.08 * s.h
    tight = Rect(cx - side / 2, cy - side / 2, side, side).clamped()
    wide = Rect.full()
    return Motion(wide, tight) if seed % 2 == 0 else Motion(tight, wide)
