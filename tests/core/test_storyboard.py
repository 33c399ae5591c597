from __future__ import annotations

from pathlib import Path

from studio.core.geometry import Rect
from studio.core.model import ImageAsset, Product, Project
from studio.core.storyboard import ImageChoice, apply_plan, locked_choices


def _project() -> Project:
    return Project(
        Path("/p"),
        Product("Mug", ["Red", "Handle", "Lid"], price="$9", call_to_action="Buy it"),
        [ImageAsset(f"{n}.jpg") for n in "abcd"],
    )


def test_plan_lays_out_title_bullets_in_order_and_closing_card():
    p = _project()
    apply_plan(
        p,
        [
            ImageChoice(0, "b.jpg", 0.9, ("colour",), Rect(0, 0, 0.5, 0.5)),
            ImageChoice(1, "c.jpg", 0.5),
            ImageChoice(2, "d.jpg", 0.4),
        ],
        hero="a.jpg",
        order=[2, 0, 1],
    )
    s = p.timeline.scenes
    assert [x.kind for x in s] == ["title", "bullet", "bullet", "bullet", "cta"]
    assert [x.bullet for x in s[1:4]] == [2, 0, 1]
    assert s[0].image == "a.jpg" and s[0].voice_line == "Mug. Only $9."
    assert (
        s[2].image == "b.jpg" and s[2].focus == Rect(0, 0, 0.5, 0.5) and s[2].reasons == ["colour"]
    )
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


def _plan(p: Project, order=None) -> None:
    n = len(p.product.bullets)
    apply_plan(
        p,
        [ImageChoice(i, "bcd"[i % 3] + ".jpg", 0.5) for i in range(n)],
        hero="a.jpg",
        order=list(range(n)) if order is None else order,
    )


def test_edited_bullets_reach_captions_the_user_did_not_rewrite():
    p = _project()
    _plan(p)
    red, handle, lid = p.timeline.scenes[1:4]
    handle.caption = "Comfy handle"  # the user's own words stay
    p.product.bullets = ["Bright red glaze", "Big handle", "Lid"]
    p.product.price = "$12"
    _plan(p)
    assert red.caption == red.voice_line == "Bright red glaze"
    assert handle.caption == "Comfy handle" and handle.voice_line == "Big handle"
    assert p.timeline.scenes[0].voice_line == "Mug. Only $12."  # the title line follows the price
    p.timeline.scenes[0].voice_line = "The mug you need."
    p.product.call_to_action = "Order today"
    _plan(p)
    assert p.timeline.scenes[0].voice_line == "The mug you need."  # rewritten: kept
    assert p.timeline.scenes[-1].caption == p.timeline.scenes[-1].voice_line == "Order today"


def test_deleting_or_inserting_a_bullet_keeps_each_scene_with_its_words():
    p = _project()
    _plan(p)
    red, handle, lid = p.timeline.scenes[1:4]
    lid.caption = "Snug lid"
    lid.locked = True
    p.product.bullets = ["Handle", "Lid"]  # "Red" deleted: the others move up one place
    _plan(p)
    bullets = [s for s in p.timeline.scenes if s.kind == "bullet"]
    assert [s.id for s in bullets] == [handle.id, lid.id]
    assert lid.caption == "Snug lid" and lid.bullet == 1 and lid.locked
    p.product.bullets = ["New first", "Handle", "Lid"]
    _plan(p)
    bullets = [s for s in p.timeline.scenes if s.kind == "bullet"]
    assert bullets[1:] == [handle, lid] and bullets[0].caption == "New first"
    assert [s.bullet for s in bullets] == [0, 1, 2]


def test_a_duplicated_scene_survives_replanning_next_to_its_original():
    from studio.core.edits import InsertScene, UndoLog
    from studio.core.project_io import scene_to_dict

    p = _project()
    _plan(p)
    handle = p.timeline.scenes[2]
    copy = scene_to_dict(handle)
    copy["id"] = "dup0000001"
    copy["image"] = "d.jpg"
    UndoLog(p).push(InsertScene(3, copy))
    _plan(p, order=[2, 1, 0])
    ids = [s.id for s in p.timeline.scenes]
    assert ids.index("dup0000001") == ids.index(handle.id) + 1
    assert p.timeline.find("dup0000001").image == "d.jpg"  # the copy keeps its own framing


def test_bullets_with_the_same_words_each_keep_one_scene():
    p = _project()
    p.product.bullets = ["Soft and warm.", "Soft and warm.", "Lid"]
    for _ in range(4):
        _plan(p)
    bullets = [s for s in p.timeline.scenes if s.kind == "bullet"]
    assert sorted(s.bullet for s in bullets) == [0, 1, 2]
