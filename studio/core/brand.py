"""Brand kits: a seller's logo, colours, fonts and caption style, kept per user and chosen per
project.

A kit lives in its own folder under ``<config>/brands/<slug>/``: ``kit.json`` plus copies of
its logo and font files, so a kit keeps working when the originals move. Applying a kit to a
project copies those files into the product folder (``brand/``) and sets ``project.brand``
to project-relative paths: a project never points outside its folder, and a project sent to
another machine keeps its look.

Everything read from a kit, a ``product.toml`` or a project is checked: a colour that cannot be
read, a font file that is missing or is not a font, a logo that is not an image each give one
clear message and the default is used; nothing is lost and nothing stops.

A kit may also carry a campaign (a sale badge such as "-20%", a date line such as "Until 31
December" and a seasonal accent colour): short single-line texts and an optional colour that
the renderer draws on the title and closing cards (``studio.render.campaign``).
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import stat
import struct
import unicodedata
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from studio.core.autosave import config_dir
from studio.core.colours import parse_colour
from studio.core.errors import DiskError, ProjectError
from studio.core.fsutil import atomic_write_text
from studio.core.model import CAPTION_LOOKS, WATERMARKS, Brand, Project, limits

KIT_FILE = "kit.json"
KIT_FORMAT = "product-video-studio-brand"
BRAND_FOLDER = "brand"  # inside a product folder
MAX_ASSET_BYTES = 30 * 1024 * 1024
FONT_SUFFIXES = (".ttf", ".otf", ".ttc")
LOGO_SUFFIXES = (".png", ".webp", ".jpg", ".jpeg")
_FONT_MAGIC = (b"\x00\x01\x00\x00", b"OTTO", b"true", b"ttcf")
_WEB_FONT_MAGIC = {b"wOFF": "WOFF", b"wOF2": "WOFF2"}
COLOUR_FIELDS = ("accent", "panel", "text")
MAX_KIT_BYTES = 1_000_000  # a kit.json is a few hundred bytes
MAX_KIT_NAME_CHARS = 80
MAX_SALE_BADGE_CHARS = 24  # a pill in a corner: "-20%", "SALE", "Black Friday"
MAX_DATE_LINE_CHARS = 60  # one small line: "Until 31 December"
CAMPAIGN_TEXT_FIELDS = {"sale_badge": MAX_SALE_BADGE_CHARS, "date_line": MAX_DATE_LINE_CHARS}
CAMPAIGN_FIELDS = ("sale_badge", "date_line", "season_accent")


def campaign_text(value: object, where: str, limit: int) -> str:
    """A campaign line as it is drawn: one line of text (runs of spaces and line breaks become
    one space), no control characters, at most ``limit`` characters; ProjectError otherwise."""
    if not isinstance(value, str):
        raise ProjectError(f"{where}: must be text, not {_brief(value)}")
    text = " ".join(value.split())
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in text):
        raise ProjectError(f"{where}: contains characters that are not valid text")
    if len(text) > limit:
        raise ProjectError(f"{where}: longer than {limit} characters")
    return text


def _brief(value: object, limit: int = 40) -> str:
    """A value as a message shows it: a hostile one is not pasted in whole."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _colour(value: object, where: str) -> str:
    """``parse_colour``, with a value that is not text shown shortened (a kit may hold a list
    of a million numbers where a colour goes)."""
    if not isinstance(value, str):
        raise ProjectError(f'{where}: a colour is text such as "#1e66f5", not {_brief(value)}')
    return parse_colour(value, where)


def season_colour(value: object, where: str) -> str:
    """The seasonal accent as "#rrggbb", or "" for none (an empty value turns it off)."""
    if isinstance(value, str) and not value.strip():
        return ""
    return _colour(value, where)


def font_problem(path: Path) -> str:
    """Why ``path`` cannot be a caption font ("" when it looks like one): its table directory
    is read (fontTools), so a font cut short, a web font renamed .ttf or a file with a font's
    first bytes and nothing after them is refused here, not mid-render."""
    if path.suffix.lower() not in FONT_SUFFIXES:
        return f"{path.name} is not a font file (TTF, OTF or TTC)"
    problem = _file_problem(path)
    if problem:
        return problem
    try:
        with path.open("rb") as f:
            head = f.read(4)
    except OSError as exc:
        return f"{path.name} cannot be read ({exc.strerror or exc})"
    if head in _WEB_FONT_MAGIC:
        return f"{path.name} is a {_WEB_FONT_MAGIC[head]} web font; use its TTF or OTF file"
    if head not in _FONT_MAGIC:
        return f"{path.name} is damaged or not a font"
    return _font_tables_problem(path)


