from __future__ import annotations

import pytest
from PySide6.QtGui import QImage

from studio.ui.app import main


@pytest.mark.slow
def test_screenshot_of_a_saved_project(qtbot, planned_file, tmp_path):
    out = tmp_path / "shot.png"
    assert main([str(planned_file), "--screenshot", str(out)]) == 0
    img = QImage(str(out))
    assert not img.isNull() and img.width() >= 960 and img.height() >= 640


def test_bad_path_is_an_error_not_a_crash(qtbot, tmp_path, capsys):
    assert main([str(tmp_path / "missing"), "--screenshot", str(tmp_path / "x.png")]) == 1
    assert "no such folder" in capsys.readouterr().err


def _answer(monkeypatch, label: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    def fake_exec(box: QMessageBox) -> int:
        next(b for b in box.buttons() if b.text() == label).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)


def test_recovery_offered_at_start_can_be_restored_or_discarded(qtbot, planned_file, monkeypatch):
    from studio.core.autosave import list_recoveries, write_recovery
    from studio.ui.app import offer_recovery
    from studio.ui.document import open_document

    doc = open_document(planned_file)
    doc.undo.set_scene(doc.project.timeline.scenes[1].id, "caption", "Unsaved words")
    write_recovery(doc.project, doc.file)
    _answer(monkeypatch, "Restore")
    restored = offer_recovery(list_recoveries())
    assert restored is not None and restored.is_dirty
    assert restored.project.timeline.scenes[1].caption == "Unsaved words"
    _answer(monkeypatch, "Discard")
    assert offer_recovery(list_recoveries()) is None
    assert not list_recoveries()


def test_the_shipped_fonts_let_text_boxes_draw_chinese(qtbot):
    from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics

    from studio.ui.app import register_fonts

    assert register_fonts() == 4  # Noto Sans regular/bold and the CJK face, regular/bold
    families = [f for f in QFontDatabase.families() if "SC" in f or "Studio" in f]
    assert families, QFontDatabase.families()
    assert QFontMetrics(QFont(families[0])).inFont("防")
