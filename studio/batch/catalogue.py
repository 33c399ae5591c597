"""Reading a catalogue: a folder of product folders, or a CSV/TSV with one row per SKU.

Every SKU becomes a ``SkuSpec``: the files its product folder is made of (paths on this
machine) and the small text files written for it (bullets.txt, product.toml for a CSV row).
A worker anywhere rebuilds the product folder from that and renders it as `studio render`
would. A row that cannot become a product (no bullets, photos that are not there) keeps a
``problem`` and is recorded as failed without a render; only a catalogue that cannot be read
at all, or a CSV without its required columns, is an error.
"""

from __future__ import annotations

import csv
import glob
import io
import json
import os
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from studio.core.audience import PROFILE_FORMAT, find_profile, profile_to_dict
from studio.core.errors import ProjectError
from studio.core.intake import BULLETS_FILE, IMAGE_SUFFIXES, PRODUCT_FILE, natural_key
from studio.core.model import TEMPLATES
from studio.core.textfiles import decode_text, read_small_file

MAX_CATALOGUE_BYTES = 64_000_000  # a 100,000-row CSV is ~30 MB
MAX_SKU_CHARS = 100
LINES_SHOWN = 5  # line numbers named in one warning
SPREADSHEET_SUFFIXES = (".xlsx", ".xls", ".xlsm", ".ods", ".numbers")
REQUIRED_COLUMNS = ("sku", "title", "bullets", "images")
OPTIONAL_COLUMNS = (
    "price",
    "brand",
    "tagline",
    "call_to_action",
    "voice",
    "music_mood",
    "template",
)
# A row may name an audience (`studio audiences`): its SKU's videos are that audience's
# variant. The profile is looked up here, where the seller's own profiles are, and travels
# with the SKU as a file the worker reads (so it is part of the input hash too).
AUDIENCE_COLUMN = "audience"
AUDIENCE_FILE = ".audience.json"
TABLE_SUFFIXES = {".csv": ",", ".tsv": "\t", ".tab": "\t"}
LIST_SEPARATOR = "|"
_GLOB_CHARS = frozenset("*?[")
# Videos and subtitles rendered into a product folder before: never inputs, often large.
RENDERED_SUFFIXES = frozenset({".mp4", ".mov", ".mkv", ".webm", ".srt", ".vtt"})


@dataclass(frozen=True)
class SkuSpec:
    """One SKU to render: everything a worker needs, as plain picklable data."""

    sku: str
    origin: str  # where it came from, for messages: a folder, or "products.csv row 7"
    files: tuple[tuple[str, str], ...] = ()  # (name in the product folder, absolute path)
    texts: tuple[tuple[str, str], ...] = ()  # (name, content) written for a CSV row
    problem: str | None = None  # why it cannot be rendered at all
    warnings: tuple[str, ...] = ()


@dataclass
class Catalogue:
    source: Path
    skus: list[SkuSpec] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # rows that are no SKU at all, odd columns


def read_catalogue(source: Path, exclude: Path | None = None) -> Catalogue:
    """The SKUs of ``source`` (a folder of product folders, or a .csv/.tsv file), in order.

    ``exclude``: a folder never read as a product (the batch's own output folder)."""
    source = Path(source).expanduser().absolute()
    if source.is_file():
        if source.suffix.lower() in SPREADSHEET_SUFFIXES:
            raise ProjectError(
                f"{source.name}: a spreadsheet file, which this app does not read; save the "
                "sheet as CSV (UTF-8) from your spreadsheet program and give that file"
            )
        if source.suffix.lower() not in TABLE_SUFFIXES:
            raise ProjectError(
                f"{source.name}: a catalogue is a folder of product folders or a .csv/.tsv file"
            )
        return read_table(source)
    if source.is_dir():
        return read_folder(source, exclude)
    raise ProjectError(f"{source}: no such catalogue (a folder or a .csv/.tsv file)")


# ------------------------------------------------------------------ folders


