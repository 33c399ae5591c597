"""Editing the bullets in the studio: fewer bullets than scenes, and more than a video takes.

Deleting a bullet line used to leave its scene naming a bullet that no longer existed, and
every copy of the project (the planner's, the preview's, the autosave read back) refused it:
the plan and the preview stopped following the text. Pasting hundreds of lines made a project
that its own file format refused."""

from __future__ import annotations

from studio.core.intake import MAX_BULLETS
from studio.core.project_io import load_project, save_project, snapshot
from studio.ui.document import open_document


def _bullet_scenes(w):
    return [s for s in w.doc.project.timeline.scenes if s.kind == "bullet"]


def test_deleting_a_bullet_line_replans_and_the_project_still_copies(
    qtbot, make_window, planned_file, tmp_path
):
    w = make_window(open_document(planned_file))
    assert len(_bullet_scenes(w)) == 2
    first, second = w.doc.project.product.bullets
    w.product_panel.bullets.setPlainText(second)  # the first line deleted
    # until the re-plan lands, a scene names a bullet that is gone: copies must still read
    snap = snapshot(w.doc.project)
    assert len(snap.product.bullets) == 1
    saved = tmp_path / "mid-edit.studio.json"
    save_project(w.doc.project, saved)
    assert load_project(saved).product.bullets == [second]
    qtbot.waitUntil(lambda: len(_bullet_scenes(w)) == 1, timeout=60_000)
    scene = _bullet_scenes(w)[0]
    assert scene.bullet == 0 and scene.caption.rstrip(".") == second.rstrip(".")
    w.doc.undo.undo()  # the re-plan, then the edit
    w.doc.undo.undo()
    assert w.doc.project.product.bullets == [first, second]


def test_more_bullets_than_a_video_takes_are_kept_in_the_box_and_said(
    qtbot, make_window, planned_file
):
    w = make_window(open_document(planned_file))
    lines = [f"Selling point number {i}" for i in range(MAX_BULLETS + 12)]
    w.product_panel.bullets.setPlainText("\n".join(lines))
    assert w.doc.project.product.bullets == lines[:MAX_BULLETS]
    note = w.product_panel.bullets_note
    assert not note.isHidden() and f"first {MAX_BULLETS}" in note.text()
    assert w.product_panel.bullets.toPlainText().count("\n") == len(lines) - 1  # nothing cut
    snapshot(w.doc.project)  # the file format takes it
    qtbot.waitUntil(lambda: len(_bullet_scenes(w)) == MAX_BULLETS, timeout=120_000)
    w.product_panel.bullets.setPlainText("\n".join(lines[:3]))
    assert note.isHidden()
