"""Scene timing: scenes last as long as their voice, pauses add to it, and every boundary sits
on the frame grid so cuts, subtitles and the audio agree."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.core.model import ImageAsset, Product, Project, Scene, Timeline
from studio.jobs.pipeline import resolve_render_plan
from studio.render.timeline import BREATH, CLOSING_TAIL, LEAD_IN, TITLE_MIN, reading_time
from studio.voice.takes import VoiceTake


def _take(seconds: float, empty: bool = False) -> VoiceTake:
    return VoiceTake(
        "id", "t", "t", "v", 1.0, 0.0, 0, Path("/nonexistent.wav"), seconds, 22050, empty
    )


def _project(*scenes: Scene) -> Project:
    return Project(
        Path("/p"),
        Product("Mug", ["a", "b"], call_to_action="Buy"),
        [ImageAsset("a.jpg")],
        Timeline(list(scenes)),
    )


def test_scene_follows_its_voice_plus_pauses_on_the_frame_grid():
    title = Scene(kind="title", caption="Mug", voice_line="Mug.")
    bullet = Scene(
        kind="bullet", bullet=0, caption="Red", voice_line="Red", pause_before=0.4, pause_after=0.3
    )
    cta = Scene(kind="cta", caption="Buy", voice_line="Buy")
    takes = {title.id: _take(1.0), bullet.id: _take(2.0), cta.id: _take(0.8)}
    plan, clips = resolve_render_plan(_project(title, bullet, cta), takes)
    d = [s.duration for s in plan.scenes]
    assert d[0] == pytest.approx(TITLE_MIN, abs=1 / 30)
    assert d[1] == pytest.approx(LEAD_IN + 0.4 + 2.0 + BREATH + 0.3, abs=1 / 30)
    assert d[2] == pytest.approx(LEAD_IN + 0.8 + BREATH + CLOSING_TAIL, abs=1 / 30)
    for s in plan.scenes:
        assert (
            abs(s.start * 30 - round(s.start * 30)) < 1e-6
            and abs(s.duration * 30 - round(s.duration * 30)) < 1e-6
        )
    starts = [start for start, _ in clips]
    assert starts[1] == pytest.approx(plan.scenes[1].start + LEAD_IN + 0.4)
    assert [c.start for c in plan.cues] == [s.start for s in plan.scenes]


def test_fixed_duration_wins_and_unspeakable_lines_get_reading_time():
    fixed = Scene(kind="bullet", bullet=0, caption="Red", voice_line="Red", duration=4.0)
    chinese = Scene(
        kind="bullet",
        bullet=1,
        caption="双层真空保温，24小时保冷",
        voice_line="双层真空保温，24小时保冷",
    )
    plan, clips = resolve_render_plan(
        _project(fixed, chinese), {fixed.id: _take(9.0), chinese.id: _take(0.25, empty=True)}
    )
    assert plan.scenes[0].duration == pytest.approx(4.0)
    assert plan.scenes[1].duration == pytest.approx(reading_time(chinese.caption), abs=1 / 30)
    assert len(clips) == 1  # nothing is played for the unspeakable line
