"""How many SKUs may render at once on this machine: one per core, and never more than memory
holds.

Measured here: a worker process at its peak holds about 2 GB once it has rendered a few SKUs
(every model loaded: sentence embeddings, OCR, the image network, the mask, the voice; plus
the photos of the SKU at analysis size), and while x264 is the bottleneck ffmpeg buffers
1.2-1.6 GB of raw frames at 1080p (the encoder bounds its own queue, x264's look-ahead is the
rest). The buffer scales with the frame's pixels, so a 240p batch fits more workers than a
1080p one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from studio.batch.settings import BatchSettings
from studio.core.model import ExportSettings

GB = 1 << 30
WORKER_BASE_BYTES = int(2.0 * GB)  # models, the interpreter, a SKU's photos (peak RSS measured)
ENCODE_BYTES_1080P = int(1.6 * GB)  # the worst buffering measured at 1920x1080
ENCODE_FLOOR_BYTES = int(0.15 * GB)
RESERVE_BYTES = int(1.0 * GB)  # left to the system, the driver and the desktop
FULL_HD_PIXELS = 1920 * 1080


@dataclass(frozen=True)
class PoolSize:
    workers: int
    threads: int  # CPU threads each worker's libraries may use
    memory_per_worker: int  # bytes one SKU may need at its peak
    reason: str  # why this many, for the progress line and the log


def memory_per_sku(settings: BatchSettings) -> int:
    """Peak bytes of one worker rendering one SKU of this batch."""
    pixels = 0
    for preset in settings.presets:
        w, h = ExportSettings(preset=preset, height=settings.render_height).frame_size()  # type: ignore[arg-type]
        pixels = max(pixels, w * h)
    encode = max(ENCODE_FLOOR_BYTES, int(ENCODE_BYTES_1080P * pixels / FULL_HD_PIXELS))
    return WORKER_BASE_BYTES + encode


def cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def available_memory() -> int:
    """Bytes that may still be used: MemAvailable, or the cgroup's limit if that is lower."""
    avail = _meminfo("MemAvailable")
    if avail is None:
        try:
            avail = os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        except (ValueError, OSError):
            avail = 4 * GB
    limit = _cgroup_room()
    return min(avail, limit) if limit is not None else avail


def pool_size(settings: BatchSettings, requested: int | None = None) -> PoolSize:
    n_cores = cores()
    per = memory_per_sku(settings)
    by_memory = max(1, (available_memory() - RESERVE_BYTES) // per)
    want = requested if requested is not None else n_cores
    workers = max(1, min(want, by_memory))
    if workers < want:
        reason = f"{workers} worker{'s' if workers > 1 else ''}: memory holds {by_memory} render{'s' if by_memory > 1 else ''} of {per / GB:.1f} GB"
    elif requested is not None:
        reason = f"{workers} worker{'s' if workers > 1 else ''} as asked"
    else:
        reason = f"{workers} worker{'s' if workers > 1 else ''}, one per core"
    return PoolSize(workers, max(1, n_cores // workers), per, reason)


def _meminfo(key: str) -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def _cgroup_room() -> int | None:
    """The cgroup v2 limit minus what the group uses, when one is set."""
    base = Path("/sys/fs/cgroup")
    try:
        limit = (base / "memory.max").read_text().strip()
        if limit == "max":
            return None
        used = int((base / "memory.current").read_text().strip())
        return max(0, int(limit) - used)
    except (OSError, ValueError):
        return None
