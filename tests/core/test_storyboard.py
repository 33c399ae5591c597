from __future__ import annotations

from pathlib import Path

from studio.core.geometry import Rect
from studio.core.model import ImageAsset, Product, Project
from studio.core.storyboard import ImageChoice, apply_plan, locked_choices


def _project() -> Project:
    return Project(Path("/p"), Product("Mug", ["Red", "Handle", "Lid"], price="$9", call_to_action="Buy it"),
                   [ImageAsset(f"{n}.jpg") for n in "abcd"])


def test_plan_lays_out_title_bullets_in_order_and_closing_card():
    p = _project()
    apply_plan(p, [ImageChoice(0, "b.jpg", 0.9, ("colour",), Rect(0, 0, 0.5, 0.5)), ImageChoice(1, "c.jpg", 0.5),
                   ImageChoice(2, "d.jpg", 0.4)], hero="a.jpg", order=[2, 0, 1])
    s = p.timeline.scenes
    assert [x.kind for x in s] == ["title", "bullet", "bullet", "bullet", "cta"]
    assert [x.bullet for x in s[1:4]] == [2, 0, 1]
    assert s[0].image == "a.jpg" and s[0].voice_line == "Mug. Only $9."
    assert s[2].image == "b.jpg" and s[2].focus == Rect(0, 0, 0.5, 0.5) and s[2].reasons == ["colour"]
    assert s[-1].caption == "Buy it"


def test_replan_keeps_locks_ids_and_user_edits():
    p = _project()
    apply_plan(p, [ImageChoice(i, "b.jpg", 0.5) for i in range(3)], hero="a.jpg", order=[0, 1, 2])
    first = p.timeline.scenes[1]
    first.locked = True
    first.image = "d.jpg"
    second = p.timeline.scenes[2]
    second.caption = "Comfy handle"
    ids = [s.id for s in p.timeline.scenes]
    assert locked_choices(p) == {0: "d.jpg"}

    events = []
    p.timeline.scenes.events.connect(lambda *a: events.append(a))
    apply_plan(p, [ImageChoice(i, "c.jpg", 0.7) for i in range(3)], hero="a.jpg", order=[2, 1, 0])
    by_bullet = {s.bullet: s for s in p.timeline.scenes if s.kind == "bullet"}
    assert by_bullet[0].image == "d.jpg"  # locked
    assert by_bullet[1].image == "c.jpg" and by_bullet[1].caption == "Comfy handle"
    assert sorted(s.id for s in p.timeline.scenes) == sorted(ids)
    assert events, "the timeline emits events when re-planned"