def _font_tables_problem(path: Path) -> str:
    from fontTools.ttLib import TTFont, TTLibError

    try:
        size = path.stat().st_size
        with TTFont(path, fontNumber=0, lazy=True) as font:
            tables = font.reader.tables
            if any(t.offset + t.length > size for t in tables.values()):
                return f"{path.name} is cut short (an unfinished download or copy?)"
            if "cmap" not in tables or not ({"glyf", "CFF ", "CFF2"} & set(tables)):
                return f"{path.name} is damaged or not a font (it has no letters)"
            if not font["cmap"].getBestCmap():
                return f"{path.name} has no character map, so no text can be set in it"
    except OSError as exc:
        return f"{path.name} cannot be read ({exc.strerror or exc})"
    except (TTLibError, struct.error, AssertionError, KeyError, ValueError, IndexError, TypeError):
        return f"{path.name} is damaged or not a font"
    return ""


MAX_LOGO_SIDE = 8000  # pixels: a logo is drawn a few hundred pixels wide
MIN_LOGO_SIDE = 8
VISIBLE_ALPHA = 8  # as render.logo: fainter pixels are cropped away as margin


def logo_problem(path: Path) -> str:
    """Why ``path`` cannot be a logo ("" when it can): not a picture, damaged, a size that
    is absurd either way (a decompression bomb, a single pixel), or nothing but transparency.
    An animated logo is drawn still, as its first frame; a CMYK JPEG is converted."""
    if path.suffix.lower() not in LOGO_SUFFIXES:
        return f"{path.name}: a logo is a PNG, WebP or JPEG"
    problem = _file_problem(path)
    if problem:
        return problem
    import warnings

    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                w, h = im.size
                if max(w, h) > MAX_LOGO_SIDE:
                    return f"{path.name} is {w}x{h} pixels; a logo must be at most {MAX_LOGO_SIDE}"
                if min(w, h) < MIN_LOGO_SIDE:
                    return f"{path.name} is {w}x{h} pixels; too small to be seen as a logo"
                im.seek(0)  # an animated logo is drawn as its first frame
                im.thumbnail((256, 256))
                alpha = im.convert("RGBA").getchannel("A")
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return f"{path.name} declares too many pixels to be a logo"
    except UnidentifiedImageError:
        return f"{path.name} is not a picture this app can read"
    except OSError as exc:
        return f"{path.name} is damaged or cut short ({exc.strerror or exc})"
    except (SyntaxError, ValueError, struct.error) as exc:
        return f"{path.name} is damaged ({exc})"
    if alpha.point(lambda v: 255 if v > VISIBLE_ALPHA else 0).getbbox() is None:
        return f"{path.name} is completely transparent"
    return ""


def _file_problem(path: Path) -> str:
    """A kit asset that is missing, unreadable, not a plain file (a pipe would be read
    forever), empty or too large ("" when none of these)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return f"{path.name} was not found"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return f"{path.name} is a link that leads back to itself"
        return f"{path.name} cannot be read ({exc.strerror or exc})"
    except ValueError:  # a NUL in a name a hostile kit gives
        return f"{path.name!r} is not a valid file name"
    if stat.S_ISDIR(st.st_mode):
        return f"{path.name} is a folder, not a file"
    if not stat.S_ISREG(st.st_mode):
        return f"{path.name} is not a regular file (a pipe, socket or device)"
    if st.st_size > MAX_ASSET_BYTES:
        return f"{path.name} is larger than {MAX_ASSET_BYTES // 2**20} MB"
    if st.st_size == 0:
        return f"{path.name} is empty (0 bytes)"
    return ""


def _copy(src: Path, target: Path) -> None:
    """Copy a kit's file, as a DiskError (one message, still an OSError) when the disk says no."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, target)
    except OSError as exc:
        raise DiskError(
            f"cannot copy {src.name} to {target.parent}: {exc.strerror or exc}"
        ) from exc


@dataclass
class BrandKit:
    """A kit as the library keeps it: the brand settings with absolute asset paths."""

    name: str
    accent: str = "#ffc400"
    panel: str = "#121216"
    text: str = "#ffffff"
    logo: Path | None = None
    heading_font: Path | None = None
    body_font: Path | None = None
    intro: bool = False
    watermark: str = "none"
    watermark_opacity: float = 0.6
    captions: str = "animated"
    sale_badge: str = ""
    date_line: str = ""
    season_accent: str = ""


