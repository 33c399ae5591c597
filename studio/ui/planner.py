"""Planning from the studio: run plan_project_job on a snapshot in a worker, then apply the
planned scenes to the real project on the GUI thread as one undo step (core.replan).

A request made while planning runs starts one more run afterwards.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from studio.core.edits import UndoLog
from studio.core.model import Project
from studio.core.project_io import snapshot
from studio.core.replan import apply_planned_scenes
from studio.core.storyboard import describe_changes
from studio.ui.workers import JobRunner


class Planner(QObject):
    """Runs plans on a worker. Automatic plans apply when they finish (``planned`` says what
    changed); "Re-plan everything" first offers its changes (``preview``) and applies only
    when ``apply_preview`` is called. A result planned from a project that changed meanwhile
    is never applied: planning runs again on the new state."""

    started = Signal()
    progress = Signal(object)  # Progress
    planned = Signal(list)  # list[SceneChange]: the timeline now holds the new plan
    preview = Signal(list)  # list[SceneChange]: what re-planning everything would change
    failed = Signal(str, str)
    stopped = Signal()  # after planned/failed/cancel: nothing is running now

    def __init__(self, project: Project, undo: UndoLog, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._project = project
        self._undo = undo
        self._runner: JobRunner | None = None
        self._again = False
        self._again_everything = False
        self._pending: tuple[Project, int] | None = None  # a previewed plan and the revision it saw

    @property
    def busy(self) -> bool:
        return self._runner is not None

    def plan(self, everything: bool = False) -> None:
        """Plan (automatic: only what the seller has not decided) now, or right after the
        current run. ``everything``: re-plan all but locked scenes, shown first as a preview."""
        if self._runner is not None:
            self._again = True
            self._again_everything = self._again_everything or everything
            return
        if not len(self._project.images) or not self._project.product.bullets:
            # nothing to plan with (the last photo or bullet went while a run was going):
            # the window says what to add; a run would only fail
            self.stopped.emit()
            return
        from studio.jobs.pipeline import plan_project_job

        self._pending = None
        snap = snapshot(self._project)
        revision = self._undo.revision
        label = (
            "Re-plan Everything"
            if everything
            else ("Re-plan Scenes" if len(self._project.timeline.scenes) else "Plan Scenes")
        )
        runner = JobRunner(_plan_and_keep(plan_project_job, snap, everything), self)
        runner.yielded.connect(self.progress)
        runner.returned.connect(
            lambda planned_snap: self._finished(planned_snap, label, revision, everything)
        )
        runner.errored.connect(self.failed)
        runner.finished.connect(self._on_done)
        self._runner = runner
        self.started.emit()
        runner.start()

    def cancel(self) -> None:
        self._again = False
        self._again_everything = False
        if self._runner is not None:
            self._runner.cancel()

    def detach(self) -> None:
        self.cancel()

    def _stale(self, planned_snap: Project, revision: int) -> bool:
        return self._undo.revision != revision or not _same_inputs(planned_snap, self._project)

    def _finished(self, planned_snap: Project, label: str, revision: int, everything: bool) -> None:
        if self._again:
            return  # asked again meanwhile: the next run's result is the one to show
        if self._stale(planned_snap, revision):
            # the seller changed something while planning (typed a caption, undid "Add
            # Images"...): applying this plan would undo it, so plan again from the new state
            self._again, self._again_everything = True, everything
            return
        if everything:
            self._pending = (planned_snap, revision)
            self.preview.emit(
                describe_changes(
                    list(self._project.timeline.scenes), list(planned_snap.timeline.scenes)
                )
            )
            return
        was_clean = (
            not self._undo.is_dirty
            and not self._undo.can_undo
            and not len(self._project.timeline.scenes)
        )
        first = not len(self._project.timeline.scenes)
        changes = apply_planned_scenes(self._project, self._undo, planned_snap.timeline, label)
        if was_clean:
            # the first plan of a freshly opened product is not an unsaved user change
            self._undo.mark_clean()
        self.planned.emit([] if first else changes)

    def apply_preview(self) -> bool:
        """Apply the previewed "Re-plan everything" as one undoable step. False when the
        project changed since the preview (then it is planned again and previewed anew)."""
        if self._pending is None:
            return False
        planned_snap, revision = self._pending
        self._pending = None
        if self._stale(planned_snap, revision):
            self.plan(everything=True)
            return False
        changes = apply_planned_scenes(
            self._project, self._undo, planned_snap.timeline, "Re-plan Everything"
        )
        self.planned.emit(changes)
        return True

    def discard_preview(self) -> None:
        self._pending = None

    def _on_done(self) -> None:
        runner, self._runner = self._runner, None
        if runner is not None:
            runner.deleteLater()
        if self._again:
            everything = self._again_everything
            self._again = self._again_everything = False
            self.plan(everything)
        else:
            self.stopped.emit()


def _same_inputs(a: Project, b: Project) -> bool:
    return [i.path for i in a.images] == [i.path for i in b.images] and list(
        a.product.bullets
    ) == list(b.product.bullets)


def _plan_and_keep(plan_job: Any, snap: Project, everything: bool):
    """Plan ``snap`` in place and return it (the job itself returns the matcher's Plan)."""
    yield from plan_job(snap, everything=everything)
    return snap
