"""The whole product-video pipeline as composable, cancellable jobs.

Product -> plan (analysis) -> Timeline -> voice takes -> RenderPlan -> audio mix -> encode.
The CLI, the desktop studio and batch runs drive exactly these generators.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Generator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from studio.core.errors import StudioError
from studio.core.fsutil import Staging, make_work_dir, sweep_stale, temp_path_for
from studio.core.model import ExportSettings, Project
from studio.core.progress import Job, Progress, weighted
from studio.core.project_io import snapshot
from studio.core.storyboard import ImageChoice, apply_plan, locked_choices
from studio.media.audio import AUDIO_RATE
from studio.music.soundtrack import beat_times, soundtrack
from studio.render import timeline
from studio.render.brand_theme import theme_problems
from studio.render.plan import RenderPlan

if TYPE_CHECKING:
    from studio.analysis.matcher import Plan
    from studio.jobs.enhance import EnhanceMode
    from studio.voice.takes import VoiceTake

# The soundtrack is mixed in memory (about 1.6 MB a second of video): the longest export keeps
# that, and the whole export, well under 1.5 GB. Platforms take 15 s to 3 min.
MAX_VIDEO_SECONDS = 600


OVERLAP_MIX_SECONDS = 180.0  # longer videos are mixed before their picture is encoded


@dataclass
class ExportResult:
    video: Path
    subtitles: list[Path]
    duration: float
    frames: int
    scenes: list[tuple[float, float]] = field(default_factory=list)  # (start, end) seconds
    warnings: list[str] = field(default_factory=list)
    extras: list[Path] = field(default_factory=list)  # cover image, looping preview
    # Segments of the video taken from the cache and encoded now (both 0: encoded in one pass)
    segments_reused: int = 0
    segments_built: int = 0

    def reuse_note(self) -> str:
        """How much of the picture was encoded now ("" for a one-pass encode)."""
        total = self.segments_reused + self.segments_built
        if not self.segments_reused or not total:
            return ""
        return f"re-encoded {self.segments_built} of {total} parts, reused the rest"


# ------------------------------------------------------------------ planning


def plan_project_job(project: Project, everything: bool = False) -> Generator[Progress, None, Plan]:
    """Match bullets to images and lay out the timeline from the plan, keeping what the seller
    decided (see core.storyboard); ``everything`` re-plans all but locked scenes."""
    from studio.analysis.matcher import plan_job

    plan = yield from plan_job(project, locked=locked_choices(project, everything))
    choices = [
        ImageChoice(m.bullet, m.image, m.confidence, tuple(m.reasons), m.focus, m.shown)
        for m in plan.matches
    ]
    apply_plan(project, choices, plan.hero, plan.order, everything, plan.lifestyle)
    return plan


# ------------------------------------------------------------------ voice


def voice_job(project: Project) -> Generator[Progress, None, dict[str, VoiceTake]]:
    """A take for every scene's voice line (cached on disk: repeated lines cost nothing).

    A chosen take is kept while it says what the line says now: it is compared by spoken
    text, so rewriting "$20" as "20 dollars" keeps it and rewording the line drops it."""
    from studio.voice.takes import VoiceLine, take_by_id, voice_lines_job

    chosen: dict[str, VoiceTake] = {}
    lines: list[VoiceLine] = []
    for s in project.timeline.scenes:
        if not s.voice_line.strip():
            continue
        take = take_by_id(s.take) if s.take else None
        if take is not None and take_says(take, s.voice_line):
            # the user's pick among this line's takes, its words pointing at this wording
            chosen[s.id] = take.for_text(s.voice_line)
        else:
            lines.append(VoiceLine(s.id, s.voice_line, s.voice_speed, s.expressiveness))
    takes = yield from voice_lines_job(lines, project.voice)
    return {**takes, **chosen}


def take_says(take: VoiceTake, line: str) -> bool:
    """Whether ``take`` speaks ``line`` as its voice would read it now; False if that voice
    is no longer installed."""
    from studio.voice.engine import get_engine
    from studio.voice.takes import spoken_text_for

    try:
        return take.spoken_text == spoken_text_for(line, get_engine(take.voice))
    except StudioError:
        return False


# ------------------------------------------------------------------ timing


def resolve_render_plan(
    project: Project, takes: dict[str, VoiceTake], settings: ExportSettings | None = None
) -> tuple[RenderPlan, list[tuple[float, VoiceTake]]]:
    """The timeline as a RenderPlan (studio.render.timeline), cuts moved onto the music's beats
    when the project asks for it, product masks attached where a layout may cut the product
    out (studio.jobs.cutouts), plus each voice take's start time."""
    from studio.jobs.cutouts import with_cutouts

    snap = None
    if project.music.snap_to_beats and project.music.source != "none":
        from studio.music.beats import snap_to_beats

        def snap(bounds: list[float]) -> list[float]:
            return snap_to_beats(bounds, beat_times(project, bounds[-1]))

    plan, clips = timeline.resolve_render_plan(project, takes, settings, snap)
    return with_cutouts(plan), clips


