"""Reading what a seller makes by hand: a folder of photos, bullets.txt and product.toml.

Bad files never sink the whole product: an unreadable photo is skipped with a warning that
names it and says why; only a folder with nothing usable is an error.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tomllib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from studio.core.errors import MediaError, ProjectError
from studio.core.model import (
    DEFAULT_VOICE,
    FILLS,
    TEMPLATES,
    ImageAsset,
    LocaleText,
    MusicBed,
    Product,
    Project,
    VoiceSettings,
    limits,
)
from studio.core.project_io import (
    MAX_LOCALES,
    PROJECT_SUFFIX,
    check_text,
    is_locale_code,
    load_project,
    safe_relative,
)
from studio.core.textfiles import (
    DAMAGED_UTF8,
    FALLBACK,
    damaged_utf8_lines,
    decode_text,
    read_small_file,
    text_lines,
)

BULLETS_FILE = "bullets.txt"
QUOTES_FILE = "quotes.txt"  # customer quotes, one per line (see core.quotes)
# A translation beside the main files: bullets.de.txt, product.pt_BR.toml, quotes.zh_CN.txt
LOCALE_FILE = re.compile(r"(bullets|quotes|product)\.([A-Za-z_-]{2,12})\.(?:txt|toml)")
LOCALE_KEYS = frozenset({"title", "price", "tagline", "call_to_action", "voice"})
MAX_QUOTES = 10  # a video is not a review page
PRODUCT_FILE = "product.toml"
LOGO_NAMES = ("logo.png", "logo.jpg", "logo.jpeg", "logo.webp")
MAX_BULLETS = 30
MAX_BULLET_CHARS = 280  # longer text is shortened for caption and voice; the original is kept
IMAGE_SUFFIXES = frozenset(
    {".jpg", ".jpeg", ".png", ".webp", ".bmp", ".tif", ".tiff", ".gif"}
)  # as media.images
# Sound a product's music may be: what ffmpeg decodes and a seller is likely to have. A track
# named in product.toml and one imported in the studio are held to this same list.
MUSIC_SUFFIXES = (
    ".mp3",
    ".wav",
    ".m4a",
    ".aac",
    ".ogg",
    ".oga",
    ".opus",
    ".flac",
    ".aif",
    ".aiff",
    ".wma",
    ".mp4",
    ".webm",
)
# Pictures a seller may well drop in that the app does not read: each is named in a warning
# (with what to do) instead of being passed over in silence.
OTHER_PICTURE_SUFFIXES = {
    ".heic": "HEIC (iPhone)",
    ".heif": "HEIF",
    ".avif": "AVIF",
    ".jxl": "JPEG XL",
    ".jp2": "JPEG 2000",
    ".svg": "SVG",
    ".ico": "icon",
    ".psd": "Photoshop",
    ".dng": "camera raw",
    ".cr2": "camera raw",
    ".cr3": "camera raw",
    ".nef": "camera raw",
    ".arw": "camera raw",
}
PRODUCT_KEYS = {
    "title",
    "price",
    "brand",
    "tagline",
    "call_to_action",
    "voice",
    "speed",
    "music_mood",
    "music",
    "snap_to_beats",
    "logo",
}
# the look: checked in read_look (a bad value is reported and the default used, never fatal)
LOOK_KEYS = {
    "template",
    "fill",
    "brand_kit",
    "accent_colour",
    "panel_colour",
    "text_colour",
    "heading_font",
    "body_font",
    "intro",
    "watermark",
    "watermark_opacity",
    "captions",
    "sale_badge",  # a campaign: a badge such as "-20%" on the title and closing cards,
    "date_line",  # a small line beside it ("Until 31 December"),
    "season_colour",  # and a seasonal colour used instead of the accent while it runs
}

# A validator of image files, injected so the core needs no imaging library:
# it raises MediaError for a file that cannot be used.
ImageCheck = Callable[[Path], object]


@dataclass
class Intake:
    project: Project
    warnings: list[str] = field(default_factory=list)


def natural_key(name: str) -> list[object]:
    """img2 before img10, as a person sorts."""
    return [int(t) if t.isdigit() else t.lower() for t in re.split(r"(\d+)", name)]


_MARKER = re.compile(r"^\s*(?:[-*•·‣▪▸►✓✔☑★☆➤→]+|\d{1,2}[.)])\s+")


def clean_bullet(line: str) -> str:
    """Strip list markers and control characters; keep everything a person wrote."""
    line = unicodedata.normalize("NFC", line)
    line = "".join(
        ch for ch in line if ch in "\t" or unicodedata.category(ch)[0] != "C" or ch == "\u200d"
    )
    line = _MARKER.sub("", line)
    return " ".join(line.split())


def shorten(text: str, limit: int = MAX_BULLET_CHARS) -> str:
    """Cut at a sentence end, else a word boundary, before ``limit`` characters."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    for mark in (". ", "! ", "? ", "。", "！", "？"):
        i = head.rfind(mark)
        if i >= limit // 3:
            return head[: i + 1].strip()
    i = head.rfind(" ")
    if i >= limit // 2:
        head = head[:i]
    return head.rstrip(" ,;:") + "…"


