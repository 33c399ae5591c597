"""What each marketplace accepts: one table of rules, each with where it comes from.

A platform is an export preset (the shape and size the studio renders for it) plus its rules.
Every rule names its source (a URL, or a document's name where the page has no stable
address) and the day it was last checked against that source. When a platform changes its
limits, edit the rule here: the CLI's ``studio check``, ``render --for`` and the export dialog
all read this table, and nothing else holds a platform's figures.

Sizes in bytes use decimal megabytes (1 MB = 1,000,000 bytes), the stricter reading of a cap
written as "10 MB" (eBay gives its cap in bytes, and that figure is used as is).

Text size is measured as the height of the box a text detector draws around one line of
text, in pixels of a frame whose short side is 1080 (so a 720p video's text is scaled by
1.5 before comparing). Amazon asks for at least 30 pt "at 1080p"; 30 pt at 96 px per inch
is 40 px of font size, and the detector's box runs about 10 % taller than the font size on
the studio's caption fonts (measured: 60 px type gives a 65 px box), hence 44 px.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from studio.core.model import Preset

CHECKED = "2026-11-28"  # the day these rules were last compared with their sources
MB = 1_000_000

Severity = Literal["fail", "warn"]
RuleKind = Literal[
    "aspect",  # the frame's shape
    "frame_size",  # pixel size bounds
    "codec",  # video codec and container
    "duration",  # seconds
    "file_size",  # bytes
    "captions",  # caption or subtitle requirements
    "safe_zone",  # where text may go
    "text_size",  # smallest on-screen text
    "black_ends",  # no black or empty first/last frame
    "bars",  # no letterbox or pillarbox bars
    "content",  # words and claims the picture and voice must not carry
]
# Kinds of claims a content rule can forbid (see studio.core.claims)
ClaimKind = Literal["price", "promotion", "rating", "review", "url", "deadline"]
CLAIM_NAMES: dict[str, str] = {
    "price": "prices",
    "promotion": "promotions",
    "rating": "star ratings",
    "review": "customer reviews",
    "url": "URLs",
    "deadline": "time-limited claims",
}


@dataclass(frozen=True)
class Source:
    """Where a rule comes from and when it was compared with it."""

    name: str
    url: str = ""
    checked: str = CHECKED

    def __str__(self) -> str:
        where = f"{self.name} <{self.url}>" if self.url else self.name
        return f"{where}, checked {self.checked}"


@dataclass(frozen=True)
class SafeZone:
    """Margins (fractions of the frame) that the platform's own interface covers."""

    top: float
    bottom: float
    left: float
    right: float


@dataclass(frozen=True)
class Rule:
    """One requirement. Only the fields its ``kind`` uses are set."""

    kind: RuleKind
    source: Source
    severity: Severity = "fail"
    note: str = ""  # shown after the rule: which use of the video it applies to
    aspects: tuple[str, ...] = ()  # "16:9", "9:16", "1:1"
    min_size: tuple[int, int] | None = None  # (long side, short side) at least
    max_size: tuple[int, int] | None = None  # (long side, short side) at most
    codecs: tuple[str, ...] = ()  # ffmpeg codec names: "h264", "hevc"
    containers: tuple[str, ...] = ()  # file suffixes: ".mp4", ".mov"
    seconds: tuple[float | None, float | None] = (None, None)  # (at least, at most)
    below: bool = False  # the duration must be strictly under the upper limit
    max_bytes: int | None = None
    caption_format: Literal["", "any", "vtt"] = ""  # the sidecar file the platform takes
    describe_music: bool = False  # stretches with only music carry a [MUSIC PLAYING] cue
    zone: SafeZone | None = None
    min_text_px: float | None = None  # see the module docstring for the measure
    claims: tuple[ClaimKind, ...] = ()

    def describe(self) -> str:
        """The rule in a few words, as the check prints it."""
        text = _describe(self)
        return f"{text} ({self.note})" if self.note else text


