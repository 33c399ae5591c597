"""A seller's edits in random order, through the real window, must never raise.

A slot that raises is printed by Qt and dropped, so the studio looks fine while the plan or the
preview has silently stopped following the edits: that is how deleting a bullet line once
stopped re-planning. This drives the real window with a seeded random mix of what a seller
does (typing, pasting odd text, adding and removing bullets and photos, duplicating, deleting,
moving and locking scenes, undo storms, re-plans, playing and seeking, template and format
changes, languages, an export started and cancelled) with short waits so workers finish in
between. pytest-qt fails the test on any exception in the event loop; at the end the
project must still copy, save and load.
"""

from __future__ import annotations

import random
import shutil

import pytest

from studio.core.project_io import load_project, save_project, snapshot
from studio.ui.document import open_document
from tests.samples import DEMO

TEXTS = [
    "",
    "Red Mug",
    "防水夹克 超轻",
    "مقاوم للماء",
    "🔥 Hot deal 🔥",
    "x" * 3000,
    "Line\nbreak",
    "  spaced  ",
    "$19.99",
    "50% off!",
    "\u200f\u202e reversed",
    "A" * 40,
]
ACTIONS = [
    "title",
    "tagline",
    "price",
    "cta",
    "bullets",
    "bullets_del",
    "quotes",
    "caption",
    "voice",
    "dup",
    "del",
    "move",
    "undo",
    "redo",
    "replan",
    "play",
    "seek",
    "step",
    "add_img",
    "rm_img",
    "template",
    "preset",
    "lock",
    "locale",
    "wait",
    "export",
]


def _line_edit(box, text: str) -> None:
    box.setText(text)
    box.textEdited.emit(box.text())  # as typing does


@pytest.mark.slow
@pytest.mark.parametrize("seed", [11, 29])
def test_random_editing_never_raises(qtbot, make_window, planned_file, tmp_path, seed):
    rnd = random.Random(seed)
    w = make_window(open_document(planned_file))
    undo = w.doc.undo
    extra = tmp_path / "more photos"
    extra.mkdir()
    for name in ("img2.jpg", "img4.jpg"):
        shutil.copy(DEMO / name, extra / name)

    def scenes():
        return w.doc.project.timeline.scenes

    def act(kind: str) -> None:
        p = w.doc.project
        panel = w.product_panel
        if kind == "title":
            _line_edit(panel.title, rnd.choice(TEXTS))
        elif kind == "tagline":
            _line_edit(panel.tagline, rnd.choice(TEXTS)[:80])
        elif kind == "price":
            _line_edit(panel.price, rnd.choice(TEXTS)[:20])
        elif kind == "cta":
            _line_edit(panel.call_to_action, rnd.choice(TEXTS)[:30])
        elif kind == "bullets":
            lines = panel.bullets.toPlainText().splitlines()
            lines.insert(rnd.randrange(len(lines) + 1), rnd.choice(TEXTS))
            panel.bullets.setPlainText("\n".join(lines))
        elif kind == "bullets_del":
            lines = panel.bullets.toPlainText().splitlines()
            if lines:
                lines.pop(rnd.randrange(len(lines)))
            if rnd.random() < 0.3:
                rnd.shuffle(lines)
            panel.bullets.setPlainText("\n".join(lines))
        elif kind == "quotes":
            panel.quotes.setPlainText(rnd.choice(["", "Fits perfectly. — Ana", "Great!\nOk — Bo"]))
        elif kind in ("caption", "voice") and scenes():
            field = "caption" if kind == "caption" else "voice_line"
            undo.set_scene(rnd.choice(scenes()).id, field, rnd.choice(TEXTS))
        elif kind in ("dup", "del") and scenes():
            w.timeline.select_scene(rnd.choice(scenes()).id)
            action = w.duplicate_action if kind == "dup" else w.delete_action
            if action.isEnabled():
                action.trigger()
        elif kind == "move" and len(scenes()) > 2:
            w.timeline_model.move_scenes(
                [rnd.choice(scenes()).id], rnd.randrange(len(scenes()) + 1)
            )
        elif kind in ("undo", "redo"):
            action, able = (
                (w.undo_action, lambda: undo.can_undo)
                if kind == "undo"
                else (w.redo_action, lambda: undo.can_redo)
            )
            for _ in range(rnd.randint(1, 4)):
                if able():
                    action.trigger()
        elif kind == "replan":
            w.replan_action.trigger()
        elif kind == "play":
            w.player.toggle()
        elif kind == "seek":
            w.player.seek(rnd.uniform(-1, 40))
        elif kind == "step":
            w.player.step(rnd.choice([-1, 1, 5]))
        elif kind == "add_img":
            w.add_images([extra / rnd.choice(["img2.jpg", "img4.jpg"])])
        elif kind == "rm_img" and p.images and rnd.random() < 0.5:
            w.remove_images([rnd.choice(p.images).path])
        elif kind == "template":
            template = rnd.choice(["highlight", "explainer", "experience", "comparison"])
            undo.set_attr("look", "template", template, "Change Template")
        elif kind == "preset":
            preset = rnd.choice(["landscape", "portrait", "square"])
            undo.set_attr("export", "preset", preset, "Change Format")
        elif kind == "lock" and scenes():
            s = rnd.choice(scenes())
            w.timeline_model.set_locked(s.id, not s.locked)
        elif kind == "locale":
            panel.add_locale(rnd.choice(["de", "fr", "zz-bad!", "pt_BR"]))
        elif kind == "wait":
            qtbot.wait(rnd.randint(200, 1500))
        elif kind == "export" and scenes() and p.images:
            dialog = w.open_export()
            dialog.output.setText(str(tmp_path / f"clip-{rnd.randrange(3)}.mp4"))
            dialog.height_box.setValue(144)
            dialog.start_export()
            qtbot.wait(rnd.randint(0, 1500))
            dialog.cancel_export()
            dialog.close()

    for _ in range(140):
        act(rnd.choice(ACTIONS))
        qtbot.wait(rnd.randint(0, 120))
    qtbot.waitUntil(lambda: not w.planner.busy and not w.exports.running, timeout=180_000)
    snapshot(w.doc.project)
    saved = tmp_path / "after.studio.json"
    save_project(w.doc.project, saved)
    load_project(saved)
