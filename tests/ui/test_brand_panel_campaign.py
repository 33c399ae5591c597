"""The Look tab's campaign: a sale badge, a date line and a seasonal colour, each an undoable
step the fields follow; a kit brings its campaign in the same step as the rest of its look."""

from __future__ import annotations

from studio.core.brand import BrandKit, save_kit
from tests.ui.test_brand_panel import _panel


def test_badge_and_date_line_are_typed_and_undone(qtbot, tmp_path, own_config):
    project, undo, panel = _panel(qtbot, tmp_path)
    panel.sale_badge.setText("  -20%  ")
    panel.sale_badge.editingFinished.emit()
    assert project.brand.sale_badge == "-20%" and undo.undo_label == "Change Sale Badge"
    assert panel.sale_badge.text() == "-20%"  # the field shows what will be drawn
    panel.date_line.setText("Until 31 December")
    panel.date_line.editingFinished.emit()
    assert project.brand.date_line == "Until 31 December"
    assert undo.undo_label == "Change Date Line"
    panel.date_line.editingFinished.emit()  # leaving the field unchanged is no step
    assert undo.undo_label == "Change Date Line"
    undo.undo()
    assert project.brand.date_line == "" and panel.date_line.text() == ""
    undo.undo()
    assert project.brand.sale_badge == "" and panel.sale_badge.text() == ""


def test_the_season_colour_is_set_and_removed_with_undo(qtbot, tmp_path, own_config):
    project, undo, panel = _panel(qtbot, tmp_path)
    assert not panel.season_reset.isEnabled()
    panel.set_colour("season_accent", "#C1121F")
    assert project.brand.season_accent == "#c1121f"
    assert undo.undo_label == "Change Season Colour" and panel.season_reset.isEnabled()
    panel.season_reset.trigger()
    assert project.brand.season_accent == "" and undo.undo_label == "Remove Season Colour"
    undo.undo()
    assert project.brand.season_accent == "#c1121f"


def test_a_kit_brings_its_campaign_in_one_step(qtbot, tmp_path, own_config):
    save_kit(BrandKit("Winter", sale_badge="SALE", date_line="Ends Sunday", season_accent="navy"))
    project, undo, panel = _panel(qtbot, tmp_path)
    panel.apply_kit("Winter")
    assert (project.brand.sale_badge, project.brand.season_accent) == ("SALE", "#000080")
    assert panel.sale_badge.text() == "SALE" and panel.date_line.text() == "Ends Sunday"
    undo.undo()
    assert (project.brand.sale_badge, project.brand.date_line) == ("", "")
    assert panel.sale_badge.text() == ""
