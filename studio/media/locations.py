"""Where the app's own files are (shipped with the package) and where it writes videos by default.

Resources (the demo product, the caption fonts) are package data, found through
``importlib.resources``, so an installed wheel or a frozen app works outside the checkout.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path


def resource(*parts: str) -> Path:
    """A shipped file or folder, e.g. ``resource("fonts", "NotoSans-Regular.ttf")``."""
    return Path(str(files("studio").joinpath("resources", *parts)))


def is_shipped(path: Path) -> bool:
    """Whether ``path`` lies inside the app's own resources (never a place to write to)."""
    try:
        Path(path).resolve().relative_to(resource().resolve())
    except (OSError, ValueError):
        return False
    return True


def output_dir() -> Path:
    """Where videos go when nobody said: $STUDIO_OUTPUT_DIR, else ~/Videos/Product Video Studio
    (~/Product Video Studio where there is no Videos folder). Created on demand."""
    env = os.environ.get("STUDIO_OUTPUT_DIR")
    if env:
        return Path(env).expanduser()
    videos = Path.home() / "Videos"
    return (videos if videos.is_dir() else Path.home()) / "Product Video Studio"
