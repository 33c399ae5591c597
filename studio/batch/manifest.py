"""manifest.jsonl: one JSON line per SKU and variant, appended as each SKU finishes.

A SKU's lines go to the file in one ``write`` on an O_APPEND descriptor followed by fsync, so
after a crash the file holds whole SKUs plus, at worst, one torn last line; readers ignore
such a line and the next writer cuts it off before appending. The newest line for a
(sku, variant) is the one that counts.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from studio.core.errors import DiskError

MANIFEST = "manifest.jsonl"
DONE, FAILED = "done", "failed"


@dataclass
class Record:
    sku: str
    variant: str  # the preset
    status: str  # DONE | FAILED
    input_hash: str = ""
    video: str | None = None  # paths relative to the output folder
    captions: list[str] = field(default_factory=list)
    cover: str | None = None
    sizes: dict[str, int] = field(default_factory=dict)  # relative path -> bytes when written
    duration: float | None = None  # seconds of video
    seconds: float = 0.0  # wall time this SKU took (planning, voicing and all its variants)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    dry_run: bool = False
    finished: str = ""  # ISO time

    def outputs(self) -> list[str]:
        return [p for p in (self.video, *self.captions, self.cover) if p]

    @classmethod
    def from_json(cls, doc: dict[str, Any]) -> Record:
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in doc.items() if k in known})


def manifest_path(out_dir: Path) -> Path:
    return Path(out_dir) / MANIFEST


def read_records(out_dir: Path) -> list[Record]:
    """Every whole, valid line of the manifest in file order (a torn or foreign line is
    skipped; a missing manifest is an empty one)."""
    try:
        data = manifest_path(out_dir).read_bytes()
    except FileNotFoundError:
        return []
    records: list[Record] = []
    for line in data.split(b"\n"):
        if not line.strip():
            continue
        try:
            doc = json.loads(line)
            if isinstance(doc, dict) and {"sku", "variant", "status"} <= doc.keys():
                records.append(Record.from_json(doc))
        except (ValueError, TypeError):
            continue
    return records


def latest(records: Iterable[Record]) -> dict[tuple[str, str], Record]:
    """The newest record for each (sku, variant)."""
    out: dict[tuple[str, str], Record] = {}
    for r in records:
        out[(r.sku, r.variant)] = r
    return out


def repair_tail(out_dir: Path) -> bool:
    """Cut a torn last line (a write a crash interrupted) so the next append starts on a line
    of its own. True when something was cut."""
    path = manifest_path(out_dir)
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return False
    try:
        size = os.fstat(fd).st_size
        if size == 0:
            return False
        os.lseek(fd, size - 1, os.SEEK_SET)
        if os.read(fd, 1) == b"\n":
            return False
        keep, step = 0, 1 << 16
        pos = size
        while pos > 0:
            start = max(0, pos - step)
            os.lseek(fd, start, os.SEEK_SET)
            chunk = os.read(fd, pos - start)
            i = chunk.rfind(b"\n")
            if i >= 0:
                keep = start + i + 1
                break
            pos = start
        os.ftruncate(fd, keep)
        os.fsync(fd)
        return True
    finally:
        os.close(fd)


def append_records(out_dir: Path, records: list[Record]) -> None:
    """All of one SKU's lines in a single write, then fsync."""
    data = "".join(
        json.dumps(asdict(r), ensure_ascii=False, separators=(",", ":")) + "\n" for r in records
    ).encode("utf-8")
    try:
        fd = os.open(manifest_path(out_dir), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            written = os.write(fd, data)
            while written < len(data):  # a short write (a signal, a nearly full disk)
                written += os.write(fd, data[written:])
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:  # a full disk: the batch stops; a torn line is repaired next run
        raise DiskError(
            f"could not record the results in {manifest_path(out_dir)}: {exc.strerror or exc}"
        ) from exc
    if not Path(out_dir, MANIFEST).exists():  # pragma: no cover - removed under us
        return
    with contextlib.suppress(OSError):
        _fsync_dir(Path(out_dir))


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
