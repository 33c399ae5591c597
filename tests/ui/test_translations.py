"""Translations in the studio: a language is added and written in the product editor (undoable,
no re-plan), a bad code is refused with a reason, and the export dialog exports the
translation under its own name, saying when no voice speaks it."""

from __future__ import annotations

import pytest

from studio.media.ffmpeg import probe
from studio.ui.document import open_document


def test_a_translation_is_added_written_and_undone(qtbot, make_window, planned_file):
    w = make_window(open_document(planned_file))
    panel, product, undo = w.product_panel, w.doc.project.product, w.doc.undo
    assert not panel.language.isEnabled()  # only the main language so far
    assert "not a language code" in panel.add_locale("../de")
    assert product.locales == {}
    assert panel.add_locale("de") == ""
    assert panel.editing == "de" and panel.note.isVisible()
    assert panel.title.text() == "" and panel.title.placeholderText() == product.title
    panel.title.setFocus()
    qtbot.keyClicks(panel.title, "Kapuzenpullover")
    panel.bullets.setPlainText("Wasserabweisend\nKaengurutasche")
    assert product.locales["de"].title == "Kapuzenpullover"
    assert product.locales["de"].bullets == ["Wasserabweisend", "Kaengurutasche"]
    assert product.title == "Hoodie"  # the main language is untouched
    assert not w.planner.busy  # a translation does not re-plan
    panel.language.setCurrentIndex(panel.language.findData(""))
    assert panel.title.text() == "Hoodie" and not panel.note.isVisible()
    while product.locales:
        undo.undo()
    assert panel.language.count() == 1 and panel.editing == ""


@pytest.mark.slow
def test_the_export_dialog_exports_a_translation_under_its_own_name(
    qtbot, make_window, planned_file, monkeypatch, tmp_path
):
    monkeypatch.setenv("STUDIO_CONFIG_DIR", str(tmp_path / "config"))  # no German voice here
    w = make_window(open_document(planned_file))
    w.product_panel.add_locale("de")
    w.product_panel.bullets.setPlainText("Wasserabweisend\nKaengurutasche")
    w.product_panel.call_to_action.setFocus()
    qtbot.keyClicks(w.product_panel.call_to_action, "Jetzt kaufen")
    dlg = w.open_export()
    dlg.language.setCurrentIndex(dlg.language.findData("de"))
    assert dlg.output_path().name == "hoodie-landscape-de.mp4"
    dlg.height_box.setValue(144)
    dlg.start_export()
    qtbot.waitUntil(lambda: not dlg.running, timeout=180_000)
    out = dlg.result_video
    assert out is not None and out.name == "hoodie-landscape-de.mp4", dlg.status.text()
    assert probe(out).first("video") is not None
    srt = out.with_suffix(".srt").read_text(encoding="utf-8")
    assert "Wasserabweisend" in srt and "Jetzt kaufen" in srt and "pocket" not in srt.lower()
    assert "no installed voice speaks German (de)" in dlg.status.text()
