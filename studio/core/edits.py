"""Undo as data: every change to a project is an Edit that knows how to apply and revert
itself, so the undo history is plain, testable state with no window attached.

Edits address scenes by id (not by object), so they stay valid after other edits replace
objects. Consecutive edits of the same text field merge into one step ("typing"), and a
group (a drag, a re-plan) undoes as one. The UI wraps this log in Qt's QUndoStack terms:
labels for the Edit menu, a clean index for the unsaved-changes mark.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

from psygnal import Signal

from studio.core.model import ImageAsset, Project, Scene
from studio.core.project_io import read_scene, scene_to_dict

MERGE_WINDOW = 2.0  # seconds: typing pauses longer than this start a new undo step

SCENE_FIELD_LABELS = {
    "caption": "Edit Caption",
    "voice_line": "Edit Voice Line",
    "image": "Change Image",
    "duration": "Change Duration",
    "motion": "Change Motion",
    "transition": "Change Transition",
    "locked": "Lock Scene",
    "take": "Choose Take",
    "voice_speed": "Change Line Speed",
    "pause_before": "Change Pause",
    "pause_after": "Change Pause",
    "expressiveness": "Change Expressiveness",
    "focus": "Change Focus",
}
_TEXT_FIELDS = {"caption", "voice_line", "title", "price", "brand", "call_to_action"}
# Changes by the seller that commit a scene: automatic re-plans then leave its photo and place.
# (Voice settings and takes do not concern the plan.)
# Unlocking hands the scene back to the plan.
COMMITTING_FIELDS = frozenset({"caption", "voice_line", "image", "focus", "motion", "duration"})


class Edit(Protocol):
    label: str

    def apply(self, project: Project) -> None: ...

    def revert(self, project: Project) -> None: ...

    def merge(self, later: Edit) -> bool:
        """Absorb ``later`` into this edit if they form one user action; True if merged."""
        ...


def _merge_typing(edit: Any, later: Any, same: tuple[str, ...]) -> bool:
    """Typing in one text field, without a long pause, is one undo step: fold ``later`` in."""
    if (
        type(later) is type(edit)
        and all(getattr(later, k) == getattr(edit, k) for k in same)
        and edit.field in _TEXT_FIELDS
        and later.at - edit.at <= MERGE_WINDOW
    ):
        edit.new, edit.at = later.new, later.at
        return True
    return False


def _scene(project: Project, scene_id: str) -> Scene:
    return project.timeline.find(scene_id)


@dataclass
class SetSceneField:
    """One field of one scene. ``user``: the seller made this change (not a re-plan); a
    committing field then also marks the scene edited, and undo takes that back too."""

    scene_id: str
    field: str
    old: Any
    new: Any
    label: str = ""
    # dataclasses.field: the ``field`` attribute above shadows the name in the class body.
    at: float = dataclasses.field(default_factory=time.monotonic)
    user: bool = True
    _was_edited: bool | None = None

    def __post_init__(self) -> None:
        self.label = self.label or SCENE_FIELD_LABELS.get(self.field, "Edit Scene")

    def apply(self, project: Project) -> None:
        scene = _scene(project, self.scene_id)
        setattr(scene, self.field, self.new)
        if self.user and (
            self.field in COMMITTING_FIELDS or (self.field == "locked" and not self.new)
        ):
            if self._was_edited is None:
                self._was_edited = scene.edited
            scene.edited = self.field != "locked"

    def revert(self, project: Project) -> None:
        scene = _scene(project, self.scene_id)
        setattr(scene, self.field, self.old)
        if self._was_edited is not None:
            scene.edited = self._was_edited

    def merge(self, later: Edit) -> bool:
        return _merge_typing(self, later, ("scene_id", "field"))


@dataclass
class SetAttr:
    """A field of the product or of a settings object: ``target`` is "product", "voice",
    "music" or "export"."""

    target: str
    field: str
    old: Any
    new: Any
    label: str = "Edit Product"
    # dataclasses.field: the ``field`` attribute above shadows the name in the class body.
    at: float = dataclasses.field(default_factory=time.monotonic)

    def apply(self, project: Project) -> None:
        setattr(getattr(project, self.target), self.field, self.new)

    def revert(self, project: Project) -> None:
        setattr(getattr(project, self.target), self.field, self.old)

    def merge(self, later: Edit) -> bool:
        return _merge_typing(self, later, ("target", "field"))


@dataclass
class SetImageField:
    """A field of one photo (its enhancement choice), found by its path."""

    path: str
    field: str
    old: Any
    new: Any
    label: str = "Change Photo"

    def apply(self, project: Project) -> None:
        _replace_image(project, self.path, self.field, self.new)

    def revert(self, project: Project) -> None:
        _replace_image(project, self.path, self.field, self.old)

    def merge(self, later: Edit) -> bool:
        return False


def _replace_image(project: Project, path: str, field: str, value: Any) -> None:
    """Photos are frozen values: the list gets a changed copy (and says so to its views)."""
    k = next(i for i, a in enumerate(project.images) if a.path == path)
    project.images[k] = dataclasses.replace(project.images[k], **{field: value})


@dataclass
class MoveScene:
    """A scene to another place. ``user``: the seller's order from now on (re-plans keep it)."""

    scene_id: str
    to_index: int
    from_index: int = -1
    label: str = "Reorder Scenes"
    user: bool = True
    _was_arranged: bool | None = None

    def apply(self, project: Project) -> None:
        scenes = project.timeline.scenes
        self.from_index = project.timeline.index_of(self.scene_id)
        if self.user:
            self._was_arranged = project.timeline.arranged
            project.timeline.arranged = True
        scenes.move(
            self.from_index,
            self.to_index if self.to_index <= self.from_index else self.to_index + 1,
        )

    def revert(self, project: Project) -> None:
        scenes = project.timeline.scenes
        now = project.timeline.index_of(self.scene_id)
        scenes.move(now, self.from_index if self.from_index <= now else self.from_index + 1)
        if self._was_arranged is not None:
            project.timeline.arranged = self._was_arranged

    def merge(self, later: Edit) -> bool:
        return False


