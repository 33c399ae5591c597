"""A photo added by mistake can be taken out of the product: from the photo's menu or with
Delete in the list, as one undoable step. The scenes that showed it get the best photo left,
and its file stays in the product folder."""

from __future__ import annotations

from PySide6.QtCore import Qt

from studio.core.edits import UndoLog, remove_images
from studio.core.project_io import load_project, save_project
from studio.ui.document import open_document


def test_the_core_edit_clears_scenes_and_undo_puts_everything_back(planned_file):
    doc = open_document(planned_file)
    p = doc.project
    undo = UndoLog(p)
    before_images = [a.path for a in p.images]
    showing = [s for s in p.timeline.scenes if s.image == "img3.jpg"]
    assert showing
    showing[0].locked = True
    edit = remove_images(p, ["img3.jpg", "not-in-product.jpg"])
    assert edit is not None
    undo.push(edit)
    assert "img3.jpg" not in [a.path for a in p.images]
    assert all(s.image is None and not s.locked for s in showing)
    assert (planned_file.parent / "img3.jpg").is_file()  # the file is not touched
    undo.undo()
    assert [a.path for a in p.images] == before_images  # back in its place
    assert showing[0].image == "img3.jpg" and showing[0].locked
    assert remove_images(p, ["nothing.jpg"]) is None


def test_delete_in_the_photo_list_removes_the_photo_not_a_scene(
    qtbot, make_window, planned_file, tmp_path
):
    w = make_window(open_document(planned_file))
    scenes_before = len(w.doc.project.timeline.scenes)
    w.timeline.select_scene(w.doc.project.timeline.scenes[1].id)  # a scene is selected
    w.show_page(w.image_list)
    lst = w.image_list.list
    row = next(i for i in range(lst.count()) if lst.item(i).text().startswith("img3.jpg"))
    lst.setCurrentRow(row)
    lst.setFocus()
    qtbot.keyClick(lst, Qt.Key.Key_Delete)
    assert "img3.jpg" not in [a.path for a in w.doc.project.images]
    assert len(w.doc.project.timeline.scenes) == scenes_before  # no scene was deleted
    assert "Removed 1 photo" in w.statusBar().currentMessage()
    # the re-plan gives the scene that showed it a photo still in the product
    qtbot.waitUntil(
        lambda: all(
            s.image in {a.path for a in w.doc.project.images} for s in w.doc.project.timeline.scenes
        ),
        timeout=60_000,
    )
    # the Remove button does the same for what is selected
    lst.clearSelection()
    assert not w.image_list.remove_button.isEnabled()  # nothing selected
    lst.setCurrentRow(0)
    assert w.image_list.remove_button.isEnabled()
    first = lst.item(0).data(w.image_list.PHOTO_ROLE)
    w.image_list.remove_button.click()
    assert first not in [a.path for a in w.doc.project.images]
    saved = tmp_path / "after.studio.json"
    save_project(w.doc.project, saved)
    assert "img3.jpg" not in [a.path for a in load_project(saved).images]


def test_removing_every_photo_while_planning_ends_the_plan_quietly(
    qtbot, make_window, planned_file
):
    """A re-plan asked for during a run, then every photo removed: the next run has nothing
    to plan with and stops, instead of failing with an error box."""
    w = make_window(open_document(planned_file))
    w.replan_action.trigger()
    assert w.planner.busy
    w.replan_action.trigger()  # asked again while it runs
    w.remove_images([a.path for a in w.doc.project.images])
    assert not w.doc.project.images
    qtbot.waitUntil(lambda: not w.planner.busy, timeout=120_000)
    qtbot.wait(500)
    assert not w.planner.busy  # and no run started again


def test_a_photo_the_seller_chose_then_removed_is_replaced_by_the_plan(
    qtbot, make_window, planned_file
):
    """The scene that showed a removed photo loses its framing and reasons with it, and the
    re-plan gives it a photo from the plan even though the seller had chosen that photo."""
    w = make_window(open_document(planned_file))
    scene = next(s for s in w.doc.project.timeline.scenes if s.kind == "bullet")
    photo = next(a.path for a in w.doc.project.images if a.path != scene.image)
    w.timeline_model.set_scene_image(scene.id, photo)  # the seller's own choice
    assert scene.edited and scene.image == photo
    w.remove_images([photo])
    assert scene.image is None and scene.focus is None and scene.motion is None
    assert scene.reasons == [] and not scene.locked
    qtbot.waitUntil(lambda: scene.image is not None and not w.planner.busy, timeout=120_000)
    assert scene.image in {a.path for a in w.doc.project.images}
    assert scene.reasons  # the plan's reasons, not "chosen by you"
