"""The voice panel driven like a user: regenerate a line with real Piper synthesis, A/B its
takes, change the line's pace and undo, audition on ALSA's null device (and without a device),
and add voices, good and broken."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from studio.core.project_io import load_project, save_project
from studio.media.playback import Playback
from studio.ui.document import Document, open_document
from studio.ui.voice_panel import VoicePanel
from studio.voice import library
from studio.voice.library import user_voices_dir
from tests.voice.tiny_piper import make_tiny_voice

pytestmark = pytest.mark.slow
LINE = "Stays warm."


@pytest.fixture
def doc(planned_file: Path) -> Document:
    d = open_document(planned_file)
    scene = next(s for s in d.project.timeline.scenes if s.kind == "bullet")
    scene.voice_line = LINE  # a short line keeps synthesis quick
    return d


@pytest.fixture
def make_panel(qtbot, doc):
    panels: list[VoicePanel] = []

    def make(playback: Playback | None = None) -> VoicePanel:
        panel = VoicePanel(doc.project, doc.undo, playback or Playback())
        qtbot.addWidget(panel)
        panel.resize(380, 760)
        panel.show()
        panels.append(panel)
        return panel

    yield make
    for p in panels:
        p.detach()
        qtbot.waitUntil(
            lambda p=p: not p.regenerating and not p.audition.busy and not p.play_take.busy,
            timeout=60_000,
        )


@pytest.fixture(autouse=True)
def _own_voice_registry(monkeypatch):
    """Voices added in one test are not seen by another."""
    monkeypatch.setattr(library, "_registered", {})


def _scene(doc: Document):
    return next(s for s in doc.project.timeline.scenes if s.voice_line == LINE)


def _click_take(qtbot, panel: VoicePanel, row: int) -> None:
    rect = panel.takes.visualItemRect(panel.takes.item(row))
    qtbot.mouseClick(panel.takes.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _type(qtbot, box, text: str) -> None:
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, text)
    qtbot.keyClick(box, Qt.Key.Key_Return)


def test_regenerate_then_choose_between_takes_with_undo(qtbot, doc, make_panel):
    playback = Playback()
    panel = make_panel(playback)
    scene = _scene(doc)
    panel.set_scene(scene.id)
    assert panel.takes.count() == 1 and "Original reading" in panel.takes.item(0).text()

    qtbot.mouseClick(panel.regenerate, Qt.MouseButton.LeftButton)
    assert panel.regenerating and panel.cancel_regenerate.isVisible()
    qtbot.waitUntil(lambda: not panel.regenerating, timeout=120_000)
    assert panel.line_note.text() == ""
    assert panel.takes.count() == 2  # the original reading and the new take
    new_take = scene.takes[-1]
    assert scene.take == new_take and doc.undo.undo_label == "Regenerate Line"
    assert panel.takes.item(1).text().startswith("✓ Take 2")

    _click_take(qtbot, panel, 0)  # A
    assert scene.take is None
    assert doc.undo.undo_label == "Choose Take"
    _click_take(qtbot, panel, 1)  # B
    assert scene.take == new_take
    qtbot.waitUntil(
        lambda: playback.owner is panel.play_take and playback.position() > 0.2, timeout=60_000
    )
    doc.undo.undo()
    assert scene.take is None and panel.takes.currentRow() == 0
    doc.undo.redo()
    assert scene.take == new_take and panel.takes.currentRow() == 1
    qtbot.waitUntil(lambda: not panel.play_take.busy, timeout=60_000)

    # the takes are saved with the project, and reopen listed the same way
    save_project(doc.project, doc.project.root / "again.studio.json")
    again = load_project(doc.project.root / "again.studio.json").timeline.find(scene.id)
    assert again.takes == [new_take] and again.take == new_take


def test_cancelling_a_regeneration_keeps_the_line_as_it_was(qtbot, doc, make_panel):
    panel = make_panel()
    scene = _scene(doc)
    panel.set_scene(scene.id)
    qtbot.mouseClick(panel.regenerate, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.cancel_regenerate, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.regenerating, timeout=60_000)
    assert scene.takes == [] and scene.take is None
    assert "cancelled" in panel.line_note.text()
    assert panel.regenerate.isEnabled() and not panel.cancel_regenerate.isVisible()


def test_a_take_missing_from_the_cache_is_listed_as_unavailable(qtbot, doc, make_panel):
    panel = make_panel()
    scene = _scene(doc)
    panel.set_scene(scene.id)
    doc.undo.set_scene(scene.id, "takes", ["ab" * 16])
    assert panel.takes.count() == 2
    item = panel.takes.item(1)
    assert "unavailable" in item.text()
    assert not item.flags() & Qt.ItemFlag.ItemIsEnabled
    _click_take(qtbot, panel, 1)
    assert scene.take is None  # nothing to choose


def test_line_speed_pauses_and_expressiveness_edit_through_undo(qtbot, doc, make_panel):
    panel = make_panel()
    scene = _scene(doc)
    panel.set_scene(scene.id)
    assert not panel.line_speed.isEnabled()
    qtbot.mouseClick(
        panel.own_speed, Qt.MouseButton.LeftButton, pos=QPoint(4, panel.own_speed.height() // 2)
    )
    assert scene.voice_speed == 1.0 and panel.line_speed.isEnabled()
    _type(qtbot, panel.line_speed, "1.25")
    assert scene.voice_speed == 1.25
    assert doc.undo.undo_label == "Change Line Speed"
    doc.undo.undo()
    assert scene.voice_speed == 1.0 and panel.line_speed.value() == 1.0
    doc.undo.undo()
    assert scene.voice_speed is None and not panel.own_speed.isChecked()

    _type(qtbot, panel.pause_before, "0.5")
    assert scene.pause_before == 0.5
    panel.expressiveness.setFocus()
    qtbot.keyClick(panel.expressiveness, Qt.Key.Key_PageUp)
    assert scene.expressiveness == 0.25 and panel.expressiveness_value.text() == "Lively 25 %"
    doc.undo.undo()
    assert scene.expressiveness == 0.0 and panel.expressiveness_value.text() == "Steady"

    _type(qtbot, panel.speed, "1.1")  # the project's pace shows on lines without their own
    assert doc.project.voice.speed == 1.1 and panel.line_speed.value() == 1.1
    doc.undo.undo()
    assert doc.project.voice.speed == 1.0 and panel.speed.value() == 1.0


def test_audition_plays_on_the_null_device(qtbot, doc, make_panel):
    playback = Playback()
    panel = make_panel(playback)
    panel.set_scene(_scene(doc).id)
    qtbot.mouseClick(panel.audition, Qt.MouseButton.LeftButton)
    assert panel.audition.text() == "Stop"
    qtbot.waitUntil(lambda: playback.position() > 0.2, timeout=120_000)
    assert panel.voice_note.text() == ""
    qtbot.waitUntil(lambda: panel.audition.text() == "Audition", timeout=10_000)


def test_audition_without_a_device_says_so_and_the_panel_keeps_working(qtbot, doc, make_panel):
    panel = make_panel(Playback(device="nope"))
    qtbot.mouseClick(panel.audition, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "No audio output device" in panel.voice_note.text(), timeout=120_000)
    assert panel.voice_note.isVisible()
    assert panel.audition.text() == "Audition"
    _type(qtbot, panel.speed, "0.9")
    assert doc.project.voice.speed == 0.9


def test_add_a_voice_choose_it_and_undo(qtbot, doc, make_panel, tmp_path):
    panel = make_panel()
    model = make_tiny_voice(tmp_path / "downloads", "en_GB-tiny-x_low", language="en_GB")
    with qtbot.waitSignal(panel.voice_added, timeout=30_000):
        panel.add_voice(model)  # installed on a worker
    assert doc.project.voice.voice == "en_GB-tiny-x_low"
    installed = user_voices_dir() / "en_GB-tiny-x_low.onnx"
    assert (
        installed.read_bytes() == model.read_bytes()
    )  # kept for the next start and other projects
    assert (user_voices_dir() / "en_GB-tiny-x_low.onnx.json").is_file()
    assert not list(user_voices_dir().glob(".*.part"))
    assert "en_GB, x low" in panel.voice.currentText()
    doc.undo.undo()
    assert doc.project.voice.voice == "en_US-joe-medium"
    assert panel.voice.currentData() == "en_US-joe-medium"
    panel.voice.setFocus()  # choosing with the keyboard is an edit too
    qtbot.keyClick(panel.voice, Qt.Key.Key_Down)
    assert doc.project.voice.voice == "en_GB-tiny-x_low"
    assert doc.undo.undo_label == "Change Voice"


def test_broken_voice_files_are_explained_inline(qtbot, doc, make_panel, own_config, tmp_path):
    folder = own_config / "voices"
    make_tiny_voice(folder, "en_US-broken-low")
    (folder / "en_US-broken-low.onnx.json").write_text("{not json")
    panel = make_panel()
    assert "en_US-broken-low.onnx" in panel.voice_problems.text()
    assert "not a Piper voice config" in panel.voice_problems.text()
    empty = tmp_path / "empty.onnx"
    empty.write_bytes(b"")
    with qtbot.waitSignal(panel.voice_add_failed, timeout=30_000):
        panel.add_voice(empty)
    assert "voice model is empty" in panel.voice_note.text()
    assert not (folder / "empty.onnx").exists()  # nothing copied
    assert doc.project.voice.voice == "en_US-joe-medium" and not doc.undo.can_undo
    assert "not a Piper voice config" in panel.voice_problems.text()  # still listed


def test_a_project_voice_that_is_not_installed_is_named(qtbot, doc, make_panel):
    doc.project.voice.voice = "de_DE-gone-medium"
    panel = make_panel()
    assert panel.voice.currentText() == "de_DE-gone-medium — not installed"
    assert "de_DE-gone-medium is not installed" in panel.voice_problems.text()
    panel.voice.setFocus()
    qtbot.keyClick(panel.voice, Qt.Key.Key_Home)
    assert doc.project.voice.voice == "en_US-joe-medium" and panel.voice_problems.text() == ""


def test_takes_of_an_earlier_wording_follow_the_line_as_it_is_typed(qtbot, doc, make_panel):
    from studio.voice.takes import synthesize_take

    panel = make_panel()
    scene = _scene(doc)
    other = synthesize_take("Good to go.", seed=7, variation=0.3)  # a real take of other words
    panel.set_scene(scene.id)
    doc.undo.set_scene(scene.id, "takes", [other.id])
    assert "earlier wording" in panel.takes.item(1).text()
    doc.undo.set_scene(scene.id, "voice_line", "Good to go.")
    qtbot.waitUntil(lambda: "earlier wording" not in panel.takes.item(1).text(), timeout=5_000)
    assert panel.takes.item(1).flags() & Qt.ItemFlag.ItemIsEnabled  # it says the line again
