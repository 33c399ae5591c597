"""Atomic file writes: a reader never sees half a file, a failed write leaves the old one."""
from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from studio.core.errors import StudioError


def temp_path_for(target: Path, suffix: str | None = None) -> Path:
    """A unique temporary name in the target's folder (so the final rename is atomic)."""
    target = Path(target)
    fd, name = tempfile.mkstemp(
        prefix=f".{target.stem}.", suffix=(suffix if suffix is not None else target.suffix) + ".part",
        dir=target.parent,
    )
    os.close(fd)
    return Path(name)


@contextlib.contextmanager
def atomic_path(target: Path, suffix: str | None = None) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces ``target``, on error it is removed."""
    target = Path(target)
    if not target.parent.is_dir():
        raise StudioError(f"folder does not exist: {target.parent}")
    tmp = temp_path_for(target, suffix)
    try:
        yield tmp
        os.replace(tmp, target)
    except OSError as exc:
        _unlink(tmp)
        raise StudioError(f"could not write {target.name}: {exc.strerror or exc}") from exc
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


def _unlink(p: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        p.unlink()