def read_folder(folder: Path, exclude: Path | None = None) -> Catalogue:
    if (folder / BULLETS_FILE).is_file():
        raise ProjectError(
            f"{folder.name} is one product, not a catalogue: `studio render {folder}` makes its "
            "video; a catalogue is a folder holding one such folder per SKU"
        )
    cat = Catalogue(folder)
    skip = exclude.resolve() if exclude is not None else None
    inside = folder.resolve()
    seen: dict[str, str] = {}  # folder key (as in read_table) -> the sku that has it
    # ties in the natural order ("Lamp", "lamp") fall to the exact name, not to the disk
    for sub in sorted(folder.iterdir(), key=lambda p: (natural_key(p.name), p.name)):
        if sub.name.startswith(".") or not sub.is_dir():
            continue
        if skip is not None and sub.resolve() == skip:
            continue
        problem = sku_problem(sub.name)
        if not problem and inside not in sub.resolve().parents:
            # a link to / or to the home folder: every file there would become the product's
            problem = "a link to a folder outside the catalogue; copy the product in"
        key = unicodedata.normalize("NFC", sub.name).casefold()
        if not problem and key in seen:
            problem = (
                f"would write the same folder as {seen[key]!r} (they differ only in letter "
                "case or in how accents are stored)"
            )
        if problem:
            cat.warnings.append(f"{sub.name!r} skipped: {problem}")
            continue
        seen[key] = sub.name
        files = tuple(
            (p.relative_to(sub).as_posix(), str(p))
            for p in sorted(sub.rglob("*"))
            if p.is_file()
            and p.suffix.lower() not in RENDERED_SUFFIXES
            and not any(part.startswith(".") for part in p.relative_to(sub).parts)
        )
        cat.skus.append(SkuSpec(sub.name, str(sub), files))
    if not cat.skus:
        raise ProjectError(f"{folder}: no product folders in this catalogue")
    return cat


def sku_problem(sku: str) -> str | None:
    """Why ``sku`` cannot name an output folder, or None."""
    if not sku:
        return "no sku"
    if len(sku) > MAX_SKU_CHARS:
        return f"sku longer than {MAX_SKU_CHARS} characters"
    if sku.startswith(".") or any(c in sku for c in "/\\") or sku in (".", ".."):
        return f"sku {sku!r}: no slashes and no leading dot (it names a folder)"
    if any(unicodedata.category(c)[0] == "C" for c in sku):
        return f"sku {sku!r}: contains control characters"
    return None


# ------------------------------------------------------------------ tables


def read_table(path: Path) -> Catalogue:
    """A CSV (comma) or TSV (tab) file, UTF-8 with or without a byte-order mark (Windows-1252
    is accepted as core.textfiles decides), quoted fields as spreadsheets write them."""
    try:
        raw = read_small_file(path, MAX_CATALOGUE_BYTES)
    except FileNotFoundError:
        raise ProjectError(f"{path}: no such catalogue") from None
    text, _ = decode_text(raw, path.name)
    text = text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text, path))
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise ProjectError(f"{path.name}: not a readable table ({exc})") from None
    if not rows:
        raise ProjectError(f"{path.name}: empty catalogue; the first line names the columns")
    header = [h.strip().lower().replace(" ", "_") for h in rows[0]]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise ProjectError(
            f"{path.name}: missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
            f"(the first line must name at least {', '.join(REQUIRED_COLUMNS)})"
        )
    cat = Catalogue(path)
    known = (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS, AUDIENCE_COLUMN)
    unknown = [h for h in header if h and h not in known]
    if unknown:
        cat.warnings.append(
            f"{path.name}: column{'s' if len(unknown) > 1 else ''} {', '.join(unknown)} ignored"
        )
    seen: dict[str, tuple[str, int]] = {}  # folder key -> the sku that has it, its line
    found: dict[str, tuple[list[Path], list[str]]] = {}  # an images cell -> its photos
    long_rows: list[int] = []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue  # a blank line
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            long_rows.append(number)
        row = {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header) if h}
        where = f"{path.name} line {number}"
        sku = row["sku"]
        problem = sku_problem(sku)
        if problem:
            cat.warnings.append(f"{where} skipped: {problem}")
            continue
        # output folders: "MUG-1" and "mug-1" are one folder on Windows and macOS
        key = unicodedata.normalize("NFC", sku).casefold()
        if key in seen:
            earlier, line = seen[key]
            cat.warnings.append(
                f"{where} skipped: sku {sku!r} appears earlier in the file"
                if earlier == sku
                else f"{where} skipped: sku {sku!r} would write the same folder as line {line}'s "
                f"{earlier!r} (they differ only in letter case or in how accents are stored)"
            )
            continue
        seen[key] = (sku, number)
        cat.skus.append(_row_spec(row, where, path.parent, found))
    if long_rows:
        shown = long_rows[:LINES_SHOWN]
        lines = ", ".join(map(str, shown)) + (", ..." if len(long_rows) > len(shown) else "")
        cat.warnings.append(
            f"{path.name}: line{'s' if len(long_rows) > 1 else ''} {lines} "
            f"{'have' if len(long_rows) > 1 else 'has'} more cells than the first line names "
            "columns; the extra cells are ignored (a separator inside a cell needs quotes)"
        )
    if not cat.skus:
        raise ProjectError(f"{path.name}: no rows with a sku")
    return cat


