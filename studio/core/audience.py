"""Audience profiles: who a variant of the video speaks to ("gift buyers", "runners").

A profile is a name and a short description of the people it addresses, plus what the video
says and sounds like for them: the hook line spoken on the title card, the call to action, the
music mood, the voice's pace, and optionally a campaign badge shown beside the price. The
description is what bullets are ranked against (``studio.core.variants``), so it should read
like the people it describes and what they care about.

A few generic profiles are built in (none tied to a kind of product). A seller's own live in
``<config>/audiences/<slug>.json``, one small validated JSON file each, written atomically; a
profile of theirs with a built-in's name takes its place. A damaged file is named in one
clear message and never overwritten: saving over it first keeps it beside as ``.damaged``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from studio.core.autosave import config_dir
from studio.core.errors import ProjectError
from studio.core.fsutil import atomic_write_text
from studio.core.model import VoiceSettings, limits
from studio.core.textfiles import decode_text, read_small_file

PROFILE_FORMAT = "product-video-studio-audience"
PROFILE_SUFFIX = ".json"
DAMAGED_SUFFIX = ".damaged"
MAX_PROFILE_BYTES = 64 * 1024

# The moods studio.music.generate can make (the core may not import it; a test keeps the two
# lists the same).
MUSIC_MOODS: tuple[str, ...] = ("upbeat", "corporate", "calm", "energetic", "luxury", "playful")

MAX_NAME_CHARS = 60
MAX_DESCRIPTION_CHARS = 600
MAX_LINE_CHARS = 160  # a hook or a call to action: one spoken sentence
MAX_BADGE_CHARS = 32  # a pill beside the price
MIN_BULLETS = 3  # a variant never shows fewer (unless the product has fewer)
MAX_BULLETS = 30  # as many as a product may have (core.intake.MAX_BULLETS)
DEFAULT_MAX_BULLETS = 5


@dataclass(frozen=True)
class AudienceProfile:
    """Who a variant speaks to, and how. Empty ``hook``/``call_to_action``/``music_mood`` and
    ``voice_speed`` None keep the master's; ``max_bullets``: the variant keeps at most this
    many of the most relevant bullets."""

    name: str
    description: str
    hook: str = ""
    call_to_action: str = ""
    music_mood: str = ""
    voice_speed: float | None = None
    badge: str = ""
    max_bullets: int = DEFAULT_MAX_BULLETS
    built_in: bool = False

    @property
    def slug(self) -> str:
        return audience_slug(self.name)


BUILT_IN: tuple[AudienceProfile, ...] = (
    AudienceProfile(
        name="Gift buyers",
        description="People buying a present for someone else: a thoughtful gift for a "
        "birthday, a holiday or an anniversary, gift wrapping and a gift box, something the "
        "recipient will love and can exchange, arriving on time.",
        hook="Looking for a gift they will actually love?",
        call_to_action="Give it today.",
        music_mood="playful",
        voice_speed=1.0,
        badge="Gift idea",
        built_in=True,
    ),
    AudienceProfile(
        name="Budget shoppers",
        description="Shoppers comparing prices who want value for money: a low price, a "
        "discount, savings, durability that lasts for years, a warranty, more for less.",
        hook="Quality that does not cost a fortune.",
        call_to_action="Get more for less.",
        music_mood="upbeat",
        voice_speed=1.1,
        badge="Great value",
        built_in=True,
    ),
    AudienceProfile(
        name="Busy professionals",
        description="Busy working people short on time: quick and easy to use, saves time, "
        "low maintenance, reliable every day, fits the commute, the office and travel.",
        hook="Made for busy days.",
        call_to_action="Save time. Order today.",
        music_mood="corporate",
        voice_speed=1.15,
        built_in=True,
    ),
    AudienceProfile(
        name="Outdoor and active",
        description="Active people who run, hike, cycle, train and spend time outdoors in "
        "any weather: weather-resistant, breathable, lightweight, durable, comfortable in "
        "motion.",
        hook="Built to keep up with you.",
        call_to_action="Get out there.",
        music_mood="energetic",
        voice_speed=1.1,
        built_in=True,
    ),
    AudienceProfile(
        name="First-time buyers",
        description="People new to this kind of product: easy to set up and to use, what "
        "is in the box, how it works, simple instructions, help and a guarantee.",
        hook="New to this? Here is what you get.",
        call_to_action="Start with confidence.",
        music_mood="calm",
        voice_speed=0.95,
        built_in=True,
    ),
)


def audience_slug(name: str) -> str:
    """The file and output-name form of a profile name ("Gift buyers" -> "gift-buyers")."""
    text = unicodedata.normalize("NFKD", name)
    s = re.sub(r"[^0-9A-Za-z]+", "-", text.encode("ascii", "ignore").decode()).strip("-").lower()
    return s[:MAX_NAME_CHARS] or "audience"


def profiles_dir(create: bool = False) -> Path:
    """Where the seller's profiles live (made only when one is saved)."""
    d = config_dir() / "audiences"
    if create:
        d.mkdir(parents=True, exist_ok=True)
    return d


# ------------------------------------------------------------------ validation


