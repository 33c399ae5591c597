"""A product's tagline: a short line over the title on the title card. Read from
product.toml (and a translation's product.<code>.toml), saved with the project, shown by
a translated video only in its own language, and in the subtitles with the title."""

from __future__ import annotations

import pytest

from studio.core.errors import ProjectError
from studio.core.intake import load_product
from studio.core.locales import localised
from studio.core.project_io import load_project, save_project
from studio.render.plan import CaptionSpec
from studio.render.timeline import caption_for, cue_text
from tests.samples import demo_product


def _folder(tmp_path, extra: str = ""):
    folder = demo_product(tmp_path / "hoodie")
    (folder / "product.toml").write_text(
        f'title = "Trail Jacket"\nprice = "$89"\ntagline = "New for spring"\n{extra}',
        encoding="utf-8",
    )
    return folder


def test_the_tagline_is_read_saved_and_shown_over_the_title(tmp_path):
    folder = _folder(tmp_path)
    (folder / "product.de.toml").write_text('tagline = "Neu im Frühling"\n', encoding="utf-8")
    intake = load_product(folder)
    project = intake.project
    assert project.product.tagline == "New for spring" and not intake.warnings
    assert project.product.locales["de"].tagline == "Neu im Frühling"

    path = folder / "p.studio.json"
    save_project(project, path)
    again = load_project(path)
    assert again.product.tagline == "New for spring"
    assert again.product.locales["de"].tagline == "Neu im Frühling"

    from studio.core.model import Scene

    spec = caption_for(Scene(kind="title"), project)
    assert spec == CaptionSpec("Trail Jacket", "title", "$89", "New for spring")
    assert cue_text(spec) == "New for spring Trail Jacket — $89"
    assert cue_text(CaptionSpec("Trail Jacket", "title", "$89")) == "Trail Jacket — $89"


def test_a_translation_shows_its_own_tagline_or_none(tmp_path):
    folder = _folder(tmp_path)
    (folder / "bullets.pt.txt").write_text("Bolso canguru.\n", encoding="utf-8")
    project = load_product(folder).project
    assert localised(project, "pt", None).product.tagline == ""  # not English in a Portuguese video
    project.product.locales["pt"].tagline = "Novo na primavera"
    assert localised(project, "pt", None).product.tagline == "Novo na primavera"


def test_a_tagline_that_is_not_text_is_one_message(tmp_path):
    folder = _folder(tmp_path)
    (folder / "product.toml").write_text("tagline = 5\n", encoding="utf-8")
    with pytest.raises(ProjectError, match="tagline must be text"):
        load_product(folder)


def test_the_closing_card_names_the_brand_else_the_product(tmp_path):
    from studio.core.model import Scene

    project = load_product(_folder(tmp_path)).project
    project.product.brand = ""
    spec = caption_for(Scene(kind="cta"), project)
    assert spec == CaptionSpec("Shop now", "cta", "", "Trail Jacket")  # named, not a brand
    from PIL import Image

    Image.new("RGBA", (120, 40), (20, 90, 200, 255)).save(project.image_path("logo.png"))
    project.product.logo = "logo.png"  # a logo names the brand: no title beside it
    assert caption_for(Scene(kind="cta"), project) == CaptionSpec("Shop now", "cta", "")
    project.product.logo = "missing.png"  # left out of the video, so it names nothing
    assert caption_for(Scene(kind="cta"), project).kicker == "Trail Jacket"
    project.product.logo = None
    project.product.brand = "Northwind"
    assert caption_for(Scene(kind="cta"), project) == CaptionSpec("Shop now", "cta", "Northwind")