def _delimiter(text: str, path: Path) -> str:
    """The table's separator: its suffix's, except for a .csv whose first line is separated by
    semicolons (Excel's CSV where the decimal separator is a comma, as in most of Europe)."""
    sep = TABLE_SUFFIXES[path.suffix.lower()]
    first = text.lstrip("\r\n").split("\n", 1)[0]
    if sep == "," and first.count(";") > first.count(","):
        return ";"
    return sep


def _row_spec(
    row: dict[str, str],
    where: str,
    base: Path,
    found: dict[str, tuple[list[Path], list[str]]] | None = None,
) -> SkuSpec:
    sku = row["sku"]
    warnings: list[str] = []
    bullets = [b.strip() for b in row["bullets"].split(LIST_SEPARATOR) if b.strip()]
    cell = row["images"]
    if found is None or cell not in found:
        result = _images(cell, base)
        if found is not None:
            found[cell] = result
    else:
        result = found[cell]
    images, missing = result
    problem = None
    if not row["title"]:
        problem = "no title"
    elif not bullets:
        problem = "no bullets (separate them with |)"
    elif not row["images"]:
        problem = "no images given (a folder, a glob or |-separated paths)"
    elif not images:
        problem = (
            f"no photos found: {', '.join(missing[:3])}"
            if missing
            else f"no photos found for {row['images']!r}"
        )
    elif missing:
        warnings.append(f"left out: {', '.join(missing[:5])}")
    template = row.get("template", "")
    if template and template not in TEMPLATES:
        warnings.append(
            f"template {template!r} unknown (one of {', '.join(TEMPLATES)}); default used"
        )
        row = {**row, "template": ""}
    toml = "".join(
        f"{key} = {_toml_string(row[key])}\n"
        for key in ("title", *OPTIONAL_COLUMNS)
        if row.get(key)
    )
    files = tuple((f"{i + 1:03d}-{p.name}", str(p)) for i, p in enumerate(images))
    texts: tuple[tuple[str, str], ...] = (
        (BULLETS_FILE, "\n".join(bullets) + "\n"),
        (PRODUCT_FILE, toml),
    )
    audience = row.get(AUDIENCE_COLUMN, "")
    if audience:
        try:
            profile = find_profile(audience)
        except ProjectError as exc:
            problem = problem or str(exc)
        else:
            doc = {"format": PROFILE_FORMAT, **profile_to_dict(profile)}
            texts += ((AUDIENCE_FILE, json.dumps(doc, ensure_ascii=False)),)
    return SkuSpec(sku, where, files, texts, problem, tuple(warnings))


def _images(value: str, base: Path) -> tuple[list[Path], list[str]]:
    """The photos an ``images`` cell names (a folder, a glob, or |-separated paths relative to
    the table), in the order given, and the names that give none, each with why. A file that
    is not a photo by its name is refused wherever it is: a row cannot have ``/etc/passwd``
    copied into a product folder."""
    found: list[Path] = []
    missing: list[str] = []
    for item in (v.strip() for v in value.split(LIST_SEPARATOR)):
        if not item:
            continue
        p = Path(item).expanduser()
        p = p if p.is_absolute() else base / p
        if _GLOB_CHARS & set(item):
            if _GLOB_CHARS & set(str(Path(item).parent)):
                # "/*/*/*/*.jpg" walks the whole disk (minutes) and takes every photo on it
                missing.append(f"{item} (* may stand in a file name, not in a folder name)")
                continue
            hits = sorted((Path(h) for h in glob.glob(str(p))), key=lambda h: natural_key(h.name))
            matches = [h for h in hits if _is_photo(h)]
            found += matches
            if not matches:
                missing.append(f"{item} (no photo matches)")
            continue
        try:
            st = os.stat(p)
        except (OSError, ValueError):  # not there, a loop of links, a NUL in the name
            missing.append(f"{item} (not found)")
            continue
        if stat.S_ISDIR(st.st_mode):
            try:
                matches = sorted(
                    (h for h in p.iterdir() if _is_photo(h)), key=lambda h: natural_key(h.name)
                )
            except OSError:
                matches = []
            found += matches
            if not matches:
                missing.append(f"{item} (a folder with no photos)")
        elif stat.S_ISREG(st.st_mode) and p.suffix.lower() in IMAGE_SUFFIXES:
            found.append(p)
        else:  # a document, a device: never copied into a product as if it were a photo
            missing.append(f"{item} (not a photo)")
    unique = list(dict.fromkeys(h.absolute() for h in found))
    return unique, missing


def _is_photo(p: Path) -> bool:
    return p.suffix.lower() in IMAGE_SUFFIXES and not p.name.startswith(".") and p.is_file()


def _toml_string(value: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, except that TOML also refuses DEL."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