@dataclass(frozen=True)
class Platform:
    key: str  # what --for takes
    name: str
    preset: Preset  # the shape rendered for it
    height: int  # ExportSettings.height: the short side in pixels
    rules: tuple[Rule, ...] = field(default_factory=tuple)

    def rule(self, kind: RuleKind) -> Rule | None:
        """The first rule of ``kind`` (a platform may state several, e.g. two durations)."""
        return next((r for r in self.rules if r.kind == kind), None)

    def rules_of(self, kind: RuleKind) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.kind == kind)

    @property
    def max_bytes(self) -> int | None:
        """The smallest file-size cap among the rules that fail (the encoder aims under it)."""
        caps = [
            r.max_bytes for r in self.rules_of("file_size") if r.max_bytes and r.severity == "fail"
        ]
        return min(caps) if caps else None

    @property
    def wants_vtt(self) -> bool:
        return any(r.caption_format == "vtt" for r in self.rules_of("captions"))

    @property
    def describes_music(self) -> bool:
        return any(r.describe_music for r in self.rules_of("captions"))


def _size(s: tuple[int, int]) -> str:
    return f"{s[0]}x{s[1]}"


def _describe(r: Rule) -> str:
    if r.kind == "aspect":
        return "aspect " + " or ".join(r.aspects)
    if r.kind == "frame_size":
        if r.min_size and r.max_size:
            return f"frame {_size(r.min_size)} to {_size(r.max_size)}"
        if r.min_size:
            return f"frame at least {_size(r.min_size)}"
        return f"frame at most {_size(r.max_size or (0, 0))}"
    if r.kind == "codec":
        names = {"h264": "H.264", "hevc": "H.265"}
        codecs = " or ".join(names.get(c, c) for c in r.codecs)
        return f"{codecs} in {' or '.join(r.containers)}" if r.containers else codecs
    if r.kind == "duration":
        lo, hi = r.seconds
        if lo is not None and hi is not None:
            return f"duration {lo:g}-{hi:g} s"
        if hi is not None:
            return f"duration {'under' if r.below else 'at most'} {_seconds(hi)}"
        return f"duration at least {lo:g} s"
    if r.kind == "file_size":
        return f"file at most {_bytes(r.max_bytes or 0)}"
    if r.kind == "captions":
        if r.caption_format == "vtt":
            text = "captions as a WebVTT (.vtt) file"
            return text + (", music-only stretches as [MUSIC PLAYING]" if r.describe_music else "")
        return "captions (burned in or a subtitle file)"
    if r.kind == "safe_zone":
        z = r.zone or SafeZone(0, 0, 0, 0)
        return (
            f"text out of the top {z.top:.0%}, bottom {z.bottom:.0%} and "
            f"{max(z.left, z.right):.0%} each side"
        )
    if r.kind == "text_size":
        return f"on-screen text at least {r.min_text_px:g} px high at 1080p (30 pt)"
    if r.kind == "black_ends":
        return "no black or empty first and last frames"
    if r.kind == "bars":
        return "no letterbox or pillarbox bars"
    claims = [CLAIM_NAMES[c] for c in r.claims]
    listed = ", ".join(claims[:-1]) + (" or " if len(claims) > 1 else "") + claims[-1]
    return f"no {listed} in the picture or the voice"


MINUTES_FROM = 120  # seconds: longer limits read as minutes ("3 min", "10 min")


def _seconds(s: float) -> str:
    return f"{s / 60:g} min" if s >= MINUTES_FROM and s % 60 == 0 else f"{s:g} s"


def _bytes(n: int) -> str:
    if n >= 1000 * MB:
        return f"{n / (1000 * MB):g} GB"
    return f"{n / MB:g} MB" if n % MB == 0 else f"{n:,} bytes ({n / MB:.0f} MB)"


# ---------------------------------------------------------------- sources

