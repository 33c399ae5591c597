from __future__ import annotations

import shutil

import pytest

from studio.core.errors import ProjectError
from studio.core.intake import MAX_BULLET_CHARS, clean_bullet, load_product, shorten
from studio.core.model import Project
from studio.core.project_io import save_project
from studio.media.images import image_info
from tests.samples import broken_images, product_photo


def _folder(tmp_path, bullets="Warm fleece\nTwo pockets\n", n_images=2):
    d = tmp_path / "blue-mug"
    d.mkdir()
    for i in range(n_images):
        product_photo(d / f"IMG_{i + 1}.jpg")
    (d / "bullets.txt").write_text(bullets, encoding="utf-8")
    return d


def test_plain_folder_becomes_a_project(tmp_path):
    d = _folder(tmp_path, "• Warm fleece\n\n  - Two pockets  \n3) 保温杯 ☕\n")
    product_photo(d / "IMG_10.jpg")
    intake = load_product(d, image_info)
    p = intake.project
    assert p.product.title == "Blue Mug"
    assert p.product.bullets == ["Warm fleece", "Two pockets", "保温杯 ☕"]
    assert [a.path for a in p.images] == ["IMG_1.jpg", "IMG_2.jpg", "IMG_10.jpg"]  # natural order
    assert intake.warnings == []


def test_product_toml_is_read_and_checked(tmp_path):
    d = _folder(tmp_path)
    (d / "product.toml").write_text(
        'title = "Blue Mug"\nprice = "$9.99"\ncolour = "blue"\n', encoding="utf-8"
    )
    intake = load_product(d, image_info)
    assert intake.project.product.price == "$9.99"
    assert any("colour" in w for w in intake.warnings)
    (d / "product.toml").write_text("title = Blue Mug\n", encoding="utf-8")
    with pytest.raises(ProjectError, match="product.toml"):
        load_product(d, image_info)
    (d / "product.toml").write_text("price = 9.99\n", encoding="utf-8")
    with pytest.raises(ProjectError, match="price must be text"):
        load_product(d, image_info)


def test_logo_is_not_a_product_image(tmp_path):
    d = _folder(tmp_path)
    product_photo(d / "logo.png", size=(200, 200))
    p = load_product(d, image_info).project
    assert p.product.logo == "logo.png"
    assert "logo.png" not in [a.path for a in p.images]


@pytest.mark.parametrize("content", ["", "\n\n   \n", "• \n- \n"])
def test_empty_bullets_is_one_clear_error(tmp_path, content):
    d = _folder(tmp_path, content)
    with pytest.raises(ProjectError, match="bullets.txt is empty"):
        load_product(d, image_info)


def test_missing_bullets_file_says_what_to_do(tmp_path):
    d = _folder(tmp_path)
    (d / "bullets.txt").unlink()
    with pytest.raises(ProjectError, match="no bullets.txt"):
        load_product(d, image_info)


def test_long_bullet_is_kept_but_flagged(tmp_path):
    long = "This fleece is warm. " * 100
    d = _folder(tmp_path, long + "\nShort one\n")
    intake = load_product(d, image_info)
    assert intake.project.product.bullets[0] == long.strip()
    assert any("bullet 1 is" in w for w in intake.warnings)
    assert len(shorten(long)) <= MAX_BULLET_CHARS
    assert shorten(long).endswith(".")


def test_broken_images_are_skipped_with_a_reason_each(tmp_path):
    d = _folder(tmp_path, n_images=1)
    bad = broken_images(tmp_path / "bad")
    for key in ("corrupt", "zero", "notimage", "cmyk", "alpha"):
        shutil.copy(bad[key], d / bad[key].name)
    intake = load_product(d, image_info)
    names = [a.path for a in intake.project.images]
    assert "zero.jpg" not in names and "notimage.jpg" not in names
    assert "cmyk.jpg" in names and "alpha.png" in names
    assert any("zero.jpg" in w and "empty" in w for w in intake.warnings)
    assert any("notimage.jpg" in w and "not an image" in w for w in intake.warnings)


def test_folder_with_no_usable_images_is_refused(tmp_path):
    d = _folder(tmp_path, n_images=0)
    (d / "a.jpg").write_bytes(b"")
    with pytest.raises(ProjectError, match="no usable product images.*a.jpg"):
        load_product(d, image_info)


def test_saved_project_in_folder_is_preferred(tmp_path):
    d = _folder(tmp_path)
    p = load_product(d, image_info).project
    p.product.title = "Saved Title"
    save_project(p, d / "mug.studio.json")
    again = load_product(d, image_info).project
    assert isinstance(again, Project) and again.product.title == "Saved Title"


def test_clean_bullet_keeps_text_drops_controls():
    assert clean_bullet("\u2022\tBig\x07 tank 🚀 ") == "Big tank 🚀"
    assert clean_bullet("1. First") == "First"
    assert clean_bullet("5-in-1 tool") == "5-in-1 tool"


def test_product_toml_can_name_a_music_track(tmp_path):
    d = _folder(tmp_path)
    (d / "song.mp3").write_bytes(b"ID3")
    (d / "product.toml").write_text('music = "song.mp3"\nsnap_to_beats = true\n', encoding="utf-8")
    m = load_product(d, image_info).project.music
    assert (m.source, m.path, m.snap_to_beats) == ("file", "song.mp3", True)
    (d / "product.toml").write_text('music = "../song.mp3"\n', encoding="utf-8")
    with pytest.raises(ProjectError, match="outside"):
        load_product(d, image_info)
    (d / "product.toml").write_text('music = "missing.mp3"\n', encoding="utf-8")
    with pytest.raises(ProjectError, match="not found"):
        load_product(d, image_info)


def test_a_fifo_or_endless_device_as_a_product_file_is_refused_naming_it(tmp_path):
    import os

    d = _folder(tmp_path)
    (d / "bullets.txt").unlink()
    os.mkfifo(d / "bullets.txt")
    with pytest.raises(ProjectError, match="bullets.txt: not a regular file"):
        load_product(d, image_info)
    (d / "bullets.txt").unlink()
    (d / "bullets.txt").write_text("Warm\n")
    (d / "product.toml").symlink_to("/dev/urandom")
    with pytest.raises(ProjectError, match="product.toml: not a regular file"):
        load_product(d, image_info)


def test_latin1_bullets_are_read_as_written_with_a_warning(tmp_path):
    d = _folder(tmp_path)
    (d / "bullets.txt").write_bytes(
        "Crème brûlée mug\nSoft café sleeve\nNo bleach".encode("latin-1")
    )
    intake = load_product(d, image_info)
    assert intake.project.product.bullets == ["Crème brûlée mug", "Soft café sleeve", "No bleach"]
    assert any("Windows-1252" in w for w in intake.warnings)


def test_only_newlines_separate_bullets(tmp_path):
    d = _folder(tmp_path, "Warm\x0cfleece\x85with\u2028two\u2029pockets\nMachine wash\n")
    assert load_product(d, image_info).project.product.bullets == [
        "Warm fleece with two pockets",
        "Machine wash",
    ]


def test_a_photo_linked_from_outside_the_folder_is_skipped_as_render_would(tmp_path):
    d = _folder(tmp_path)
    outside = product_photo(tmp_path / "elsewhere.jpg")
    (d / "IMG_9.jpg").symlink_to(outside)
    intake = load_product(d, image_info)
    assert "IMG_9.jpg" not in [a.path for a in intake.project.images]
    assert any("IMG_9.jpg" in w and "outside the product folder" in w for w in intake.warnings)
