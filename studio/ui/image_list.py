"""The product's photos: a list with thumbnails, "Add Images…" and drop of files/folders.

Adding (studio.jobs.intake, run by the window on a worker) references images inside the
project folder where they are and copies files from elsewhere into it; files that are not
usable images are skipped with one inline message. A photo's context menu offers "Enhance
Photo…" (Real-ESRGAN on a worker, then before and after: studio.ui.enhance_dialog).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QMimeData, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QDrag, QIcon, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.core.model import Project
from studio.ui.notes import NoteLabel
from studio.ui.thumbnails import ThumbnailCache
from studio.ui.timeline_model import IMAGE_MIME

IMAGE_FILTER = "Images (*.jpg *.jpeg *.png *.webp *.bmp *.tif *.tiff *.gif)"


ENHANCE_NOTES = {"always": "enhanced", "never": "as shot"}  # how a photo's choice reads


class ImageList(QWidget):
    """The photos, with "Add Images…"; a photo dragged onto a timeline card becomes its image."""

    add_requested = Signal(list)  # list[Path]
    remove_requested = Signal(list)  # list[str]: ImageAsset paths to take out of the product
    # the seller's enhancement choice for a photo (ImageAsset.path, "always" or "never")
    enhance_chosen = Signal(str, str)
    PHOTO_ROLE = Qt.ItemDataRole.UserRole + 1  # the photo's project-relative path

    class PhotoList(QListWidget):
        """Drags carry the photos' project-relative paths (IMAGE_MIME) and are always copies,
        so the list keeps its items whatever the drop target does. Delete (or Backspace)
        with photos selected is ``delete_pressed``."""

        delete_pressed = Signal()

        def mimeTypes(self) -> list[str]:
            return [IMAGE_MIME]

        def mimeData(self, items: Sequence[QListWidgetItem]) -> QMimeData:
            md = QMimeData()
            md.setData(
                IMAGE_MIME, "\n".join(it.data(ImageList.PHOTO_ROLE) for it in items).encode()
            )
            return md

        def event(self, e: QEvent) -> bool:
            # Delete here removes photos, not the window's selected scene (a window shortcut
            # would otherwise take the key first).
            if (
                e.type() == QEvent.Type.ShortcutOverride
                and isinstance(e, QKeyEvent)
                and e.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
                and self.selectedItems()
            ):
                e.accept()
                return True
            return super().event(e)

        def keyPressEvent(self, e: QKeyEvent) -> None:
            if e.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.selectedItems():
                self.delete_pressed.emit()
                return
            super().keyPressEvent(e)

        def startDrag(self, _actions: Qt.DropAction) -> None:
            items = self.selectedItems()
            if not items:
                return
            drag = QDrag(self)
            drag.setMimeData(self.mimeData(items))
            icon = items[0].icon()
            if not icon.isNull():
                drag.setPixmap(icon.pixmap(self.iconSize()))
            drag.exec(Qt.DropAction.CopyAction)

    def __init__(
        self, project: Project, thumbnails: ThumbnailCache, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._project = project
        self._thumbs = thumbnails
        self.list = ImageList.PhotoList()
        self.list.setIconSize(QSize(56, 56))
        self.list.setUniformItemSizes(True)
        self.list.setDragEnabled(True)
        self.list.setDragDropMode(QListWidget.DragDropMode.DragOnly)
        self.list.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.list.setToolTip("Drag a photo onto a scene in the timeline to use it there")
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._context_menu)
        self.enhance_dialog: QDialog | None = None
        self.add_button = QPushButton("Add Images…")
        self.remove_button = QPushButton("Remove")
        self.remove_button.setToolTip(
            "Take the selected photos out of the product (Delete); the files stay in its folder"
        )
        self.remove_button.setEnabled(False)
        self.message = NoteLabel("warning")
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.list, 1)
        lay.addLayout(row)
        lay.addWidget(self.message)
        self.add_button.clicked.connect(self.choose_files)
        self.remove_button.clicked.connect(self.remove_selected)
        self.list.delete_pressed.connect(self.remove_selected)
        self.list.itemSelectionChanged.connect(
            lambda: self.remove_button.setEnabled(bool(self.list.selectedItems()))
        )
        project.images.events.connect(self._on_images_event)
        thumbnails.ready.connect(self._on_thumb)
        self._fill()

    def detach(self) -> None:
        self._project.images.events.disconnect(self._on_images_event)
        self._thumbs.ready.disconnect(self._on_thumb)

    def show_message(self, text: str) -> None:
        self.message.set_note(text)

    def _on_images_event(self, *_: Any) -> None:
        self._fill()

    def _fill(self) -> None:
        self.list.clear()
        for a in self._project.images:
            path = str(self._project.image_path(a.path))
            item = QListWidgetItem(a.path)
            item.setData(Qt.ItemDataRole.UserRole, path)
            item.setData(ImageList.PHOTO_ROLE, a.path)
            choice = ENHANCE_NOTES.get(a.enhance)
            item.setText(f"{a.path}  ·  {choice}" if choice else a.path)
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

    def _context_menu(self, pos: QPoint) -> None:
        item = self.list.itemAt(pos)
        if item is None:
            return
        menu = QMenu(self)
        enhance = menu.addAction("Enhance Photo…")
        enhance.triggered.connect(
            lambda: self.enhance_photo(Path(item.data(Qt.ItemDataRole.UserRole)))
        )
        menu.addSeparator()
        n = len(self.list.selectedItems()) if item.isSelected() else 1
        remove = menu.addAction(f"Remove {n} Photos" if n > 1 else "Remove Photo")
        remove.setShortcut(QKeySequence(Qt.Key.Key_Delete))
        remove.setToolTip("Take out of the product; the file stays in the product folder")
        remove.triggered.connect(
            lambda: (
                self.remove_selected()
                if item.isSelected()
                else self.remove_requested.emit([item.data(ImageList.PHOTO_ROLE)])
            )
        )
        menu.popup(self.list.viewport().mapToGlobal(pos))

    def remove_selected(self) -> None:
        paths = [it.data(ImageList.PHOTO_ROLE) for it in self.list.selectedItems()]
        if paths:
            self.remove_requested.emit(paths)

    def enhance_photo(self, path: Path) -> None:
        """Enhance one photo for the project's export size and show it before and after."""
        from studio.ui.enhance_dialog import EnhanceDialog

        if self.enhance_dialog is not None:
            self.enhance_dialog.reject()
        dialog = EnhanceDialog(path, self._project.export.frame_size(), self)
        dialog.finished.connect(lambda _: self._forget_dialog(dialog))
        rel = next(
            (a.path for a in self._project.images if self._project.image_path(a.path) == path),
            None,
        )
        if rel is not None:
            dialog.chosen.connect(lambda choice: self.enhance_chosen.emit(rel, choice))
        self.enhance_dialog = dialog
        dialog.open()

    def _forget_dialog(self, dialog: QDialog) -> None:
        if self.enhance_dialog is dialog:
            self.enhance_dialog = None

    def choose_files(self) -> None:
        from studio.ui.dialog_places import remember_folder, start_folder

        files, _ = QFileDialog.getOpenFileNames(
            self, "Add Images", start_folder("images", self._project.root), IMAGE_FILTER
        )
        if files:
            remember_folder("images", files)
            self.add_requested.emit([Path(f) for f in files])
