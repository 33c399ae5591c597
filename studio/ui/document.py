"""An open project in the studio: the Project, its UndoLog and where it is saved."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from studio.core.edits import UndoLog
from studio.core.model import Product, Project
from studio.core.project_io import PROJECT_SUFFIX


@dataclass
class Document:
    project: Project
    file: Path | None = None  # the .studio.json it was opened from / saved to
    undo: UndoLog = field(init=False)
    restored: bool = False  # came from a recovery file: unsaved until the next save
    warnings: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.undo = UndoLog(self.project)

    @property
    def is_dirty(self) -> bool:
        return self.restored or self.undo.is_dirty

    @property
    def title(self) -> str:
        return self.project.product.title.strip() or "Untitled"

    def name_folder_after_title(self) -> bool:
        """Give a new product's folder, not yet made, the product's title as its name: a seller
        who typed "Red Mug" before adding photos finds them in "Red Mug", not in "Untitled
        product". Only before anything is written there (afterwards the folder is the
        seller's, and stays put); True when the folder was renamed."""
        from studio.core.autosave import discard_recovery
        from studio.ui.new_product_dialog import folder_name

        root = self.project.root
        name = folder_name(self.project.product.title)
        if self.file is not None or not name or not root.name.startswith(UNTITLED):
            return False
        try:
            if root.exists():
                return False
            folder, n = root.parent / name, 2
            while folder.exists():
                folder, n = root.parent / f"{name} {n}", n + 1
        except OSError:
            return False
        discard_recovery(self.project, None)  # the next autosave is kept under the new name
        self.project.root = folder
        return True

    def default_file(self) -> Path:
        stem = (
            "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in self.title.lower()).strip(
                "-"
            )
            or "product"
        )
        return self.project.root / f"{stem}{PROJECT_SUFFIX}"


def open_document(path: Path) -> Document:
    """A product folder or a project file, with unusable images skipped (see ``warnings``)."""
    from studio.core.fsutil import sweep_stale
    from studio.core.intake import find_project_file, load_product
    from studio.media.images import image_info

    path = Path(path).expanduser().absolute()
    intake = load_product(path, image_info, complete=False)
    sweep_stale([path if path.is_dir() else path.parent])  # saves a killed studio left half-done
    if path.is_file():
        file: Path | None = path
    else:
        file = find_project_file(path)
    return Document(intake.project, file, warnings=list(intake.warnings))


UNTITLED = "Untitled product"


def untitled_document(location: Path) -> Document:
    """A new product with nothing in it yet, in a folder of its own under ``location`` (the
    usual place for new products, not wherever the studio happened to be started: photos
    dropped in are copied into the product folder). The folder is made when something is
    first written there: the first photo, or a save."""
    location = Path(location).expanduser().absolute()
    folder = location / UNTITLED
    n = 2
    while folder.exists():
        folder = location / f"{UNTITLED} {n}"
        n += 1
    return empty_document(folder, "")


def empty_document(folder: Path, title: str | None = None) -> Document:
    folder = Path(folder).absolute()
    if title is None:
        title = folder.name.replace("-", " ").replace("_", " ").strip()
    return Document(Project(folder, Product(title=title)))
