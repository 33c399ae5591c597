"""Applying a re-plan to the live project as ordinary edits, so it is one undoable step.

The planner works on a snapshot (off the GUI thread); its result comes back as a list of
scenes. This turns "make the timeline equal that list" into field changes, moves, inserts and
removals, all marked as not the seller's (they commit nothing), so scene objects keep their
identity and views follow along. A locked scene keeps its photo and framing; its words still
follow its bullet unless the seller rewrote them.
"""

from __future__ import annotations

import dataclasses

from studio.core.edits import (
    InsertScene,
    MoveScene,
    RemoveScene,
    SetSceneField,
    SetTimeline,
    UndoLog,
)
from studio.core.model import Project, Scene, Timeline
from studio.core.project_io import scene_to_dict
from studio.core.storyboard import SceneChange, describe_changes

SCENE_FIELDS = tuple(f.name for f in dataclasses.fields(Scene) if f.name != "id")
PINNED_BY_LOCK = frozenset(
    {"image", "focus", "confidence", "reasons", "shown", "motion", "duration", "locked"}
)


def apply_planned_scenes(
    project: Project, undo: UndoLog, planned: Timeline, label: str
) -> list[SceneChange]:
    """Make ``project``'s timeline equal ``planned`` (scenes matched by id), as one undo step.
    Returns what changed, for the seller to read."""
    before = [dataclasses.replace(s) for s in project.timeline.scenes]
    current = {s.id: s for s in project.timeline.scenes}
    keep = {s.id for s in planned.scenes}
    with undo.group(label):
        for s in list(project.timeline.scenes):
            if s.id not in keep and not s.locked:
                undo.push(RemoveScene(s.id, user=False))
        for i, new in enumerate(planned.scenes):
            old = current.get(new.id)
            if old is None:
                undo.push(InsertScene(min(i, len(project.timeline.scenes)), scene_to_dict(new)))
                continue
            if project.timeline.index_of(new.id) != i and i < len(project.timeline.scenes):
                undo.push(MoveScene(new.id, i, user=False))
            for name in SCENE_FIELDS:
                if old.locked and name in PINNED_BY_LOCK:
                    continue  # locked meanwhile (the words still follow their bullet)
                if getattr(old, name) != getattr(new, name):
                    undo.push(
                        SetSceneField(
                            new.id, name, getattr(old, name), getattr(new, name), user=False
                        )
                    )
        for name in ("arranged", "dismissed"):
            if getattr(project.timeline, name) != getattr(planned, name):
                undo.push(
                    SetTimeline(
                        name, getattr(project.timeline, name), getattr(planned, name), label
                    )
                )
    return describe_changes(before, list(project.timeline.scenes))
