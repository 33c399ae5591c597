"""The Look tab: template, fill and brand edits are undoable steps the preview follows; a kit
applies in one step and Undo restores the previous look; a file that is not a font is refused
with a note and nothing changes."""

from __future__ import annotations

import shutil
from pathlib import Path

from studio.core.brand import BrandKit, save_kit
from studio.core.edits import UndoLog
from studio.core.intake import load_product
from studio.media.locations import resource
from studio.ui.brand_panel import BrandPanel
from tests.samples import demo_product

FONT = resource("fonts") / "NotoSans-Bold.ttf"


def _panel(qtbot, tmp_path):
    project = load_product(demo_product(tmp_path / "hoodie")).project
    undo = UndoLog(project)
    panel = BrandPanel(project, undo)
    qtbot.addWidget(panel)
    panel.show()
    return project, undo, panel


def test_template_and_fill_are_undoable(qtbot, tmp_path, own_config):
    project, undo, panel = _panel(qtbot, tmp_path)
    panel.template.setCurrentIndex(panel.template.findData("comparison"))
    panel.template.activated.emit(panel.template.currentIndex())
    assert project.look.template == "comparison" and undo.undo_label == "Change Template"
    assert "side by side" in panel.template_hint.text()
    undo.undo()
    assert project.look.template == "highlight"
    assert panel.template.currentData() == "highlight"  # the picker followed the undo


def test_a_kit_applies_in_one_step_and_undo_restores_the_look(qtbot, tmp_path, own_config):
    save_kit(
        BrandKit(
            "Luma", accent="#e63946", panel="#0b132b", heading_font=FONT, watermark="top-right"
        )
    )
    project, undo, panel = _panel(qtbot, tmp_path)
    panel._fill_kits()
    panel.apply_kit("Luma")
    assert project.brand.accent == "#e63946" and project.brand.watermark == "top-right"
    assert project.brand.heading_font and (project.root / project.brand.heading_font).is_file()
    assert panel.kit.currentData() == "Luma" and panel.heading_font.text().endswith(".ttf")
    assert undo.undo_label == "Use Brand Kit Luma"
    undo.undo()
    assert project.brand.accent == "#ffc400" and project.brand.heading_font is None
    assert project.brand.watermark == "none" and panel.kit.currentData() == ""


def test_a_file_that_is_not_a_font_is_refused(qtbot, tmp_path, own_config):
    project, undo, panel = _panel(qtbot, tmp_path)
    fake = tmp_path / "Fancy.ttf"
    fake.write_text("<html>")
    assert not panel.set_font("heading_font", fake)
    assert "not a font" in panel.note.text() and project.brand.heading_font is None
    assert not undo.can_undo
    shutil.copy(FONT, tmp_path / "Real.ttf")
    assert panel.set_font("heading_font", tmp_path / "Real.ttf")
    assert project.brand.heading_font.startswith("brand/heading-font-")
    assert project.brand.heading_font.endswith(".ttf") and not panel.note.isVisible()


def test_colours_and_save_as_kit(qtbot, tmp_path, own_config):
    project, undo, panel = _panel(qtbot, tmp_path)
    panel.set_colour("accent", "#00c8ff")
    assert project.brand.accent == "#00c8ff"
    assert panel.save_as_kit("Cyan Shop")
    assert panel.kit.findData("Cyan Shop") >= 0 and project.brand.kit == "Cyan Shop"


def test_the_window_has_a_look_tab_that_rebuilds_the_preview(qtbot, window):
    w = window
    w.show_page(w.brand_panel.parentWidget().parentWidget())
    before = w.player._built_from
    w.brand_panel.set_colour("accent", "#00c8ff")
    assert w.player._pending  # a new preview is on its way
    assert before is not None


def test_a_logo_is_chosen_in_the_look_tab_and_a_bad_one_refused(qtbot, tmp_path, own_config):
    """The Look tab had no way to give a product a logo except a whole brand kit."""
    from PIL import Image

    project, undo, panel = _panel(qtbot, tmp_path)
    assert panel.logo.text() == "No logo" and not panel.logo_reset.isEnabled()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    good = elsewhere / "Shop Logo.png"
    Image.new("RGBA", (240, 80), (200, 30, 30, 255)).save(good)
    assert panel.set_logo(good)
    assert project.product.logo is not None and (project.root / project.product.logo).is_file()
    assert panel.logo.text() == Path(project.product.logo).name and undo.undo_label == "Change Logo"
    undo.undo()
    assert project.product.logo is None and panel.logo.text() == "No logo"
    undo.redo()
    panel.logo_reset.trigger()
    assert project.product.logo is None and undo.undo_label == "Remove Logo"

    # a second logo is a step of its own: Undo brings the first back, pixels and all
    first = project.product.logo
    assert first is None
    assert panel.set_logo(good)
    first = project.product.logo
    blue = elsewhere / "Shop Logo 2.png"
    Image.new("RGBA", (240, 80), (30, 60, 200, 255)).save(blue)
    assert panel.set_logo(blue)
    second = project.product.logo
    assert second != first and undo.undo_label == "Change Logo"
    undo.undo()
    assert project.product.logo == first
    with Image.open(project.root / first) as im:
        assert im.convert("RGB").getpixel((5, 5)) == (200, 30, 30)
    undo.undo()

    clear = elsewhere / "clear.png"
    Image.new("RGBA", (240, 80), (0, 0, 0, 0)).save(clear)
    assert not panel.set_logo(clear)
    assert project.product.logo is None and "Cannot use this logo" in panel.note.text()
