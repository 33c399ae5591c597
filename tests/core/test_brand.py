"""Brand kits: colours as sellers write them, a kit library that copies its files, a project
that keeps its look through save and load, and bad kit input that costs one message, not the
export."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from studio.core.brand import (
    BrandKit,
    apply_kit,
    font_problem,
    kit_from_project,
    list_kits,
    load_kit,
    save_kit,
)
from studio.core.colours import parse_colour
from studio.core.errors import ProjectError
from studio.core.intake import load_product
from studio.core.project_io import load_project, save_project
from studio.media.locations import resource
from tests.samples import demo_product

FONT = resource("fonts") / "NotoSans-Regular.ttf"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("#1E66F5", "#1e66f5"),
        ("1e66f5", "#1e66f5"),
        ("#abc", "#aabbcc"),
        ("rgb(30, 102, 245)", "#1e66f5"),
        (" Navy ", "#000080"),
    ],
)
def test_colours_as_sellers_write_them(text, expected):
    assert parse_colour(text, "accent") == expected


@pytest.mark.parametrize("bad", ["#12345", "rgb(300, 0, 0)", "bluish", "", 12])
def test_unreadable_colours_are_named_in_one_message(bad):
    with pytest.raises(ProjectError, match="accent"):
        parse_colour(bad, "accent")


def test_font_check_refuses_what_is_not_a_font(tmp_path):
    fake = tmp_path / "Brand.ttf"
    fake.write_bytes(b"<html>not a font</html>")
    assert "not a font" in font_problem(fake)
    assert "not found" in font_problem(tmp_path / "missing.otf")
    assert "not a font file" in font_problem(tmp_path / "logo.png")
    assert font_problem(FONT) == ""


def test_a_kit_is_saved_with_copies_and_applied_into_the_product_folder(own_config, tmp_path):
    assets = tmp_path / "downloads"
    assets.mkdir()
    heading = assets / "Heading.ttf"
    shutil.copy(FONT, heading)
    logo = assets / "logo.png"
    shutil.copy(resource("demo") / "img1.jpg", assets / "x.jpg")
    from PIL import Image

    Image.new("RGBA", (64, 32), (200, 20, 20, 255)).save(logo)
    folder = save_kit(
        BrandKit("Luma Sports", accent="#e63946", panel="navy", heading_font=heading, logo=logo)
    )
    heading.unlink()  # the kit keeps its own copy
    logo.unlink()
    (kit,) = list_kits()
    assert kit.name == "Luma Sports" and kit.panel == "#000080"
    assert kit.heading_font is not None and kit.heading_font.parent == folder

    product = demo_product(tmp_path / "hoodie")
    project = load_product(product).project
    apply_kit(project, load_kit("Luma Sports"))
    assert project.brand.accent == "#e63946" and project.brand.kit == "Luma Sports"
    assert project.brand.heading_font == "brand/luma-sports-heading_font.ttf"
    assert (product / project.brand.heading_font).is_file()
    assert project.product.logo == "brand/luma-sports-logo.png"

    save_project(project, product / "hoodie.studio.json")
    again = load_project(product / "hoodie.studio.json")
    assert (
        again.brand.accent == "#e63946" and again.brand.heading_font == project.brand.heading_font
    )
    assert again.brand.kit == "Luma Sports"
    # and back into a kit, for the next product
    assert kit_from_project(again, "copy").heading_font == product / project.brand.heading_font


def test_a_damaged_kit_costs_warnings_not_the_export(own_config, tmp_path):
    folder = own_config / "brands" / "broken"
    folder.mkdir(parents=True)
    (folder / "heading_font.ttf").write_bytes(b"garbage")
    (folder / "kit.json").write_text(
        json.dumps(
            {
                "format": "product-video-studio-brand",
                "name": "Broken",
                "accent": "not a colour",
                "panel": "#101010",
                "heading_font": "heading_font.ttf",
                "body_font": "../../etc/passwd",
                "watermark": "middle",
            }
        )
    )
    warnings: list[str] = []
    kit = load_kit("broken", warnings)
    assert kit.panel == "#101010" and kit.accent == "#ffc400"  # the default stayed
    assert kit.heading_font is None and kit.body_font is None and kit.watermark == "none"
    text = "\n".join(warnings)
    assert "not a colour" in text and "damaged or not a font" in text
    assert "not a file of the kit" in text and "watermark" in text


def test_unknown_kit_names_the_saved_ones(own_config):
    with pytest.raises(ProjectError, match="no brand kit 'nope'"):
        load_kit("nope")


def test_product_toml_sets_the_look_and_reports_bad_values(own_config, tmp_path):
    product = demo_product(tmp_path / "mug")
    shutil.copy(FONT, product / "Body.ttf")
    (product / "product.toml").write_text(
        'template = "comparison"\nfill = "blur"\naccent_colour = "#0a7"\n'
        'panel_colour = "sky"\nbody_font = "Body.ttf"\nheading_font = "../outside.ttf"\n'
        'watermark = "top-right"\nwatermark_opacity = 3\nbrand_kit = "missing"\n',
        encoding="utf-8",
    )
    intake = load_product(product)
    p = intake.project
    assert p.look.template == "comparison" and p.look.fill == "blur"
    assert p.brand.accent == "#00aa77" and p.brand.panel == "#121216"
    assert p.brand.body_font == "Body.ttf" and p.brand.heading_font is None
    assert p.brand.watermark == "top-right" and p.brand.watermark_opacity == 0.6
    text = "\n".join(intake.warnings)
    for needle in ("panel", "watermark_opacity", "heading_font", "brand_kit"):
        assert needle in text, needle


def test_a_hostile_project_cannot_point_brand_files_outside_its_folder(tmp_path):
    product = demo_product(tmp_path / "p")
    project = load_product(product).project
    save_project(project, product / "p.studio.json")
    doc = json.loads((product / "p.studio.json").read_text())
    doc["brand"] = {"heading_font": "/etc/passwd"}
    (product / "p.studio.json").write_text(json.dumps(doc))
    with pytest.raises(ProjectError, match="brand.heading_font"):
        load_project(product / "p.studio.json")
    doc["brand"] = {"accent": "#zzzzzz"}
    (product / "p.studio.json").write_text(json.dumps(doc))
    with pytest.raises(ProjectError, match="brand.accent"):
        load_project(product / "p.studio.json")
    assert Path(product / "p.studio.json").is_file()
