"""A campaign in the brand kit: a sale badge, a date line and a seasonal accent that travel
with a kit, a product.toml and a saved project, and bad values that cost one message each
while the default stays."""

from __future__ import annotations

import json

import pytest

from studio.core.brand import (
    MAX_SALE_BADGE_CHARS,
    BrandKit,
    apply_kit,
    kit_from_project,
    load_kit,
    save_kit,
)
from studio.core.errors import ProjectError
from studio.core.intake import load_product
from studio.core.model import Brand
from studio.core.project_io import load_project, project_from_dict, project_to_dict, save_project
from tests.samples import demo_product


def test_no_campaign_by_default():
    b = Brand()
    assert (b.sale_badge, b.date_line, b.season_accent) == ("", "", "")


def test_a_campaign_survives_save_and_load(tmp_path):
    project = load_product(demo_product(tmp_path / "hoodie")).project
    project.brand.sale_badge = "-20%"
    project.brand.date_line = "Until 31 December"
    project.brand.season_accent = "#c1121f"
    path = tmp_path / "hoodie" / "hoodie.studio.json"
    save_project(project, path)
    again = load_project(path).brand
    assert (again.sale_badge, again.date_line, again.season_accent) == (
        "-20%",
        "Until 31 December",
        "#c1121f",
    )
    assert again.accent == project.brand.accent  # the kit's own accent is kept beneath


def test_a_project_without_campaign_fields_loads_with_none(tmp_path):
    project = load_product(demo_product(tmp_path / "hoodie")).project
    doc = project_to_dict(project)
    for key in ("sale_badge", "date_line", "season_accent"):
        del doc["brand"][key]
    b = project_from_dict(doc, project.root).brand
    assert (b.sale_badge, b.date_line, b.season_accent) == ("", "", "")


@pytest.mark.parametrize(
    ("key", "value", "needle"),
    [
        ("season_accent", "summer", "brand.season_accent"),
        ("sale_badge", "x" * (MAX_SALE_BADGE_CHARS + 1), "longer than"),
        ("date_line", "until\x07 tomorrow", "not valid text"),
    ],
)
def test_a_damaged_campaign_in_a_project_is_named(tmp_path, key, value, needle):
    project = load_product(demo_product(tmp_path / "hoodie")).project
    doc = project_to_dict(project)
    doc["brand"][key] = value
    with pytest.raises(ProjectError, match=needle):
        project_from_dict(doc, project.root)


def test_a_kit_carries_its_campaign_to_every_product(own_config, tmp_path):
    kit = BrandKit("Winter Sale", sale_badge="SALE", date_line="Until 31 December")
    kit.season_accent = "rgb(193, 18, 31)"
    folder = save_kit(kit)
    stored = json.loads((folder / "kit.json").read_text())
    assert stored["season_accent"] == "#c1121f"  # written checked
    project = load_product(demo_product(tmp_path / "mug")).project
    apply_kit(project, load_kit("Winter Sale"))
    b = project.brand
    assert (b.sale_badge, b.date_line, b.season_accent) == (
        "SALE",
        "Until 31 December",
        "#c1121f",
    )
    back = kit_from_project(project, "Copy")
    assert (back.sale_badge, back.date_line, back.season_accent) == (
        "SALE",
        "Until 31 December",
        "#c1121f",
    )


def test_a_bad_colour_in_a_kit_is_one_message_and_the_accent_is_used(own_config):
    folder = save_kit(BrandKit("Spring", sale_badge="-10%"))
    doc = json.loads((folder / "kit.json").read_text())
    doc["season_accent"] = "spring green-ish"
    doc["date_line"] = ["not", "text"]
    (folder / "kit.json").write_text(json.dumps(doc))
    warnings: list[str] = []
    kit = load_kit("Spring", warnings)
    assert kit.season_accent == "" and kit.date_line == "" and kit.sale_badge == "-10%"
    assert len(warnings) == 2
    colour = next(w for w in warnings if "season_accent" in w)
    assert "spring green-ish" in colour and colour.endswith("the accent colour is used")
    assert any("date_line" in w and "must be text" in w for w in warnings)


def test_product_toml_sets_a_campaign_and_reports_bad_values(own_config, tmp_path):
    product = demo_product(tmp_path / "hoodie")
    (product / "product.toml").write_text(
        'sale_badge = "  -20%  "\ndate_line = "Until\\n31 December"\nseason_colour = "#e63946"\n',
        encoding="utf-8",
    )
    intake = load_product(product)
    b = intake.project.brand
    assert (b.sale_badge, b.date_line, b.season_accent) == ("-20%", "Until 31 December", "#e63946")
    assert not [w for w in intake.warnings if "unknown key" in w]

    (product / "product.toml").write_text(
        'sale_badge = 20\nseason_colour = "not a colour"\n', encoding="utf-8"
    )
    intake = load_product(product)
    b = intake.project.brand
    assert (b.sale_badge, b.season_accent) == ("", "")
    text = "\n".join(intake.warnings)
    assert "sale_badge: must be text" in text
    assert "not a colour" in text and "the accent colour is used" in text


def test_an_empty_season_colour_turns_it_off(own_config, tmp_path):
    product = demo_product(tmp_path / "hoodie")
    (product / "product.toml").write_text('season_colour = ""\n', encoding="utf-8")
    intake = load_product(product)
    assert intake.project.brand.season_accent == "" and not intake.warnings
