"""Enhance Photo… from the Images panel: Real-ESRGAN on a worker, then before and after."""

from __future__ import annotations

import pytest
from PIL import Image

from studio.core.model import ImageAsset, Project
from studio.media.enhance import unavailable_reason
from studio.ui.image_list import ImageList
from studio.ui.thumbnails import ThumbnailCache
from tests.media.test_enhance import tiny_photo

pytestmark = pytest.mark.skipif(
    unavailable_reason() is not None, reason="Real-ESRGAN is not installed here"
)


@pytest.fixture
def images(qtbot, tmp_path, fresh_cache):
    Image.fromarray(tiny_photo(64)).save(tmp_path / "small.png")
    project = Project(tmp_path, images=[ImageAsset("small.png")])
    panel = ImageList(project, ThumbnailCache())
    qtbot.addWidget(panel)
    return panel, tmp_path / "small.png"


def test_enhance_shows_before_and_after_and_discard_removes_the_copy(qtbot, images):
    panel, photo = images
    panel.enhance_photo(photo)
    dialog = panel.enhance_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.use_button.isVisible(), timeout=60_000)
    preview = dialog.result_preview
    assert preview is not None and preview.enhanced.is_file()
    before, after = dialog.before.pixmap(), dialog.after.pixmap()
    assert not before.isNull() and before.size() == after.size()
    assert "Enhanced x" in dialog.status.text()
    with qtbot.waitSignal(panel.enhance_chosen) as chosen:
        dialog.discard_button.click()
    assert chosen.args == ["small.png", "never"]  # the window records it as an edit
    assert not preview.enhanced.exists()  # a discarded enhancement leaves nothing behind
    qtbot.waitUntil(lambda: panel.enhance_dialog is None, timeout=5_000)


def test_use_and_discard_become_the_photos_choice_undoably(qtbot, images):
    from studio.core.edits import UndoLog
    from studio.core.project_io import load_project, save_project

    panel, photo = images
    project = panel._project
    undo = UndoLog(project)
    panel.enhance_chosen.connect(lambda rel, c: undo.set_image(rel, "enhance", c, "Enhance"))
    panel.enhance_photo(photo)
    dialog = panel.enhance_dialog
    qtbot.waitUntil(lambda: dialog.use_button.isVisible(), timeout=60_000)
    dialog.use_button.click()
    assert project.images[0].enhance == "always"
    assert "enhanced" in panel.list.item(0).text()  # the list says so
    save_project(project, photo.parent / "p.pvs")
    assert load_project(photo.parent / "p.pvs").images[0].enhance == "always"
    undo.undo()
    assert project.images[0].enhance == "auto" and panel.list.item(0).text() == "small.png"


def test_closing_while_it_runs_stops_the_worker(qtbot, images):
    panel, photo = images
    panel.enhance_photo(photo)
    dialog = panel.enhance_dialog
    assert dialog is not None and dialog.runner is not None
    dialog.reject()
    qtbot.waitUntil(lambda: dialog.runner is None, timeout=60_000)
    assert panel.enhance_dialog is None


@pytest.mark.slow  # opens the real window on a product (planning runs the models)
def test_the_window_records_the_choice_as_an_undoable_edit(
    qtbot, make_window, tmp_path, fresh_cache, wait_planned
):
    from studio.ui.document import open_document

    folder = tmp_path / "mug"
    folder.mkdir()
    Image.fromarray(tiny_photo(64)).save(folder / "small.png")
    (folder / "bullets.txt").write_text("Red glaze\n", encoding="utf-8")
    w = make_window(open_document(folder))
    wait_planned(w)
    w.image_list.enhance_photo(folder / "small.png")
    dialog = w.image_list.enhance_dialog
    qtbot.waitUntil(lambda: dialog.use_button.isVisible(), timeout=60_000)
    dialog.use_button.click()
    assert w.doc.project.images[0].enhance == "always"
    assert w.undo_action.text() == "Undo Enhance Photo"
    w.doc.undo.undo()
    assert w.doc.project.images[0].enhance == "auto"
