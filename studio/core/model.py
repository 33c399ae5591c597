"""The evented domain model: Project, Product, ImageAsset, Scene, Timeline, and settings.

Every field change emits a psygnal event (``obj.events.<field>``) and the scene list is an
EventedList (inserted/removed/moved/changed), so views follow the model instead of copying it.
Nothing here knows about Qt, media decoding or rendering.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import ClassVar, Literal, TypeVar

from psygnal import SignalGroupDescriptor
from psygnal.containers import EventedList

from studio.core.geometry import Rect

SceneKind = Literal["title", "bullet", "quote", "cta"]
Transition = Literal["crossfade", "cut"]
MotionStyle = Literal["ken burns", "parallax"]
MusicSource = Literal["generated", "file", "none"]
Preset = Literal["landscape", "portrait", "square"]

SCENE_KINDS: tuple[SceneKind, ...] = ("title", "bullet", "quote", "cta")
TRANSITIONS: tuple[Transition, ...] = ("crossfade", "cut")
# ken burns: the photo pans and zooms as one; parallax: the product, lifted off its backdrop
# with its mask, moves at another rate than the backdrop, as if it stood in space
MOTION_STYLES: tuple[MotionStyle, ...] = ("ken burns", "parallax")
MUSIC_SOURCES: tuple[MusicSource, ...] = ("generated", "file", "none")
PRESETS: dict[str, tuple[int, int]] = {
    # aspect ratio as (width, height) units; the pixel size follows ExportSettings.height
    "landscape": (16, 9),
    "portrait": (9, 16),
    "square": (1, 1),
}
DEFAULT_VOICE = "en_US-joe-medium"

# The four kinds of product video (a Walmart-style brief names them): feature highlights, a
# step-by-step explainer, a customer experience story, and variants compared side by side.
Template = Literal["highlight", "explainer", "experience", "comparison"]
EnhanceChoice = Literal["auto", "always", "never"]
ENHANCE_CHOICES: tuple[EnhanceChoice, ...] = ("auto", "always", "never")
TEMPLATES: tuple[Template, ...] = ("highlight", "explainer", "experience", "comparison")
Fill = Literal["auto", "blur"]  # how a photo fills a frame of another shape
FILLS: tuple[Fill, ...] = ("auto", "blur")
Watermark = Literal["none", "top-left", "top-right", "bottom-left", "bottom-right"]
WATERMARKS: tuple[Watermark, ...] = ("none", "top-left", "top-right", "bottom-left", "bottom-right")
CaptionLook = Literal["animated", "static", "plain"]
CAPTION_LOOKS: tuple[CaptionLook, ...] = ("animated", "static", "plain")


T = TypeVar("T")


def limited(default: T, lo: float, hi: float) -> T:
    """A dataclass field with the range its value may take, declared once: the project reader,
    the CLI and the studio's spin boxes all read it with ``limits``."""
    f: T = field(default=default, metadata={"range": (lo, hi)})
    return f


def limits(cls: type, name: str) -> tuple[float, float]:
    """The (low, high) range a model field declares (see ``limited``)."""
    for f in fields(cls):
        if f.name == name and "range" in f.metadata:
            lo, hi = f.metadata["range"]
            return float(lo), float(hi)
    raise KeyError(f"{cls.__name__}.{name} declares no range")


def new_id() -> str:
    return uuid.uuid4().hex[:12]


@dataclass(frozen=True)
class Motion:
    """Ken Burns framing: start and end crops of the fitted frame (normalised, frame aspect)."""

    start: Rect
    end: Rect


@dataclass(eq=False)
class LocaleText:
    """A product's words in another language, as the seller translated them ("" or an empty
    list: that part is not translated and the main language's stays out of the video)."""

    title: str = ""
    bullets: list[str] = field(default_factory=list)
    price: str = ""  # "49 €" where the main price reads "$49"
    tagline: str = ""
    call_to_action: str = ""
    quotes: list[str] = field(default_factory=list)
    voice: str = ""  # a voice id; "": an installed voice of the language