@dataclass
class InsertScene:
    index: int
    scene: dict[str, Any]  # as saved in the project file
    label: str = "Add Scene"

    def apply(self, project: Project) -> None:
        project.timeline.scenes.insert(self.index, _scene_from_dict(self.scene, project))

    def revert(self, project: Project) -> None:
        project.timeline.scenes.pop(project.timeline.index_of(self.scene["id"]))

    def merge(self, later: Edit) -> bool:
        return False


@dataclass
class RemoveScene:
    """A scene out of the timeline. ``user``: the seller deleted it, so re-plans do not bring a
    scene for its bullet back (unless another scene still shows that bullet)."""

    scene_id: str
    label: str = "Delete Scene"
    index: int = -1
    scene: dict[str, Any] = field(default_factory=dict)
    user: bool = True
    _dismissed: list[str] | None = None

    def apply(self, project: Project) -> None:
        tl = project.timeline
        self.index = tl.index_of(self.scene_id)
        gone = tl.scenes[self.index]
        self.scene = scene_to_dict(gone)
        tl.scenes.pop(self.index)
        if self.user and gone.kind in ("bullet", "quote") and gone.source_text:
            still_shown = any(
                s.kind == gone.kind and s.source_text == gone.source_text for s in tl.scenes
            )
            if not still_shown and gone.source_text not in tl.dismissed:
                self._dismissed = list(tl.dismissed)
                tl.dismissed.append(gone.source_text)

    def revert(self, project: Project) -> None:
        project.timeline.scenes.insert(self.index, _scene_from_dict(self.scene, project))
        if self._dismissed is not None:
            project.timeline.dismissed[:] = self._dismissed

    def merge(self, later: Edit) -> bool:
        return False


