"""The resolved, immutable description of a video that the frame function and encoder consume.

A RenderPlan is a snapshot: the editable Timeline is resolved into it (durations from voice
takes, absolute media paths, automatic motion), so an export keeps rendering exactly what was
asked even while the user goes on editing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from studio.core.geometry import Rect
from studio.core.model import Motion, MotionStyle

CaptionStyle = Literal["title", "bullet", "quote", "cta"]


@dataclass(frozen=True)
class CaptionSpec:
    text: str  # main line(s): the title, the bullet, or the call to action
    style: CaptionStyle = "bullet"
    sub: str = (
        ""  # secondary line: the title card's price, the closing card's brand, a quote's author
    )
    # a short line over the title card's title (the product's tagline); on the closing card,
    # the product's name when it has neither a brand nor a logo
    kicker: str = ""


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str


@dataclass(frozen=True)
class WordCue:
    """A word of a scene's voice line as written ("$63.00"), while it is heard (absolute
    seconds, like every time in the plan)."""

    start: float
    end: float
    text: str


@dataclass(frozen=True)
class ScenePlan:
    start: float  # seconds from the start of the video
    duration: float
    image: Path | None  # absolute path; None renders the theme's plain background
    caption: CaptionSpec | None = None
    focus: Rect | None = None  # region that matters, image coordinates (0..1)
    motion: Motion | None = None  # explicit framing (fitted-frame coordinates); None: automatic
    transition_in: float = 0.0  # seconds of crossfade from the previous scene (0 = cut)
    logo: Path | None = None  # drawn on the closing card
    seed: int = 0  # varies the automatic motion between scenes deterministically
    # The voice line's words as written, each while it is heard, for captions that highlight
    # the word being spoken; empty when the take has no word timings (or there is no voice).
    words: tuple[WordCue, ...] = ()
    # A long caption shown page by page (absolute times, the same pages as the subtitles);
    # empty: ``caption`` is shown for the whole scene.
    caption_pages: tuple[Cue, ...] = ()
    # The product's salient-object mask (greyscale PNG over the whole photo, cached by the jobs
    # step for scenes whose layout may cut the product out); None: no cut-out.
    mask: Path | None = None
    # "parallax": the product (``mask``) moves at another rate than its backdrop; without a
    # usable mask the scene renders exactly as "ken burns"
    motion_style: MotionStyle = "ken burns"

    @property
    def end(self) -> float:
        return self.start + self.duration


@dataclass(frozen=True)
class Theme:
    font_regular: Path
    font_bold: Path
    text_rgb: tuple[int, int, int] = (255, 255, 255)
    accent_rgb: tuple[int, int, int] = (255, 196, 0)
    background_rgb: tuple[int, int, int] = (18, 18, 22)
    caption_box_rgba: tuple[int, int, int, int] = (0, 0, 0, 150)
    # the brand kit (studio.core.model.Brand, resolved by render.brand_theme.theme_for)
    template: str = "highlight"  # highlight | explainer | experience | comparison
    fill: str = "auto"  # auto: fill the frame on purpose; blur: a blurred copy of the photo
    captions: str = "animated"  # animated | static | plain
    intro: bool = False
    watermark: str = "none"  # none | top-left | top-right | bottom-left | bottom-right
    watermark_opacity: float = 0.6
    logo: Path | None = None
    # a campaign (studio.render.campaign): a badge and a date line on the title and closing
    # cards; "" draws nothing. A seasonal colour is already in ``accent_rgb``.
    sale_badge: str = ""
    date_line: str = ""


@dataclass(frozen=True)
class RenderPlan:
    width: int
    height: int
    fps: int
    scenes: tuple[ScenePlan, ...]
    theme: Theme
    burn_captions: bool = True
    cues: tuple[Cue, ...] = field(default_factory=tuple)

    @property
    def duration(self) -> float:
        return self.scenes[-1].end if self.scenes else 0.0

    @property
    def frame_count(self) -> int:
        return int(round(self.duration * self.fps))

    def scene_at(self, t: float) -> int:
        """Index of the scene that owns time t (the last one for t past the end)."""
        for i, s in enumerate(self.scenes):
            if t < s.end:
                return i
        return len(self.scenes) - 1