# ------------------------------------------------------------------ audio


def caption_warnings(plan: RenderPlan) -> list[str]:
    """Captions the installed fonts cannot draw whole (they are left out of the picture; the
    subtitles keep them), one message each, naming the writing system."""
    from studio.render.coverage_check import caption_problems

    regular: list[tuple[str, str]] = []
    bold: list[tuple[str, str]] = []
    for k, sp in enumerate(plan.scenes):
        c = sp.caption
        if c is None:
            continue
        label = f"scene {k + 1}"
        (regular if c.style == "bullet" else bold).append((label, c.text))
        if c.sub:
            bold.append((label, c.sub))
    return caption_problems(regular, bold=False) + caption_problems(bold, bold=True)


def check_length(plan: RenderPlan) -> None:
    """Refuse a video longer than MAX_VIDEO_SECONDS with one clear message."""
    length = plan.frame_count / plan.fps
    if length > MAX_VIDEO_SECONDS:
        raise StudioError(
            f"The video would last {int(length // 60)} min {int(length % 60)} s; videos are limited to "
            f"{MAX_VIDEO_SECONDS // 60} minutes (product videos run under three). Shorten fixed scene "
            "durations or remove scenes."
        )


def mix_audio(
    project: Project, plan: RenderPlan, clips: list[tuple[float, VoiceTake]], out_wav: Path
) -> Path:
    """``mix_samples`` written to ``out_wav`` (for the encoder)."""
    from studio.media.audio import write_wav

    write_wav(out_wav, mix_samples(project, plan, clips), AUDIO_RATE)
    return out_wav


def mix_samples(
    project: Project, plan: RenderPlan, clips: list[tuple[float, VoiceTake]]
) -> np.ndarray:
    """The soundtrack (studio.music.soundtrack) of ``plan`` with the takes' audio: stereo
    float samples at AUDIO_RATE, exactly the plan's length (what export encodes and the
    preview plays)."""
    from studio.voice.takes import load_take_audio

    voice = [(start, *load_take_audio(take)) for start, take in clips]
    return soundtrack(project, plan.frame_count / plan.fps, voice, [s.end for s in plan.scenes])


# ------------------------------------------------------------------ export


def export_job(
    project: Project,
    out: Path,
    settings: ExportSettings | None = None,
    *,
    dedicated: bool = False,
    reuse_segments: bool = True,
    enhance: EnhanceMode = "auto",
) -> Job[ExportResult]:
    """Plan (if needed), voice, mix and encode ``project`` to ``out`` with subtitles beside it.

    Works on a snapshot taken now, on the caller's thread, so the caller may keep editing while
    the job runs elsewhere. Nothing is left at ``out`` unless the whole export succeeds.

    ``reuse_segments``: encode scene by scene through the segment cache, so the next export
    after a small edit re-encodes only the scenes it touched (``studio.render.incremental``,
    which also says how a platform's size cap is kept that way, or falls back to one pass).

    ``enhance``: which photos Real-ESRGAN enlarges first (``studio.jobs.enhance``; ``auto``:
    those smaller than the export needs).
    """
    return _export(snapshot(project), out, settings, dedicated, reuse_segments, enhance)


