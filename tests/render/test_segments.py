"""Incremental export: the video cut into segments on the frame grid, each keyed by what it
shows, so a change re-encodes exactly the scenes (and crossfades) it touches; checked on real
encodes against a full render."""

from __future__ import annotations

import dataclasses
import json
import pickle
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

from studio.core.errors import StudioError
from studio.core.geometry import Rect
from studio.core.model import Motion
from studio.core.progress import run_job
from studio.media.ffmpeg import count_frames, ffmpeg_exe, stream_duration
from studio.render.encoder import VBV_SECONDS, capped_rates, encode_job
from studio.render.incremental import segment_keys, segmented_encode_job
from studio.render.plan import CaptionSpec, RenderPlan, ScenePlan
from studio.render.segment_cache import SegmentCache
from studio.render.segments import frame_owners, plan_segments

from .conftest import FPS, H, W, make_plan, silent_wav, textured_image

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]


def _plan(tmp_path: Path) -> RenderPlan:
    """Three 1 s scenes with 0.5 s crossfades: 15 fade frames each, split 7.5/7.5 around a cut
    on the frame grid, so the fades must be cut between whole frames."""
    a = textured_image(tmp_path / "a.jpg", 1)
    b = textured_image(tmp_path / "b.jpg", 2, size=(200, 260))
    return make_plan(
        [
            ScenePlan(0.0, 1.0, a, CaptionSpec("Trail Jacket", "title", "$89"), seed=0),
            ScenePlan(1.0, 1.0, b, CaptionSpec("Waterproof"), transition_in=0.5, seed=1),
            ScenePlan(
                2.0, 1.0, None, CaptionSpec("Shop now", "cta", "Acme"), transition_in=0.5, seed=2
            ),
        ]
    )


def _with_scene(plan: RenderPlan, i: int, **changes: object) -> RenderPlan:
    scenes = list(plan.scenes)
    scenes[i] = dataclasses.replace(scenes[i], **changes)
    return dataclasses.replace(plan, scenes=tuple(scenes))


def _retimed(plan: RenderPlan) -> RenderPlan:
    """Scene starts recomputed from the durations, as the timeline does."""
    t, scenes = 0.0, []
    for s in plan.scenes:
        scenes.append(dataclasses.replace(s, start=t))
        t += s.duration
    return dataclasses.replace(plan, scenes=tuple(scenes))


def _export(plan: RenderPlan, out: Path, cache: SegmentCache, wav: Path | None = None):
    return run_job(segmented_encode_job(plan, out, wav, cache))


def _kinds(segments) -> list[tuple[str, tuple[int, ...]]]:
    return sorted((s.kind, s.scenes) for s in segments)


def _luma(path: Path) -> np.ndarray:
    raw = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-i", str(path), "-f", "rawvideo", "-pix_fmt", "gray", "-"],
        capture_output=True,
        check=True,
    ).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, H, W).astype(np.float64)


def _psnr(a: np.ndarray, b: np.ndarray) -> float:
    mse = float(np.mean((a - b) ** 2))
    return 99.0 if mse == 0 else 10 * np.log10(255.0**2 / mse)


# ---------------------------------------------------------------- cutting on the frame grid


def test_segments_cover_every_frame_once_and_cut_fades_on_whole_frames(tmp_path):
    plan = _plan(tmp_path)
    segs = segment_keys(plan)
    assert [(s.kind, s.scenes, s.first, s.stop) for s in segs] == [
        ("scene", (0,), 0, 23),
        ("fade", (0, 1), 23, 38),  # t = 23/30 .. 37/30: inside 1.0 -/+ 0.25 s
        ("scene", (1,), 38, 53),
        ("fade", (1, 2), 53, 68),
        ("scene", (2,), 68, 90),
    ]
    assert sum(s.frames for s in segs) == plan.frame_count
    owners = frame_owners(plan)
    for s in segs:
        assert {owners[n] for n in range(s.first, s.stop)} == {s.scenes}


def test_keys_follow_content_not_position(tmp_path):
    plan = _plan(tmp_path)
    keys = [s.key for s in segment_keys(plan)]
    assert len(set(keys)) == len(keys)
    # the same photo copied elsewhere is the same picture
    copy = tmp_path / "copy.jpg"
    copy.write_bytes(plan.scenes[0].image.read_bytes())
    assert [s.key for s in segment_keys(_with_scene(plan, 0, image=copy))] == keys
    # other encoder settings or another frame size: every segment is new
    assert not set(keys) & {s.key for s in segment_keys(plan, crf=23)}
    assert not set(keys) & {s.key for s in segment_keys(dataclasses.replace(plan, width=640))}
    # subtitles are not pixels
    assert [s.key for s in segment_keys(dataclasses.replace(plan, cues=()))] == keys


