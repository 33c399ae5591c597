"""Opening, saving, autosaving and recent projects: the File side of the studio window.

A mixin for MainWindow (which provides ``doc``, ``set_document``, ``show_error`` and the
recent-files menu). Saving is atomic (studio.core.project_io); a project is always saved in
its product folder, next to its images, so its media paths stay relative.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from studio.core.autosave import config_dir, discard_recovery, write_recovery
from studio.core.errors import StudioError
from studio.core.project_io import PROJECT_SUFFIX, save_project
from studio.ui.dialog_places import remember_folder, start_folder
from studio.ui.document import empty_document, open_document
from studio.ui.new_product_dialog import NewProductDialog, default_location

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow, QMenu

    from studio.ui.document import Document

    # What the mixin is mixed into, as far as the type checker is concerned.
    _Window = QMainWindow
else:
    _Window = object

APP_NAME = "Product Video Studio"
MAX_RECENT = 8


def settings_store() -> QSettings:
    return QSettings(str(config_dir() / "studio.ini"), QSettings.Format.IniFormat)


def new_product_location() -> Path:
    """Where new products go: the folder the last one was made in, else the default."""
    remembered = str(settings_store().value("new_product_location", "") or "")
    return Path(remembered) if remembered and Path(remembered).is_dir() else default_location()


def _recent_projects(store: QSettings) -> list[str]:
    """The remembered project files, newest first. The INI file cannot tell a list of one from
    a string, so after a restart a single recent project comes back as a plain string."""
    value = store.value("recent", [])
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, list):
        return [str(p) for p in value]
    return []


class FilesMixin(_Window):
    doc: Document | None

    if TYPE_CHECKING:  # provided by MainWindow
        recent_menu: QMenu

        def set_document(self, doc: Document) -> None: ...
        def show_error(self, title: str, message: str, details: str = "") -> None: ...

    def _maybe_save(self) -> bool:
        """Before the document goes away: True if it may (saved, discarded or clean)."""
        if self.doc is None or not self.doc.is_dirty:
            return True
        answer = self.ask_save_changes()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def ask_save_changes(self) -> QMessageBox.StandardButton:
        """Asked only by ``_maybe_save``, when there is a document with unsaved changes."""
        assert self.doc is not None
        return QMessageBox.question(
            self,
            APP_NAME,
            f"Save the changes to “{self.doc.title}” before closing?",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )

    def open_path(self, path: Path) -> bool:
        if not self._maybe_save():
            return False
        try:
            doc = open_document(path)
        except StudioError as exc:
            self.show_error("Cannot open", str(exc))
            return False
        self._close_document()
        self.set_document(doc)
        return True

    def _close_document(self) -> None:
        if self.doc is not None:
            discard_recovery(self.doc.project, self.doc.file)

    def new_product_dialog(self) -> NewProductDialog:
        remembered = settings_store().value("new_product_location", "")
        return NewProductDialog(Path(str(remembered)) if remembered else None, self)

    def new_project(self) -> None:
        dialog = self.new_product_dialog()
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.create_product(dialog.folder(), dialog.title())

    def create_product(self, folder: Path | None, title: str) -> bool:
        """Make ``folder`` (with its parents) and start a product there; a folder that already
        holds a product opens it."""
        if folder is None or not self._maybe_save():
            return False
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self.show_error("Cannot create the product folder", f"{folder}: {exc.strerror or exc}")
            return False
        settings_store().setValue("new_product_location", str(folder.parent))
        try:
            doc = open_document(folder)
        except StudioError:
            doc = empty_document(folder, title or None)
        self._close_document()
        self.set_document(doc)
        return True

    def open_dialog(self) -> None:
        f, _ = QFileDialog.getOpenFileName(
            self, "Open Project", start_folder("projects"), f"Projects (*{PROJECT_SUFFIX})"
        )
        if f:
            remember_folder("projects", Path(f).parent.parent)  # where product folders are
            self.open_path(Path(f))

    def open_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "Open Product Folder", start_folder("projects")
        )
        if folder:
            remember_folder("projects", Path(folder).parent)
            self.open_path(Path(folder))

    def save(self) -> bool:
        if self.doc is None:
            return False
        if self.doc.file is None:
            return self.save_as()
        return self.save_to(self.doc.file)

    def save_as(self) -> bool:
        if self.doc is None:
            return False
        self.doc.name_folder_after_title()
        root = self.doc.project.root
        made = False
        if not root.exists():  # a new product's folder: the dialog must open inside it
            try:
                root.mkdir(parents=True)
                made = True
            except OSError:
                pass
        f, _ = QFileDialog.getSaveFileName(
            self,
            "Save Project",
            str(self.doc.file or self.doc.default_file()),
            f"Projects (*{PROJECT_SUFFIX})",
        )
        saved = bool(f) and self.save_to(Path(f))
        if made and not saved:
            with contextlib.suppress(OSError):
                root.rmdir()  # still empty: nothing was made after all
        return saved

    def save_to(self, path: Path) -> bool:
        """Save into the product folder (media paths are relative to the project file)."""
        doc = self.doc
        assert doc is not None
        path = Path(path).absolute()
        if not path.name.endswith(PROJECT_SUFFIX):
            path = path.with_name(path.name.removesuffix(".json") + PROJECT_SUFFIX)
        if path.parent.resolve() != doc.project.root.resolve():
            self.show_error(
                "Cannot save there",
                f"Save the project inside its product folder ({doc.project.root}), "
                "next to its images.",
            )
            return False
        try:
            path.parent.mkdir(parents=True, exist_ok=True)  # a new product's folder, made now
            save_project(doc.project, path)
        except (StudioError, OSError) as exc:
            self.show_error("Cannot save", str(exc))
            return False
        discard_recovery(doc.project, doc.file)
        doc.file = path
        doc.restored = False
        discard_recovery(doc.project, path)
        doc.undo.mark_clean()
        self._remember(path)
        self.statusBar().showMessage(f"Saved {path.name}", 4000)
        return True

    def autosave(self) -> Path | None:
        """Write a recovery file if there are unsaved changes."""
        if self.doc is None or not self.doc.is_dirty:
            return None
        try:
            return write_recovery(self.doc.project, self.doc.file)
        except (StudioError, OSError) as exc:  # a full or read-only disk: the next tick retries
            self.statusBar().showMessage(f"Autosave failed: {exc}", 6000)
            return None

    def _remember(self, path: Path) -> None:
        s = settings_store()
        items = [p for p in _recent_projects(s) if p != str(path)]
        s.setValue("recent", [str(path), *items][:MAX_RECENT])
        self._fill_recent()

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        items = [p for p in _recent_projects(settings_store()) if Path(p).exists()]
        for p in items:
            a = self.recent_menu.addAction(Path(p).name)
            a.setToolTip(p)
            a.triggered.connect(lambda _c=False, p=p: self.open_path(Path(p)))
        self.recent_menu.setEnabled(bool(items))
