"""The timeline as a render plan: how long each scene lasts, where its cuts, captions and voice
fall, all on the frame grid, so cues, cuts and audio agree exactly.

This is the step between the edited Timeline and the renderer. It needs only how long each
scene's voice line lasts (any object with ``duration`` and ``empty``, such as a VoiceTake) and,
when cuts snap to the music, a function that moves cut times onto beats: the voice and music
packages stay out of the renderer.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping, Sequence
from typing import Protocol, TypeVar

from studio.core.errors import StudioError
from studio.core.model import ExportSettings, Project, Scene
from studio.core.quotes import split_quote
from studio.render.plan import CaptionSpec, Cue, RenderPlan, ScenePlan, WordCue

LEAD_IN = 0.35  # seconds of picture before the voice starts in each scene
BREATH = 0.55  # pause after the voice before the next scene's cut
CROSSFADE = 0.5
CROSSFADES = {"experience": 0.8}  # a template's own pace: the experience dissolves slowly
MIN_SCENE = 2.0
TITLE_MIN = 3.0
CLOSING_TAIL = 1.6  # the closing card holds after its line while the music ends


class Spoken(Protocol):
    """A voice line as the timeline sees it (studio.voice.takes.VoiceTake is one)."""

    @property
    def duration(self) -> float: ...

    @property
    def empty(self) -> bool: ...


S = TypeVar("S", bound=Spoken)
SnapCuts = Callable[[list[float]], Sequence[float]]


def reading_time(text: str) -> float:
    """Seconds a viewer needs to read a caption that nobody speaks."""
    wide = sum(1 for ch in text if unicodedata.east_asian_width(ch) in "WF")
    words = len(text.split()) - wide // 2
    return max(MIN_SCENE, 0.8 + wide / 6.0 + max(words, 0) / 3.2)


def scene_duration(scene: Scene, take: Spoken | None) -> float:
    if scene.duration is not None:
        return float(scene.duration)
    spoken = take.duration if take is not None and not take.empty else 0.0
    d = (
        LEAD_IN + scene.pause_before + spoken + BREATH + scene.pause_after
        if spoken
        else reading_time(scene.caption) + scene.pause_before + scene.pause_after
    )
    if scene.kind == "title":
        d = max(d, TITLE_MIN)
    if scene.kind == "cta":
        d += CLOSING_TAIL
    return max(d, MIN_SCENE)


def caption_for(scene: Scene, project: Project) -> CaptionSpec | None:
    text = scene.caption.strip()
    if scene.kind == "title":
        return CaptionSpec(
            text or project.product.title,
            "title",
            project.product.price.strip(),
            project.product.tagline.strip(),
        )
    if scene.kind == "cta":
        # The closing card names the brand. A product with neither a brand nor a logo names
        # itself (as its title card does), so the video does not end on a lone button.
        from studio.render.brand_theme import usable_logo_path

        brand = project.product.brand.strip()
        name = ""
        # (a logo that cannot be drawn is left out of the video: it names nothing)
        if not brand and usable_logo_path(project) is None:
            title = next((s for s in project.timeline.scenes if s.kind == "title"), None)
            name = (title.caption.strip() if title else "") or project.product.title.strip()
        return CaptionSpec(text or project.product.call_to_action, "cta", brand, name)
    if scene.kind == "quote":
        return CaptionSpec(text, "quote", split_quote(scene.source_text)[1]) if text else None
    return CaptionSpec(text, "bullet") if text else None


def cue_text(c: CaptionSpec) -> str:
    if c.style == "title":
        line = f"{c.text} — {c.sub}" if c.sub else c.text
        return f"{c.kicker} {line}" if c.kicker else line
    if c.style == "quote":
        return f"“{c.text}”" + (f" — {c.sub}" if c.sub else "")
    return c.text


def caption_pages(
    text: str, start: float, end: float, speech: tuple[float, float] | None
) -> tuple[Cue, ...]:
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


def word_cues(take: object, at: float, until: float) -> tuple[WordCue, ...]:
    """A take's written words as cues, for a voice that starts at ``at`` in a scene that ends
    at ``until``; a take without word timings (``written_words``, as VoiceTake has) gives none."""
    written = getattr(take, "written_words", None)
    if written is None:
        return ()
    cues = (WordCue(at + start, min(at + end, until), text) for start, end, text in written())
    return tuple(c for c in cues if c.end > c.start)


def resolve_render_plan(
    project: Project,
    takes: Mapping[str, S],
    settings: ExportSettings | None = None,
    snap_cuts: SnapCuts | None = None,
) -> tuple[RenderPlan, list[tuple[float, S]]]:
    """Freeze the timeline into a RenderPlan plus each voice line's start time. ``snap_cuts``
    moves the cut times (seconds, first 0, last the end) onto the music's beats."""
    from studio.render.brand_theme import theme_for, usable_logo_path

    settings = settings or project.export
    width, height = settings.frame_size()
    fps = int(settings.fps)
    if not project.timeline.scenes:
        raise StudioError("the timeline has no scenes: add bullets and images first")
    # Every boundary sits on the frame grid so cues, cuts and audio agree exactly.
    bounds = [0.0]
    for s in project.timeline.scenes:
        bounds.append(bounds[-1] + max(1, round(scene_duration(s, takes.get(s.id)) * fps)) / fps)
    if snap_cuts is not None:
        bounds = [round(b * fps) / fps for b in snap_cuts(bounds)]

    scenes: list[ScenePlan] = []
    cues: list[Cue] = []
    clips: list[tuple[float, S]] = []
    logo = usable_logo_path(project)
    for i, s in enumerate(project.timeline.scenes):
        take = takes.get(s.id)
        t, dur = bounds[i], bounds[i + 1] - bounds[i]
        caption = caption_for(s, project)
        fade = CROSSFADES.get(project.look.template, CROSSFADE)
        trans = fade if (i > 0 and s.transition == "crossfade") else 0.0
        spoken = take if take is not None and not take.empty else None
        voice_at = t + LEAD_IN + s.pause_before
        pages: tuple[Cue, ...] = ()
        if caption is not None and caption.style == "bullet":
            speech = (
                (voice_at, min(voice_at + spoken.duration, t + dur)) if spoken is not None else None
            )
            pages = caption_pages(caption.text, t, t + dur, speech)
        scenes.append(
            ScenePlan(
                start=t,
                duration=dur,
                image=project.image_path(s.image) if s.image else None,
                caption=caption,
                focus=s.focus,
                motion=s.motion,
                motion_style=s.motion_style,
                transition_in=min(trans, dur / 2),
                logo=logo if s.kind == "cta" else None,
                seed=i,
                caption_pages=pages,
                words=word_cues(spoken, voice_at, t + dur),
            )
        )
        if pages:
            cues.extend(pages)
        elif caption is not None and caption.text:
            cues.append(Cue(t, t + dur, cue_text(caption)))
        if spoken is not None:
            clips.append((voice_at, spoken))
    plan = RenderPlan(
        width, height, fps, tuple(scenes), theme_for(project), settings.burn_captions, tuple(cues)
    )
    return plan, clips
