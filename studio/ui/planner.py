"""Planning from the studio: run plan_project_job on a snapshot in a worker, then apply the
planned scenes to the real project on the GUI thread as one undo step.

The result is applied with the ordinary edits (field changes, moves, inserts, removals) so
scene objects keep their identity and views follow along. Scenes the user locked meanwhile
are left as they are. A request made while planning runs starts one more run afterwards.
"""
from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import QObject, Signal

from studio.core.edits import InsertScene, MoveScene, RemoveScene, SetSceneField, UndoLog
from studio.core.model import Project, Scene
from studio.core.project_io import scene_to_dict, snapshot
from studio.ui.workers import JobRunner

SCENE_FIELDS = tuple(f.name for f in dataclasses.fields(Scene) if f.name != "id")


def apply_planned_scenes(project: Project, undo: UndoLog, planned: list[Scene], label: str) -> None:
    """Make ``project``'s timeline equal ``planned`` (scenes matched by id), as one undo step."""
    current = {s.id: s for s in project.timeline.scenes}
    keep = {s.id for s in planned}
    with undo.group(label):
        for s in list(project.timeline.scenes):
            if s.id not in keep and not s.locked:
                undo.push(RemoveScene(s.id))
        for i, new in enumerate(planned):
            old = current.get(new.id)
            if old is None:
                undo.push(InsertScene(min(i, len(project.timeline.scenes)), scene_to_dict(new)))
                continue
            if project.timeline.index_of(new.id) != i and i < len(project.timeline.scenes):
                undo.push(MoveScene(new.id, i))
            if old.locked:
                continue
            for name in SCENE_FIELDS:
                if getattr(old, name) != getattr(new, name):
                    undo.push(SetSceneField(new.id, name, getattr(old, name), getattr(new, name)))


class Planner(QObject):
    started = Signal()
    progress = Signal(object)  # Progress
    planned = Signal()  # the timeline now holds the new plan
    failed = Signal(str, str)
    stopped = Signal()  # after planned/failed/cancel: nothing is running now

    def __init__(self, project: Project, undo: UndoLog, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._project = project
        self._undo = undo
        self._runner: JobRunner | None = None
        self._again = False

    @property
    def busy(self) -> bool:
        return self._runner is not None

    def plan(self) -> None:
        """Plan (or re-plan the unlocked scenes) now, or right after the current run."""
        if self._runner is not None:
            self._again = True
            return
        from studio.jobs.pipeline import plan_project_job

        snap = snapshot(self._project)
        label = "Re-plan Scenes" if len(self._project.timeline.scenes) else "Plan Scenes"
        runner = JobRunner(_plan_and_keep(plan_project_job, snap), self)
        runner.progress.connect(self.progress)
        runner.finished.connect(lambda planned_snap: self._apply(planned_snap, label))
        runner.failed.connect(self.failed)
        runner.done.connect(self._on_done)
        self._runner = runner
        self.started.emit()
        runner.start()

    def cancel(self) -> None:
        self._again = False
        if self._runner is not None:
            self._runner.cancel()

    def detach(self) -> None:
        self.cancel()

    def _apply(self, planned_snap: Project, label: str) -> None:
        if self._again:
            return  # the product changed meanwhile: the next run's result is the one to show
        if not _same_inputs(planned_snap, self._project):
            # photos or bullets changed while planning (an undone "Add Images", say): this plan
            # may use photos the project no longer has, so plan again instead of applying it
            self._again = True
            return
        was_clean = not self._undo.is_dirty and not self._undo.can_undo and not len(self._project.timeline.scenes)
        apply_planned_scenes(self._project, self._undo, list(planned_snap.timeline.scenes), label)
        if was_clean:
            # the first plan of a freshly opened product is not an unsaved user change
            self._undo.mark_clean()
        self.planned.emit()

    def _on_done(self) -> None:
        runner, self._runner = self._runner, None
        if runner is not None:
            runner.deleteLater()
        if self._again:
            self._again = False
            self.plan()
        else:
            self.stopped.emit()


def _same_inputs(a: Project, b: Project) -> bool:
    return ([i.path for i in a.images] == [i.path for i in b.images]
            and list(a.product.bullets) == list(b.product.bullets))


def _plan_and_keep(plan_job: Any, snap: Project):
    """Plan ``snap`` in place and return it (the job itself returns the matcher's Plan)."""
    yield from plan_job(snap)
    return snap
