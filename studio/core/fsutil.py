"""Atomic file writes: a reader never sees half a file, a failed write leaves the old one.

Every temporary file or folder the studio makes carries the id of the process that made it
(``.NAME.studio-PID-XXXX.ext.part`` beside a destination, ``studio-PID-XXXX`` folders under
the cache's work folder), so whatever a killed process left behind is recognised and removed
on a later start (``sweep_stale``, ``sweep_work``): by owner no longer running, or by age.
Finished files get the permissions the user's umask gives any new file, not the private
0600 of a temporary file.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import stat
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from studio.core.errors import DiskError, StudioError

STALE_AGE = 24 * 3600.0  # seconds after which a temporary file is stale whoever made it
_PART = re.compile(r"^\..+\.studio-(\d+)-[0-9a-f]{8}(\.[^./]*)?\.part$")
_WORK = re.compile(r"^studio-(\d+)-[0-9a-f]{8}$")
_umask_lock = threading.Lock()


def _umask() -> int:
    """The process umask: from /proc where Linux shows it, else by setting and restoring it."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    with _umask_lock:
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


def file_mode() -> int:
    """The mode a new file gets under the user's umask (0644 for the usual 022)."""
    return 0o666 & ~_umask()


def finish_mode(path: Path) -> None:
    """Give a finished temporary file the user's normal permissions before it is published."""
    with contextlib.suppress(OSError):
        os.chmod(path, file_mode())


def temp_path_for(target: Path, suffix: str | None = None) -> Path:
    """A unique temporary name in the target's folder (so the final rename is atomic), created
    empty, carrying this process's id so a later start can tell it is stale."""
    target = Path(target)
    ext = suffix if suffix is not None else target.suffix
    for _ in range(100):
        name = (
            target.parent / f".{target.stem}.studio-{os.getpid()}-{secrets.token_hex(4)}{ext}.part"
        )
        try:
            fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        except OSError as exc:  # a read-only or full disk, a folder without write permission
            raise DiskError(
                f"could not write {target.name} in {target.parent}: {exc.strerror or exc}"
            ) from exc
        os.close(fd)
        return name
    raise StudioError(f"could not create a temporary file in {target.parent}")


