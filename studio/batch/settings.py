"""What a batch renders (the same for every SKU) and the hash that decides what is already done.

A SKU's input hash covers every byte of its product folder as a worker rebuilds it, the batch
settings and the studio's version: the same hash, with the outputs intact, means rendering it
again would give the same files, so it is skipped.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass

from studio import __version__
from studio.batch.catalogue import SkuSpec
from studio.core.errors import StudioError
from studio.core.model import PRESETS, TEMPLATES

DRY_RUN_HEIGHT = 144
DRY_RUN_SECONDS = 1.0  # the title scene alone: enough to prove the encoder path end to end
HASH_CHUNK = 1 << 20


@dataclass(frozen=True)
class BatchSettings:
    presets: tuple[str, ...] = ("landscape",)
    height: int = 1080
    template: str | None = None  # for SKUs whose product names none
    dry_run: bool = False  # plan and voice everything, render DRY_RUN_SECONDS at 144p

    def __post_init__(self) -> None:
        if not self.presets:
            raise StudioError("no presets: name at least one of " + ", ".join(PRESETS))
        for p in self.presets:
            if p not in PRESETS:
                raise StudioError(f"unknown preset {p!r}: one of {', '.join(PRESETS)}")
        if len(set(self.presets)) != len(self.presets):
            raise StudioError("a preset is named twice")
        if self.template is not None and self.template not in TEMPLATES:
            raise StudioError(f"unknown template {self.template!r}: one of {', '.join(TEMPLATES)}")

    @property
    def render_height(self) -> int:
        return DRY_RUN_HEIGHT if self.dry_run else self.height


def input_hash(spec: SkuSpec, settings: BatchSettings) -> str:
    """sha256 of the SKU's files (names and contents), its written texts, the settings and the
    studio version. Raises OSError when a file cannot be read."""
    h = hashlib.sha256()
    head = {"studio": __version__, "settings": asdict(settings), "texts": list(spec.texts)}
    h.update(json.dumps(head, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    for name, path in spec.files:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            h.update(f"\0file\0{size}\0".encode() + name.encode("utf-8", "surrogateescape") + b"\0")
            while chunk := f.read(HASH_CHUNK):
                h.update(chunk)
    return h.hexdigest()
