"""A video cut into segments that can be encoded apart and joined without re-encoding.

Every frame belongs to exactly one segment: the frames that show one scene alone form that
scene's segment, and the frames of a crossfade (where two scenes are blended) form a segment
of their own. Frames are classified one by one the way ``FrameRenderer`` composes them, so a
crossfade that starts or ends between two frames (0.25 s is 7.5 frames at 30 fps) is split
on whole frames, and the segments together hold exactly the frames of a full render.

Each segment is named by a content key: a hash of everything its pixels depend on. The keys
are built generically (a canonical JSON of the dataclasses, see ``canonical``), so a field
added to ScenePlan or Theme later is covered without touching this module. Times inside a
scene are taken relative to the segment's own origin, so a scene that only moved in time (an
earlier scene got longer) keeps its key and is reused.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from studio.core.cache import file_hash
from studio.render.frame import _transition_halves
from studio.render.plan import RenderPlan
from studio.render.templates import plan_context

# Raised by hand when what a segment key means changes (not for renderer changes, which the
# source fingerprint below catches); it also stands in for that fingerprint in a frozen app.
SEGMENT_FORMAT = 2
# Fields that hold absolute times in the plan (ScenePlan.start, Cue and WordCue start/end):
# they enter a key relative to the segment's origin.
TIME_FIELDS = frozenset({"start", "end"})
# RenderPlan fields that do not reach the pixels of any frame: the subtitle cues are written
# beside the video, and the scenes enter each key one by one.
NOT_PIXELS = frozenset({"scenes", "cues"})
# Decimal places kept of every float in a key: 1 microsecond, far below a frame, and enough
# to absorb the rounding of sums of durations.
FLOAT_PLACES = 6


@dataclass(frozen=True)
class Segment:
    """Frames ``first``..``stop - 1`` of the video, which show ``scenes`` (one scene, or the
    two of a crossfade)."""

    scenes: tuple[int, ...]
    first: int
    stop: int
    key: str

    @property
    def frames(self) -> int:
        return self.stop - self.first

    @property
    def kind(self) -> str:
        return "fade" if len(self.scenes) > 1 else "scene"


def plan_segments(plan: RenderPlan, encoding: list[str]) -> list[Segment]:
    """The segments of ``plan`` in order, each keyed for an encoding by ``encoding`` (the
    encoder's arguments: a change there changes every key)."""
    owners = frame_owners(plan)
    common = {
        "format": SEGMENT_FORMAT,
        "renderer": renderer_fingerprint(),
        "encoding": encoding,
        "plan": {
            f.name: canonical(getattr(plan, f.name))
            for f in dataclasses.fields(plan)
            if f.name not in NOT_PIXELS
        },
    }
    halves = _transition_halves(plan.scenes)
    segments: list[Segment] = []
    first = 0
    for n in range(1, len(owners) + 1):
        if n < len(owners) and owners[n] == owners[first]:
            continue
        scenes = owners[first]
        origin = plan.scenes[scenes[-1]].start  # a crossfade's middle, or the scene's start
        context = {
            "scenes": [_scene_context(plan, halves, i, origin) for i in scenes],
            "phase": canonical(first - origin * plan.fps),  # frames from the origin
            "frames": n - first,
        }
        segments.append(Segment(scenes, first, n, _digest({**common, **context})))
        first = n
    return segments


def frame_owners(plan: RenderPlan) -> list[tuple[int, ...]]:
    """For each frame, the scenes it shows: ``(i,)``, or ``(i, i + 1)`` in a crossfade.
    Mirrors ``FrameRenderer._compose``, including its clamping and half-crossfades."""
    scenes = plan.scenes
    halves = _transition_halves(scenes)
    owners: list[tuple[int, ...]] = []
    for n in range(plan.frame_count):
        t = min(max(n / plan.fps, 0.0), plan.duration)
        i = plan.scene_at(t)
        s = scenes[i]
        h_in = halves[i]
        h_out = halves[i + 1] if i + 1 < len(scenes) else 0.0
        if i > 0 and h_in > 0 and t < s.start + h_in:
            owners.append((i - 1, i))
        elif h_out > 0 and t >= s.end - h_out:
            owners.append((i, i + 1))
        else:
            owners.append((i,))
    return owners


def _scene_context(plan: RenderPlan, halves: list[float], i: int, origin: float) -> dict[str, Any]:
    """What a scene brings to a segment's pixels besides its plan: its place (the first card
    has no fade-in, the last keeps its caption; templates may alternate by index), how far
    its neighbours' crossfades reach into it (its motion spans the time it is visible), and
    what its template draws from other scenes (``templates.plan_context``)."""
    last = len(plan.scenes) - 1
    return {
        "index": i,
        "last": i == last,
        "half_in": canonical(halves[i]),
        "half_out": canonical(halves[i + 1] if i < last else 0.0),
        "plan": canonical(plan.scenes[i], origin),
        "borrowed": canonical(plan_context(plan, i)),
    }


def canonical(value: Any, origin: float = 0.0) -> Any:
    """``value`` as JSON-able data that is equal exactly when the pictures it makes are: the
    fields of dataclasses by name, files by the hash of their bytes (a photo edited in place
    is a new photo), floats rounded, and absolute times (``TIME_FIELDS``) less ``origin``."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {"@": type(value).__name__}
        for f in dataclasses.fields(value):
            v = getattr(value, f.name)
            if f.name in TIME_FIELDS and isinstance(v, int | float) and not isinstance(v, bool):
                v = v - origin
            out[f.name] = canonical(v, origin)
        return out
    if isinstance(value, bool | int | str) or value is None:
        return value
    if isinstance(value, float):
        return round(value, FLOAT_PLACES) + 0.0  # + 0.0 turns -0.0 into 0.0
    if isinstance(value, Path):
        try:
            return {"file": file_hash(value)}
        except OSError:
            return {"missing": str(value)}
    if isinstance(value, list | tuple):
        return [canonical(v, origin) for v in value]
    if isinstance(value, dict):
        return {str(k): canonical(v, origin) for k, v in sorted(value.items(), key=str)}
    if isinstance(value, enum.Enum):
        return canonical(value.value, origin)
    if isinstance(value, np.ndarray):
        return {"array": hashlib.sha256(np.ascontiguousarray(value).tobytes()).hexdigest()}
    return {"repr": repr(value)}


@functools.cache
def renderer_fingerprint() -> str:
    """A hash of the source of the packages that draw a frame (render, media, core): a change
    to how frames are drawn must not reuse segments drawn the old way. A frozen app without
    sources falls back to SEGMENT_FORMAT and the app's version."""
    import studio

    root = Path(studio.__file__).parent
    h = hashlib.sha256(f"{SEGMENT_FORMAT}:{getattr(studio, '__version__', '')}".encode())
    for package in ("core", "media", "render"):
        for path in sorted((root / package).glob("*.py")):
            h.update(os.fsencode(path.name))
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def _digest(doc: dict[str, Any]) -> str:
    blob = json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:32]