@dataclass
class SetTimeline:
    """A timeline-wide setting: ``arranged`` or ``dismissed`` (see model.Timeline)."""

    field: str
    old: Any
    new: Any
    label: str = "Re-plan Scenes"

    def apply(self, project: Project) -> None:
        setattr(project.timeline, self.field, _copy(self.new))

    def revert(self, project: Project) -> None:
        setattr(project.timeline, self.field, _copy(self.old))

    def merge(self, later: Edit) -> bool:
        return False


def _copy(v: Any) -> Any:
    return list(v) if isinstance(v, list) else v


@dataclass
class AddImages:
    """Photos appended to the product's image list."""

    paths: list[str]
    label: str = "Add Images"

    def apply(self, project: Project) -> None:
        project.images.extend(ImageAsset(p) for p in self.paths)

    def revert(self, project: Project) -> None:
        gone = set(self.paths)
        project.images[:] = [a for a in project.images if a.path not in gone]

    def merge(self, later: Edit) -> bool:
        return False


@dataclass
class RemoveImages:
    """Photos taken out of the product's image list (their files stay in the folder); undo
    puts each back where it was, with its settings."""

    paths: list[str]
    label: str = "Remove Images"
    _removed: list[tuple[int, ImageAsset]] = field(default_factory=list)

    def apply(self, project: Project) -> None:
        gone = set(self.paths)
        self._removed = [(i, a) for i, a in enumerate(project.images) if a.path in gone]
        project.images[:] = [a for a in project.images if a.path not in gone]

    def revert(self, project: Project) -> None:
        for i, asset in self._removed:
            project.images.insert(min(i, len(project.images)), asset)

    def merge(self, later: Edit) -> bool:
        return False


def remove_images(project: Project, paths: list[str]) -> CompoundEdit | None:
    """One undoable step that takes ``paths`` out of the product: the scenes showing them
    lose that photo (and a lock that pinned it), so the next re-plan gives them the best one
    left; the photos themselves go last. None when none of ``paths`` is in the product."""
    known = {a.path for a in project.images}
    paths = [p for p in dict.fromkeys(paths) if p in known]
    if not paths:
        return None
    gone = set(paths)
    n = len(paths)
    edit = CompoundEdit(f"Remove {n} Photos" if n > 1 else "Remove Photo")
    cleared: dict[str, Any] = {
        "image": None,
        "focus": None,
        "motion": None,
        "confidence": None,
        "reasons": [],
    }
    for scene in project.timeline.scenes:
        if scene.image in gone:
            # what belonged to that photo goes with it: its framing (pixel rectangles of the
            # photo), why it was chosen, and a lock that pinned it
            for name, value in cleared.items():
                if getattr(scene, name) != value:
                    edit.edits.append(
                        SetSceneField(scene.id, name, getattr(scene, name), value, user=False)
                    )
            if scene.locked:
                edit.edits.append(SetSceneField(scene.id, "locked", True, False, user=False))
    edit.edits.append(RemoveImages(paths, edit.label))
    return edit


@dataclass
class CompoundEdit:
    label: str
    edits: list[Any] = field(default_factory=list)

    def apply(self, project: Project) -> None:
        for e in self.edits:
            e.apply(project)

    def revert(self, project: Project) -> None:
        for e in reversed(self.edits):
            e.revert(project)

    def merge(self, later: Edit) -> bool:
        return False


def _scene_from_dict(d: dict[str, Any], project: Project) -> Scene:
    """Rebuild a scene from its saved form (validated as a project file's scene is), keeping
    its id."""
    images = {a.path for a in project.images}
    return read_scene(d, "scene", project.root, images, set())


