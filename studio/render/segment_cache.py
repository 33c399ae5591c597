"""Encoded video segments kept on disk by content key, so a re-export encodes only what changed.

An entry is ``KEY.mp4`` with ``KEY.json`` beside it (frame count, size and sha256 of the
segment). A segment is published by renaming a finished temporary file, then its record; a
reader trusts a segment only when its record matches, so a segment cut short by a full disk,
damaged later, or paired with another writer's record is treated as missing and built again.

Two renders may share the cache: a per-key lock (``flock`` on ``KEY.lock``) lets one build a
segment while the other goes on with other segments and picks the finished one up later.
A render hard-links the segments it uses into its own work folder before joining them, so an
eviction by another render cannot pull a segment from under it.

The cache is bounded: after each export the least recently used entries (by the segment's
modification time, refreshed on every use) are removed until the total is under the limit.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from studio.core.cache import cache_root
from studio.core.fsutil import atomic_write_text, temp_path_for

NAMESPACE = "segments"
DEFAULT_LIMIT_MB = 2048  # about 100 minutes of 1080p product video
LIMIT_ENV = "STUDIO_SEGMENT_CACHE_MB"


@dataclass(frozen=True)
class SegmentRecord:
    frames: int
    size: int
    sha256: str


class SegmentCache:
    """One folder of segments, at most ``limit_bytes`` in total after ``evict``."""

    def __init__(self, folder: Path | None = None, limit_bytes: int | None = None) -> None:
        self.dir = Path(folder) if folder is not None else cache_root() / NAMESPACE
        self.dir.mkdir(parents=True, exist_ok=True)
        if limit_bytes is None:
            limit_bytes = int(float(os.environ.get(LIMIT_ENV, DEFAULT_LIMIT_MB)) * 1e6)
        self.limit_bytes = limit_bytes

    def path(self, key: str) -> Path:
        return self.dir / f"{key}.mp4"

    def temp_path(self, key: str) -> Path:
        """A fresh temporary file to encode ``key`` into (swept if this process dies)."""
        return temp_path_for(self.path(key))

    def lookup(self, key: str, frames: int) -> Path | None:
        """The segment of ``key`` if it is whole (its record matches, ``frames`` long), its use
        recorded for LRU; None when it is missing or damaged (a damaged one is removed)."""
        seg, rec = self.path(key), self._record_path(key)
        try:
            record = SegmentRecord(**json.loads(rec.read_text(encoding="utf-8")))
            size = seg.stat().st_size
        except (OSError, ValueError, TypeError):
            if seg.exists() or rec.exists():
                self._remove(key)
            return None
        if record.frames != frames or record.size != size or _sha256(seg) != record.sha256:
            self._remove(key)
            return None
        with contextlib.suppress(OSError):
            os.utime(seg)
        return seg

    def store(self, key: str, tmp: Path, frames: int) -> Path:
        """Publish the finished segment ``tmp`` (``frames`` long) under ``key``."""
        seg = self.path(key)
        record = SegmentRecord(frames, tmp.stat().st_size, _sha256(tmp))
        os.replace(tmp, seg)
        atomic_write_text(
            self._record_path(key), json.dumps(dataclasses.asdict(record)), durable=False
        )
        return seg

    @contextlib.contextmanager
    def try_lock(self, key: str) -> Iterator[bool]:
        """Hold the key's build lock if no other render does (True), else do nothing (False).
        Without ``fcntl`` (Windows) it always succeeds: two builders then race harmlessly,
        each publishing a whole segment by rename."""
        try:
            import fcntl
        except ImportError:
            yield True
            return
        fd = os.open(self.dir / f"{key}.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False
                return
            yield True
        finally:
            os.close(fd)  # releases the lock

    def use_in(self, seg: Path, folder: Path, name: str) -> Path:
        """A name for ``seg`` inside ``folder`` that stays valid if the cache evicts it: a hard
        link (same disk), else a copy."""
        dest = folder / name
        try:
            os.link(seg, dest)
        except OSError:
            shutil.copyfile(seg, dest)
        return dest

    def total_bytes(self) -> int:
        return sum(size for _, size, _ in self._entries())

    def evict(self) -> list[str]:
        """Remove least recently used entries until the cache fits its limit; the keys removed.
        An entry another render is building (its lock held) is left alone."""
        entries = sorted(self._entries())
        total = sum(size for _, size, _ in entries)
        removed: list[str] = []
        for _, size, key in entries:
            if total <= self.limit_bytes:
                break
            with self.try_lock(key) as mine:
                if not mine:
                    continue
                self._remove(key)
            with contextlib.suppress(OSError):
                (self.dir / f"{key}.lock").unlink()
            total -= size
            removed.append(key)
        return removed

    def _entries(self) -> list[tuple[float, int, str]]:
        """(last use, size, key) of every segment."""
        out: list[tuple[float, int, str]] = []
        with contextlib.suppress(OSError), os.scandir(self.dir) as it:
            for e in it:
                if e.name.endswith(".mp4") and not e.name.startswith("."):
                    with contextlib.suppress(OSError):
                        st = e.stat(follow_symlinks=False)
                        out.append((st.st_mtime, st.st_size, e.name[: -len(".mp4")]))
        return out

    def _record_path(self, key: str) -> Path:
        return self.dir / f"{key}.json"

    def _remove(self, key: str) -> None:
        for p in (self.path(key), self._record_path(key)):
            with contextlib.suppress(FileNotFoundError):
                p.unlink()


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