@dataclass(eq=False)
class Product:
    events: ClassVar[SignalGroupDescriptor] = SignalGroupDescriptor()
    title: str = ""
    bullets: list[str] = field(default_factory=list)
    price: str = ""
    brand: str = ""
    # A short line over the title on the title card ("New for spring", an audience's hook).
    tagline: str = ""
    call_to_action: str = "Shop now"
    logo: str | None = None  # project-relative path
    # What customers said, one per entry ("Fits like a glove. — Ana, Lisbon"): quote cards.
    quotes: list[str] = field(default_factory=list)
    # The same product in other languages, by locale code ("de", "pt_BR", "zh_CN").
    locales: dict[str, LocaleText] = field(default_factory=dict)


@dataclass(frozen=True)
class ImageAsset:
    """One product photo. ``path`` is relative to the project folder and is the image's id."""

    path: str
    alt: str = ""
    # Real-ESRGAN for this photo: "auto" when the video enlarges it, or the seller's choice
    enhance: EnhanceChoice = "auto"


@dataclass(eq=False)
class Scene:
    events: ClassVar[SignalGroupDescriptor] = SignalGroupDescriptor()
    kind: SceneKind = "bullet"
    caption: str = ""
    voice_line: str = ""
    image: str | None = None  # ImageAsset.path
    bullet: int | None = None  # index into Product.bullets for bullet scenes
    source_text: str = ""  # the automatic words (bullet, title line) caption/voice were made from
    duration: float | None = limited(None, 0.5, 120.0)  # None: as long as its voice plus a breath
    motion: Motion | None = None  # None: automatic, toward the focus region
    focus: Rect | None = None  # region of the image that matters (image coordinates)
    motion_style: MotionStyle = "ken burns"  # without a usable product mask: ken burns
    transition: Transition = "crossfade"
    locked: bool = False  # re-planning keeps locked scenes as they are
    edited: bool = (
        False  # the seller changed it (caption, image, framing...): automatic re-plans keep it
    )
    shown: bool = True  # False: the plan found no photo that shows what the line says
    confidence: float | None = None
    reasons: list[str] = field(default_factory=list)
    take: str | None = None  # chosen VoiceTake id; None: the default take for voice_line
    takes: list[str] = field(default_factory=list)  # VoiceTake ids made for this line, newest last
    voice_speed: float | None = limited(None, 0.5, 2.0)  # this line's pace; None: the project's
    pause_before: float = limited(0.0, 0.0, 10.0)  # extra seconds of picture before the line starts
    pause_after: float = limited(
        0.0, 0.0, 10.0
    )  # extra seconds after the line before the next scene
    expressiveness: float = limited(
        0.0, 0.0, 1.0
    )  # 0 = the voice's steady reading, 1 = its liveliest
    id: str = field(default_factory=new_id)


class Timeline:
    """The ordered scenes of the video. ``scenes`` emits inserted/removed/moved/changed.

    ``arranged``: the seller put the scenes in their own order, which automatic re-plans keep.
    ``dismissed``: the words of bullet scenes the seller deleted; re-plans do not bring them back.
    """

    def __init__(
        self,
        scenes: list[Scene] | None = None,
        arranged: bool = False,
        dismissed: list[str] | None = None,
    ) -> None:
        self.scenes: EventedList[Scene] = EventedList(scenes or [])
        self.arranged = arranged
        self.dismissed: list[str] = list(dismissed or [])

    def __len__(self) -> int:
        return len(self.scenes)

    def __iter__(self) -> Iterator[Scene]:
        return iter(self.scenes)

    def index_of(self, scene_id: str) -> int:
        for i, s in enumerate(self.scenes):
            if s.id == scene_id:
                return i
        raise KeyError(scene_id)

    def find(self, scene_id: str) -> Scene:
        return self.scenes[self.index_of(scene_id)]


@dataclass(eq=False)
class VoiceSettings:
    events: ClassVar[SignalGroupDescriptor] = SignalGroupDescriptor()
    voice: str = DEFAULT_VOICE
    speed: float = limited(1.0, 0.5, 2.0)  # 1.0 = the voice's natural pace; 1.2 = 20 % faster


