"""The Tagline field: typed into the product editor it is the product's tagline (undoable,
no re-plan: no scene's words depend on it) and shows on the title card of the preview; in
a translation it is that language's own."""

from __future__ import annotations

from studio.ui.document import open_document


def test_typing_a_tagline_sets_it_without_a_replan_and_undo_takes_it_back(
    qtbot, make_window, planned_file
):
    w = make_window(open_document(planned_file))
    panel, product, undo = w.product_panel, w.doc.project.product, w.doc.undo
    assert panel.tagline.text() == "" and "over the title" in panel.tagline.placeholderText()
    panel.tagline.setFocus()
    qtbot.keyClicks(panel.tagline, "New for spring")
    assert product.tagline == "New for spring"
    assert not w.planner.busy  # nothing to re-plan
    assert undo.undo_label == "Edit Tagline"
    while product.tagline:
        undo.undo()
    assert panel.tagline.text() == ""

    assert panel.add_locale("de") == ""
    panel.tagline.setFocus()
    qtbot.keyClicks(panel.tagline, "Neu im Fruehling")
    assert product.locales["de"].tagline == "Neu im Fruehling"
    assert product.tagline == ""  # the main language is untouched
