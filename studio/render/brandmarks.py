"""The brand around the story: the logo as a watermark, and a brand card before the title.

Both are drawn once per renderer. The watermark sits in the kit's corner inside the platform
safe area, at the kit's opacity, and steps aside (fades) on cards that already show the
logo. The intro card is the closing card's logo and brand name on the brand's panel colour,
laid over the start of the first scene rather than added as a scene of its own, so the
video's scenes stay one-to-one with the timeline's (the preview and editor map them so).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from studio.core.errors import MediaError
from studio.render.captions import CaptionOverlay, render_caption, safe_area
from studio.render.logo import load_logo
from studio.render.overlay import Layer
from studio.render.plan import CaptionSpec, RenderPlan, Theme

WATERMARK_HEIGHT = 0.075  # of the frame's short side
WATERMARK_WIDTH = 0.24
INTRO_SECONDS = 1.3  # the card, including its fade
INTRO_FADE = 0.35
INTRO_SHARE = 0.45  # of the first scene at most


def watermark_overlay(theme: Theme, w: int, h: int) -> CaptionOverlay | None:
    """The kit's logo in its corner at full strength (the kit's opacity is applied when it is
    blended); None without a watermark, or when the logo cannot be read."""
    return _watermark(theme.watermark, theme.logo, w, h)


def _watermark(corner: str, logo: Path | None, w: int, h: int) -> CaptionOverlay | None:
    if corner == "none" or logo is None:
        return None
    u = min(w, h)
    try:
        img = load_logo(logo, WATERMARK_HEIGHT * u, WATERMARK_WIDTH * u)
    except MediaError:
        return None  # the closing card reports an unreadable logo; the video goes on without
    safe = safe_area(w, h)
    lw, lh = img.size
    x = safe.left if corner.endswith("left") else safe.right - lw
    y = safe.top if corner.startswith("top") else safe.bottom - lh
    layer = Layer(int(x), int(y), int(x) + lw, int(y) + lh)
    layer.over(img, int(x), int(y))
    return layer.to_overlay(w, h)


@dataclass(frozen=True)
class IntroCard:
    """The brand card over the first moments: a full-frame panel and the logo and name."""

    panel: CaptionOverlay
    card: CaptionOverlay | None
    until: float  # seconds: gone from here on

    def opacity(self, t: float) -> float:
        if t >= self.until:
            return 0.0
        return float(min(1.0, (self.until - t) / INTRO_FADE))


def intro_card(plan: RenderPlan, w: int, h: int) -> IntroCard | None:
    """The intro card the brand kit asks for; None when it does not, or when there is
    neither a logo nor a brand name to show."""
    theme = plan.theme
    if not theme.intro or not plan.scenes:
        return None
    brand = next(
        (s.caption.sub for s in plan.scenes if s.caption is not None and s.caption.style == "cta"),
        "",
    )
    try:
        card = render_caption(CaptionSpec("", "cta", brand), theme, w, h, theme.logo)
    except MediaError:
        card = render_caption(CaptionSpec("", "cta", brand), theme, w, h)
    if card is None:
        return None
    layer = Layer(0, 0, w, h)
    layer.img.paste((*theme.background_rgb, 255), (0, 0, w, h))
    panel = layer.to_overlay(w, h)
    assert panel is not None
    until = min(INTRO_SECONDS, INTRO_SHARE * plan.scenes[0].duration)
    return IntroCard(panel, card, until)
