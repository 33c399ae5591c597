"""The timeline's time scale, without Qt: scene durations in, pixels out.

A scene's card is as wide as its duration at the current zoom (``px_per_s``), but never
narrower than ``MIN_CARD_W`` so a short scene can still be seen, picked and trimmed. Time maps
to x piecewise — linearly inside each scene's card — so the ruler, the waveforms and the
playhead line up with the cards even where a short scene was widened.

The durations are the export's (``studio.render.timeline.scene_duration`` on the frame grid,
beats included once a preview has planned them); see ``SceneTimes`` for what is used while the
preview is being built.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

import numpy as np

from studio.core.model import Project, Scene
from studio.render.timeline import MIN_SCENE, scene_duration

MIN_CARD_W = 44  # px: a scene never gets narrower than this, whatever the zoom
MIN_PX_PER_S = 2.0
MAX_PX_PER_S = 400.0
DEFAULT_PX_PER_S = 40.0
ZOOM_STEP = 1.25  # one Ctrl+= / Ctrl+- / wheel notch
LABEL_SPACING_PX = 64  # ruler labels at least this far apart
MINOR_SPACING_PX = 8  # minor ticks at least this far apart
MAX_TRIM = 120.0  # seconds: the longest a dragged edge makes a scene (the model's limit)
MIN_TRIM = MIN_SCENE  # the shortest: the render's own minimum scene length

# Label steps (seconds) and the minor ticks between labels for each.
_STEPS: tuple[tuple[float, float], ...] = (
    (1.0, 0.1),
    (2.0, 0.5),
    (5.0, 1.0),
    (10.0, 1.0),
    (15.0, 5.0),
    (30.0, 5.0),
    (60.0, 10.0),
    (120.0, 30.0),
    (300.0, 60.0),
    (600.0, 60.0),
)


@dataclass(frozen=True)
class TimeMap:
    """Where each scene sits in time (seconds) and on the strip (pixels from its left edge)."""

    starts: tuple[float, ...]
    durations: tuple[float, ...]
    lefts: tuple[int, ...]
    widths: tuple[int, ...]
    px_per_s: float

    @property
    def duration(self) -> float:
        return self.starts[-1] + self.durations[-1] if self.starts else 0.0

    @property
    def width(self) -> int:
        return self.lefts[-1] + self.widths[-1] if self.lefts else 0

    def x_at(self, t: float) -> float:
        """The x of time ``t``; past the end, time goes on at ``px_per_s``."""
        if not self.starts or t <= 0:
            return t * self.px_per_s
        if t >= self.duration:
            return self.width + (t - self.duration) * self.px_per_s
        i = bisect_right(self.starts, t) - 1
        d = self.durations[i]
        frac = (t - self.starts[i]) / d if d > 0 else 0.0
        return self.lefts[i] + frac * self.widths[i]

    def t_at(self, x: float) -> float:
        """The time at ``x`` (the inverse of ``x_at``)."""
        if not self.lefts or x <= 0:
            return x / self.px_per_s
        if x >= self.width:
            return self.duration + (x - self.width) / self.px_per_s
        i = bisect_right(self.lefts, x) - 1
        frac = (x - self.lefts[i]) / self.widths[i] if self.widths[i] else 0.0
        return self.starts[i] + frac * self.durations[i]

    def times_at(self, xs: np.ndarray) -> np.ndarray:
        """``t_at`` for many x at once (a lane's pixel columns)."""
        xs = np.asarray(xs, dtype=np.float64)
        if not self.lefts:
            return xs / self.px_per_s
        lefts = np.asarray(self.lefts, dtype=np.float64)
        i = np.clip(np.searchsorted(lefts, xs, side="right") - 1, 0, len(lefts) - 1)
        widths = np.asarray(self.widths, dtype=np.float64)[i]
        frac = np.divide(xs - lefts[i], widths, out=np.zeros_like(xs), where=widths > 0)
        t = np.asarray(self.starts)[i] + frac * np.asarray(self.durations)[i]
        t = np.where(xs <= 0, xs / self.px_per_s, t)
        return np.where(xs >= self.width, self.duration + (xs - self.width) / self.px_per_s, t)

    def scene_at(self, x: float) -> int | None:
        """The row of the scene whose card covers ``x``, or None."""
        if not self.lefts or x < 0 or x >= self.width:
            return None
        return bisect_right(self.lefts, x) - 1


def card_width(duration: float, px_per_s: float, min_width: int = MIN_CARD_W) -> int:
    return max(min_width, round(duration * px_per_s))


def time_map(durations: Sequence[float], px_per_s: float, min_width: int = MIN_CARD_W) -> TimeMap:
    starts: list[float] = []
    lefts: list[int] = []
    widths: list[int] = []
    t, x = 0.0, 0
    for d in durations:
        w = card_width(d, px_per_s, min_width)
        starts.append(t)
        lefts.append(x)
        widths.append(w)
        t += d
        x += w
    return TimeMap(tuple(starts), tuple(durations), tuple(lefts), tuple(widths), px_per_s)


def clamp_zoom(px_per_s: float) -> float:
    return min(MAX_PX_PER_S, max(MIN_PX_PER_S, px_per_s))


def fit_zoom(durations: Sequence[float], width: int, min_width: int = MIN_CARD_W) -> float:
    """The largest zoom at which every card fits in ``width`` pixels (the cards widened to
    ``min_width`` included); the smallest zoom if even that is too wide."""
    if not durations or width <= 0:
        return DEFAULT_PX_PER_S

    def total(pps: float) -> int:
        return sum(card_width(d, pps, min_width) for d in durations)

    lo, hi = MIN_PX_PER_S, MAX_PX_PER_S
    if total(hi) <= width:
        return hi
    if total(lo) > width:
        return lo
    for _ in range(40):
        mid = (lo + hi) / 2
        if total(mid) <= width:
            lo = mid
        else:
            hi = mid
    return lo


def scroll_keeping(old: TimeMap, new: TimeMap, scroll: float, anchor_x: float) -> float:
    """The scroll offset that keeps the time under ``anchor_x`` (viewport pixels) where it is
    after the zoom changed from ``old`` to ``new``."""
    t = old.t_at(scroll + anchor_x)
    return max(0.0, new.x_at(t) - anchor_x)


def tick_steps(px_per_s: float) -> tuple[float, float]:
    """(label step, minor step) in seconds for ``px_per_s``: labels at least
    ``LABEL_SPACING_PX`` apart, minor ticks at least ``MINOR_SPACING_PX`` apart."""
    for major, minor in _STEPS:
        if major * px_per_s >= LABEL_SPACING_PX:
            while minor * px_per_s < MINOR_SPACING_PX and minor < major:
                minor = next(
                    (m for m in (0.25, 0.5, 1.0, 5.0, 10.0, 30.0, 60.0) if m > minor), major
                )
            return major, minor
    return _STEPS[-1]


def ticks(t0: float, t1: float, px_per_s: float) -> list[tuple[float, bool]]:
    """Tick times in [t0, t1] and whether each carries a label."""
    major, minor = tick_steps(px_per_s)
    per = max(1, round(major / minor))
    first = max(0, math.floor(t0 / minor))
    out: list[tuple[float, bool]] = []
    k = first
    while (t := k * minor) <= t1:
        out.append((t, k % per == 0))
        k += 1
    return out


def clock(t: float) -> str:
    """A ruler label: 0:05, 1:30, 12:00."""
    s = round(max(0.0, t))
    return f"{s // 60}:{s % 60:02d}"


def seconds(d: float) -> str:
    """A duration on a card: 4.2 s."""
    return f"{d:.1f} s"


def trim_duration(width_px: float, px_per_s: float) -> float:
    """The duration a card dragged to ``width_px`` asks for: tenths of a second, within the
    limits a dragged edge allows."""
    d = round(width_px / px_per_s, 1)
    return min(MAX_TRIM, max(MIN_TRIM, d))


# ------------------------------------------------------------------ durations


class Spoken(NamedTuple):
    """A voice line's length as the render sees it (studio.render.timeline.Spoken)."""

    duration: float
    empty: bool = False


Source = Literal["plan", "fixed", "voice", "estimate", "trim"]


def voice_key(scene: Scene, project: Project) -> tuple[object, ...]:
    """What a scene's voice take depends on: the same key, the same take."""
    v = project.voice
    return (
        scene.voice_line,
        scene.voice_speed or v.speed,
        scene.expressiveness,
        scene.take,
        v.voice,
    )


def timing_key(scene: Scene, project: Project) -> tuple[object, ...]:
    """What a scene's duration depends on."""
    return (
        scene.kind,
        scene.duration,
        scene.caption,
        scene.pause_before,
        scene.pause_after,
        *voice_key(scene, project),
    )


def plan_key(project: Project) -> tuple[object, ...]:
    """What moves cuts of unchanged scenes: the frame rate and beat snapping (the music, and the
    order of the scenes, whose cuts move onto beats)."""
    m = project.music
    snapping = m.snap_to_beats and m.source != "none"
    order = tuple(s.id for s in project.timeline.scenes) if snapping else ()
    return (project.export.fps, snapping, m.source, m.mood, m.seed, m.path, order)


class SceneTimes:
    """Each scene's duration as the export will use it, as far as it is known now.

    In order of preference: the duration the last preview planned for the scene (exact, beats
    included) while nothing it depends on changed; a fixed duration; the automatic duration from
    the length of the scene's voice take once it is known; otherwise the automatic duration
    without the voice (reading time), an estimate. A trim in progress overrides all of them.
    """

    def __init__(self, project: Project) -> None:
        self._project = project
        self._planned: dict[str, tuple[tuple[object, ...], float]] = {}
        self._plan_key: tuple[object, ...] | None = None
        self._voices: dict[str, tuple[tuple[object, ...], Spoken]] = {}
        self.trims: dict[str, float] = {}  # scene id -> duration shown while its edge is dragged

    def adopt_plan(self, scene_ids: Sequence[str], durations: Sequence[float]) -> None:
        """Take a preview's durations; call it only when the preview shows the project as it
        is now (the player is idle)."""
        by_id = {s.id: s for s in self._project.timeline.scenes}
        self._planned = {
            sid: (timing_key(by_id[sid], self._project), float(d))
            for sid, d in zip(scene_ids, durations, strict=True)
            if sid in by_id
        }
        self._plan_key = plan_key(self._project)

    def learn_voice(self, scene_id: str, key: tuple[object, ...], spoken: Spoken) -> None:
        self._voices[scene_id] = (key, spoken)

    def voice(self, scene: Scene) -> Spoken | None:
        """The known length of the scene's voice take, if it still speaks the scene's line."""
        known = self._voices.get(scene.id)
        if known is not None and known[0] == voice_key(scene, self._project):
            return known[1]
        return None

    def _on_grid(self, d: float) -> float:
        fps = self._project.export.fps
        return max(1, round(d * fps)) / fps

    def duration(self, scene: Scene) -> tuple[float, Source]:
        if scene.id in self.trims:
            return self.trims[scene.id], "trim"
        planned = self._planned.get(scene.id)
        if (
            planned is not None
            and self._plan_key == plan_key(self._project)
            and planned[0] == timing_key(scene, self._project)
        ):
            return planned[1], "plan"
        if scene.duration is not None:
            return self._on_grid(scene.duration), "fixed"
        spoken = self.voice(scene)
        if spoken is not None or not scene.voice_line.strip():
            return self._on_grid(scene_duration(scene, spoken)), "voice"
        return self._on_grid(scene_duration(scene, None)), "estimate"

    def durations(self) -> list[tuple[float, Source]]:
        return [self.duration(s) for s in self._project.timeline.scenes]