@dataclass(eq=False)
class MusicBed:
    events: ClassVar[SignalGroupDescriptor] = SignalGroupDescriptor()
    source: MusicSource = "generated"
    mood: str = "auto"  # "auto": chosen from the product text
    seed: int = 0
    path: str | None = None  # project-relative imported track when source == "file"
    volume_db: float = limited(-16.0, -60.0, 0.0)  # bed level relative to full scale before ducking
    duck_db: float = limited(12.0, 0.0, 40.0)  # how far the bed dips while speech plays
    snap_to_beats: bool = False  # move scene cuts onto the nearest beat when it is close


@dataclass(eq=False)
class ExportSettings:
    events: ClassVar[SignalGroupDescriptor] = SignalGroupDescriptor()
    preset: Preset = "landscape"
    height: int = limited(
        1080, 144, 2160
    )  # the short side for portrait/square follows the preset's aspect
    fps: int = limited(30, 12, 60)
    burn_captions: bool = True
    srt: bool = True
    vtt: bool = False
    platform: str = ""  # a key of core.platforms.PLATFORMS ("" = generic): its checks and caps
    cover: bool = False  # also write a cover image (the hero with the title) beside the video
    loop: bool = False  # also write a short looping preview (animated WebP) beside the video

    def frame_size(self) -> tuple[int, int]:
        """Pixel size for the preset. ``height`` is the frame height for landscape and the
        frame width for portrait (so ``--height 1080`` gives 1080x1920), both even."""
        aw, ah = PRESETS[self.preset]
        short = int(self.height)
        w: float
        h: float
        if aw >= ah:
            w, h = short * aw / ah, short
        else:
            w, h = short, short * ah / aw
        return _even(w), _even(h)


def _even(v: float) -> int:
    return max(2, int(round(v / 2)) * 2)


@dataclass(eq=False)
class Brand:
    """The look a seller's brand kit gives the video. Colours are "#rrggbb"; fonts are
    project-relative paths (a kit's files are copied into the product folder, so a project
    never points outside it); None uses the house fonts."""

    events: ClassVar[SignalGroupDescriptor] = SignalGroupDescriptor()

    kit: str = ""  # the brand kit this came from ("" = the house look)
    accent: str = "#ffc400"  # price badge, highlights, the current word
    panel: str = "#121216"  # backgrounds, split-layout panels, cards
    text: str = "#ffffff"
    heading_font: str | None = None
    body_font: str | None = None
    intro: bool = False  # a brand card (logo and brand name) before the title
    watermark: Watermark = "none"  # the logo in a corner of every scene
    watermark_opacity: float = limited(0.6, 0.05, 1.0)
    captions: CaptionLook = "animated"  # animated: eased in, the spoken word highlighted
    # a campaign running now ("" = none): a badge in a corner of the title and closing cards,
    # a small date line beside it, and a seasonal colour used instead of ``accent`` while set
    sale_badge: str = ""
    date_line: str = ""
    season_accent: str = ""


@dataclass(eq=False)
class Look:
    events: ClassVar[SignalGroupDescriptor] = SignalGroupDescriptor()
    template: Template = "highlight"
    fill: Fill = (
        "auto"  # auto: backdrop extended, product cut out, split or detail; blur: a blurred copy
    )


class Project:
    """A product and its video: the unit that is saved, planned, voiced and exported.

    ``root`` is the folder that media paths are relative to; it is not saved in the file.
    """

    def __init__(
        self,
        root: Path,
        product: Product | None = None,
        images: list[ImageAsset] | None = None,
        timeline: Timeline | None = None,
        voice: VoiceSettings | None = None,
        music: MusicBed | None = None,
        export: ExportSettings | None = None,
        brand: Brand | None = None,
        look: Look | None = None,
    ) -> None:
        self.root = Path(root)
        self.product = product or Product()
        self.images: EventedList[ImageAsset] = EventedList(images or [])
        self.timeline = timeline or Timeline()
        self.voice = voice or VoiceSettings()
        self.music = music or MusicBed()
        self.export = export or ExportSettings()
        self.brand = brand or Brand()
        self.look = look or Look()

    def image_path(self, rel: str) -> Path:
        return self.root / rel

    def image(self, rel: str) -> ImageAsset:
        for a in self.images:
            if a.path == rel:
                return a
        raise KeyError(rel)
