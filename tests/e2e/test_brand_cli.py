"""Brand kits and templates from the command line: save a kit from a product, list it, use it
by name; a kit that does not exist is one clear error before any work starts."""

from __future__ import annotations

import json
import shutil

import pytest

from studio.media.locations import resource
from tests.e2e.cli import studio
from tests.samples import demo_product


def test_save_list_and_refuse_an_unknown_kit(tmp_path):
    config = tmp_path / "config"
    product = demo_product(tmp_path / "hoodie")
    shutil.copy(resource("fonts") / "NotoSans-Bold.ttf", product / "Heading.ttf")
    (product / "product.toml").write_text(
        'accent_colour = "#e63946"\nheading_font = "Heading.ttf"\n', encoding="utf-8"
    )
    saved = studio("brands", "--save", "Luma", str(product), config=config)
    assert saved.returncode == 0, saved.stderr
    listed = studio("brands", "--json", config=config)
    (kit,) = json.loads(listed.stdout)
    assert kit["name"] == "Luma" and kit["accent"] == "#e63946"
    assert kit["heading_font"].endswith("heading_font.ttf")

    bad = studio(
        "render", str(product), "--brand", "Nope", "-o", str(tmp_path / "x.mp4"), config=config
    )
    assert bad.returncode == 1
    assert "no brand kit 'Nope'" in bad.stderr and "Luma" in bad.stderr
    assert "Traceback" not in bad.stderr and not (tmp_path / "x.mp4").exists()


def test_template_choices_are_checked_by_the_parser(tmp_path):
    proc = studio("render", str(tmp_path), "--template", "slideshow", config=tmp_path / "c")
    assert proc.returncode == 2 and "highlight" in proc.stderr and "comparison" in proc.stderr


@pytest.mark.slow
def test_render_with_a_kit_and_a_template(tmp_path):
    config = tmp_path / "config"
    product = demo_product(tmp_path / "hoodie")
    (product / "product.toml").write_text('accent_colour = "#00c8ff"\n', encoding="utf-8")
    assert studio("brands", "--save", "Cyan", str(product), config=config).returncode == 0
    (product / "product.toml").unlink()
    out = tmp_path / "v.mp4"
    proc = studio(
        "render",
        str(product),
        "--brand",
        "Cyan",
        "--template",
        "explainer",
        "--height",
        "144",
        "-q",
        "-o",
        str(out),
        config=config,
    )
    assert proc.returncode == 0, proc.stderr
    assert out.is_file() and out.stat().st_size > 10_000