def read_text(path: Path, warnings: list[str] | None) -> tuple[str, str]:
    """(text, encoding) of a seller's text file, with a warning when it was not clean UTF-8."""
    raw = read_small_file(path)
    text, encoding = decode_text(raw, path.name)
    if warnings is None:
        return text, encoding
    if encoding == FALLBACK:
        warnings.append(
            f"{path.name} is not UTF-8; it was read as Windows-1252 (Western European) text. "
            "Save it as UTF-8 if any letter looks wrong."
        )
    elif encoding == DAMAGED_UTF8:
        warnings.append(
            f"{path.name}: line {_line_numbers(raw)} holds bytes that are not UTF-8 text; they were left out. "
            "Check the wording there."
        )
    return text, encoding


def _line_numbers(raw: bytes, shown: int = 5) -> str:
    """The lines with bytes that are not UTF-8, as a message lists them: "2, 7, 9"."""
    lines = damaged_utf8_lines(raw)
    return ", ".join(str(n) for n in lines[:shown]) + (", ..." if len(lines) > shown else "")


def read_bullets(path: Path, warnings: list[str] | None = None) -> list[str]:
    """One bullet per line (see core.textfiles for what is read and how)."""
    try:
        text, _ = read_text(path, warnings)
    except FileNotFoundError:
        raise ProjectError(
            f"{path.parent.name}: no {BULLETS_FILE} found; write one selling point per line in {path}"
        ) from None
    bullets = [b for b in (clean_bullet(line) for line in text_lines(text)) if b]
    if not bullets:
        raise ProjectError(f"{path.name} is empty: write one selling point per line")
    return bullets


def read_quotes(folder: Path, warnings: list[str], name: str = QUOTES_FILE) -> list[str]:
    """The customer quotes in ``folder/name`` (none without the file), at most MAX_QUOTES."""
    path = folder / name
    if not path.exists():
        return []
    try:
        text, _ = read_text(path, warnings)
    except (OSError, ProjectError) as exc:
        warnings.append(f"{name} was not read: {exc}")
        return []
    return clean_quotes(list(text_lines(text)), warnings)


