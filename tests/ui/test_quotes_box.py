"""The Quotes box: typing customer quotes adds quote cards after a re-plan; undo takes them back."""

from __future__ import annotations

from PySide6.QtCore import Qt

from studio.ui.document import open_document


def test_typing_quotes_adds_quote_cards_and_undo_removes_them(qtbot, make_window, planned_file):
    w = make_window(open_document(planned_file))
    project, undo = w.doc.project, w.doc.undo
    box = w.product_panel.quotes
    box.setFocus()
    with qtbot.waitSignal(w.planning_finished, timeout=180_000):  # one debounced re-plan
        qtbot.keyClicks(box, '"Kept me dry all week." - Sam')  # QTest types ASCII only
    assert project.product.quotes == ['"Kept me dry all week." - Sam']
    kinds = [s.kind for s in project.timeline.scenes]
    assert kinds[-2:] == ["quote", "cta"]
    card = project.timeline.scenes[-2]
    assert card.caption == card.voice_line == "Kept me dry all week."
    row = kinds.index("quote")
    tip = w.timeline_model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Quote scene")
    while project.product.quotes:
        undo.undo()
    assert box.toPlainText() == ""  # the box follows the product