def kits_dir() -> Path:
    d = config_dir() / "brands"
    d.mkdir(parents=True, exist_ok=True)
    return d


def slug(name: str) -> str:
    s = re.sub(r"[^0-9A-Za-z]+", "-", name).strip("-").lower()
    return s[:60] or "brand"


def read_kit_settings(data: dict[str, Any], where: str, warnings: list[str]) -> dict[str, Any]:
    """Checked settings from a kit.json or a product.toml: bad values are reported and left
    out (so the default stays), never raised."""
    out: dict[str, Any] = {}
    for key in COLOUR_FIELDS:
        if key in data:
            try:
                out[key] = _colour(data[key], f"{where} {key}")
            except ProjectError as exc:
                warnings.append(f"{exc}; the default is used")
    if "intro" in data:
        if isinstance(data["intro"], bool):
            out["intro"] = data["intro"]
        else:
            warnings.append(f"{where} intro: must be true or false; the default is used")
    if "watermark" in data:
        if data["watermark"] in WATERMARKS:
            out["watermark"] = data["watermark"]
        else:
            warnings.append(
                f"{where} watermark: one of {', '.join(WATERMARKS)}; the default is used"
            )
    if "watermark_opacity" in data:
        lo, hi = limits(Brand, "watermark_opacity")
        v = data["watermark_opacity"]
        if isinstance(v, (int, float)) and not isinstance(v, bool) and lo <= v <= hi:
            out["watermark_opacity"] = float(v)
        else:
            warnings.append(
                f"{where} watermark_opacity: a number from {lo:g} to {hi:g}; the default is used"
            )
    if "captions" in data:
        if data["captions"] in CAPTION_LOOKS:
            out["captions"] = data["captions"]
        else:
            warnings.append(
                f"{where} captions: one of {', '.join(CAPTION_LOOKS)}; the default is used"
            )
    for key, limit in CAMPAIGN_TEXT_FIELDS.items():
        if key in data:
            try:
                out[key] = campaign_text(data[key], f"{where} {key}", limit)
            except ProjectError as exc:
                warnings.append(f"{exc}; it is left out")
    if "season_accent" in data:
        try:
            out["season_accent"] = season_colour(data["season_accent"], f"{where} season_accent")
        except ProjectError as exc:
            warnings.append(f"{exc}; the accent colour is used")
    return out


def load_kit(source: str | Path, warnings: list[str] | None = None) -> BrandKit:
    """A kit by name (from the library), by folder, or by its kit.json path."""
    warnings = warnings if warnings is not None else []
    path = Path(source)
    if not (path.suffix == ".json" or path.is_dir()):
        path = kits_dir() / slug(str(source))
    if path.is_dir():
        path = path / KIT_FILE
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            raise ProjectError(f"brand kit {path}: not a plain file, so it is not read")
        if st.st_size > MAX_KIT_BYTES:
            raise ProjectError(f"brand kit {path}: larger than {MAX_KIT_BYTES // 1000} KB")
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        names = ", ".join(k.name for k in list_kits()) or "none saved yet"
        raise ProjectError(f"no brand kit {str(source)!r} (saved kits: {names})") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ProjectError(f"brand kit {path}: cannot be read ({exc})") from None
    except (ValueError, RecursionError):  # a NUL in the name given; nesting beyond reason
        raise ProjectError(f"brand kit {path}: not a brand kit") from None
    if not isinstance(data, dict) or data.get("format") != KIT_FORMAT:
        raise ProjectError(f"{path}: not a brand kit")
    name = data.get("name")
    name = " ".join(name.split()) if isinstance(name, str) else ""
    if len(name) > MAX_KIT_NAME_CHARS or any(unicodedata.category(c) == "Cc" for c in name):
        warnings.append(f"brand kit {path.parent.name}: its name is not usable; the folder's is")
        name = ""
    kit = BrandKit(name=name or path.parent.name)
    for key, value in read_kit_settings(data, f"brand kit {kit.name}", warnings).items():
        setattr(kit, key, value)
    for key, check in (
        ("logo", logo_problem),
        ("heading_font", font_problem),
        ("body_font", font_problem),
    ):
        rel = data.get(key)
        if rel is None:
            continue
        asset = path.parent / str(rel)
        if not isinstance(rel, str) or "/" in rel or "\\" in rel or rel.startswith("."):
            warnings.append(f"brand kit {kit.name} {key}: not a file of the kit; not used")
            continue
        problem = check(asset)
        if problem:
            warnings.append(f"brand kit {kit.name} {key}: {problem}; the default is used")
            continue
        setattr(kit, key, asset)
    return kit


