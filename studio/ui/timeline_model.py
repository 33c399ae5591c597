"""A Qt list model over the project's evented scene list.

It keeps no copy of the scenes: every call reads ``project.timeline.scenes``. It follows the
EventedList (inserting/inserted, removing/removed, moving/moved, changed) and every scene's own
field events. Moves requested by views (drag and drop, moveRows) become one MoveScene edit in
the UndoLog, so a drag undoes as one step.

A photo dropped onto a scene (from the Images list, or a file of the product's from the file
manager) becomes that scene's image, as one "Change Image" step. The scene actions of the
timeline's context menu (duplicate, delete, lock, reset motion) and a trimmed duration are here
too, one step each.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractListModel, QMimeData, QModelIndex, QPersistentModelIndex, Qt

from studio.core.edits import InsertScene, MoveScene, RemoveScene, SetSceneField, UndoLog
from studio.core.model import Project, Scene, new_id
from studio.core.project_io import scene_to_dict
from studio.core.storyboard import needs_review

SCENE_MIME = "application/x-studio-scene-ids"
IMAGE_MIME = "application/x-studio-image-paths"  # project-relative photo paths, one a line
URI_MIME = "text/uri-list"
CHOSEN_BY_YOU = "chosen by you"

SceneIdRole = Qt.ItemDataRole.UserRole + 1
ImagePathRole = Qt.ItemDataRole.UserRole + 2
DurationTextRole = Qt.ItemDataRole.UserRole + 3
ConfidenceRole = Qt.ItemDataRole.UserRole + 4
LockedRole = Qt.ItemDataRole.UserRole + 5
KindRole = Qt.ItemDataRole.UserRole + 6
ShownRole = Qt.ItemDataRole.UserRole + 7
ReviewRole = Qt.ItemDataRole.UserRole + 8

KIND_NAMES = {"title": "Title", "bullet": "Bullet", "quote": "Quote", "cta": "Closing"}

_Index = QModelIndex | QPersistentModelIndex


def duration_text(scene: Scene) -> str:
    return "auto" if scene.duration is None else f"{scene.duration:.1f} s"


def reasons_tooltip(scene: Scene) -> str:
    head = f"{KIND_NAMES.get(scene.kind, scene.kind)} scene"
    if scene.kind == "bullet" and not scene.shown:
        head += " — no photo shows this; a general view is used"
    elif scene.confidence is not None:
        head += f" — {scene.confidence:.0%} likely to be a right photo"
    if scene.locked:
        head += " (locked)"
    elif scene.edited:
        head += " (edited by you: automatic re-plans keep it)"
    lines = [head, *(f"• {r}" for r in scene.reasons)]
    if needs_review(scene):
        lines.append("Check this one: the plan is unsure. Drop a photo on the card to choose.")
    return "\n".join(lines)


class TimelineModel(QAbstractListModel):
    def __init__(self, project: Project, undo: UndoLog, parent: Any = None) -> None:
        super().__init__(parent)
        self._project = project
        self._undo = undo
        self._scene_slots: dict[int, Any] = {}  # id(scene) -> connected callback
        ev = self._scenes.events
        ev.inserting.connect(self._on_inserting)
        ev.inserted.connect(self._on_inserted)
        ev.removing.connect(self._on_removing)
        ev.removed.connect(self._on_removed)
        ev.moving.connect(self._on_moving)
        ev.moved.connect(self._on_moved)
        ev.changed.connect(self._on_changed)
        for s in self._scenes:
            self._follow(s)

    @property
    def _scenes(self):
        return self._project.timeline.scenes

    @property
    def project(self) -> Project:
        return self._project

    @property
    def undo(self) -> UndoLog:
        return self._undo

    def detach(self) -> None:
        """Stop following the project (before the model is thrown away)."""
        ev = self._scenes.events
        for sig, slot in (
            (ev.inserting, self._on_inserting),
            (ev.inserted, self._on_inserted),
            (ev.removing, self._on_removing),
            (ev.removed, self._on_removed),
            (ev.moving, self._on_moving),
            (ev.moved, self._on_moved),
            (ev.changed, self._on_changed),
        ):
            sig.disconnect(slot)
        for s in list(self._scenes):
            self._unfollow(s)

    # -- following the model
    def _follow(self, scene: Scene) -> None:
        if id(scene) in self._scene_slots:
            return

        def on_field(*_: Any, scene: Scene = scene) -> None:
            self._scene_changed(scene)

        scene.events.all.connect(on_field)
        self._scene_slots[id(scene)] = (scene, on_field)

    def _unfollow(self, scene: Scene) -> None:
        entry = self._scene_slots.pop(id(scene), None)
        if entry is not None:
            entry[0].events.all.disconnect(entry[1])

    def _scene_changed(self, scene: Scene) -> None:
        for row, s in enumerate(self._scenes):
            if s is scene:
                ix = self.index(row)
                self.dataChanged.emit(ix, ix)
                return

    def _on_inserting(self, index: int) -> None:
        self.beginInsertRows(QModelIndex(), index, index)

    def _on_inserted(self, index: int, scene: Scene) -> None:
        self._follow(scene)
        self.endInsertRows()

    def _on_removing(self, index: int) -> None:
        self.beginRemoveRows(QModelIndex(), index, index)

    def _on_removed(self, index: int, scene: Scene) -> None:
        self._unfollow(scene)
        self.endRemoveRows()

    def _on_moving(self, src: int, dest: int) -> None:
        self.beginMoveRows(QModelIndex(), src, src, QModelIndex(), dest)

    def _on_moved(self, *_: Any) -> None:
        self.endMoveRows()

    def _on_changed(self, *_: Any) -> None:
        self.beginResetModel()
        for entry in list(self._scene_slots.values()):
            entry[0].events.all.disconnect(entry[1])
        self._scene_slots.clear()
        for s in self._scenes:
            self._follow(s)
        self.endResetModel()

    # -- reading
    def rowCount(self, parent: _Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self._scenes)

    def scene_at(self, row: int) -> Scene:
        return self._scenes[row]

    def row_of(self, scene_id: str) -> int:
        return self._project.timeline.index_of(scene_id)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._scenes):
            return None
        s = self._scenes[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return s.caption
        if role == Qt.ItemDataRole.ToolTipRole:
            return reasons_tooltip(s)
        if role == SceneIdRole:
            return s.id
        if role == ImagePathRole:
            return str(self._project.image_path(s.image)) if s.image else None
        if role == DurationTextRole:
            return duration_text(s)
        if role == ConfidenceRole:
            return s.confidence
        if role == LockedRole:
            return s.locked
        if role == KindRole:
            return s.kind
        if role == ShownRole:
            return s.shown
        if role == ReviewRole:
            return needs_review(s)
        return None

    # -- moving (drag and drop, programmatic)
    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid():
            return base | Qt.ItemFlag.ItemIsDragEnabled
        return base | Qt.ItemFlag.ItemIsDropEnabled

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction  # photos are dropped as copies

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [SCENE_MIME, IMAGE_MIME, URI_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        md = QMimeData()
        ids = [
            self._scenes[i.row()].id for i in sorted(indexes, key=lambda i: i.row()) if i.isValid()
        ]
        md.setData(SCENE_MIME, "\n".join(ids).encode())
        return md

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: _Index
    ) -> bool:
        """Move the dragged scene to the drop position through the UndoLog, or give the
        scene dropped onto (``parent``) the dropped photo.

        Returns False for moves on purpose: the move has already happened in the model, so
        the view must not remove the "source" rows as it would after a foreign move."""
        if not data.hasFormat(SCENE_MIME):
            if not parent.isValid() or not 0 <= parent.row() < len(self._scenes):
                return False
            image, _why = self.dropped_image(data)
            return image is not None and self.set_scene_image(self._scenes[parent.row()].id, image)
        if action not in (Qt.DropAction.MoveAction, Qt.DropAction.CopyAction):
            return False
        ids = [i for i in bytes(data.data(SCENE_MIME).data()).decode().split("\n") if i]
        if parent.isValid():
            row = parent.row()
        if row < 0:
            row = len(self._scenes)
        self.move_scenes(ids, row)
        return False

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: _Index
    ) -> bool:
        """Scenes drop between cards; a photo drops onto a card (``parent``), and only one of
        the product's photos."""
        if data.hasFormat(SCENE_MIME):
            return action in (Qt.DropAction.MoveAction, Qt.DropAction.CopyAction)
        return parent.isValid() and self.dropped_image(data)[0] is not None

    def dropped_image(self, data: QMimeData) -> tuple[str | None, str]:
        """The product photo a drag carries (its project-relative path), or None and why not.

        Files from the file manager count when they are already among the product's photos;
        anything else has to be added to the images first (which checks it and copies it in)."""
        known = {a.path for a in self._project.images}
        if data.hasFormat(IMAGE_MIME):
            paths = [p for p in bytes(data.data(IMAGE_MIME).data()).decode().split("\n") if p]
            if paths and paths[0] in known:
                return paths[0], ""
            return None, "That photo is no longer in the product's images."
        files = [Path(u.toLocalFile()) for u in data.urls() if u.isLocalFile()]
        if not files:
            return None, ""
        path = files[0]
        try:
            rel = path.resolve().relative_to(self._project.root.resolve()).as_posix()
        except (OSError, ValueError):
            return (
                None,
                f"{path.name} is outside the product folder: add it to the images first, then drop it on a scene.",
            )
        if rel not in known:
            return (
                None,
                f"{path.name} is not one of the product's images: add it first, then drop it on a scene.",
            )
        return rel, ""

    # -- scene actions (timeline drops and context menu), one undo step each
    def set_scene_image(self, scene_id: str, image: str) -> bool:
        """Use ``image`` for the scene as the user's choice: its focus is forgotten so the
        automatic motion recentres, and the scene is locked so re-planning keeps the choice."""
        scene = self._project.timeline.find(scene_id)
        if scene.image == image:
            return False
        with self._undo.group("Change Image"):
            self._undo.set_scene(scene_id, "image", image)
            self._undo.set_scene(scene_id, "focus", None)
            self._undo.set_scene(scene_id, "confidence", None)
            self._undo.set_scene(scene_id, "reasons", [CHOSEN_BY_YOU])
            self._undo.set_scene(scene_id, "locked", True)
        return True

    def can_duplicate(self, scene_id: str) -> bool:
        """Bullet scenes only: the video has one title card and one closing card."""
        return self._project.timeline.find(scene_id).kind == "bullet"

    def duplicate_scene(self, scene_id: str) -> str:
        """Insert a copy of the scene right after it; returns the copy's id ("" if it cannot
        be duplicated, see ``can_duplicate``)."""
        if not self.can_duplicate(scene_id):
            return ""
        row = self.row_of(scene_id)
        copy = scene_to_dict(self._scenes[row])
        copy["id"] = new_id()
        self._undo.push(InsertScene(row + 1, copy, label="Duplicate Scene"))
        return copy["id"]

    def delete_scene(self, scene_id: str) -> None:
        self._undo.push(RemoveScene(scene_id))

    def set_locked(self, scene_id: str, locked: bool) -> None:
        self._undo.push(
            SetSceneField(
                scene_id,
                "locked",
                self._project.timeline.find(scene_id).locked,
                locked,
                label="Lock Scene" if locked else "Unlock Scene",
            )
        )

    def set_duration(self, scene_id: str, duration: float | None) -> None:
        """A fixed duration for the scene (None: automatic, its voice plus a pause), one step."""
        self._undo.set_scene(scene_id, "duration", duration)

    def reset_motion(self, scene_id: str) -> None:
        scene = self._project.timeline.find(scene_id)
        if scene.motion is not None:
            self._undo.push(
                SetSceneField(scene_id, "motion", scene.motion, None, label="Reset Motion")
            )

    def moveRows(
        self,
        source_parent: _Index,
        source_row: int,
        count: int,
        destination_parent: _Index,
        destination_child: int,
    ) -> bool:
        if source_parent.isValid() or destination_parent.isValid() or count < 1:
            return False
        ids = [s.id for s in self._scenes[source_row : source_row + count]]
        return self.move_scenes(ids, destination_child)

    def move_scenes(self, ids: list[str], before_row: int) -> bool:
        """Move scenes so they sit before ``before_row`` (a row of the current order), as one
        undo step."""
        ids = [i for i in ids if any(s.id == i for s in self._scenes)]
        if not ids:
            return False
        order = [s.id for s in self._scenes]
        rest = [i for i in order if i not in ids]
        at = sum(1 for r, i in enumerate(order) if r < before_row and i not in ids)
        target = rest[:at] + ids + rest[at:]
        if target == order:
            return False
        with self._undo.group("Reorder Scenes"):
            for final, sid in enumerate(target):
                if self._project.timeline.index_of(sid) != final:
                    self._undo.push(MoveScene(sid, final))
        return True
