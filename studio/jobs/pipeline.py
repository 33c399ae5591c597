"""The whole product-video pipeline as composable, cancellable jobs.

Product -> plan (analysis) -> Timeline -> voice takes -> RenderPlan -> audio mix -> encode.
The CLI, the desktop studio and batch runs drive exactly these generators.
"""
from __future__ import annotations

import contextlib
import shutil
import unicodedata
from collections.abc import Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from studio.core.errors import StudioError
from studio.core.fsutil import Staging, make_work_dir, sweep_stale
from studio.core.model import ExportSettings, Project, Scene
from studio.core.progress import Job, Progress, weighted
from studio.core.project_io import snapshot
from studio.core.storyboard import ImageChoice, apply_plan, locked_choices
from studio.render.plan import CaptionSpec, Cue, RenderPlan, ScenePlan

if TYPE_CHECKING:
    from studio.analysis.matcher import Plan
    from studio.voice.takes import VoiceTake

LEAD_IN = 0.35  # seconds of picture before the voice starts in each scene
BREATH = 0.55  # pause after the voice before the next scene's cut
CROSSFADE = 0.5
MIN_SCENE = 2.0
TITLE_MIN = 3.0
CLOSING_TAIL = 1.6  # the closing card holds after its line while the music ends
AUDIO_RATE = 48000
# The soundtrack is mixed in memory (about 1.6 MB a second of video): the longest export keeps
# that, and the whole export, well under 1.5 GB. Platforms take 15 s to 3 min.
MAX_VIDEO_SECONDS = 600


@dataclass
class ExportResult:
    video: Path
    subtitles: list[Path]
    duration: float
    frames: int
    scenes: list[tuple[float, float]] = field(default_factory=list)  # (start, end) seconds
    warnings: list[str] = field(default_factory=list)


# ------------------------------------------------------------------ planning


def plan_project_job(project: Project, everything: bool = False) -> Generator[Progress, None, Plan]:
    """Match bullets to images and lay out the timeline from the plan, keeping what the seller
    decided (see core.storyboard); ``everything`` re-plans all but locked scenes."""
    from studio.analysis.matcher import plan_job

    plan = yield from plan_job(project, locked=locked_choices(project, everything))
    choices = [
        ImageChoice(m.bullet, m.image, m.confidence, tuple(m.reasons), m.focus, m.shown) for m in plan.matches
    ]
    apply_plan(project, choices, plan.hero, plan.order, everything)
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
            chosen[s.id] = take  # the user's pick among this line's takes
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


def reading_time(text: str) -> float:
    """Seconds a viewer needs to read a caption that nobody speaks."""
    wide = sum(1 for ch in text if unicodedata.east_asian_width(ch) in "WF")
    words = len(text.split()) - wide // 2
    return max(MIN_SCENE, 0.8 + wide / 6.0 + max(words, 0) / 3.2)


def scene_duration(scene: Scene, take: VoiceTake | None) -> float:
    if scene.duration is not None:
        return float(scene.duration)
    spoken = take.duration if take is not None and not take.empty else 0.0
    d = (LEAD_IN + scene.pause_before + spoken + BREATH + scene.pause_after
         if spoken else reading_time(scene.caption) + scene.pause_before + scene.pause_after)
    if scene.kind == "title":
        d = max(d, TITLE_MIN)
    if scene.kind == "cta":
        d += CLOSING_TAIL
    return max(d, MIN_SCENE)


def caption_for(scene: Scene, project: Project) -> CaptionSpec | None:
    text = scene.caption.strip()
    if scene.kind == "title":
        return CaptionSpec(text or project.product.title, "title", project.product.price.strip())
    if scene.kind == "cta":
        return CaptionSpec(text or project.product.call_to_action, "cta", project.product.brand.strip())
    return CaptionSpec(text, "bullet") if text else None


def cue_text(c: CaptionSpec) -> str:
    if c.style == "title" and c.sub:
        return f"{c.text} — {c.sub}"
    return c.text