AMAZON_SPECS = Source(
    "Amazon Seller Central Help, Upload and manage videos: video specifications (16:9, "
    "1920x1080 preferred, 1280x720 minimum, H.264 or H.265, MP4 or MOV, 500 MB or smaller)"
)
AMAZON_SB = Source(
    "Amazon Ads, Sponsored Brands video moderation: top rejection reasons (black or empty "
    "frames at start or end; letterbox/pillarbox bars; on-screen text under 30 pt; 6-45 s)",
    "https://advertising.amazon.com/library/guides/sponsored-brands-sponsored-display-moderation",
)
AMAZON_CONTENT = Source(
    "Amazon Seller Central Help, Video content policy (no pricing, promotions or time-sensitive "
    "claims, customer reviews or star ratings, URLs or calls to action off the detail page)",
    "https://sellercentral.amazon.com/help/hub/reference/external/Y4LL3M3WJEFE8MZ",
)
AMAZON_CAPTIONS = Source(
    "Amazon Ads, Creative acceptance policy 4.0 Animation and Video (video understood "
    "without sound)",
    "https://advertising.amazon.com/resources/ad-policy/creative-acceptance/animation-video",
)
WALMART_SPECS = Source(
    "Walmart Marketplace Seller Help, Product videos (16:9, 1280x720 to 3840x2160, 5-45 s, "
    "MP4 up to 500 MB)"
)
WALMART_CAPTIONS = Source(
    "Walmart Supplier One, Rich Media Specifications: closed captioning as .vtt; music-only "
    "videos carry a [MUSIC PLAYING] caption frame",
    "https://supplierone.helpdocs.io/article/oe7o3u5hc0-rich-media-specifications",
)
TIKTOK_MEDIA = Source(
    "TikTok Shop Seller University, Using Product Media Center (MP4, max 10 MB, 9:16 to 16:9, "
    "under 60 s)",
    "https://seller-us.tiktok.com/university/essay?knowledge_id=6593220793222955",
)
TIKTOK_ADS = Source(
    "TikTok Ads Manager Help, TikTok Auction In-Feed Ads (vertical 9:16 at least 540x960, 5-60 s)",
    "https://ads.tiktok.com/help/article?aid=10002742",
)
EBAY_SIZE = Source(
    "eBay Developers, Managing videos (Media API): at most 150 MB, 157,286,400 bytes",
    "https://developer.ebay.com/api-docs/sell/static/inventory/managing-video-media.html",
)
EBAY_FORMAT = Source(
    "eBay Seller Center, Adding a video to your listing (MP4, MPEG-4 AVC/H.264, up to 1080p)"
)
ETSY_VIDEO = Source("Etsy Help Center, How to add a video to your listing (5 to 15 seconds)")
SHOPIFY_MEDIA = Source(
    "Shopify, Manage media for products (Shopify-hosted video: 10 minutes or shorter, at most "
    "1 GB)",
    "https://shopify.dev/docs/apps/build/online-store/product-media",
)
META_REELS = Source(
    "Meta Business Help Center, Safe zones for Reels ads (keep text out of the top 14 %, "
    "bottom 35 % and 6 % each side of a 9:16 video)"
)
YOUTUBE_SHORTS = Source(
    "YouTube Help, Understand three-minute YouTube Shorts (square or vertical video, up to 3 "
    "minutes)",
    "https://support.google.com/youtube/answer/15424877",
)

# ---------------------------------------------------------------- the table

