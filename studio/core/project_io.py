"""Versioned JSON project files: validated on load, never unpickled, media kept inside the folder.

A project file is untrusted input: every field is type-checked, unknown scene kinds or broken
rectangles are refused with a message naming the field, and every media path must be relative
and stay inside the project's folder. Older schema versions are migrated step by step.

Whatever the bytes, loading ends in a Project or one ProjectError: numbers must be finite and in
range (a 5,000-digit integer or 1e999 is refused, never converted), text must be encodable
(no lone surrogates, no NUL), lists are bounded, and JSON nested past any real project's depth is
refused. Over-long prose (a title, bullet, caption) is cut to MAX_TEXT_CHARS rather than refused:
a product folder may hand the studio a bullet line of any length, and the project it makes must
still reopen and export; over-long names and paths are refused.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, TypeGuard, cast, overload

from studio.core.colours import parse_colour
from studio.core.errors import ProjectError
from studio.core.fsutil import atomic_write_text
from studio.core.geometry import RECT_FIELDS, Rect
from studio.core.model import (
    CAPTION_LOOKS,
    ENHANCE_CHOICES,
    FILLS,
    MOTION_STYLES,
    MUSIC_SOURCES,
    PRESETS,
    SCENE_KINDS,
    TEMPLATES,
    TRANSITIONS,
    WATERMARKS,
    Brand,
    CaptionLook,
    EnhanceChoice,
    ExportSettings,
    Fill,
    ImageAsset,
    LocaleText,
    Look,
    Motion,
    MotionStyle,
    MusicBed,
    MusicSource,
    Preset,
    Product,
    Project,
    Scene,
    SceneKind,
    Template,
    Timeline,
    Transition,
    VoiceSettings,
    Watermark,
    limits,
)
from studio.core.platforms import PLATFORMS

FORMAT = "product-video-studio"
SCHEMA_VERSION = 1
PROJECT_SUFFIX = ".studio.json"
MAX_PROJECT_BYTES = 20 * 1024 * 1024
MAX_TAKES = 200  # voice takes remembered per scene
MAX_FILE_BULLETS = 200  # more than intake.MAX_BULLETS uses, but never unbounded
MAX_FILE_QUOTES = 50
MAX_LOCALES = 40
LOCALE_CODE = re.compile(r"[a-z]{2,3}(?:[_-][A-Za-z]{2,4})?")
MAX_IMAGES = 1000
MAX_SCENES = 1000
MAX_ID_CHARS = 64  # a scene id the file gives (ours are 12 hex digits)
SHOWN_CHARS = 40  # of a bad value, quoted in an error message
MAX_TEXT_CHARS = 5000  # a title, caption, bullet (the original text; captions show a few hundred)
MAX_NAME_CHARS = 200  # a voice id, a music mood
MAX_PATH_CHARS = 1024
RECT_LIMIT = 100.0  # rectangles are normalised (0..1) and clamped; beyond this a file is damaged

# A take id is a ``cache.hash_key`` digest: exactly this many lowercase hex digits. The id names the
# take's files in the voice cache, so nothing else may pass (no "..", "/", NUL, or 5,000 characters).
TAKE_ID_LENGTH = 32
_TAKE_ID = re.compile(f"[0-9a-f]{{{TAKE_ID_LENGTH}}}")

# MIGRATIONS[n] turns a version-n document into version n+1.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


def is_take_id(value: object) -> TypeGuard[str]:
    """True for a well-formed voice take id (what ``hash_key`` makes), whatever ``value`` is."""
    return (
        isinstance(value, str)
        and len(value) == TAKE_ID_LENGTH
        and _TAKE_ID.fullmatch(value) is not None
    )


def check_text(
    value: str, field: str, max_chars: int = MAX_TEXT_CHARS, *, cut: bool = False
) -> str:
    """``value`` if it is text that can be written anywhere (UTF-8 files, cache keys, subtitles).
    Longer than ``max_chars``: cut to that length if ``cut``, else refused."""
    if len(value) > max_chars and not cut:
        raise ProjectError(f"{field}: longer than {max_chars} characters")
    try:
        valid = (
            value.encode("utf-8").find(b"\x00") < 0
        )  # encode() fails on a lone surrogate ("\ud800")
    except UnicodeEncodeError:
        valid = False
    if not valid:
        raise ProjectError(f"{field}: contains characters that are not valid text")
    return value[:max_chars]


# ---------------------------------------------------------------- paths


def safe_relative(rel: str, root: Path, field: str) -> str:
    """Return ``rel`` normalised to POSIX form if it names a file inside ``root``; else refuse."""
    if not isinstance(rel, str) or not rel.strip():
        raise ProjectError(f"{field}: expected a file path, got {_show(rel)}")
    if "\x00" in rel:
        raise ProjectError(f"{field}: path contains a NUL character")
    check_text(rel, field, MAX_PATH_CHARS)
    if (
        PurePosixPath(rel).is_absolute()
        or PureWindowsPath(rel).is_absolute()
        or PureWindowsPath(rel).drive
    ):
        raise ProjectError(
            f"{field}: {rel!r} is an absolute path; project media must be inside the project folder"
        )
    parts = PurePosixPath(rel.replace("\\", "/")).parts
    if ".." in parts:
        raise ProjectError(f"{field}: {rel!r} points outside the project folder")
    norm = "/".join(p for p in parts if p not in ("", "."))
    try:
        root_r = Path(root).resolve()
        target = (root_r / norm).resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop
        raise ProjectError(
            f"{field}: {rel!r} cannot be followed (a link loop or an unreadable folder)"
        ) from None
    if target != root_r and root_r not in target.parents:
        raise ProjectError(f"{field}: {rel!r} points outside the project folder (through a link)")
    return norm


# ---------------------------------------------------------------- to JSON


def _rect(r: Rect | None) -> list[float] | None:
    return None if r is None else r.to_list()


def scene_to_dict(s: Scene) -> dict[str, Any]:
    return {
        "id": s.id,
        "kind": s.kind,
        "caption": s.caption,
        "voice_line": s.voice_line,
        "image": s.image,
        "bullet": s.bullet,
        "source_text": s.source_text,
        "duration": s.duration,
        "motion": None
        if s.motion is None
        else {"start": _rect(s.motion.start), "end": _rect(s.motion.end)},
        "focus": _rect(s.focus),
        "motion_style": s.motion_style,
        "transition": s.transition,
        "locked": s.locked,
        "edited": s.edited,
        "shown": s.shown,
        "confidence": s.confidence,
        "reasons": list(s.reasons),
        "take": s.take,
        "takes": list(s.takes),
        "voice_speed": s.voice_speed,
        "pause_before": s.pause_before,
        "pause_after": s.pause_after,
        "expressiveness": s.expressiveness,
    }


def project_to_dict(p: Project) -> dict[str, Any]:
    pr = p.product
    return {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "product": {
            "title": pr.title,
            "bullets": list(pr.bullets),
            "price": pr.price,
            "brand": pr.brand,
            "tagline": pr.tagline,
            "call_to_action": pr.call_to_action,
            "logo": pr.logo,
            "quotes": list(pr.quotes),
            "locales": {
                code: {
                    "title": t.title,
                    "bullets": list(t.bullets),
                    "price": t.price,
                    "tagline": t.tagline,
                    "call_to_action": t.call_to_action,
                    "quotes": list(t.quotes),
                    "voice": t.voice,
                }
                for code, t in pr.locales.items()
            },
        },
        "images": [{"path": a.path, "alt": a.alt, "enhance": a.enhance} for a in p.images],
        "timeline": {
            "scenes": [scene_to_dict(s) for s in p.timeline.scenes],
            "arranged": p.timeline.arranged,
            "dismissed": list(p.timeline.dismissed),
        },
        "voice": {"voice": p.voice.voice, "speed": p.voice.speed},
        "music": {
            "source": p.music.source,
            "mood": p.music.mood,
            "seed": p.music.seed,
            "path": p.music.path,
            "volume_db": p.music.volume_db,
            "duck_db": p.music.duck_db,
            "snap_to_beats": p.music.snap_to_beats,
        },
        "brand": {
            "kit": p.brand.kit,
            "accent": p.brand.accent,
            "panel": p.brand.panel,
            "text": p.brand.text,
            "heading_font": p.brand.heading_font,
            "body_font": p.brand.body_font,
            "intro": p.brand.intro,
            "watermark": p.brand.watermark,
            "watermark_opacity": p.brand.watermark_opacity,
            "captions": p.brand.captions,
            "sale_badge": p.brand.sale_badge,
            "date_line": p.brand.date_line,
            "season_accent": p.brand.season_accent,
        },
        "look": {"template": p.look.template, "fill": p.look.fill},
        "export": {
            "preset": p.export.preset,
            "height": p.export.height,
            "fps": p.export.fps,
            "burn_captions": p.export.burn_captions,
            "srt": p.export.srt,
            "vtt": p.export.vtt,
            "platform": p.export.platform,
            "cover": p.export.cover,
            "loop": p.export.loop,
        },
    }


def save_project(p: Project, path: Path) -> None:
    """Write atomically; ``path`` should sit in ``p.root`` so relative media paths stay valid."""
    atomic_write_text(
        Path(path), json.dumps(project_to_dict(p), ensure_ascii=False, indent=2) + "\n"
    )


# ---------------------------------------------------------------- from JSON


class _Reader:
    """Typed field access that turns every mismatch into one ProjectError naming the field."""

    def __init__(self, data: Any, where: str) -> None:
        if not isinstance(data, dict):
            raise ProjectError(f"{where}: expected an object")
        self.data = data
        self.where = where

    def get(
        self, key: str, types: type | tuple[type, ...], default: Any = ..., *, none_ok: bool = False
    ) -> Any:
        if key not in self.data or (self.data[key] is None and default is not ... and not none_ok):
            if default is ...:
                raise ProjectError(f"{self.where}.{key}: missing")
            return default
        v = self.data[key]
        if v is None and none_ok:
            return None
        if isinstance(v, bool) and bool not in (types if isinstance(types, tuple) else (types,)):
            raise ProjectError(f"{self.where}.{key}: expected {_tname(types)}, got a boolean")
        if not isinstance(v, types):
            raise ProjectError(
                f"{self.where}.{key}: expected {_tname(types)}, got {type(v).__name__}"
            )
        return v

    def prose(self, key: str, default: str) -> str:
        """Text a person wrote (title, caption...): valid text, cut at MAX_TEXT_CHARS."""
        return check_text(self.get(key, str, default), f"{self.where}.{key}", cut=True)

    def name(self, key: str, default: str) -> str:
        """A short identifier (voice id, mood): valid text, refused past MAX_NAME_CHARS."""
        return check_text(self.get(key, str, default), f"{self.where}.{key}", MAX_NAME_CHARS)

    def choice(self, key: str, allowed: tuple[str, ...] | list[str], default: str) -> str:
        v: str = self.get(key, str, default)
        if v not in allowed:
            raise ProjectError(f"{self.where}.{key}: {_show(v)} is not one of {', '.join(allowed)}")
        return v

    @overload
    def number(self, key: str, default: float, lo: float, hi: float) -> float: ...

    @overload
    def number(
        self, key: str, default: float | None, lo: float, hi: float, *, none_ok: bool = False
    ) -> float | None: ...

    def number(
        self, key: str, default: float | None, lo: float, hi: float, *, none_ok: bool = False
    ) -> float | None:
        v = self.get(key, (int, float), default, none_ok=none_ok)
        return None if v is None else _in_range(v, f"{self.where}.{key}", lo, hi)


def _in_range(v: int | float, field: str, lo: float, hi: float) -> float:
    """``v`` as a float if finite and within lo..hi. Compared before converting: float() of a
    huge int raises OverflowError, and int/float comparison in Python is exact at any size."""
    if isinstance(v, float) and not math.isfinite(v):
        raise ProjectError(f"{field}: {v} is not a finite number")
    if not (lo <= v <= hi):
        raise ProjectError(f"{field}: {_show(v)} is outside {lo}..{hi}")
    return float(v)


def _show(v: Any) -> str:
    """A short, always-printable rendering of a bad value for a message."""
    if isinstance(v, bool) or v is None:
        return repr(v)
    if isinstance(v, int):
        return (
            str(v) if abs(v) < 10**18 else "a very large number"
        )  # str(int) fails past 4,300 digits
    if isinstance(v, float):
        return str(v)
    if isinstance(v, str):
        return repr(v[:SHOWN_CHARS]) + (
            "..." if len(v) > SHOWN_CHARS else ""
        )  # repr escapes surrogates and NUL
    return f"a {type(v).__name__}"


def _tname(types: type | tuple[type, ...]) -> str:
    ts = types if isinstance(types, tuple) else (types,)
    names = {
        "str": "text",
        "int": "a number",
        "float": "a number",
        "list": "a list",
        "dict": "an object",
        "bool": "true/false",
    }
    return " or ".join(dict.fromkeys(names.get(t.__name__, t.__name__) for t in ts))


def _read_rect(v: Any, where: str) -> Rect | None:
    if v is None:
        return None
    if (
        not isinstance(v, list)
        or len(v) != len(RECT_FIELDS)
        or not all(isinstance(n, (int, float)) and not isinstance(n, bool) for n in v)
    ):
        raise ProjectError(f"{where}: expected [x, y, w, h]")
    return Rect.from_list([_in_range(n, where, -RECT_LIMIT, RECT_LIMIT) for n in v])


def _read_str_list(v: Any, where: str, max_items: int) -> list[str]:
    """A bounded list of prose (each entry cut at MAX_TEXT_CHARS)."""
    if not isinstance(v, list) or not all(isinstance(s, str) for s in v):
        raise ProjectError(f"{where}: expected a list of text")
    if len(v) > max_items:
        raise ProjectError(f"{where}: more than {max_items} entries")
    return [check_text(s, f"{where}[{i}]", cut=True) for i, s in enumerate(v)]


def _read_locales(v: dict[str, Any]) -> dict[str, LocaleText]:
    """The product's translations: locale codes checked (they name files and voices), each
    entry's text bounded like the main language's."""
    if len(v) > MAX_LOCALES:
        raise ProjectError(f"product.locales: more than {MAX_LOCALES} languages")
    out: dict[str, LocaleText] = {}
    for code, item in v.items():
        where = f"product.locales[{_show(code)}]"
        if not is_locale_code(code):
            raise ProjectError(f"{where}: not a language code such as de, pt_BR or zh_CN")
        if not isinstance(item, dict):
            raise ProjectError(f"{where}: expected a table")
        r = _Reader(item, where)
        out[code] = LocaleText(
            title=r.prose("title", ""),
            bullets=_read_str_list(
                r.get("bullets", list, []), f"{where}.bullets", MAX_FILE_BULLETS
            ),
            price=r.prose("price", ""),
            tagline=r.prose("tagline", ""),
            call_to_action=r.prose("call_to_action", ""),
            quotes=_read_str_list(r.get("quotes", list, []), f"{where}.quotes", MAX_FILE_QUOTES),
            voice=r.name("voice", ""),
        )
    return out


def is_locale_code(code: object) -> bool:
    """A language code such as de, pt_BR or zh-Hans: letters only, so it can name a file."""
    return isinstance(code, str) and LOCALE_CODE.fullmatch(code) is not None


def _read_take_id(v: Any, where: str) -> str:
    if not is_take_id(v):
        raise ProjectError(f"{where}: {_show(v)} is not a voice take id")
    return v


def _read_take_ids(v: Any, where: str) -> list[str]:
    """Voice take ids name files in the take cache; anything else in the list is a damaged file."""
    return [_read_take_id(t, where) for t in _read_str_list(v, where, MAX_TAKES)]


def _migrate(doc: dict[str, Any]) -> dict[str, Any]:
    version = doc.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ProjectError("schema_version: missing or not a number")
    if version > SCHEMA_VERSION:
        raise ProjectError(
            f"this project was saved by a newer version of the studio (schema {_show(version)}; this one reads up to {SCHEMA_VERSION})"
        )
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise ProjectError(f"schema_version {_show(version)} is not supported")
        doc = step(doc)
        version += 1
        doc["schema_version"] = version
    return doc


def project_from_dict(doc: Any, root: Path) -> Project:
    top = _Reader(doc, "project")
    if doc.get("format") != FORMAT:
        raise ProjectError(
            'not a Product Video Studio project (missing "format": "product-video-studio")'
        )
    doc = _migrate(dict(doc))
    top = _Reader(doc, "project")

    pr = _Reader(top.get("product", dict, {}), "product")
    logo = pr.get("logo", str, None, none_ok=True)
    product = Product(
        title=pr.prose("title", ""),
        bullets=_read_str_list(pr.get("bullets", list, []), "product.bullets", MAX_FILE_BULLETS),
        price=pr.prose("price", ""),
        brand=pr.prose("brand", ""),
        tagline=pr.prose("tagline", ""),
        call_to_action=pr.prose("call_to_action", "Shop now"),
        logo=None if logo is None else safe_relative(logo, root, "product.logo"),
        quotes=_read_str_list(pr.get("quotes", list, []), "product.quotes", MAX_FILE_QUOTES),
        locales=_read_locales(pr.get("locales", dict, {})),
    )

    images: list[ImageAsset] = []
    seen: set[str] = set()
    raw_images = top.get("images", list, [])
    if len(raw_images) > MAX_IMAGES:
        raise ProjectError(f"images: more than {MAX_IMAGES} entries")
    for i, item in enumerate(raw_images):
        r = _Reader(item, f"images[{i}]")
        rel = safe_relative(r.get("path", str), root, f"images[{i}].path")
        if rel in seen:
            continue
        seen.add(rel)
        choice = cast(EnhanceChoice, r.choice("enhance", ENHANCE_CHOICES, "auto"))
        images.append(ImageAsset(rel, r.prose("alt", ""), choice))

    scenes: list[Scene] = []
    tl = _Reader(top.get("timeline", dict, {}), "timeline")
    raw_scenes = tl.get("scenes", list, [])
    if len(raw_scenes) > MAX_SCENES:
        raise ProjectError(f"timeline.scenes: more than {MAX_SCENES} scenes")
    ids: set[str] = set()
    for i, item in enumerate(raw_scenes):
        scenes.append(read_scene(item, f"timeline.scenes[{i}]", root, seen, ids))

    v = _Reader(top.get("voice", dict, {}), "voice")
    voice = VoiceSettings(
        voice=v.name("voice", VoiceSettings().voice),
        speed=v.number("speed", 1.0, *limits(VoiceSettings, "speed")),
    )

    m = _Reader(top.get("music", dict, {}), "music")
    mpath = m.get("path", str, None, none_ok=True)
    music = MusicBed(
        # choice() checked membership; the model's tuples are typed tuple[str, ...]
        source=cast(MusicSource, m.choice("source", MUSIC_SOURCES, "generated")),
        mood=m.name("mood", "auto"),
        seed=int(m.number("seed", 0, 0, 2**31 - 1)),
        path=None if mpath is None else safe_relative(mpath, root, "music.path"),
        volume_db=m.number("volume_db", -16.0, *limits(MusicBed, "volume_db")),
        duck_db=m.number("duck_db", 12.0, *limits(MusicBed, "duck_db")),
        snap_to_beats=m.get("snap_to_beats", bool, False),
    )

    e = _Reader(top.get("export", dict, {}), "export")
    export = ExportSettings(
        preset=cast(Preset, e.choice("preset", tuple(PRESETS), "landscape")),
        height=int(e.number("height", 1080, *limits(ExportSettings, "height"))),
        fps=int(e.number("fps", 30, *limits(ExportSettings, "fps"))),
        burn_captions=e.get("burn_captions", bool, True),
        srt=e.get("srt", bool, True),
        vtt=e.get("vtt", bool, False),
        platform=_read_platform(e),
        cover=e.get("cover", bool, False),
        loop=e.get("loop", bool, False),
    )
    b = _Reader(top.get("brand", dict, {}), "brand")
    # (brand imports autosave, which imports this module)
    from studio.core.brand import CAMPAIGN_TEXT_FIELDS, campaign_text, season_colour

    def colour(key: str, default: str) -> str:
        return parse_colour(b.get(key, str, default), f"brand.{key}")

    def font(key: str) -> str | None:
        rel = b.get(key, str, None, none_ok=True)
        return None if rel is None else safe_relative(rel, root, f"brand.{key}")

    def campaign(key: str) -> str:
        return campaign_text(b.get(key, str, ""), f"brand.{key}", CAMPAIGN_TEXT_FIELDS[key])

    brand = Brand(
        kit=b.name("kit", ""),
        accent=colour("accent", Brand.accent),
        panel=colour("panel", Brand.panel),
        text=colour("text", Brand.text),
        heading_font=font("heading_font"),
        body_font=font("body_font"),
        intro=b.get("intro", bool, False),
        watermark=cast(Watermark, b.choice("watermark", WATERMARKS, "none")),
        watermark_opacity=b.number("watermark_opacity", 0.6, *limits(Brand, "watermark_opacity")),
        captions=cast(CaptionLook, b.choice("captions", CAPTION_LOOKS, "animated")),
        sale_badge=campaign("sale_badge"),
        date_line=campaign("date_line"),
        season_accent=season_colour(b.get("season_accent", str, ""), "brand.season_accent"),
    )
    lk = _Reader(top.get("look", dict, {}), "look")
    look = Look(
        template=cast(Template, lk.choice("template", TEMPLATES, "highlight")),
        fill=cast(Fill, lk.choice("fill", FILLS, "auto")),
    )
    timeline = Timeline(
        scenes,
        arranged=tl.get("arranged", bool, False),
        dismissed=_read_str_list(tl.get("dismissed", list, []), "timeline.dismissed", 1000),
    )
    return Project(root, product, images, timeline, voice, music, export, brand, look)


def _read_platform(e: _Reader) -> str:
    key: str = e.get("platform", str, "")
    if key and key not in PLATFORMS:
        raise ProjectError(
            f"export.platform: {_show(key)} is not one of {', '.join(PLATFORMS)} (or empty)"
        )
    return key


def read_scene(item: Any, where: str, root: Path, images: set[str], ids: set[str]) -> Scene:
    """One scene from its saved form, validated against the project's photos; ``ids`` are the
    scene ids already taken (a duplicate id gets a new one).

    A scene's bullet number may name a bullet the seller has just deleted: the scene outlives
    the edit until the next re-plan, which finds its bullet again by its words or lets it go.
    A project saved (or autosaved, or copied for the planner) in between must read back, so
    only numbers no project can have are refused."""
    r = _Reader(item, where)
    image = r.get("image", str, None, none_ok=True)
    if image is not None:
        image = safe_relative(image, root, f"{where}.image")
        if image not in images:
            raise ProjectError(f"{where}.image: {image!r} is not one of the project's images")
    bullet = r.get("bullet", int, None, none_ok=True)
    if bullet is not None and not (0 <= bullet < MAX_FILE_BULLETS):
        raise ProjectError(f"{where}.bullet: {_show(bullet)} is not a bullet number")
    motion_raw = r.get("motion", dict, None, none_ok=True)
    motion = None
    if motion_raw is not None:
        mr = _Reader(motion_raw, f"{where}.motion")
        start = _read_rect(mr.get("start", list), f"{where}.motion.start")
        end = _read_rect(mr.get("end", list), f"{where}.motion.end")
        assert start is not None and end is not None
        motion = Motion(start, end)
    conf = r.number("confidence", None, 0.0, 1.0, none_ok=True)
    sid = (
        check_text(r.get("id", str, ""), f"{where}.id", cut=True) or None
    )  # over 64: a new id, below
    take = r.get("take", str, None, none_ok=True) or None  # "" and null both mean the default take
    scene = Scene(
        kind=cast(SceneKind, r.choice("kind", SCENE_KINDS, "bullet")),
        caption=r.prose("caption", ""),
        voice_line=r.prose("voice_line", ""),
        image=image,
        bullet=bullet,
        source_text=r.prose("source_text", ""),
        duration=r.number("duration", None, *limits(Scene, "duration"), none_ok=True),
        motion=motion,
        focus=_read_rect(r.get("focus", list, None, none_ok=True), f"{where}.focus"),
        motion_style=cast(MotionStyle, r.choice("motion_style", MOTION_STYLES, "ken burns")),
        transition=cast(Transition, r.choice("transition", TRANSITIONS, "crossfade")),
        locked=r.get("locked", bool, False),
        edited=r.get("edited", bool, False),
        shown=r.get("shown", bool, True),
        confidence=conf,
        reasons=_read_str_list(r.get("reasons", list, []), f"{where}.reasons", 50),
        take=None if take is None else _read_take_id(take, f"{where}.take"),
        takes=_read_take_ids(r.get("takes", list, []), f"{where}.takes"),
        voice_speed=r.number("voice_speed", None, *limits(Scene, "voice_speed"), none_ok=True),
        pause_before=r.number("pause_before", 0.0, *limits(Scene, "pause_before")),
        pause_after=r.number("pause_after", 0.0, *limits(Scene, "pause_after")),
        expressiveness=r.number("expressiveness", 0.0, *limits(Scene, "expressiveness")),
    )
    if sid and sid not in ids and len(sid) <= MAX_ID_CHARS:
        scene.id = sid
    ids.add(scene.id)
    return scene


def _parse_json(text: str, name: str) -> Any:
    """``json.loads`` with every failure as one ProjectError: besides JSONDecodeError it raises
    ValueError for huge integers and RecursionError for deep nesting (a real file nests 6 deep)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ProjectError(
            f"{name}: the project file is damaged (invalid JSON at line {exc.lineno}, column {exc.colno})"
        ) from None
    except ValueError:  # an integer of more than 4,300 digits (sys.get_int_max_str_digits)
        raise ProjectError(
            f"{name}: the project file is damaged (a number has too many digits)"
        ) from None
    except RecursionError:
        raise ProjectError(f"{name}: the project file is damaged (nested too deeply)") from None


def load_project(path: Path) -> Project:
    """Read and validate a project file; media paths resolve against the file's folder."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ProjectError(f"{path.name}: project file not found") from None
    except OSError as exc:
        raise ProjectError(
            f"{path.name}: the project file cannot be read ({exc.strerror})"
        ) from None
    if size > MAX_PROJECT_BYTES:
        raise ProjectError(f"{path.name}: project file is too large ({size // 1_000_000} MB)")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ProjectError(f"{path.name}: not a project file (not UTF-8 text)") from None
    except OSError as exc:  # a folder, no permission, an I/O error
        raise ProjectError(
            f"{path.name}: the project file cannot be read ({exc.strerror})"
        ) from None
    doc = _parse_json(text, path.name)
    try:
        return project_from_dict(doc, path.parent)
    except ProjectError as exc:
        raise ProjectError(f"{path.name}: {exc}") from None
    except AttributeError:
        raise ProjectError(f"{path.name}: not a Product Video Studio project") from None


def snapshot(p: Project) -> Project:
    """An independent deep copy (through the file format): what an export renders."""
    return project_from_dict(json.loads(json.dumps(project_to_dict(p))), p.root)