@contextlib.contextmanager
def atomic_path(target: Path, suffix: str | None = None) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces ``target``, on error it is removed."""
    target = Path(target)
    if not target.parent.is_dir():
        raise StudioError(f"folder does not exist: {target.parent}")
    tmp = temp_path_for(target, suffix)
    try:
        yield tmp
        finish_mode(tmp)
        os.replace(tmp, target)
    except OSError as exc:
        _unlink(tmp)
        raise StudioError(
            f"could not write {target.name} in {target.parent}: {exc.strerror or exc}"
        ) from exc
    except BaseException:
        _unlink(tmp)
        raise


def atomic_write_bytes(target: Path, data: bytes, durable: bool = True) -> None:
    """Write ``data`` to ``target`` all at once. ``durable`` also waits until the bytes are on
    disk before the rename, so a power cut leaves the old file or the new one; caches skip
    it (a torn entry only costs a recomputation: readers validate what they load)."""
    with atomic_path(target) as tmp, open(tmp, "wb") as f:
        f.write(data)
        if durable:
            f.flush()
            os.fsync(f.fileno())


def atomic_write_text(target: Path, text: str, durable: bool = True) -> None:
    atomic_write_bytes(target, text.encode("utf-8"), durable)


class Staging:
    """Several outputs that appear together or not at all (a video and its subtitles).

    ``path(target)`` gives a temporary name to write each one to; ``publish()`` renames them
    all into place once everything was written; leaving the ``with`` block without publishing
    (an error, a cancel) removes them. If a rename fails half-way, the outputs already
    published by this call are taken back and the files they replaced restored, so no export
    is left with half of its files and a previous export is not lost.
    """

    def __init__(self) -> None:
        self._staged: list[tuple[Path, Path]] = []
        self.published: list[Path] = []

    def path(self, target: Path) -> Path:
        target = Path(target)
        tmp = temp_path_for(target)
        self._staged.append((tmp, target))
        return tmp

    def publish(self) -> list[Path]:
        for _, target in self._staged:
            if target.is_dir():
                raise StudioError(
                    f"could not save {target.name}: a folder of that name is in the way"
                )
        done: list[Path] = []
        backups: dict[Path, Path] = {}  # the files this publish replaces, kept until it succeeds
        try:
            for tmp, target in self._staged:
                finish_mode(tmp)
                if target.is_file():
                    # A second name for the file being replaced: the target name always holds
                    # the old file or the new one, and the old one can come back if a later
                    # output fails. (Without hard links there is no way back; none is kept.)
                    backup = (
                        target.parent
                        / f".{target.stem}.studio-{os.getpid()}-{secrets.token_hex(4)}.previous.part"
                    )
                    with contextlib.suppress(OSError):
                        os.link(target, backup)
                        backups[target] = backup
                os.replace(tmp, target)
                done.append(target)
        except OSError as exc:
            for published in done:
                _unlink(published)
            for target, backup in backups.items():
                with contextlib.suppress(OSError):
                    os.replace(backup, target)
            raise StudioError(f"could not save {target.name}: {exc.strerror or exc}") from exc
        finally:
            for backup in backups.values():
                _unlink(backup)
        self.published = done
        self._staged = []
        return done

    def discard(self) -> None:
        for tmp, _ in self._staged:
            _unlink(tmp)
        self._staged = []

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *exc: object) -> None:
        self.discard()


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    return True


def _stale(name: str, pattern: re.Pattern[str], mtime: float, now: float) -> bool:
    m = pattern.match(name)
    if m is None:
        return False
    pid = int(m.group(1))
    return pid != os.getpid() and (not _alive(pid) or now - mtime > STALE_AGE)


def sweep_stale(folders: Sequence[Path]) -> list[Path]:
    """Remove the temporary files studio processes that no longer run (or ran more than a day
    ago) left in ``folders`` (not recursive). Returns what was removed."""
    removed: list[Path] = []
    now = time.time()
    for folder in folders:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for e in entries:
            try:
                if e.is_file(follow_symlinks=False) and _stale(
                    e.name, _PART, e.stat(follow_symlinks=False).st_mtime, now
                ):
                    os.unlink(e.path)
                    removed.append(Path(e.path))
            except OSError:
                continue
    return removed


def ensure_folder(folder: Path) -> Path:
    """Make ``folder`` (and its parents) if missing; a disk that refuses (read-only, full, no
    permission) is one clear message naming the folder."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DiskError(f"cannot make the folder {folder}: {exc.strerror or exc}") from exc
    return folder


def work_root() -> Path:
    """The one folder that holds the studio's temporary work folders (under the cache)."""
    from studio.core.cache import cache_root

    return ensure_folder(cache_root() / "work")


def make_work_dir() -> Path:
    """A private temporary folder for one job, named after this process (see sweep_work)."""
    root = work_root()
    for _ in range(100):
        d = root / f"studio-{os.getpid()}-{secrets.token_hex(4)}"
        try:
            d.mkdir(mode=0o700)
        except FileExistsError:
            continue
        except OSError as exc:
            raise DiskError(
                f"could not create a work folder in {root}: {exc.strerror or exc}"
            ) from exc
        return d
    raise StudioError(f"could not create a work folder in {root}")


def sweep_work() -> list[Path]:
    """Remove work folders of studio processes that no longer run (or are over a day old)."""
    removed: list[Path] = []
    now = time.time()
    root = work_root()
    for e in list(os.scandir(root)):
        try:
            if e.is_dir(follow_symlinks=False) and _stale(
                e.name, _WORK, e.stat(follow_symlinks=False).st_mtime, now
            ):
                shutil.rmtree(e.path, ignore_errors=True)
                removed.append(Path(e.path))
        except OSError:
            continue
    return removed


def is_regular_file(path: Path) -> bool:
    """A regular file (after following links): not a folder, pipe or device."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def _unlink(p: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        p.unlink()


def sweep_leftovers(folders: Sequence[Path] = ()) -> list[Path]:
    """At start: what killed studio processes left in the work folder, the cache and the given
    folders (a product or project folder, an export's destination)."""
    from studio.core.cache import cache_root

    removed = sweep_work()
    root = cache_root()
    with contextlib.suppress(OSError):
        cache_dirs = [
            Path(e.path)
            for e in os.scandir(root)
            if e.is_dir(follow_symlinks=False) and e.name != "work"
        ]
        removed += sweep_stale(cache_dirs)
    removed += sweep_stale(list(folders))
    return removed