PLATFORMS: dict[str, Platform] = {
    p.key: p
    for p in (
        Platform(
            "amazon",
            "Amazon product video",
            "landscape",
            1080,
            (
                Rule("aspect", AMAZON_SPECS, aspects=("16:9",)),
                Rule("frame_size", AMAZON_SPECS, min_size=(1280, 720), max_size=(3840, 2160)),
                Rule("codec", AMAZON_SPECS, codecs=("h264", "hevc"), containers=(".mp4", ".mov")),
                Rule("duration", AMAZON_SB, seconds=(6, 45), note="Sponsored Brands"),
                Rule("file_size", AMAZON_SPECS, max_bytes=500 * MB),
                Rule("black_ends", AMAZON_SB),
                Rule("bars", AMAZON_SB),
                Rule("text_size", AMAZON_SB, min_text_px=44),
                Rule(
                    "content",
                    AMAZON_CONTENT,
                    claims=("price", "promotion", "rating", "review", "url", "deadline"),
                    note="product-page video",
                ),
                Rule("captions", AMAZON_CAPTIONS, "warn", caption_format="any"),
            ),
        ),
        Platform(
            "walmart",
            "Walmart product video",
            "landscape",
            1080,
            (
                Rule("aspect", WALMART_SPECS, aspects=("16:9",)),
                Rule("frame_size", WALMART_SPECS, min_size=(1280, 720), max_size=(3840, 2160)),
                Rule("codec", WALMART_SPECS, codecs=("h264",), containers=(".mp4",)),
                Rule("duration", WALMART_SPECS, seconds=(5, 45)),
                Rule("file_size", WALMART_SPECS, max_bytes=500 * MB),
                Rule("captions", WALMART_CAPTIONS, caption_format="vtt", describe_music=True),
            ),
        ),
        Platform(
            "tiktok",
            "TikTok Shop",
            "portrait",
            1080,
            (
                Rule(
                    "aspect",
                    TIKTOK_MEDIA,
                    "warn",
                    aspects=("9:16",),
                    note="Media Center takes 9:16 to 16:9; the feed fills the screen with 9:16",
                ),
                Rule("codec", TIKTOK_MEDIA, codecs=("h264",), containers=(".mp4",)),
                Rule("duration", TIKTOK_MEDIA, seconds=(None, 60), below=True, note="Media Center"),
                Rule("file_size", TIKTOK_MEDIA, max_bytes=10 * MB, note="Media Center"),
                Rule("duration", TIKTOK_ADS, "warn", seconds=(5, 60), note="ads"),
                Rule("frame_size", TIKTOK_ADS, "warn", min_size=(960, 540), note="ads"),
            ),
        ),
        Platform(
            "etsy",
            "Etsy listing video",
            "square",
            1080,
            (Rule("duration", ETSY_VIDEO, seconds=(5, 15)),),
        ),
        Platform(
            "ebay",
            "eBay listing video",
            "landscape",
            1080,
            (
                Rule("codec", EBAY_FORMAT, codecs=("h264",), containers=(".mp4",)),
                Rule("file_size", EBAY_SIZE, max_bytes=157_286_400),
                Rule("frame_size", EBAY_FORMAT, max_size=(1920, 1080)),
            ),
        ),
        Platform(
            "shopify",
            "Shopify product media",
            "landscape",
            1080,
            (
                Rule("codec", SHOPIFY_MEDIA, codecs=("h264", "hevc"), containers=(".mp4", ".mov")),
                Rule("file_size", SHOPIFY_MEDIA, max_bytes=1000 * MB),
                Rule("duration", SHOPIFY_MEDIA, seconds=(None, 600)),
                Rule("frame_size", SHOPIFY_MEDIA, max_size=(3840, 2160)),
            ),
        ),
        Platform(
            "reels",
            "Instagram / Facebook Reels",
            "portrait",
            1080,
            (
                Rule("aspect", META_REELS, aspects=("9:16",)),
                Rule(
                    "safe_zone",
                    META_REELS,
                    "warn",
                    zone=SafeZone(top=0.14, bottom=0.35, left=0.06, right=0.06),
                    note="covered by the app's buttons and caption, not rejected",
                ),
            ),
        ),
        Platform(
            "shorts",
            "YouTube Shorts",
            "portrait",
            1080,
            (
                Rule("aspect", YOUTUBE_SHORTS, aspects=("9:16", "1:1")),
                Rule("duration", YOUTUBE_SHORTS, seconds=(None, 180)),
            ),
        ),
    )
}

ASPECTS: dict[str, tuple[int, int]] = {"16:9": (16, 9), "9:16": (9, 16), "1:1": (1, 1)}
ASPECT_TOLERANCE = 0.01  # 1920x1088 still counts as 16:9; 4:3 does not


def platform(key: str) -> Platform:
    """The platform named ``key`` (as --for takes it); KeyError names the known ones."""
    try:
        return PLATFORMS[key]
    except KeyError:
        raise KeyError(f"{key!r} is not one of {', '.join(PLATFORMS)}") from None


def aspect_name(width: int, height: int) -> str:
    """The shape's name: 16:9, 9:16, 1:1, or the reduced ratio (4:3) for anything else."""
    for name, (aw, ah) in ASPECTS.items():
        if abs(width * ah / (height * aw) - 1.0) <= ASPECT_TOLERANCE:
            return name
    from math import gcd

    g = gcd(width, height) or 1
    return f"{width // g}:{height // g}"


def fits_size(
    width: int, height: int, low: tuple[int, int] | None, high: tuple[int, int] | None
) -> bool:
    """Whether a frame's (long side, short side) lies within the bounds (either orientation)."""
    long_side, short_side = max(width, height), min(width, height)
    if low and (long_side < low[0] or short_side < low[1]):
        return False
    return not (high and (long_side > high[0] or short_side > high[1]))


def with_rule(p: Platform, kind: RuleKind, **changes: object) -> Platform:
    """``p`` with its first ``kind`` rule changed (for a seller's own stricter limit)."""
    rules = list(p.rules)
    for i, r in enumerate(rules):
        if r.kind == kind:
            rules[i] = replace(r, **changes)  # type: ignore[arg-type]
            return replace(p, rules=tuple(rules))
    raise KeyError(f"{p.key} has no {kind} rule")
