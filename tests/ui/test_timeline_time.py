"""The timeline's time scale and sound envelopes without a widget: time <-> x, zoom, ticks,
the durations the cards show, and peaks per pixel."""

from __future__ import annotations

import numpy as np
import pytest

from studio.core.model import Project, Scene, Timeline
from studio.render.timeline import BREATH, LEAD_IN, MIN_SCENE, scene_duration
from studio.ui.timeline_audio import ENVELOPE_RATE, columns, peak_envelope, pool
from studio.ui.timeline_time import (
    LABEL_SPACING_PX,
    MAX_PX_PER_S,
    MAX_TRIM,
    MIN_CARD_W,
    MIN_PX_PER_S,
    MINOR_SPACING_PX,
    SceneTimes,
    Spoken,
    clock,
    fit_zoom,
    scroll_keeping,
    tick_steps,
    ticks,
    time_map,
    trim_duration,
    voice_key,
)


def test_cards_are_as_wide_as_their_scenes_last():
    m = time_map([2.0, 4.0, 1.0], 50.0)
    assert m.widths == (100, 200, 50)
    assert m.lefts == (0, 100, 300)
    assert m.starts == (0.0, 2.0, 6.0) and m.duration == 7.0 and m.width == 350
    for t in (0.0, 1.0, 2.0, 3.5, 6.5, 7.0, 9.0):
        assert m.x_at(t) == pytest.approx(t * 50)
        assert m.t_at(t * 50) == pytest.approx(t)


def test_a_short_scene_is_widened_and_time_stays_aligned_with_the_cards():
    m = time_map([4.0, 0.5, 4.0], 20.0)  # 0.5 s would be 10 px
    assert m.widths == (80, MIN_CARD_W, 80)
    # every cut is at a card's edge, and time inside a card is linear
    assert m.x_at(4.0) == 80 and m.x_at(4.5) == 80 + MIN_CARD_W
    assert m.x_at(4.25) == pytest.approx(80 + MIN_CARD_W / 2)
    xs = np.array([0, 40, 80, 100, 124, 150, 204, 300], dtype=float)
    assert np.allclose(m.times_at(xs), [m.t_at(x) for x in xs])
    assert m.scene_at(85) == 1 and m.scene_at(-1) is None and m.scene_at(m.width) is None


def test_fit_zoom_fills_the_width_and_zoom_keeps_the_anchor_still():
    durations = [3.9, 2.5, 2.5, 2.0, 8.6, 2.2, 4.2]
    pps = fit_zoom(durations, 1200)
    assert time_map(durations, pps).width <= 1200
    assert time_map(durations, pps * 1.02).width > 1200
    assert fit_zoom(durations, 10) == MIN_PX_PER_S
    assert fit_zoom([1.0], 10_000) == MAX_PX_PER_S

    old, new = time_map(durations, 40.0), time_map(durations, 100.0)
    scroll, anchor = 120.0, 300.0
    t = old.t_at(scroll + anchor)
    after = scroll_keeping(old, new, scroll, anchor)
    assert new.t_at(after + anchor) == pytest.approx(t)


@pytest.mark.parametrize("pps", [MIN_PX_PER_S, 5.0, 13.0, 40.0, 100.0, MAX_PX_PER_S])
def test_ruler_labels_never_crowd(pps):
    major, minor = tick_steps(pps)
    assert major * pps >= LABEL_SPACING_PX and minor * pps >= MINOR_SPACING_PX
    assert major / minor == pytest.approx(round(major / minor))  # labels sit on minor ticks
    marks = ticks(0.0, 30.0, pps)
    labelled = [t for t, major_tick in marks if major_tick]
    assert labelled[0] == 0.0
    assert all(b - a == pytest.approx(major) for a, b in zip(labelled, labelled[1:], strict=False))


def test_clock_labels():
    assert [clock(t) for t in (0, 5, 59.6, 90, 600)] == ["0:00", "0:05", "1:00", "1:30", "10:00"]


def test_trim_duration_rounds_and_clamps():
    assert trim_duration(215, 50) == 4.3
    assert trim_duration(10, 50) == MIN_SCENE
    assert trim_duration(10**6, 50) == MAX_TRIM


def _project(tmp_path) -> Project:
    scenes = [
        Scene(kind="title", caption="Hoodie", voice_line="A hoodie."),
        Scene(kind="bullet", caption="Warm", voice_line="It is warm."),
        Scene(kind="bullet", caption="Silent card"),
    ]
    return Project(tmp_path, timeline=Timeline(scenes))


def test_scene_times_prefer_the_plan_then_fixed_then_the_voice_then_an_estimate(tmp_path):
    p = _project(tmp_path)
    title, warm, silent = p.timeline.scenes
    times = SceneTimes(p)
    fps = p.export.fps

    def on_grid(d):
        return round(d * fps) / fps

    # nothing known: voiced scenes are estimates, a scene nobody speaks is exact already
    assert times.duration(warm) == (on_grid(scene_duration(warm, None)), "estimate")
    assert times.duration(silent) == (on_grid(scene_duration(silent, None)), "voice")
    # the take's length is learned: the automatic duration the export will use
    times.learn_voice(warm.id, voice_key(warm, p), Spoken(2.0))
    assert times.duration(warm) == (on_grid(LEAD_IN + 2.0 + BREATH), "voice")
    # a preview planned it (beats may have moved its cut): that wins while nothing changed
    times.adopt_plan([title.id, warm.id, silent.id], [3.0, 3.3, 2.5])
    assert times.duration(warm) == (3.3, "plan")
    warm.voice_line = "It is very warm."  # another take: neither the plan nor the take fit
    assert times.duration(warm)[1] == "estimate"
    warm.voice_line = "It is warm."
    assert times.duration(warm) == (3.3, "plan")
    warm.duration = 4.0
    assert times.duration(warm) == (4.0, "fixed")
    times.trims[warm.id] = 5.5
    assert times.duration(warm) == (5.5, "trim")
    del times.trims[warm.id]
    warm.duration = None
    assert times.duration(warm) == (3.3, "plan")
    # cuts snap to beats now: the planned cuts no longer hold
    p.music.snap_to_beats = True
    assert times.duration(warm) == (on_grid(LEAD_IN + 2.0 + BREATH), "voice")


def test_peak_envelope_and_columns():
    sr = 1000
    x = np.zeros(sr * 2, np.float32)
    x[500:510] = 0.8  # a click at 0.5 s
    x[1500:1600] = -0.4  # a tone at 1.5 s
    env = peak_envelope(np.stack([x, x * 0.5], axis=1), sr)
    assert len(env) == 2 * ENVELOPE_RATE
    assert env[50] == pytest.approx(0.8) and env[150] == pytest.approx(0.4)
    assert env[:50].max() == 0 and env[51:150].max() == 0
    cols = columns(env, 0.0, 2.0, 4)  # half a second each
    assert cols.tolist() == pytest.approx([0.0, 0.8, 0.0, 0.4])
    # zoomed in past one bucket per column, and columns before the start / after the end
    fine = pool(env, np.linspace(0.495, 0.515, 9))
    assert fine.max() == pytest.approx(0.8) and fine.min() == 0.0
    assert pool(env, np.array([-1.0, -0.5, 0.0])).tolist() == [0.0, 0.0]
    assert pool(env, np.array([2.0, 2.5, 3.0])).tolist() == [0.0, 0.0]
    assert peak_envelope(np.zeros(0), sr).shape == (0,)
