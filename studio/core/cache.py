"""Content-addressed disk cache for analysis results and voice takes.

Keys are hashes of everything that determines a result (file bytes, text, settings, and the
producer's version), so a second run of the same project repeats no work and a changed input
never returns a stale result.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from studio.core.fsutil import atomic_write_bytes, atomic_write_text, ensure_folder


def cache_root() -> Path:
    env = os.environ.get("STUDIO_CACHE_DIR")
    if env:
        root = Path(env)
    else:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        root = Path(base) / "product-video-studio"
    return ensure_folder(root)


def hash_key(*parts: Any) -> str:
    """A stable hash of JSON-able parts (dicts are key-sorted)."""
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()[:32]


def file_hash(path: Path, _memo: dict[tuple[str, int, int], str] = {}) -> str:  # noqa: B006
    """sha256 of a file's bytes; memoised per (path, size, mtime) within the process."""
    st = Path(path).stat()
    memo_key = (str(Path(path).resolve()), st.st_size, st.st_mtime_ns)
    hit = _memo.get(memo_key)
    if hit is not None:
        return hit
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    digest = h.hexdigest()[:32]
    _memo[memo_key] = digest
    return digest


class DiskCache:
    """One namespace of the cache: ``DiskCache("voice").path(key, ".wav")``."""

    def __init__(self, namespace: str, root: Path | None = None) -> None:
        self.dir = ensure_folder((root or cache_root()) / namespace)

    def path(self, key: str, suffix: str) -> Path:
        return self.dir / f"{key}{suffix}"

    def get_json(self, key: str) -> Any | None:
        p = self.path(key, ".json")
        try:
            return json.loads(p.read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError, UnicodeDecodeError):
            return None

    def put_json(self, key: str, value: Any) -> None:
        atomic_write_text(
            self.path(key, ".json"), json.dumps(value, ensure_ascii=False), durable=False
        )

    def get_bytes(self, key: str, suffix: str) -> bytes | None:
        try:
            return self.path(key, suffix).read_bytes()
        except FileNotFoundError:
            return None

    def put_bytes(self, key: str, suffix: str, data: bytes) -> Path:
        p = self.path(key, suffix)
        atomic_write_bytes(p, data, durable=False)
        return p
