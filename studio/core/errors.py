"""Errors a user can cause. Each carries one clear sentence naming what and why.

Programming errors are ordinary exceptions and are never converted into these.
"""

from __future__ import annotations

from pathlib import Path


class StudioError(Exception):
    """A problem with the user's input or environment, shown as one message, no traceback."""


class DiskError(StudioError, OSError):
    """A file or folder the disk refused (read-only, full, no permission). Shown as one message
    like any StudioError, and still an OSError for code that falls back when a cache or work
    folder cannot be written."""


class MediaError(StudioError):
    """A media file (image, audio, font) that cannot be used."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path.name}: {reason}")


class ProjectError(StudioError):
    """A product folder or project file that cannot be opened as given."""
