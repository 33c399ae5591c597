"""File > New: name a product and where its folder goes; the studio creates the folder.

The product's name becomes its title and (made safe for a file system) its folder's name; the
location is remembered. A folder can also be typed or pasted whole ("~/Shop/red-mug"). A folder
that already holds a product opens that product instead of starting an empty one.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.ui.notes import NoteLabel

MAX_NAME = 80


def folder_name(name: str) -> str:
    """A folder name for a product name: letters of any script kept, separators and characters
    that file systems refuse replaced, no leading dot, at most MAX_NAME characters."""
    name = unicodedata.normalize("NFC", name).strip()
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f\x7f]+', " ", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    name = name[:MAX_NAME].rstrip(" .")
    if name.split(".")[0].upper() in WINDOWS_RESERVED:
        name = f"{name} product"  # Windows refuses CON, NUL, COM1... whatever the suffix
    return name


WINDOWS_RESERVED = frozenset(
    {
        "CON",
        "PRN",
        "AUX",
        "NUL",
        *(f"COM{i}" for i in range(1, 10)),
        *(f"LPT{i}" for i in range(1, 10)),
    }
)


def default_location() -> Path:
    documents = Path.home() / "Documents"
    return documents if documents.is_dir() else Path.home()


class NewProductDialog(QDialog):
    """Asks for a name and a location; ``folder()`` is where the product goes."""

    def __init__(self, location: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New Product")
        self.name = QLineEdit()
        self.name.setPlaceholderText("e.g. Bruno Compete Hoodie")
        self.location = QLineEdit(str(location or default_location()))
        self.location.setToolTip("The folder the product's own folder is made in")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.setContentsMargins(0, 0, 0, 0)
        where.addWidget(self.location, 1)
        where.addWidget(browse)
        self.result_note = NoteLabel("info")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Product name", self.name)
        form.addRow("Location", where)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.result_note)
        lay.addStretch(1)
        lay.addWidget(self.buttons)
        self.name.textChanged.connect(self._update)
        self.location.textChanged.connect(self._update)
        self.setMinimumWidth(520)
        self._update()

    def title(self) -> str:
        return " ".join(self.name.text().split())

    def folder(self) -> Path | None:
        """The product folder that Create makes (or opens); None while the entry is unusable."""
        base = self.location.text().strip()
        name = folder_name(self.name.text())
        if not base or not name:
            return None
        return Path(base).expanduser() / name

    def _update(self) -> None:
        folder = self.folder()
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(folder is not None)
        if folder is None:
            self.result_note.set_note(
                "Name the product; its photos and project are kept in a folder of that name.",
                "info",
            )
        elif folder.exists() and not folder.is_dir():
            ok.setEnabled(False)
            self.result_note.set_note(f"{folder} is a file, not a folder.", "error")
        elif folder.is_dir() and any(folder.iterdir()):
            self.result_note.set_note(f"Opens the existing folder {folder}", "info")
        else:
            self.result_note.set_note(f"Creates {folder}", "info")

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, "Where to Make the Product Folder", self.location.text()
        )
        if chosen:
            self.location.setText(chosen)