def caption_pages(text: str, start: float, end: float, speech: tuple[float, float] | None) -> tuple[Cue, ...]:
    """A caption too long for one screen, as the subtitle pages (two short lines each) timed
    across the scene: page changes follow the voice in proportion to the text it reads."""
    from studio.render.subtitles import cue_blocks

    blocks = [" ".join(b) for b in cue_blocks(text)]
    if len(blocks) <= 1:
        return ()
    a, b = speech if speech else (start, end)
    weights = [max(len(x), 1) for x in blocks]
    total = sum(weights)
    cuts = [start]
    acc = 0
    for w in weights[:-1]:
        acc += w
        cuts.append(a + (b - a) * acc / total)
    cuts.append(end)
    return tuple(Cue(cuts[k], cuts[k + 1], blocks[k]) for k in range(len(blocks)))


def resolve_render_plan(
    project: Project, takes: dict[str, VoiceTake], settings: ExportSettings | None = None
) -> tuple[RenderPlan, list[tuple[float, VoiceTake]]]:
    """Freeze the timeline into a RenderPlan plus the voice clips' start times."""
    from studio.render.fonts import default_theme

    settings = settings or project.export
    width, height = settings.frame_size()
    fps = int(settings.fps)
    if not project.timeline.scenes:
        raise StudioError("the timeline has no scenes: add bullets and images first")
    # Every boundary sits on the frame grid so cues, cuts and audio agree exactly.
    bounds = [0.0]
    for s in project.timeline.scenes:
        bounds.append(bounds[-1] + max(1, round(scene_duration(s, takes.get(s.id)) * fps)) / fps)
    if project.music.snap_to_beats and project.music.source != "none":
        from studio.music.beats import snap_to_beats

        snapped = snap_to_beats(bounds, beat_times(project, bounds[-1]))
        bounds = [round(b * fps) / fps for b in snapped]

    scenes: list[ScenePlan] = []
    cues: list[Cue] = []
    clips: list[tuple[float, VoiceTake]] = []
    logo = project.image_path(project.product.logo) if project.product.logo else None
    for i, s in enumerate(project.timeline.scenes):
        take = takes.get(s.id)
        t, dur = bounds[i], bounds[i + 1] - bounds[i]
        caption = caption_for(s, project)
        trans = CROSSFADE if (i > 0 and s.transition == "crossfade") else 0.0
        speaks = take is not None and not take.empty
        voice_at = t + LEAD_IN + s.pause_before
        pages: tuple[Cue, ...] = ()
        if caption is not None and caption.style == "bullet":
            speech = (voice_at, min(voice_at + take.duration, t + dur)) if speaks else None
            pages = caption_pages(caption.text, t, t + dur, speech)
        scenes.append(
            ScenePlan(
                start=t, duration=dur,
                image=project.image_path(s.image) if s.image else None,
                caption=caption, focus=s.focus, motion=s.motion,
                transition_in=min(trans, dur / 2),
                logo=logo if s.kind == "cta" else None,
                seed=i,
                caption_pages=pages,
            )
        )
        if pages:
            cues.extend(pages)
        elif caption is not None and caption.text:
            cues.append(Cue(t, t + dur, cue_text(caption)))
        if speaks:
            clips.append((voice_at, take))
    plan = RenderPlan(width, height, fps, tuple(scenes), default_theme(), settings.burn_captions, tuple(cues))
    return plan, clips


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


def resolve_mood(project: Project) -> str:
    """The bed's mood; "auto" picks the mood whose description best matches the product."""
    mood = project.music.mood
    if mood not in ("", "auto"):
        return mood
    from studio.music.infer import infer_mood

    return infer_mood([project.product.title, *project.product.bullets])[0]


def beat_times(project: Project, duration: float) -> list[float]:
    """Beat times (seconds) of the music the video will use, for snapping cuts."""
    if project.music.source == "generated":
        from studio.music.generate import bed_beats

        return [float(b) for b in bed_beats(resolve_mood(project), duration)]
    if project.music.source == "file" and project.music.path:
        from studio.music.beats import beat_grid
        from studio.music.tracks import decode_audio

        grid = beat_grid(decode_audio(project.image_path(project.music.path), AUDIO_RATE), AUDIO_RATE)
        if not len(grid.beats):
            return []
        # the track is looped in whole bars, so its grid continues through the loop
        return [float(b) for b in np.arange(float(grid.beats[0]), duration, grid.period)]
    return []


def mix_audio(project: Project, plan: RenderPlan, clips: list[tuple[float, VoiceTake]], out_wav: Path) -> Path:
    """``mix_samples`` written to ``out_wav`` (for the encoder)."""
    from studio.music.mix import write_wav

    write_wav(out_wav, mix_samples(project, plan, clips), AUDIO_RATE)
    return out_wav