def _templated(plan: RenderPlan, template: str) -> RenderPlan:
    return dataclasses.replace(plan, theme=dataclasses.replace(plan.theme, template=template))


def test_what_a_template_draws_from_other_scenes_is_part_of_their_keys(tmp_path):
    """The comparison's title card shows every scene's photo and its closing card every
    bullet's spec; the explainer numbers its steps "n of m". Another scene changing must
    redraw them (a title card once kept photos a re-plan had replaced)."""
    plan = _plan(tmp_path)
    other = textured_image(tmp_path / "c.jpg", 3)
    compared = _templated(plan, "comparison")
    before = segment_keys(compared)
    swapped = segment_keys(_with_scene(compared, 1, image=other))
    assert before[0].key != swapped[0].key  # the title card, through the bullet's photo

    spec = _with_scene(compared, 1, caption=CaptionSpec("Holds 20000mAh"))
    assert segment_keys(spec)[-1].key != before[-1].key  # the closing card's spec card

    explained = _templated(_plan(tmp_path), "explainer")
    one_step = segment_keys(explained)
    extra = ScenePlan(3.0, 1.0, other, CaptionSpec("Warm lining"), transition_in=0.5, seed=3)
    two_steps = segment_keys(dataclasses.replace(explained, scenes=(*explained.scenes, extra)))
    bullet = [s for s in one_step if s.scenes == (1,)][0]
    assert bullet.key not in {s.key for s in two_steps}  # "Step 1 of 1" became "of 2"


def test_a_field_added_to_the_scene_plan_is_part_of_the_key(tmp_path):
    """Keys are built from the dataclass fields, whatever they are."""

    @dataclasses.dataclass(frozen=True)
    class NewScenePlan(ScenePlan):
        sticker: str = "none"

    plan = _plan(tmp_path)
    s1 = plan.scenes[1]
    grown = {f.name: getattr(s1, f.name) for f in dataclasses.fields(s1)}
    plain = _with_scene(plan, 1)
    a = dataclasses.replace(plain, scenes=(plan.scenes[0], NewScenePlan(**grown), plan.scenes[2]))
    b = dataclasses.replace(
        plain, scenes=(plan.scenes[0], NewScenePlan(**grown, sticker="new!"), plan.scenes[2])
    )
    ka, kb = (plan_segments(p, ["x"]) for p in (a, b))
    assert [x.key != y.key for x, y in zip(ka, kb, strict=True)] == [
        False,
        True,
        True,
        True,
        False,
    ]


# ---------------------------------------------------------------- one change at a time


def _change_caption(plan: RenderPlan, tmp_path: Path) -> RenderPlan:
    return _with_scene(plan, 1, caption=CaptionSpec("Windproof"))


def _change_image(plan: RenderPlan, tmp_path: Path) -> RenderPlan:
    """The same file name, new pixels: the photo was edited in place."""
    path = tmp_path / "b.jpg"
    textured_image(path, 7, size=(200, 260))
    return plan


def _change_motion(plan: RenderPlan, tmp_path: Path) -> RenderPlan:
    return _with_scene(plan, 1, motion=Motion(Rect(0, 0, 1, 1), Rect(0.1, 0.1, 0.8, 0.8)))


def _change_duration(plan: RenderPlan, tmp_path: Path) -> RenderPlan:
    return _retimed(_with_scene(plan, 1, duration=1.5))


def _change_template(plan: RenderPlan, tmp_path: Path) -> RenderPlan:
    return dataclasses.replace(plan, theme=dataclasses.replace(plan.theme, accent_rgb=(0, 200, 90)))


SCENE_1 = [("fade", (0, 1)), ("fade", (1, 2)), ("scene", (1,))]
EVERYTHING = [
    ("fade", (0, 1)),
    ("fade", (1, 2)),
    ("scene", (0,)),
    ("scene", (1,)),
    ("scene", (2,)),
]


@pytest.mark.parametrize(
    ("change", "rebuilt"),
    [
        (_change_caption, SCENE_1),
        (_change_image, SCENE_1),
        (_change_motion, SCENE_1),
        (_change_duration, SCENE_1),  # the last scene moved 0.5 s later but is reused
        (_change_template, EVERYTHING),
    ],
    ids=["caption", "image", "motion", "duration", "template"],
)
def test_one_change_reencodes_exactly_the_segments_it_touches(tmp_path, change, rebuilt):
    cache = SegmentCache(tmp_path / "segments")
    plan = _plan(tmp_path)
    first = _export(plan, tmp_path / "v1.mp4", cache)
    assert _kinds(first.built) == EVERYTHING and first.reused == []

    changed = change(plan, tmp_path)
    second = _export(changed, tmp_path / "v2.mp4", cache)
    assert _kinds(second.built) == rebuilt
    assert len(second.built) + len(second.reused) == 5
    assert count_frames(second.video) == changed.frame_count