def read_locales(folder: Path, warnings: list[str]) -> dict[str, LocaleText]:
    """The product's translations the seller wrote beside the photos: ``bullets.<code>.txt``,
    ``product.<code>.toml`` (title, price, tagline, call_to_action, voice) and ``quotes.<code>.txt``
    for each language code ("de", "pt_BR"). A file that cannot be used is one warning."""
    found: dict[str, LocaleText] = {}
    for p in sorted(folder.iterdir(), key=lambda p: p.name):
        m = LOCALE_FILE.fullmatch(p.name)
        if m is None or not p.is_file() or not _inside(p, folder):
            continue
        kind, code = m.group(1), m.group(2)
        if not is_locale_code(code) or (kind == "product") != p.name.endswith(".toml"):
            continue
        if code not in found and len(found) >= MAX_LOCALES:
            warnings.append(f"{p.name}: more than {MAX_LOCALES} languages; ignored")
            continue
        text = found.setdefault(code, LocaleText())
        try:
            if kind == "bullets":
                text.bullets = read_bullets(p, warnings)[:MAX_BULLETS]
            elif kind == "quotes":
                text.quotes = read_quotes(folder, warnings, p.name)
            else:
                _read_locale_toml(p, text, warnings)
        except ProjectError as exc:
            warnings.append(f"{p.name} was not used: {exc}")
    return found


def _read_locale_toml(path: Path, text: LocaleText, warnings: list[str]) -> None:
    data = _load_toml(path)
    for key, value in data.items():
        if key not in LOCALE_KEYS:
            known = ", ".join(sorted(LOCALE_KEYS))
            warnings.append(f"{path.name}: unknown key {key!r} ignored (known: {known})")
        elif not isinstance(value, str):
            warnings.append(f"{path.name}: {key} must be text; ignored")
        else:
            setattr(text, key, check_text(value, f"{path.name} {key}", cut=True))


def clean_quotes(lines: list[str], warnings: list[str] | None = None) -> list[str]:
    """Non-empty quotes without list markers, at most MAX_QUOTES (a warning says when more)."""
    out = [q for q in (clean_bullet(line) for line in lines) if q.strip(" \"'“”‘’«»—–-~")]
    if len(out) > MAX_QUOTES:
        if warnings is not None:
            warnings.append(
                f"{QUOTES_FILE}: {len(out)} quotes; only the first {MAX_QUOTES} are used"
            )
        out = out[:MAX_QUOTES]
    return out