def mix_samples(project: Project, plan: RenderPlan, clips: list[tuple[float, VoiceTake]]) -> np.ndarray:
    """Voice clips over the music bed, ducked and loudness-normalised, exactly plan.duration
    long: stereo float samples at AUDIO_RATE (what export encodes and the preview plays)."""
    from studio.music.generate import cached_bed
    from studio.music.mix import mix
    from studio.voice.takes import load_take_audio

    duration = plan.frame_count / plan.fps
    voice: list[tuple[float, Any, int]] = []
    ends = [s.end for s in plan.scenes]
    for start, take in clips:
        samples, sr = load_take_audio(take)
        # A fixed-length scene may be shorter than its line: stop the voice at the scene's end.
        scene_end = next((e for e in ends if e > start), duration)
        limit = max(0, int((scene_end - start) * sr))
        voice.append((start, samples[:limit], sr))
    music = None
    if project.music.source == "generated":
        music = cached_bed(resolve_mood(project), project.music.seed, duration, sr=AUDIO_RATE)
    elif project.music.source == "file" and project.music.path:
        from studio.music.tracks import load_track

        music = load_track(project.image_path(project.music.path), duration, sr=AUDIO_RATE)
    return mix(voice, music, duration, sr=AUDIO_RATE, music_db=project.music.volume_db, duck_db=project.music.duck_db)


# ------------------------------------------------------------------ export


def export_job(
    project: Project, out: Path, settings: ExportSettings | None = None
) -> Job[ExportResult]:
    """Plan (if needed), voice, mix and encode ``project`` to ``out`` with subtitles beside it.

    Works on a snapshot taken now, on the caller's thread, so the caller may keep editing while
    the job runs elsewhere. Nothing is left at ``out`` unless the whole export succeeds.
    """
    return _export(snapshot(project), out, settings)


def _export(snap: Project, out: Path, settings: ExportSettings | None) -> Job[ExportResult]:
    from studio.render.encoder import encode_job
    from studio.render.subtitles import write_srt, write_vtt

    settings = settings or snap.export
    out = Path(out).expanduser().absolute()
    if out.suffix.lower() != ".mp4":
        raise StudioError(f"{out.name}: the output must be an .mp4 file")
    if not out.parent.is_dir():
        raise StudioError(f"cannot write {out.name}: folder {out.parent} does not exist")
    warnings: list[str] = []

    if not snap.timeline.scenes:
        plan = yield from weighted(plan_project_job(snap), 0.0, 0.15, "Planning")
        warnings.extend(f"skipped {name}: {why}" for name, why in getattr(plan, "skipped", []))
    takes = yield from weighted(voice_job(snap), 0.15, 0.15, "Voicing")
    for s in snap.timeline.scenes:
        take = takes.get(s.id)
        if s.voice_line.strip() and (take is None or take.empty):
            warnings.append(f"scene {s.caption[:40]!r}: nothing the voice can speak; shown for reading time")
    rplan, clips = resolve_render_plan(snap, takes, settings)
    check_length(rplan)
    if settings.burn_captions:
        warnings.extend(caption_warnings(rplan))

    sweep_stale([out.parent])  # what a killed export left here before
    work = make_work_dir()
    try:
        with Staging() as staging:
            # The video and its subtitles are written under temporary names and appear
            # together at the end, or not at all.
            yield Progress("Mixing audio", 0.31, 1.0)
            wav = mix_audio(snap, rplan, clips, work / "mix.wav")
            staged_video = staging.path(out)
            yield from weighted(encode_job(rplan, staged_video, wav), 0.32, 0.67, "Rendering video")
            subtitles: list[Path] = []
            if settings.srt:
                write_srt(rplan.cues, staging.path(out.with_suffix(".srt")))
                subtitles.append(out.with_suffix(".srt"))
            if settings.vtt:
                write_vtt(rplan.cues, staging.path(out.with_suffix(".vtt")))
                subtitles.append(out.with_suffix(".vtt"))
            staging.publish()
        yield Progress("Done", 1.0, 1.0)
        bounds = [(sp.start, sp.end) for sp in rplan.scenes]
        return ExportResult(out, subtitles, rplan.frame_count / rplan.fps, rplan.frame_count, bounds, warnings)
    finally:
        with contextlib.suppress(OSError):
            shutil.rmtree(work)
