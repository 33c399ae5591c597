"""Where on-screen text is and how tall it is, measured the same way before and after a render.

Both measure lines of text with the OCR detector (studio.analysis.ocr): before rendering, on
each scene's burned-in caption as the renderer draws it (its overlay composed over mid grey,
so a photo's own print is not mistaken for a caption); after rendering, on frames of the
video. A line's height is the detector's box around it, scaled to a 1080-pixel short side
(core.platforms explains the measure and the limit it is compared with).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from studio.core.geometry import Rect
from studio.render.plan import RenderPlan

REFERENCE_SHORT_SIDE = 1080  # "at 1080p"
GREY = 128  # behind a caption overlay while it is read: white and dark text both stand out
REGION_PAD = 0.02  # of the frame, around a caption's box, so the detector sees its edges


@dataclass(frozen=True)
class TextLine:
    scene: int  # index into the plan's scenes; -1 when the plan is unknown
    text: str
    box: Rect  # normalised frame coordinates
    frame_size: tuple[int, int]  # (width, height) of the frame it was read from

    @property
    def height_px(self) -> float:
        return self.box.h * self.frame_size[1]

    @property
    def height_1080(self) -> float:
        """The line's height on a frame whose short side is 1080 pixels."""
        return self.height_px * REFERENCE_SHORT_SIDE / min(self.frame_size)


@dataclass(frozen=True)
class CaptionShot:
    """One burned-in caption as drawn: its scene, a moment it is fully shown, the part of the
    frame it covers (padded), and the overlay itself."""

    scene: int
    time: float
    region: Rect
    overlay: Any  # render.overlay.CaptionOverlay


def caption_shots(plan: RenderPlan) -> Iterator[CaptionShot]:
    """Every caption of ``plan`` (each page of a paged caption), drawn at the plan's size."""
    from studio.render.frame import FrameRenderer

    if not plan.burn_captions:
        return
    renderer = FrameRenderer(plan, cached_scenes=1)
    w, h = plan.width, plan.height
    for i, scene in enumerate(plan.scenes):
        prepared = renderer.prepared(i)
        shown = [(scene.start + scene.duration / 2, prepared.overlay)]
        shown += [((a + b) / 2, page) for a, b, page in prepared.pages]
        for t, overlay in shown:
            if overlay is None:
                continue
            x0, y0, x1, y1 = overlay.bbox
            region = _padded(Rect(x0 / w, y0 / h, (x1 - x0) / w, (y1 - y0) / h))
            yield CaptionShot(i, t, region, overlay)


def caption_lines(plan: RenderPlan) -> Iterator[TextLine]:
    """The lines of every burned-in caption of ``plan``, read from the overlays the renderer
    draws, each composed over mid grey."""
    for shot in caption_shots(plan):
        frame = np.full((plan.height, plan.width, 3), GREY, np.uint8)
        shot.overlay.blend_into(frame)  # BGR over grey: the channel order does not matter here
        yield from frame_lines(frame[:, :, ::-1], shot.scene, shot.region)


def inside(line: TextLine, region: Rect) -> bool:
    """Whether the line's centre lies in ``region``."""
    b = line.box
    return region.x <= b.cx <= region.x + region.w and region.y <= b.cy <= region.y + region.h


def frame_lines(rgb: np.ndarray, scene: int = -1, region: Rect | None = None) -> list[TextLine]:
    """The lines of text in one RGB frame (only inside ``region`` when given)."""
    from studio.analysis.ocr import read_text

    h, w = rgb.shape[:2]
    return [
        TextLine(scene, line.text, line.box, (w, h))
        for line in read_text(np.ascontiguousarray(rgb), region)
    ]


def _padded(r: Rect) -> Rect:
    return Rect(r.x - REGION_PAD, r.y - REGION_PAD, r.w + 2 * REGION_PAD, r.h + 2 * REGION_PAD)


def outside_zone(
    line: TextLine, top: float, bottom: float, left: float, right: float
) -> dict[str, float]:
    """How far (fraction of the frame) the line reaches into each covered margin."""
    b = line.box
    into = {
        "top": top - b.y,
        "bottom": (b.y + b.h) - (1 - bottom),
        "left": left - b.x,
        "right": (b.x + b.w) - (1 - right),
    }
    return {side: v for side, v in into.items() if v > 0}
