"""The product's photos: a list with thumbnails, "Add Images…" and drop of files/folders.

Adding copies nothing: images inside the project folder are referenced where they are; files
from elsewhere are copied into the project folder (media paths are project-relative). Files
that are not usable images are skipped with one inline message.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.core.errors import MediaError
from studio.core.model import ImageAsset, Project
from studio.ui.thumbnails import ThumbnailCache

IMAGE_FILTER = "Images (*.jpg *.jpeg *.png *.webp *.bmp *.tif *.tiff)"


def expand_paths(paths: list[Path]) -> list[Path]:
    """Folders become the files inside them (one level, sorted)."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(f for f in p.iterdir() if f.is_file() and not f.name.startswith(".")))
        else:
            out.append(p)
    return out


@dataclass
class AddImages:
    """An UndoLog edit: photos appended to the product's image list."""

    paths: list[str]
    label: str = "Add Images"

    def apply(self, project: Project) -> None:
        project.images.extend(ImageAsset(p) for p in self.paths)

    def revert(self, project: Project) -> None:
        gone = set(self.paths)
        project.images[:] = [a for a in project.images if a.path not in gone]

    def merge(self, later: object) -> bool:
        return False


def usable_images(project: Project, paths: list[Path]) -> tuple[list[str], list[str]]:
    """Check image files for ``project`` (files from outside its folder are copied in);
    returns (project-relative paths to add, problems)."""
    from studio.media.images import image_info, is_image_name

    added: list[str] = []
    problems: list[str] = []
    known = {a.path for a in project.images}
    root = project.root.resolve()
    for path in expand_paths(paths):
        if not is_image_name(path):
            problems.append(f"{path.name}: not a supported image type (JPEG, PNG, WebP, BMP, TIFF)")
            continue
        try:
            image_info(path)
        except MediaError as exc:
            problems.append(str(exc))
            continue
        try:
            rel = path.resolve().relative_to(root).as_posix()
        except ValueError:
            target = root / path.name
            n = 1
            while target.exists() and target.resolve() != path.resolve():
                target = root / f"{path.stem}-{n}{path.suffix}"
                n += 1
            shutil.copy2(path, target)
            rel = target.name
        if rel in known:
            continue
        known.add(rel)
        added.append(rel)
    return added, problems


class ImageList(QWidget):
    add_requested = Signal(list)  # list[Path]

    def __init__(self, project: Project, thumbnails: ThumbnailCache, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._project = project
        self._thumbs = thumbnails
        self.list = QListWidget()
        self.list.setIconSize(QSize(56, 56))
        self.list.setUniformItemSizes(True)
        self.add_button = QPushButton("Add Images…")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setStyleSheet("color: palette(link);")
        self.message.hide()
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.list, 1)
        lay.addLayout(row)
        lay.addWidget(self.message)
        self.add_button.clicked.connect(self.choose_files)
        project.images.events.connect(self._on_images_event)
        thumbnails.ready.connect(self._on_thumb)
        self._fill()

    def detach(self) -> None:
        self._project.images.events.disconnect(self._on_images_event)
        self._thumbs.ready.disconnect(self._on_thumb)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _on_images_event(self, *_: Any) -> None:
        self._fill()

    def _fill(self) -> None:
        self.list.clear()
        for a in self._project.images:
            path = str(self._project.image_path(a.path))
            item = QListWidgetItem(a.path)
            item.setData(Qt.ItemDataRole.UserRole, path)
            item.setToolTip(path)
            pm = self._thumbs.pixmap(path)
            if pm is not None:
                item.setIcon(QIcon(pm))
            self.list.addItem(item)

    def _on_thumb(self, path: str) -> None:
        pm = self._thumbs.pixmap(path)
        for i in range(self.list.count()):
            it = self.list.item(i)
            if it.data(Qt.ItemDataRole.UserRole) == path and pm is not None:
                it.setIcon(QIcon(pm))

    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Add Images", str(self._project.root), IMAGE_FILTER)
        if files:
            self.add_requested.emit([Path(f) for f in files])