def _export(
    snap: Project,
    out: Path,
    settings: ExportSettings | None,
    dedicated: bool = False,
    reuse_segments: bool = True,
    enhance: EnhanceMode = "auto",
) -> Job[ExportResult]:
    from studio.jobs.deliverables import size_cap, vtt_cues, write_extras
    from studio.jobs.enhance import enhance_plan_job
    from studio.jobs.voice_check import voice_warnings
    from studio.render.subtitles import write_srt, write_vtt, write_word_vtt

    settings = settings or snap.export
    out = Path(out).expanduser().absolute()
    if out.suffix.lower() != ".mp4":
        raise StudioError(f"{out.name}: the output must be an .mp4 file")
    if not out.parent.is_dir():
        raise StudioError(f"cannot write {out.name}: folder {out.parent} does not exist")
    # a folder that cannot take the video (read-only, no permission) says so before any work
    temp_path_for(out).unlink(missing_ok=True)
    warnings: list[str] = []

    if not snap.timeline.scenes:
        plan = yield from weighted(plan_project_job(snap), 0.0, 0.15, "Planning")
        warnings.extend(f"skipped {name}: {why}" for name, why in getattr(plan, "skipped", []))
    takes = yield from weighted(voice_job(snap), 0.15, 0.15, "Voicing")
    warnings.extend(voice_warnings(snap, takes))
    rplan, clips = resolve_render_plan(snap, takes, settings)
    chosen = {snap.image_path(a.path): a.enhance for a in snap.images}
    rplan = yield from weighted(
        enhance_plan_job(rplan, enhance, chosen), 0.30, 0.01, "Enhancing photos"
    )
    check_length(rplan)
    warnings.extend(theme_problems(snap))
    if snap.music.source == "file" and snap.music.path:
        from studio.music.tracks import track_notes

        warnings.extend(track_notes(snap.image_path(snap.music.path)))
    if settings.burn_captions:
        warnings.extend(caption_warnings(rplan))

    sweep_stale([out.parent])  # what a killed export left here before
    work = make_work_dir()
    try:
        with Staging() as staging:
            # The video and its subtitles are written under temporary names and appear
            # together at the end, or not at all.
            yield Progress("Mixing audio", 0.31, 1.0)
            staged_video = staging.path(out)
            # Mixed on a thread: an export by segments needs the soundtrack only at the end,
            # so the mix overlaps with encoding the picture. Leaving the block (a cancel)
            # waits for the mix, which is no longer than the mix took before. A long video's
            # mix (a few hundred MB per copy) is made first instead, so its memory and the
            # renderer's do not add up.
            with ThreadPoolExecutor(1, thread_name_prefix="audio-mix") as pool:
                wav = pool.submit(mix_audio, snap, rplan, clips, work / "mix.wav")
                if rplan.frame_count / rplan.fps > OVERLAP_MIX_SECONDS:
                    while not wav.done():
                        yield Progress("Mixing audio", 0.31, 1.0)
                        wait([wav], timeout=0.25)
                reused, built = yield from weighted(
                    encode_video_job(
                        rplan, staged_video, wav, size_cap(settings), dedicated, reuse_segments
                    ),
                    0.32,
                    0.67,
                    "Rendering video",
                )
            subtitles: list[Path] = []
            if settings.srt:
                write_srt(rplan.cues, staging.path(out.with_suffix(".srt")))
                subtitles.append(out.with_suffix(".srt"))
            if settings.vtt:
                write_vtt(vtt_cues(rplan, settings, snap), staging.path(out.with_suffix(".vtt")))
                subtitles.append(out.with_suffix(".vtt"))
                words = [w for sp in rplan.scenes for w in sp.words]
                if words:  # karaoke-style WebVTT: each word tagged with when it is heard
                    word_file = out.with_name(out.stem + ".words.vtt")
                    write_word_vtt(words, staging.path(word_file))
                    subtitles.append(word_file)
            extras = write_extras(rplan, out, settings, staging.path)
            staging.publish()
        yield Progress("Done", 1.0, 1.0)
        bounds = [(sp.start, sp.end) for sp in rplan.scenes]
        return ExportResult(
            out,
            subtitles,
            rplan.frame_count / rplan.fps,
            rplan.frame_count,
            bounds,
            warnings,
            extras,
            reused,
            built,
        )
    finally:
        with contextlib.suppress(OSError):
            shutil.rmtree(work)


def encode_video_job(
    plan: RenderPlan,
    out: Path,
    wav: Future[Path],
    max_bytes: int | None,
    dedicated: bool,
    reuse_segments: bool,
) -> Job[tuple[int, int]]:
    """Encode the picture and the soundtrack (``wav``, perhaps still being mixed) to ``out``,
    under ``max_bytes`` if given: by segments through the cache (``reuse_segments``, which
    may still fall back to one pass under a tight size cap), else in one pass.
    (segments reused, segments built), both 0 for one pass."""
    from studio.render.encoder import encode_job

    if reuse_segments:
        from studio.render.incremental import segmented_encode_job
        from studio.render.segment_cache import SegmentCache

        try:
            cache = SegmentCache()
        except OSError:
            cache = None  # no cache folder to be had (read-only, full): encode in one pass
        if cache is not None:
            done = yield from segmented_encode_job(
                plan, out, wav, cache, dedicated=dedicated, max_bytes=max_bytes
            )
            return len(done.reused), len(done.built)
    yield from encode_job(plan, out, wav.result(), dedicated=dedicated, max_bytes=max_bytes)
    return 0, 0