def _text(data: dict[str, Any], key: str, where: str, limit: int, required: bool = False) -> str:
    value = data.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ProjectError(f"{where} {key}: must be text")
    value = " ".join(value.split())
    if any(unicodedata.category(c) == "Cc" for c in value):
        raise ProjectError(f"{where} {key}: contains control characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ProjectError(f"{where} {key}: contains characters that are not valid text") from None
    if len(value) > limit:
        raise ProjectError(f"{where} {key}: longer than {limit} characters")
    if required and not value:
        raise ProjectError(f"{where} {key}: must not be empty")
    return value


def check_mood(value: str, where: str) -> str:
    mood = value.strip().lower()
    if mood and mood not in MUSIC_MOODS:
        raise ProjectError(f"{where} music_mood: one of {', '.join(MUSIC_MOODS)}, not {value!r}")
    return mood


def check_speed(value: object, where: str) -> float | None:
    if value is None:
        return None
    lo, hi = limits(VoiceSettings, "speed")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not lo <= value <= hi:
        raise ProjectError(f"{where} voice_speed: a number from {lo:g} to {hi:g}")
    return float(value)


def profile_from_dict(data: object, where: str) -> AudienceProfile:
    """A checked profile from JSON data; one ProjectError naming ``where`` and the field."""
    if not isinstance(data, dict):
        raise ProjectError(f"{where}: not an audience profile")
    name = _text(data, "name", where, MAX_NAME_CHARS, required=True)
    max_bullets = data.get("max_bullets", DEFAULT_MAX_BULLETS)
    if (
        isinstance(max_bullets, bool)
        or not isinstance(max_bullets, int)
        or not MIN_BULLETS <= max_bullets <= MAX_BULLETS
    ):
        raise ProjectError(
            f"{where} max_bullets: a whole number from {MIN_BULLETS} to {MAX_BULLETS}"
        )
    return AudienceProfile(
        name=name,
        description=_text(data, "description", where, MAX_DESCRIPTION_CHARS, required=True),
        hook=_text(data, "hook", where, MAX_LINE_CHARS),
        call_to_action=_text(data, "call_to_action", where, MAX_LINE_CHARS),
        music_mood=check_mood(_text(data, "music_mood", where, MAX_NAME_CHARS), where),
        voice_speed=check_speed(data.get("voice_speed"), where),
        badge=_text(data, "badge", where, MAX_BADGE_CHARS),
        max_bullets=max_bullets,
    )


def profile_to_dict(profile: AudienceProfile) -> dict[str, Any]:
    doc = asdict(profile)
    doc.pop("built_in")
    return doc


# ------------------------------------------------------------------ the library


def _read_file(path: Path) -> AudienceProfile:
    where = f"audience profile {path}"
    try:
        raw = read_small_file(path, MAX_PROFILE_BYTES)
        text, _ = decode_text(raw, path.name)
        data = json.loads(text)
    except (OSError, ValueError, ProjectError) as exc:
        raise ProjectError(
            f"{where} is damaged ({exc}); it is kept as it is: fix it, or save the profile "
            "again to replace it"
        ) from None
    if not isinstance(data, dict) or data.get("format") != PROFILE_FORMAT:
        raise ProjectError(f"{where} is not an audience profile; it is kept as it is")
    try:
        return profile_from_dict(data, where)
    except ProjectError as exc:
        raise ProjectError(f"{exc}; the file is kept as it is") from None


def user_profiles(problems: list[str] | None = None) -> list[AudienceProfile]:
    """The seller's own profiles, by file name; damaged files are left out and described in
    ``problems``."""
    out: list[AudienceProfile] = []
    folder = profiles_dir()
    paths = sorted(folder.glob(f"*{PROFILE_SUFFIX}")) if folder.is_dir() else []
    for path in paths:
        try:
            out.append(_read_file(path))
        except ProjectError as exc:
            if problems is not None:
                problems.append(str(exc))
    return out


def list_profiles(problems: list[str] | None = None) -> list[AudienceProfile]:
    """Every profile: the built-ins (a seller's profile of the same name in its place), then
    the seller's own."""
    own = {p.slug: p for p in user_profiles(problems)}
    out = [own.pop(p.slug, p) for p in BUILT_IN]
    return out + list(own.values())


def find_profile(name: str) -> AudienceProfile:
    """The profile called ``name`` (any case and spacing: "gift buyers", "Gift-Buyers").
    ProjectError listing the known names when there is none, or naming a damaged file."""
    key = audience_slug(name)
    path = profiles_dir() / f"{key}{PROFILE_SUFFIX}"
    if path.exists():
        return _read_file(path)
    for p in BUILT_IN:
        if p.slug == key:
            return p
    problems: list[str] = []
    known = ", ".join(p.name for p in list_profiles(problems))
    raise ProjectError(f"no audience {name!r} (known audiences: {known})")


def save_profile(profile: AudienceProfile) -> Path:
    """Write a seller's profile (checked first); returns its file. A damaged file of the same
    name is kept beside it as ``<slug>.json.damaged`` rather than lost."""
    profile_from_dict(profile_to_dict(profile), f"audience {profile.name!r}")
    path = profiles_dir(create=True) / f"{profile.slug}{PROFILE_SUFFIX}"
    if path.exists():
        try:
            _read_file(path)
        except ProjectError:
            path.replace(path.with_name(path.name + DAMAGED_SUFFIX))
    doc = {"format": PROFILE_FORMAT, **profile_to_dict(profile)}
    atomic_write_text(path, json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    return path


def remove_profile(name: str) -> Path:
    """Delete a seller's profile; a built-in one cannot be removed (a seller's own of the same
    name can, which brings the built-in back)."""
    path = profiles_dir() / f"{audience_slug(name)}{PROFILE_SUFFIX}"
    if not path.exists():
        if any(p.slug == audience_slug(name) for p in BUILT_IN):
            raise ProjectError(f"{name!r} is a built-in audience; it cannot be removed")
        raise ProjectError(f"no saved audience {name!r}")
    path.unlink()
    return path