class UndoLog:
    """The project's edit history. ``changed`` fires after every push/undo/redo/clean change."""

    changed = Signal()

    def __init__(self, project: Project, limit: int = 500) -> None:
        self.project = project
        self.limit = limit
        self._done: list[Edit] = []
        self._undone: list[Edit] = []
        self._clean: int | None = 0  # len(_done) at the last save; None: unreachable
        self._group: CompoundEdit | None = None
        self._depth = 0
        self.revision = 0  # grows with every change, undo and redo: "has anything changed since?"
        self._replaying = False

    # -- making changes
    def push(self, edit: Edit) -> None:
        """Apply ``edit`` and record it (merged into the previous step when it continues it).

        Refused while an undo or redo is being applied: a view that answers a model event by
        pushing an edit would otherwise record the replay itself as a new step."""
        if self._replaying:
            raise RuntimeError(
                f"edit {edit.label!r} pushed while an undo or redo was being applied"
            )
        edit.apply(self.project)
        self.revision += 1
        if self._group is not None:
            self._group.edits.append(edit)
            return
        self._record(edit)

    def _record(self, edit: Edit) -> None:
        if self._undone and self._clean is not None and self._clean > len(self._done):
            self._clean = None  # the saved state was in the redo branch we are discarding
        self._undone.clear()
        if self._done and len(self._done) != self._clean and self._done[-1].merge(edit):
            self.changed.emit()
            return
        self._done.append(edit)
        if len(self._done) > self.limit:
            self._done.pop(0)
            self._clean = None if self._clean in (None, 0) else self._clean - 1
        self.changed.emit()

    @contextmanager
    def group(self, label: str) -> Iterator[None]:
        """Edits pushed inside undo as one step (a drag, a re-plan). Nested groups flatten.

        If the block fails, the edits it already applied are reverted and nothing is recorded:
        a half-applied re-plan never stays in the project nor in the history."""
        outer = self._group is None
        if outer:
            self._group = CompoundEdit(label)
        self._depth += 1
        failed = False
        try:
            yield
        except BaseException:
            failed = True
            raise
        finally:
            self._depth -= 1
            if outer:
                g, self._group = self._group, None
                if g is not None and g.edits:
                    if failed:
                        g.revert(self.project)
                        self.revision += 1
                    else:
                        self._record(g)

    def set_scene(self, scene_id: str, field: str, value: Any) -> None:
        old = getattr(self.project.timeline.find(scene_id), field)
        if old != value:
            self.push(SetSceneField(scene_id, field, old, value))

    def set_image(self, path: str, field: str, value: Any, label: str) -> None:
        old = getattr(self.project.image(path), field)
        if old != value:
            self.push(SetImageField(path, field, old, value, label))

    def set_attr(self, target: str, field: str, value: Any, label: str | None = None) -> None:
        old = getattr(getattr(self.project, target), field)
        if old != value:
            self.push(
                SetAttr(
                    target, field, old, value, label or f"Edit {field.replace('_', ' ').title()}"
                )
            )

    # -- history
    @property
    def replaying(self) -> bool:
        """True while an undo or redo is being applied (views follow, they do not edit)."""
        return self._replaying

    def undo(self) -> None:
        if self._done and not self._replaying:
            self.revision += 1
            e = self._done.pop()
            self._replaying = True
            try:
                e.revert(self.project)
            finally:
                self._replaying = False
            self._undone.append(e)
            self.changed.emit()

    def redo(self) -> None:
        if self._undone and not self._replaying:
            self.revision += 1
            e = self._undone.pop()
            self._replaying = True
            try:
                e.apply(self.project)
            finally:
                self._replaying = False
            self._done.append(e)
            self.changed.emit()

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    @property
    def undo_label(self) -> str:
        return self._done[-1].label if self._done else ""

    @property
    def redo_label(self) -> str:
        return self._undone[-1].label if self._undone else ""

    # -- saved state
    def mark_clean(self) -> None:
        self._clean = len(self._done)
        self.changed.emit()

    @property
    def is_dirty(self) -> bool:
        return self._clean != len(self._done)
