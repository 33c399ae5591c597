"""File dialogs open where the user last took that kind of file from, and never on a path
that does not exist (Qt would show its last part as the file name: a new product's Add Images
dialog offered "Untitled product" as the file to open)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from studio.ui.dialog_places import remember_folder, start_folder
from studio.ui.document import untitled_document


def test_a_remembered_folder_is_used_until_it_goes(tmp_path):
    photos = tmp_path / "Downloads" / "shoot"
    photos.mkdir(parents=True)
    remember_folder("images", [photos / "a.jpg", photos / "b.jpg"])
    assert start_folder("images", tmp_path / "product") == str(photos)
    # each kind keeps its own place
    music = tmp_path / "Music" / "beds"
    music.mkdir(parents=True)
    remember_folder("music", music / "bed.mp3")
    assert start_folder("music") == str(music) and start_folder("images") == str(photos)
    photos.rename(tmp_path / "moved")
    product = tmp_path / "product"
    product.mkdir()
    assert start_folder("images", product) == str(product)


def test_a_missing_suggestion_falls_back_to_a_real_folder(tmp_path):
    place = start_folder("images", tmp_path / "not made yet", None)
    assert place and Path(place).is_dir()
    remember_folder("projects", tmp_path)  # a folder chosen is remembered itself
    assert start_folder("projects") == str(tmp_path)


def test_add_images_on_an_untitled_product_starts_in_a_real_folder(
    make_window, tmp_path, monkeypatch
):
    doc = untitled_document(tmp_path / "Documents")
    assert not doc.project.root.exists()  # the folder is made by the first photo
    w = make_window(doc)
    seen: list[str] = []

    def dialog(parent, caption, folder, filters):
        seen.append(folder)
        return [], ""

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", dialog)
    w.image_list.choose_files()
    assert seen and Path(seen[0]).is_dir()
    assert "Untitled" not in Path(seen[0]).name

    shoot = tmp_path / "shoot"
    shoot.mkdir()
    for name in ("front.jpg", "back.jpg"):
        (shoot / name).write_bytes(b"")
    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", lambda *a: ([str(shoot / "front.jpg")], "")
    )
    added: list[list[Path]] = []
    w.image_list.add_requested.connect(added.append)
    w.image_list.choose_files()
    assert added == [[shoot / "front.jpg"]]
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", dialog)
    w.image_list.choose_files()
    assert seen[-1] == str(shoot)  # the next Add Images opens where the photos came from
