"""Where a file dialog opens: the folder the user last took that kind of file from.

Photos, music, voices, fonts and projects each live somewhere different on a seller's disk, so
each kind of dialog remembers its own folder. A remembered folder that has since gone is
skipped; then the caller's suggestions (say, the product folder) are tried, then the user's
Pictures or Music folder, then home. A dialog is never handed a path that does not exist: Qt
would put its last part in the file name box ("Untitled product" in an Add Images dialog).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QStandardPaths

# Which of the user's standard folders each kind of dialog falls back to.
_STANDARD = {
    "images": QStandardPaths.StandardLocation.PicturesLocation,
    "logo": QStandardPaths.StandardLocation.PicturesLocation,
    "music": QStandardPaths.StandardLocation.MusicLocation,
    "projects": QStandardPaths.StandardLocation.DocumentsLocation,
}


def _key(kind: str) -> str:
    return f"dialogs/{kind}"


def start_folder(kind: str, *suggestions: Path | None) -> str:
    """The folder a ``kind`` dialog opens in (always one that exists)."""
    from studio.ui.window_files import settings_store

    remembered = str(settings_store().value(_key(kind), "") or "")
    candidates: list[Path | None] = [Path(remembered) if remembered else None, *suggestions]
    standard = _STANDARD.get(kind)
    if standard is not None:
        location = QStandardPaths.writableLocation(standard)
        candidates.append(Path(location) if location else None)
    candidates.append(Path.home())
    for folder in candidates:
        try:
            if folder is not None and folder.is_dir():
                return str(folder)
        except OSError:
            continue
    return ""


def remember_folder(kind: str, chosen: Iterable[str | Path] | str | Path) -> None:
    """Note where the user took a ``kind`` file from (the folder of the first file chosen, or
    the folder itself when a folder was chosen)."""
    from studio.ui.window_files import settings_store

    if isinstance(chosen, (str, Path)):
        chosen = [chosen]
    first = next((Path(p) for p in chosen if str(p)), None)
    if first is None:
        return
    folder = first if first.is_dir() else first.parent
    settings_store().setValue(_key(kind), str(folder))