def list_kits() -> list[BrandKit]:
    kits = []
    for d in sorted(kits_dir().iterdir()):
        if (d / KIT_FILE).is_file():
            try:
                kits.append(load_kit(d))
            except ProjectError:
                continue  # a damaged kit is skipped here; loading it by name says why
    return kits


def save_kit(kit: BrandKit) -> Path:
    """Write ``kit`` into the library (its logo and fonts copied in); returns its folder.
    Asset problems raise ProjectError before anything is written."""
    for key, check in (
        ("logo", logo_problem),
        ("heading_font", font_problem),
        ("body_font", font_problem),
    ):
        asset = getattr(kit, key)
        if asset is not None and check(Path(asset)):
            raise ProjectError(f"{key}: {check(Path(asset))}")
    for key in COLOUR_FIELDS:
        setattr(kit, key, parse_colour(getattr(kit, key), key))
    for key, limit in CAMPAIGN_TEXT_FIELDS.items():
        setattr(kit, key, campaign_text(getattr(kit, key), key, limit))
    kit.season_accent = season_colour(kit.season_accent, "season_accent")
    folder = kits_dir() / slug(kit.name)
    folder.mkdir(parents=True, exist_ok=True)
    doc: dict[str, Any] = {"format": KIT_FORMAT, "name": kit.name}
    for f in fields(BrandKit):
        value = getattr(kit, f.name)
        if f.name == "name":
            continue
        if isinstance(value, Path):
            target = folder / f"{f.name}{value.suffix.lower()}"
            if value.resolve() != target.resolve():
                _copy(value, target)
            doc[f.name] = target.name
        elif value is not None:
            doc[f.name] = value
    atomic_write_text(folder / KIT_FILE, json.dumps(doc, indent=2) + "\n")
    return folder


def kit_from_project(project: Project, name: str) -> BrandKit:
    """The project's current look as a kit (to save it for other products)."""
    b = project.brand

    def asset(rel: str | None) -> Path | None:
        return None if rel is None else project.root / rel

    return BrandKit(
        name=name,
        accent=b.accent,
        panel=b.panel,
        text=b.text,
        logo=asset(project.product.logo),
        heading_font=asset(b.heading_font),
        body_font=asset(b.body_font),
        intro=b.intro,
        watermark=b.watermark,
        watermark_opacity=b.watermark_opacity,
        captions=b.captions,
        sale_badge=b.sale_badge,
        date_line=b.date_line,
        season_accent=b.season_accent,
    )


def brand_values(kit: BrandKit, root: Path) -> tuple[dict[str, Any], str | None]:
    """The Brand field values for ``kit`` in the product folder ``root`` (its fonts copied into
    ``root/brand/``), and the logo's project-relative path (None: keep the product's own).
    Copies are made here; the caller applies the values (through the undo log in the studio)."""
    values: dict[str, Any] = {
        "kit": kit.name,
        "accent": kit.accent,
        "panel": kit.panel,
        "text": kit.text,
        "intro": kit.intro,
        "watermark": kit.watermark,
        "watermark_opacity": kit.watermark_opacity,
        "captions": kit.captions,
        "sale_badge": kit.sale_badge,
        "date_line": kit.date_line,
        "season_accent": kit.season_accent,
        "heading_font": None,
        "body_font": None,
    }
    folder = root / BRAND_FOLDER
    logo_rel = None
    for key in ("heading_font", "body_font", "logo"):
        src: Path | None = getattr(kit, key)
        if src is None:
            continue
        target = folder / f"{slug(kit.name)}-{key}{src.suffix.lower()}"
        _copy(src, target)
        rel = target.relative_to(root).as_posix()
        if key == "logo":
            logo_rel = rel
        else:
            values[key] = rel
    return values, logo_rel


def apply_kit(project: Project, kit: BrandKit) -> None:
    """Give ``project`` the kit's look directly (the CLI; the studio goes through the undo log)."""
    values, logo = brand_values(kit, project.root)
    for key, value in values.items():
        setattr(project.brand, key, value)
    if logo is not None:
        project.product.logo = logo


def copy_into_product(root: Path, src: Path, stem: str) -> str:
    """Copy a chosen font or logo into ``root/brand/`` (unless it is already inside the
    product folder) and return its project-relative path."""
    src = Path(src)
    try:
        return src.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        pass
    target = root / BRAND_FOLDER / f"{slug(stem)}{src.suffix.lower()}"
    _copy(src, target)
    return target.relative_to(root).as_posix()