def _load_toml(path: Path) -> dict[str, Any]:
    """The table in a seller's TOML file. Text whose encoding a byte-order mark states (Windows
    Notepad's "Unicode" is UTF-16) is read like bullets.txt; lines ending in a lone CR (old Mac
    editors) are read as lines, which TOML alone would refuse; only a guessed encoding is
    refused, since a wrong guess would change the words."""
    raw = read_small_file(path)
    text, encoding = decode_text(raw, path.name)
    if encoding == FALLBACK:
        raise ProjectError(f"{path.name}: not UTF-8 text; save it as UTF-8")
    if encoding == DAMAGED_UTF8:
        raise ProjectError(
            f"{path.name}: line {_line_numbers(raw)} holds bytes that are not UTF-8; fix it"
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProjectError(f"{path.name}: {exc}") from None


def read_product_toml(path: Path, warnings: list[str]) -> dict[str, object]:
    if not path.exists() and not path.is_symlink():
        return {}
    try:
        data = _load_toml(path)
    except FileNotFoundError:
        raise ProjectError(f"{PRODUCT_FILE}: is a link to a file that does not exist") from None
    for key in sorted(set(data) - PRODUCT_KEYS - LOOK_KEYS):
        known = ", ".join(sorted(PRODUCT_KEYS | LOOK_KEYS))
        warnings.append(f"{PRODUCT_FILE}: unknown key {key!r} ignored (known: {known})")
    for key in PRODUCT_KEYS & set(data):
        if key == "speed":
            lo, hi = limits(VoiceSettings, "speed")
            if (
                not isinstance(data[key], (int, float))
                or isinstance(data[key], bool)
                or not lo <= data[key] <= hi
            ):
                raise ProjectError(f"{PRODUCT_FILE}: speed must be a number from {lo:g} to {hi:g}")
        elif key == "snap_to_beats":
            if not isinstance(data[key], bool):
                raise ProjectError(f"{PRODUCT_FILE}: snap_to_beats must be true or false")
        elif not isinstance(data[key], str):
            raise ProjectError(f"{PRODUCT_FILE}: {key} must be text in quotes")
        else:  # the same rules a saved project's text follows (no NUL, no broken characters)
            data[key] = check_text(
                data[key], f"{PRODUCT_FILE} {key}", 200 if key in ("voice", "music_mood") else 5000
            )
    return data


def title_from_folder(folder: Path) -> str:
    words = re.split(r"[-_\s]+", folder.resolve().name)
    return " ".join(w[:1].upper() + w[1:] for w in words if w) or "My Product"


def find_project_file(folder: Path) -> Path | None:
    files = sorted(folder.glob(f"*{PROJECT_SUFFIX}"))
    return files[0] if len(files) == 1 else None


def load_product(
    source: Path, check_image: ImageCheck | None = None, *, complete: bool = True
) -> Intake:
    """Open a saved project file, a folder holding one, or a plain product folder.

    ``complete=False`` (the studio): a folder without usable bullets or photos opens without
    them, so the seller can add them there; the CLI needs both and says so."""
    source = Path(source)
    if source.is_file() and source.name.endswith(PROJECT_SUFFIX):
        return _checked(Intake(load_project(source)), check_image, complete)
    if not source.exists():
        raise ProjectError(f"{source}: no such folder")
    if not source.is_dir():
        raise ProjectError(
            f"{source}: expected a product folder (images + {BULLETS_FILE}) or a {PROJECT_SUFFIX} file"
        )
    saved = find_project_file(source)
    if saved is not None:
        return _checked(Intake(load_project(saved)), check_image, complete)
    return _checked(product_from_folder(source, complete=complete), check_image, complete)


def product_from_folder(folder: Path, *, complete: bool = True) -> Intake:
    warnings: list[str] = []
    meta = read_product_toml(folder / PRODUCT_FILE, warnings)
    try:
        bullets = read_bullets(folder / BULLETS_FILE, warnings)
    except ProjectError as exc:
        if complete:
            raise
        if (folder / BULLETS_FILE).exists():
            warnings.append(str(exc))
        bullets = []
    if len(bullets) > MAX_BULLETS:
        warnings.append(
            f"{BULLETS_FILE}: {len(bullets)} bullets; only the first {MAX_BULLETS} are used"
        )
        bullets = bullets[:MAX_BULLETS]

    logo = meta.get("logo")
    logo_rel: str | None = None
    if isinstance(logo, str) and logo:
        logo_rel = safe_relative(logo, folder, f"{PRODUCT_FILE} logo")
        if not (folder / logo_rel).is_file():
            raise ProjectError(f"{PRODUCT_FILE}: logo {logo!r} not found")
    else:
        logo_rel = next((n for n in LOGO_NAMES if (folder / n).is_file()), None)

    images: list[ImageAsset] = []
    for p in sorted(folder.iterdir(), key=lambda p: natural_key(p.name)):
        if p.name.startswith(".") or p.name == logo_rel:
            continue
        kind = OTHER_PICTURE_SUFFIXES.get(p.suffix.lower())
        if kind:
            warnings.append(
                f"skipped {shown_name(p.name)}: {kind} pictures are not supported; "
                "save it as JPEG or PNG to use it"
            )
            continue
        if p.suffix.lower() not in IMAGE_SUFFIXES:
            continue
        if not _is_text(p.name):
            warnings.append(
                f"skipped {shown_name(p.name)}: its name is not valid text (it was written in "
                "an older encoding); rename the file to use it"
            )
            continue
        problem = _link_problem(p, folder) if p.is_symlink() else None
        if problem:
            warnings.append(f"skipped {shown_name(p.name)}: {problem}")
            continue
        images.append(ImageAsset(p.name))
    product = Product(
        title=str(meta.get("title") or title_from_folder(folder)),
        bullets=bullets,
        price=str(meta.get("price", "")),
        brand=str(meta.get("brand", "")),
        tagline=str(meta.get("tagline", "")),
        call_to_action=str(meta.get("call_to_action") or "Shop now"),
        logo=logo_rel,
        quotes=read_quotes(folder, warnings),
        locales=read_locales(folder, warnings),
    )
    project = Project(folder, product, images)
    speed = meta.get("speed", 1.0)
    assert isinstance(speed, (int, float))  # read_product_toml checked it is a number
    project.voice = VoiceSettings(voice=str(meta.get("voice") or DEFAULT_VOICE), speed=float(speed))
    project.music = MusicBed(
        mood=str(meta.get("music_mood") or "auto"),
        snap_to_beats=bool(meta.get("snap_to_beats", False)),
    )
    track = meta.get("music")
    if isinstance(track, str) and track:
        rel = safe_relative(track, folder, f"{PRODUCT_FILE} music")
        problem = music_suffix_problem(rel) or sound_file_problem(folder / rel, "file")
        if problem:
            raise ProjectError(f"{PRODUCT_FILE}: music track {track!r}: {problem}")
        project.music.source = "file"
        project.music.path = rel
    read_look(project, meta, warnings)
    for i, b in enumerate(bullets):
        if len(b) > MAX_BULLET_CHARS:
            warnings.append(
                f"bullet {i + 1} is {len(b)} characters long; the video uses its first "
                f"{len(shorten(b))} (a bullet reads best under 120)"
            )
    return Intake(project, warnings)


def music_suffix_problem(name: str | Path) -> str:
    """Why ``name`` is not a kind of sound file the studio takes as music ("" when it is)."""
    if Path(name).suffix.lower() in MUSIC_SUFFIXES:
        return ""
    kinds = [s.lstrip(".").upper() for s in MUSIC_SUFFIXES]
    return f"choose an {', '.join(kinds[:-1])} or {kinds[-1]} file"


def sound_file_problem(path: Path, what: str = "audio file") -> str:
    """Why a sound file cannot even be opened, in words a user can act on ("" when it can):
    not there, a loop of links, a folder, a pipe or device (reading one may never end), an
    empty file, or one the user may not read. ``what`` names the kind ("music track not
    found"). studio.media.audio.check_audio_file raises this reason for every decoder."""
    path = Path(path)
    try:
        st = os.stat(path)
        if stat.S_ISREG(st.st_mode) and st.st_size:
            with open(path, "rb"):
                pass
    except FileNotFoundError:
        return "a link to a file that does not exist" if path.is_symlink() else f"{what} not found"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a link that leads back to itself (a loop of links)"
        return f"cannot be read ({exc.strerror or exc})"
    except ValueError:  # a NUL in the name
        return f"{what} not found"
    if stat.S_ISDIR(st.st_mode):
        return "is a folder, not a file"
    if not stat.S_ISREG(st.st_mode):
        return "is not a regular file (a pipe, socket or device), so it is not read"
    if st.st_size == 0:
        return "the file is empty (0 bytes)"
    return ""


def _is_text(name: str) -> bool:
    """False for a file name holding bytes that are not text in the system's encoding."""
    try:
        check_text(name, "name")
    except ProjectError:
        return False
    return True


def shown_name(name: str) -> str:
    """A file name as a message can show it: undecodable bytes as backslash escapes, controls
    (a newline would split the message) and direction overrides (they reorder what follows)
    escaped."""
    name = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "".join(
        ch if unicodedata.category(ch) not in ("Cc", "Cf") or ch == "\u200d" else repr(ch)[1:-1]
        for ch in name
    )


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except (OSError, RuntimeError, ValueError):  # RuntimeError: a loop of links (Python < 3.13)
        return False
    return True


def _link_problem(link: Path, folder: Path) -> str | None:
    """Why a link among the photos cannot be used, or None. A dangling link is left to the
    image check, which names it as such."""
    try:
        link.resolve()
    except (OSError, RuntimeError):  # Python < 3.13 raises RuntimeError for a loop
        return "a link that leads back to itself (a loop of links); copy the photo in"
    if not _inside(link, folder):
        # the same rule as saved projects (safe_relative): media live in the product folder
        return "a link to a file outside the product folder; copy the photo in"
    return None


def _checked(intake: Intake, check_image: ImageCheck | None, complete: bool = True) -> Intake:
    """Drop images that cannot be used, with one warning each; refuse a product with none left
    unless ``complete`` is False."""
    project = intake.project
    if check_image is None:
        return intake
    good: list[ImageAsset] = []
    problems: list[str] = []
    for asset in project.images:
        path = project.image_path(asset.path)
        try:
            check_image(path)
        except MediaError as exc:
            problems.append(f"skipped {shown_name(asset.path)}: {exc.reason}")
            continue
        good.append(asset)
    if project.product.logo:
        try:
            check_image(project.image_path(project.product.logo))
        except MediaError as exc:
            problems.append(f"logo {shown_name(project.product.logo)} not used: {exc.reason}")
            project.product.logo = None
    if not good and complete:
        detail = ("; ".join(problems)) if problems else "add JPEG, PNG or WebP photos"
        raise ProjectError(f"{project.root.name}: no usable product images ({detail})")
    if len(good) != len(project.images):
        keep = {a.path for a in good}
        project.images[:] = good
        for s in project.timeline.scenes:
            if s.image is not None and s.image not in keep:
                s.image = None
    intake.warnings.extend(problems)
    return intake


def read_look(project: Project, meta: dict[str, object], warnings: list[str]) -> None:
    """Template, fill and brand settings from product.toml: a saved kit first (brand_kit),
    then the keys written in the file over it. Every bad value is one warning; its default
    stays."""
    from studio.core.brand import apply_kit, font_problem, load_kit, read_kit_settings

    where = PRODUCT_FILE
    template = meta.get("template")
    if template is not None:
        if template in TEMPLATES:
            project.look.template = template
        else:
            warnings.append(f"{where} template: one of {', '.join(TEMPLATES)}; highlight is used")
    fill = meta.get("fill")
    if fill is not None:
        if fill in FILLS:
            project.look.fill = fill
        else:
            warnings.append(f"{where} fill: one of {', '.join(FILLS)}; auto is used")
    kit = meta.get("brand_kit")
    if kit is not None and not isinstance(kit, str):
        warnings.append(
            f"{where} brand_kit: a kit's name or folder in quotes; the house look is used"
        )
    if isinstance(kit, str) and kit.strip():
        try:
            apply_kit(project, load_kit(kit, warnings))
        except (ProjectError, OSError) as exc:
            warnings.append(f"{where} brand_kit: {exc}; the house look is used")
    settings = {
        k.removesuffix("_colour"): v
        for k, v in meta.items()
        if k in ("accent_colour", "panel_colour", "text_colour")
        or k in ("intro", "watermark", "watermark_opacity", "captions", "sale_badge", "date_line")
    }
    if "season_colour" in meta:
        settings["season_accent"] = meta["season_colour"]
    for key, value in read_kit_settings(settings, where, warnings).items():
        setattr(project.brand, key, value)
    for key in ("heading_font", "body_font"):
        name = meta.get(key)
        if name is not None and not isinstance(name, str):
            warnings.append(f"{where} {key}: a font file's name in quotes; the house font is used")
            continue
        if not isinstance(name, str) or not name:
            continue
        try:
            rel = safe_relative(name, project.root, f"{where} {key}")
        except ProjectError as exc:
            warnings.append(f"{exc}; the house font is used")
            continue
        problem = font_problem(project.root / rel)
        if problem:
            warnings.append(f"{where} {key}: {problem}; the house font is used")
        else:
            setattr(project.brand, key, rel)
