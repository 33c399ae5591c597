"""Adding photos to a product: check each file and bring it into the product folder.

Media paths are relative to the product folder, so photos from elsewhere are copied in. A
folder of camera photos can be gigabytes on a slow disk, so this is a job (progress, cancel)
that the studio runs on a worker. Each copy goes to a hidden temporary name first and is
renamed when complete; cancelling removes the copies this run made, so nothing half-copied
or unreferenced is left behind. Files that are not usable images are reported, not added.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from studio.core.errors import MediaError
from studio.core.fsutil import finish_mode, temp_path_for
from studio.core.progress import Job, Progress

COPY_CHUNK = 4 * 1024 * 1024
SUPPORTED = (
    "JPEG, PNG, WebP, BMP, TIFF, GIF"  # media.images.SUPPORTED_NAMES, without importing Pillow
)


@dataclass
class ImportResult:
    added: list[str] = field(default_factory=list)  # project-relative paths, in order
    problems: list[str] = field(default_factory=list)  # one line per skipped file
    copied: list[str] = field(default_factory=list)  # the subset of ``added`` copied in


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Folders become the files inside them (one level, sorted, hidden files left out)."""
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            out.extend(sorted(f for f in p.iterdir() if f.is_file() and not f.name.startswith(".")))
        else:
            out.append(p)
    return out


def _free_name(root: Path, src: Path) -> tuple[Path, bool]:
    """Where ``src`` goes in ``root``: its own name, or name-1, name-2… if taken by another
    file. The bool says the file is already there (the same file was added before)."""
    target = root / src.name
    n = 1
    while target.exists():
        if target.resolve() == src.resolve() or _same_bytes(target, src):
            return target, True
        target = root / f"{src.stem}-{n}{src.suffix}"
        n += 1
    return target, False


def _same_bytes(a: Path, b: Path) -> bool:
    try:
        if a.stat().st_size != b.stat().st_size:
            return False
        with a.open("rb") as fa, b.open("rb") as fb:
            while True:
                x, y = fa.read(COPY_CHUNK), fb.read(COPY_CHUNK)
                if x != y:
                    return False
                if not x:
                    return True
    except OSError:
        return False


def _copy_in(src: Path, target: Path, index: int, count: int) -> Job[Path]:
    """Copy in chunks (so a cancel is heard within one chunk) to a temporary file of this
    copy's own, then link it in under ``target`` — or the next free name if another copy took
    ``target`` meanwhile: an existing file is never overwritten. Returns where it landed.
    Progress counts files, with this one's bytes as the fraction of its step."""
    tmp = temp_path_for(target)  # owned by this process: swept after a crash
    size = max(1, src.stat().st_size)
    copied = 0
    try:
        with src.open("rb") as fi, tmp.open("wb") as fo:
            while chunk := fi.read(COPY_CHUNK):
                fo.write(chunk)
                copied += len(chunk)
                yield Progress(
                    "Adding images", index + min(1.0, copied / size), count, f"Copying {src.name}"
                )
        shutil.copystat(src, tmp)
        finish_mode(tmp)  # the user's usual permissions, whatever the source had
        n = 1
        while True:
            try:
                _place(tmp, target)
                return target
            except FileExistsError:
                target = target.with_name(f"{src.stem}-{n}{src.suffix}")
                n += 1
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def _place(tmp: Path, target: Path) -> None:
    """Give the finished copy its name; FileExistsError if the name is taken."""
    try:
        os.link(tmp, target)  # unlike a rename, never replaces an existing file
    except FileExistsError:
        raise
    except OSError:  # a filesystem without hard links (FAT, some shares): reserve, then replace
        os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        os.replace(tmp, target)


def import_images_job(root: Path, known: Iterable[str], paths: Iterable[Path]) -> Job[ImportResult]:
    """Check and bring ``paths`` (files or folders) into the product folder ``root``.

    ``known`` are the project's current image paths (they are not added twice). Problems
    with single files (unsupported, broken, unreadable, disk full) are collected; the rest
    still come in.
    """
    from studio.media.images import image_info, is_image_name

    root = Path(root).resolve()
    seen = set(known)
    files = expand_paths(paths)
    result = ImportResult()
    finished = False
    try:
        for i, path in enumerate(files):
            yield Progress("Adding images", i, len(files), f"Checking {path.name}")
            if not is_image_name(path):
                result.problems.append(f"{path.name}: not a supported image type ({SUPPORTED})")
                continue
            try:
                image_info(path)
            except MediaError as exc:
                result.problems.append(str(exc))
                continue
            try:
                rel = path.resolve().relative_to(root).as_posix()
            except ValueError:
                root.mkdir(parents=True, exist_ok=True)  # a new product's folder, made now
                target, present = _free_name(root, path)
                if not present:
                    try:
                        target = yield from _copy_in(path, target, i, len(files))
                    except OSError as exc:
                        result.problems.append(
                            f"{path.name}: cannot copy into the product folder ({exc.strerror or exc})"
                        )
                        continue
                    result.copied.append(target.name)
                rel = target.name
            if rel in seen:
                continue
            seen.add(rel)
            result.added.append(rel)
        yield Progress(
            "Adding images", len(files), len(files), f"Added {len(result.added)} image(s)"
        )
        finished = True
        return result
    finally:
        if not finished:  # cancelled or failed: take back the copies nobody will reference
            for name in result.copied:
                with contextlib.suppress(OSError):
                    (root / name).unlink()
