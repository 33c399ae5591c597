"""The render plan carries each scene's words as written, at the times they are heard."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.core.model import ImageAsset, Product, Project, Scene, Timeline
from studio.render.timeline import LEAD_IN, resolve_render_plan
from studio.voice.takes import VoiceTake
from studio.voice.wordtiming import WordTiming


def _take(text: str, spoken: str, words: list[tuple[str, float, float]] | None) -> VoiceTake:
    timed = None if words is None else tuple(WordTiming(*w) for w in words)
    take = VoiceTake(
        "id", text, spoken, "v", 1.0, 0.0, 0, Path("/nonexistent.wav"), 2.0, 22050, words=timed
    )
    return take.for_text(text)


def _project(*scenes: Scene) -> Project:
    return Project(
        Path("/p"), Product("Mug", ["a", "b"]), [ImageAsset("a.jpg")], Timeline(list(scenes))
    )


def test_scene_words_are_the_written_tokens_at_absolute_times() -> None:
    first = Scene(kind="bullet", bullet=0, caption="Red", voice_line="Red mug.")
    second = Scene(
        kind="bullet", bullet=1, caption="Cheap", voice_line="Only $63.00!", pause_before=0.2
    )
    takes = {
        first.id: _take("Red mug.", "Red mug.", [("Red", 0.03, 0.3), ("mug", 0.35, 0.7)]),
        second.id: _take(
            "Only $63.00!",
            "Only 63 dollars!",
            [("Only", 0.03, 0.3), ("63", 0.35, 1.0), ("dollars", 1.05, 1.5)],
        ),
    }
    plan, clips = resolve_render_plan(_project(first, second), takes)
    one, two = plan.scenes
    assert [w.text for w in one.words] == ["Red", "mug."]
    assert one.words[0].start == pytest.approx(one.start + LEAD_IN + 0.03)
    assert [w.text for w in two.words] == ["Only", "$63.00!"]
    voice_at = clips[1][0]
    assert voice_at == pytest.approx(two.start + LEAD_IN + 0.2)
    assert (two.words[1].start, two.words[1].end) == pytest.approx(
        (voice_at + 0.35, voice_at + 1.5)
    )
    assert all(s.start <= w.start < w.end <= s.end for s in plan.scenes for w in s.words)


def test_takes_without_timings_give_no_words() -> None:
    scene = Scene(kind="bullet", bullet=0, caption="Red", voice_line="Red mug.")
    plan, _ = resolve_render_plan(_project(scene), {scene.id: _take("Red mug.", "Red mug.", None)})
    assert plan.scenes[0].words == ()
