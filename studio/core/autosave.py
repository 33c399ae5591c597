"""Crash recovery: the open project is written to a recovery file every so often; after a
crash the next start finds it and offers it back. A clean close or a save removes it.

Recovery files live in the user's config folder (not beside the project, which may be
read-only or synced), one per project, written atomically and read back through the same
validation as any project file.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from studio.core.errors import ProjectError
from studio.core.fsutil import atomic_write_text, ensure_folder
from studio.core.model import Project
from studio.core.project_io import project_from_dict, project_to_dict

RECOVERY_SUFFIX = ".recovery.json"


def config_dir() -> Path:
    env = os.environ.get("STUDIO_CONFIG_DIR")
    base = (
        Path(env)
        if env
        else Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
        / "product-video-studio"
    )
    base.mkdir(parents=True, exist_ok=True)
    return base


def recovery_dir() -> Path:
    d = config_dir() / "recovery"
    d.mkdir(parents=True, exist_ok=True)
    return d


@dataclass(frozen=True)
class Recovery:
    path: Path  # the recovery file
    project_file: Path | None  # where the project was saved, if it ever was
    root: Path  # the folder its media paths are relative to
    saved_at: float  # epoch seconds
    title: str


def recovery_path(project: Project, project_file: Path | None) -> Path:
    key = (
        str(Path(project_file).absolute())
        if project_file
        else f"unsaved:{Path(project.root).absolute()}"
    )
    return recovery_dir() / (hashlib.sha256(key.encode()).hexdigest()[:16] + RECOVERY_SUFFIX)


def write_recovery(project: Project, project_file: Path | None) -> Path:
    doc = project_to_dict(project)
    doc["recovery"] = {
        "project_file": str(Path(project_file).absolute()) if project_file else None,
        "root": str(Path(project.root).absolute()),
        "saved_at": time.time(),
    }
    path = recovery_path(project, project_file)
    atomic_write_text(path, json.dumps(doc, ensure_ascii=False))
    return path


def discard_recovery(project: Project, project_file: Path | None) -> None:
    recovery_path(project, project_file).unlink(missing_ok=True)


def list_recoveries() -> list[Recovery]:
    """Recovery files left by sessions that did not close cleanly, newest first.
    Unreadable ones are skipped (they are never worth a crash at start-up)."""
    found: list[Recovery] = []
    for f in recovery_dir().glob(f"*{RECOVERY_SUFFIX}"):
        try:
            doc = json.loads(f.read_text(encoding="utf-8"))
            meta = doc["recovery"]
            pf = meta.get("project_file")
            found.append(
                Recovery(
                    f,
                    Path(pf) if pf else None,
                    Path(meta["root"]),
                    float(meta["saved_at"]),
                    str(doc.get("product", {}).get("title", "")) or "Untitled",
                )
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            continue
    return sorted(found, key=lambda r: r.saved_at, reverse=True)


def load_recovery(rec: Recovery) -> Project:
    try:
        doc = json.loads(rec.path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ProjectError(f"the recovery file cannot be read ({exc})") from None
    if not rec.root.is_dir():
        if rec.project_file is not None or rec.root.exists():
            raise ProjectError(f"the project folder {rec.root} no longer exists")
        # a new product that had no folder yet (nothing written there before the crash):
        # its folder is made now, so what was typed is not lost
        ensure_folder(rec.root)
    doc.pop("recovery", None)
    return project_from_dict(doc, rec.root)
