"""What an export for a platform adds to the plain one: the size cap handed to the encoder,
subtitles that describe the stretches without words where the platform asks for it, and the
cover image and looping preview written beside the video."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from studio.core.model import ExportSettings, Project
from studio.core.platforms import PLATFORMS
from studio.render.plan import Cue, RenderPlan


def size_cap(settings: ExportSettings) -> int | None:
    """The file-size cap (bytes) of the settings' platform, if it has one."""
    p = PLATFORMS.get(settings.platform)
    return p.max_bytes if p else None


def vtt_cues(plan: RenderPlan, settings: ExportSettings, project: Project) -> tuple[Cue, ...]:
    """The plan's cues, plus "[MUSIC PLAYING]" cues over the stretches no caption covers
    when the platform wants them described (Walmart)."""
    from studio.jobs.compliance import sound_cues

    p = PLATFORMS.get(settings.platform)
    if p is None or not p.describes_music:
        return plan.cues
    extra = sound_cues(plan, project.music.source != "none")
    return tuple(sorted((*plan.cues, *extra), key=lambda c: c.start))


def cover_path(video: Path) -> Path:
    return video.with_name(f"{video.stem}-cover.png")


def loop_path(video: Path) -> Path:
    return video.with_name(f"{video.stem}-loop.webp")


def write_extras(
    plan: RenderPlan, video: Path, settings: ExportSettings, staged: Callable[[Path], Path]
) -> list[Path]:
    """The cover and the looping preview the settings ask for, each written to the path
    ``staged`` gives for its final name (so they appear with the video); their final names."""
    from studio.render.poster import write_cover, write_loop

    written: list[Path] = []
    if settings.cover:
        write_cover(plan, staged(cover_path(video)), "PNG")
        written.append(cover_path(video))
    if settings.loop:
        write_loop(plan, staged(loop_path(video)))
        written.append(loop_path(video))
    return written