def test_a_new_voice_line_only_remuxes_the_audio(tmp_path):
    """A voice line that keeps the scene's length (and a take without word timings) leaves
    every picture as it was: nothing is re-encoded, the new soundtrack is muxed."""
    cache = SegmentCache(tmp_path / "segments")
    plan = _plan(tmp_path)
    quiet = silent_wav(tmp_path / "quiet.wav", plan.duration, rate=48000)
    _export(plan, tmp_path / "v1.mp4", cache, quiet)

    tone = tmp_path / "tone.wav"
    subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i", "sine=f=440:d=3:r=48000", str(tone)],
        check=True,
    )
    again = _export(plan, tmp_path / "v2.mp4", cache, tone)
    assert again.built == [] and len(again.reused) == 5
    loud = subprocess.run(
        [ffmpeg_exe(), "-i", str(again.video), "-af", "volumedetect", "-f", "null", "-"],
        capture_output=True,
        text=True,
    ).stderr
    assert "mean_volume: -inf" not in loud and "max_volume: -" in loud
    assert abs(stream_duration(again.video, "a") - plan.duration) <= 1 / FPS


# ---------------------------------------------------------------- a damaged cache


def test_a_truncated_corrupt_or_deleted_segment_is_rebuilt(tmp_path):
    cache = SegmentCache(tmp_path / "segments")
    plan = _plan(tmp_path)
    segs = segment_keys(plan)
    _export(plan, tmp_path / "v1.mp4", cache)

    truncated, flipped, deleted = segs[0], segs[2], segs[4]
    p = cache.path(truncated.key)
    p.write_bytes(p.read_bytes()[: p.stat().st_size // 2])
    p = cache.path(flipped.key)
    data = bytearray(p.read_bytes())
    data[len(data) // 2] ^= 0xFF
    p.write_bytes(data)
    cache.path(deleted.key).unlink()

    again = _export(plan, tmp_path / "v2.mp4", cache)
    assert {s.key for s in again.built} == {truncated.key, flipped.key, deleted.key}
    assert count_frames(again.video) == plan.frame_count
    third = _export(plan, tmp_path / "v3.mp4", cache)
    assert third.built == []


# ---------------------------------------------------------------- exactness against a full render


def test_frames_length_and_joins_match_a_full_render(tmp_path):
    plan = _plan(tmp_path)
    wav = silent_wav(tmp_path / "voice.wav", plan.duration)
    full = run_job(encode_job(plan, tmp_path / "full.mp4", wav))
    joined = _export(plan, tmp_path / "joined.mp4", SegmentCache(tmp_path / "segments"), wav)

    n = plan.frame_count
    assert count_frames(joined.video) == count_frames(full) == n
    v, a = stream_duration(joined.video, "v"), stream_duration(joined.video, "a")
    assert abs(v - n / FPS) < 1e-3 and abs(a - v) <= 1 / FPS
    fa, fb = _luma(full), _luma(joined.video)
    assert fa.shape == fb.shape == (n, H, W)
    # two encodes of the same frames: every frame, and above all the ones at each join (where
    # a misplaced cut would show a whole frame of difference), agree closely
    joins = [s.first for s in segment_keys(plan)[1:]]
    near = sorted({k for j in joins for k in range(j - 2, j + 2)})
    assert min(_psnr(fa[k], fb[k]) for k in near) > 35
    assert np.mean([_psnr(fa[k], fb[k]) for k in range(n)]) > 38
    # a frame off at a join would look like this: far below
    assert _psnr(fa[joins[0]], fa[joins[0] - 1]) < 35


# ---------------------------------------------------------------- sharing and bounding the cache


def test_two_renders_share_the_cache_at_once(tmp_path):
    cache_dir = tmp_path / "segments"
    plan = _plan(tmp_path)
    results: list[object] = []
    errors: list[BaseException] = []

    def render(name: str) -> None:
        try:
            results.append(_export(plan, tmp_path / name, SegmentCache(cache_dir)))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=render, args=(f"v{k}.mp4",)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == [] and len(results) == 2
    for r in results:
        assert count_frames(r.video) == plan.frame_count
    built = [s.key for r in results for s in r.built]
    assert sorted(built) == sorted(s.key for s in segment_keys(plan))  # each built once
    assert not [p for p in cache_dir.iterdir() if p.name.endswith(".part")]


RENDER_IN_A_PROCESS = """
import json, pickle, sys
from pathlib import Path
from studio.core.progress import run_job
from studio.render.incremental import segmented_encode_job
from studio.render.segment_cache import SegmentCache
plan = pickle.loads(Path(sys.argv[1]).read_bytes())
done = run_job(segmented_encode_job(plan, Path(sys.argv[2]), None, SegmentCache(Path(sys.argv[3]))))
print(json.dumps([s.key for s in done.built]))
"""


def test_two_processes_share_the_cache_at_once(tmp_path):
    plan = _plan(tmp_path)
    (tmp_path / "plan.pickle").write_bytes(pickle.dumps(plan))
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                RENDER_IN_A_PROCESS,
                str(tmp_path / "plan.pickle"),
                str(out),
                str(tmp_path / "segments"),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=REPO,
        )
        for out in (tmp_path / "a.mp4", tmp_path / "b.mp4")
    ]
    built: list[str] = []
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
        built += json.loads(out.strip().splitlines()[-1])
    assert sorted(built) == sorted(s.key for s in segment_keys(plan))  # none built twice
    for name in ("a.mp4", "b.mp4"):
        assert count_frames(tmp_path / name) == plan.frame_count


def test_least_recently_used_segments_go_first_when_over_the_limit(tmp_path):
    cache = SegmentCache(tmp_path / "segments")
    old = _plan(tmp_path)
    _export(old, tmp_path / "v1.mp4", cache)
    one_video = cache.total_bytes()

    new = _change_template(old, tmp_path)
    small = SegmentCache(tmp_path / "segments", limit_bytes=int(one_video * 1.5))
    _export(new, tmp_path / "v2.mp4", small)
    assert small.total_bytes() <= small.limit_bytes
    kept = {p.stem for p in small.dir.glob("*.mp4")}
    assert {s.key for s in segment_keys(new)} <= kept  # the export just made keeps its own
    assert not {s.key for s in segment_keys(old)} <= kept


def test_closing_the_job_midway_leaves_nothing_but_whole_segments(tmp_path):
    cache = SegmentCache(tmp_path / "segments")
    plan = _plan(tmp_path)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    job = segmented_encode_job(plan, out_dir / "video.mp4", None, cache)
    for p in job:
        if p.done >= 40:  # two segments in
            break
    job.close()
    assert list(out_dir.iterdir()) == []
    assert not [p for p in cache.dir.iterdir() if p.name.endswith(".part")]
    again = _export(plan, out_dir / "video.mp4", cache)
    assert len(again.reused) >= 2 and count_frames(again.video) == plan.frame_count


# ---------------------------------------------------------------- size-capped exports


def test_a_loosely_capped_export_reuses_segments_across_edits_and_keeps_the_cap(tmp_path):
    cache = SegmentCache(tmp_path / "segments")
    plan = _plan(tmp_path)
    cap = 50_000_000  # far above what three seconds need: the rate does not follow the length
    first = run_job(segmented_encode_job(plan, tmp_path / "v1.mp4", None, cache, max_bytes=cap))
    assert _kinds(first.built) == EVERYTHING
    assert {s.key for s in first.built}.isdisjoint(s.key for s in segment_keys(plan))

    longer = _change_duration(_change_caption(plan, tmp_path), tmp_path)
    second = run_job(segmented_encode_job(longer, tmp_path / "v2.mp4", None, cache, max_bytes=cap))
    assert _kinds(second.built) == SCENE_1
    assert count_frames(second.video) == longer.frame_count
    assert second.video.stat().st_size <= cap


def test_a_cap_too_tight_for_segments_falls_back_to_one_pass(tmp_path):
    """Each segment may use a VBV buffer of its own: where that no longer fits the cap but one
    pass still does, the video is encoded in one pass."""
    plan = _plan(tmp_path)
    seconds = plan.frame_count / plan.fps
    cap = next(
        b
        for b in range(60_000, 2_000_000, 2_000)
        if _fits(seconds, b) and not _fits(seconds + 4 * VBV_SECONDS, b)
    )
    out = tmp_path / "v.mp4"
    done = run_job(
        segmented_encode_job(plan, out, None, SegmentCache(tmp_path / "s"), max_bytes=cap)
    )
    assert done.built == [] and done.reused == []
    assert count_frames(out) == plan.frame_count and out.stat().st_size <= cap


def _fits(seconds: float, max_bytes: int) -> bool:
    try:
        capped_rates(seconds, FPS, max_bytes)
    except StudioError:
        return False
    return True
