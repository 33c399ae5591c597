"""What the studio's player plays: the export's own plan and mix, at preview resolution.

The preview is the same RenderPlan (scene bounds on the frame grid, captions, motion) and the
same soundtrack as the export, only smaller, so what a seller approves in the player is what
the MP4 will show. It works on a snapshot: editing while it builds cannot tear it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from studio.core.errors import StudioError
from studio.core.model import ExportSettings, Project
from studio.core.progress import Job, Progress, weighted
from studio.core.project_io import snapshot
from studio.jobs.pipeline import check_length, mix_samples, resolve_render_plan, voice_job
from studio.media.audio import AUDIO_RATE
from studio.render.plan import RenderPlan

PREVIEW_HEIGHT = 360  # the short side; 640x360 for landscape


@dataclass(frozen=True)
class Preview:
    plan: RenderPlan
    audio: np.ndarray  # (n, 2) float32 at ``sample_rate``, exactly the plan's length
    sample_rate: int
    scene_ids: tuple[str, ...]  # the timeline scene shown by each plan scene

    @property
    def duration(self) -> float:
        return self.plan.frame_count / self.plan.fps

    def scene_at(self, t: float) -> str:
        if not self.scene_ids:
            return ""
        return self.scene_ids[self.plan.scene_at(min(max(t, 0.0), self.duration))]

    def scene_start(self, scene_id: str) -> float | None:
        """When ``scene_id`` is fully on screen (after its crossfade in), or None."""
        for sid, sp in zip(self.scene_ids, self.plan.scenes, strict=True):
            if sid == scene_id:
                return sp.start + sp.transition_in / 2
        return None


def preview_settings(project: Project, height: int = PREVIEW_HEIGHT) -> ExportSettings:
    e = project.export
    return ExportSettings(
        preset=e.preset,
        height=height,
        fps=e.fps,
        burn_captions=e.burn_captions,
        srt=False,
        vtt=False,
    )


def preview_job(project: Project, height: int = PREVIEW_HEIGHT) -> Job[Preview]:
    """Voice (cached takes are reused), plan and mix a snapshot of ``project`` for the player.

    The snapshot is taken now, on the caller's thread (the one that edits the project); the
    returned job then only touches the copy, wherever it runs."""
    return _preview(snapshot(project), height)


def _preview(snap: Project, height: int) -> Job[Preview]:
    if not snap.timeline.scenes:
        raise StudioError("nothing to preview yet: the timeline has no scenes")
    takes = yield from weighted(voice_job(snap), 0.0, 0.8, "Voicing")
    plan, clips = resolve_render_plan(snap, takes, preview_settings(snap, height))
    check_length(plan)
    yield Progress("Mixing audio", 0.85, 1.0)
    audio = mix_samples(snap, plan, clips)
    yield Progress("Preview ready", 1.0, 1.0)
    return Preview(plan, audio, AUDIO_RATE, tuple(s.id for s in snap.timeline.scenes))
