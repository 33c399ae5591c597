"""A first run that guides: File > New makes a product folder from a typed name or path, and
an empty project shows a drop target with the next steps instead of "Planning scenes…" over
black; the steps tick off as photos and bullets arrive, and planning starts by itself."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QPalette

from studio.ui.document import empty_document
from studio.ui.new_product_dialog import NewProductDialog, folder_name
from tests.samples import DEMO


def test_folder_names_keep_letters_and_drop_what_file_systems_refuse():
    assert folder_name("  Red Mug / 12 oz: *new*  ") == "Red Mug 12 oz new"
    assert folder_name("防水夹克") == "防水夹克"
    assert folder_name("..hidden") == "hidden"
    assert folder_name("   ") == ""
    assert len(folder_name("x" * 500)) <= 80
    assert folder_name("con") == "con product" and folder_name("Nul.txt") == "Nul.txt product"
    assert folder_name("Console") == "Console"


def test_new_product_dialog_accepts_a_typed_name_and_a_new_location(qtbot, tmp_path):
    dialog = NewProductDialog(tmp_path)
    qtbot.addWidget(dialog)
    create = dialog.buttons.buttons()[0]
    assert not create.isEnabled()  # nothing named yet
    qtbot.keyClicks(dialog.name, "Red Mug")
    dialog.location.setText(str(tmp_path / "shop" / "kitchen"))  # typed, not there yet
    assert dialog.folder() == tmp_path / "shop" / "kitchen" / "Red Mug"
    assert create.isEnabled() and "Creates" in dialog.result_note.text()
    (tmp_path / "file").write_text("x")
    dialog.location.setText(str(tmp_path))
    dialog.name.setText("file")
    assert not create.isEnabled() and "is a file" in dialog.result_note.text()


def test_new_creates_the_folder_and_shows_the_first_steps(make_window, tmp_path):
    w = make_window(empty_document(tmp_path))
    folder = tmp_path / "products" / "Red Mug"
    assert w.create_product(folder, "Red Mug")
    assert folder.is_dir() and w.doc.project.root == folder
    assert w.doc.project.product.title == "Red Mug"
    screen = w.player.screen_widget
    assert [done for done, _ in screen.guide] == [False, False, False]
    assert screen.notice == ""  # nothing is being planned, so it does not say so
    # the drop target is painted in the palette's colours, not a black stage
    img = screen.grab().toImage()
    centre = img.pixelColor(screen.width() // 2, screen.height() // 4)
    assert centre == screen.palette().color(QPalette.ColorRole.Base)


def test_new_on_a_folder_that_holds_a_product_opens_it(make_window, tmp_path, planned_file):
    w = make_window(empty_document(tmp_path))
    assert w.create_product(planned_file.parent, "ignored")
    assert w.doc.file == planned_file and len(w.doc.project.timeline.scenes) > 0


@pytest.mark.slow
def test_the_steps_tick_off_and_planning_starts(qtbot, make_window, tmp_path):
    w = make_window(empty_document(tmp_path))
    assert w.create_product(tmp_path / "Hoodie", "Hoodie")
    screen = w.player.screen_widget
    w.add_images([Path(DEMO / "img1.jpg"), Path(DEMO / "img3.jpg")])
    qtbot.waitUntil(lambda: len(w.doc.project.images) == 2, timeout=60_000)
    assert [done for done, _ in screen.guide] == [True, False, False]
    w.product_panel.bullets.setPlainText("Kangaroo pocket.\nAdjustable drawstring hood.")
    qtbot.waitUntil(lambda: screen.guide[1][0], timeout=5_000)
    qtbot.waitUntil(lambda: len(w.doc.project.timeline.scenes) > 0, timeout=120_000)
    qtbot.waitUntil(lambda: not screen.guide, timeout=30_000)  # the preview took its place


def test_a_folder_of_photos_without_bullets_opens_ready_for_them(tmp_path):
    from studio.ui.document import open_document
    from tests.samples import demo_product

    folder = demo_product(tmp_path / "mug")
    (folder / "bullets.txt").unlink()
    doc = open_document(folder)
    assert len(doc.project.images) == 2 and doc.project.product.bullets == []
    assert doc.warnings == []
    (folder / "bullets.txt").write_bytes(b"\n\n")  # there, but empty: said, not fatal
    doc = open_document(folder)
    assert doc.project.product.bullets == [] and "empty" in doc.warnings[0]


def test_a_photo_from_elsewhere_dropped_on_a_card_is_added_and_used_there(
    qtbot, make_window, planned_file, tmp_path
):
    from studio.ui.document import open_document
    from tests.samples import product_photo

    w = make_window(open_document(planned_file))
    scene = w.doc.project.timeline.scenes[1]
    (tmp_path / "downloads").mkdir()
    photo = product_photo(tmp_path / "downloads" / "side-view.jpg")
    w.timeline.photo_files_dropped.emit([photo], scene.id)  # what a drop on the card does
    qtbot.waitUntil(lambda: scene.image == "side-view.jpg", timeout=30_000)
    assert (planned_file.parent / "side-view.jpg").is_file()  # copied into the product
    assert "side-view.jpg" in [a.path for a in w.doc.project.images]
    assert scene.edited  # the seller's choice: re-plans keep it


def test_starting_without_a_product_makes_nothing_until_something_comes_in(
    qtbot, make_window, tmp_path, monkeypatch
):
    """Started from a menu (or any folder), the studio must not take that folder for the
    product: the new product gets its own folder among the user's documents, made only when
    the first photo comes in, and no title made up from a folder name."""
    from studio.ui.app import initial_document, parse_args

    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home" / "Documents").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    doc = initial_document(parse_args([]))
    folder = tmp_path / "home" / "Documents" / "Untitled product"
    assert doc.project.root == folder and doc.project.product.title == ""
    assert not folder.exists()
    folder.mkdir()  # taken: the next new product takes the next name
    assert initial_document(parse_args([])).project.root.name == "Untitled product 2"
    folder.rmdir()

    w = make_window(doc)
    w.add_images([Path(DEMO / "img1.jpg")])
    qtbot.waitUntil(lambda: len(w.doc.project.images) == 1, timeout=60_000)
    assert (folder / "img1.jpg").is_file()  # copied into the new product's own folder
    assert not (tmp_path / "img1.jpg").exists()  # not where the studio was started
    qtbot.keyClicks(w.product_panel.title, "Red Mug")  # typed, as a seller does
    assert w.doc.project.product.title == "Red Mug"
    assert w.save_to(w.doc.default_file())
    assert (folder / "red-mug.studio.json").is_file()


def test_a_title_typed_before_the_first_photo_names_the_new_folder(
    qtbot, make_window, tmp_path, monkeypatch
):
    """A seller who types the title first finds the photos in a folder of that name, not in
    "Untitled product"; once the folder exists it is the seller's and keeps its name."""
    from studio.core.autosave import recovery_path, write_recovery
    from studio.ui.document import untitled_document

    docs = tmp_path / "Documents"
    (docs / "Red Mug").mkdir(parents=True)  # taken: the next free name is used
    doc = untitled_document(docs)
    w = make_window(doc)
    qtbot.keyClicks(w.product_panel.title, "Red Mug / 12 oz")
    old_recovery = write_recovery(doc.project, None)  # autosaved before the first photo
    w.add_images([Path(DEMO / "img1.jpg")])
    qtbot.waitUntil(lambda: len(w.doc.project.images) == 1, timeout=60_000)
    folder = docs / "Red Mug 12 oz"
    assert w.doc.project.root == folder and (folder / "img1.jpg").is_file()
    assert not (docs / "Untitled product").exists()
    assert not old_recovery.exists()  # no stale recovery of a folder that never was
    assert recovery_path(w.doc.project, None) != old_recovery

    w.product_panel.title.clear()
    qtbot.keyClicks(w.product_panel.title, "Blue Mug")
    w.add_images([Path(DEMO / "img3.jpg")])
    qtbot.waitUntil(lambda: len(w.doc.project.images) == 2, timeout=60_000)
    assert w.doc.project.root == folder  # the folder is made: renaming it is the seller's call
