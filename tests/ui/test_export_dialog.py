"""Exports: the dialog edits the project's export settings (undoable, the preview follows),
remembers its folder, proposes a file per format, and an export outlives the dialog: it stays
in the status bar's jobs area until it ends, and quitting asks first."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from studio.media.ffmpeg import probe
from studio.ui.document import open_document


def test_format_and_size_are_the_projects_and_undoable(qtbot, make_window, planned_file):
    w = make_window(open_document(planned_file))
    dlg = w.open_export()
    assert dlg.output_path().name == "hoodie-landscape.mp4"
    dlg.preset.setCurrentIndex(dlg.preset.findData("portrait"))
    assert w.doc.project.export.preset == "portrait"  # the preview and motion editor follow it
    assert dlg.output_path().name == "hoodie-portrait.mp4"  # a file per format
    assert w.undo_action.text() == "Undo Change Export Format"
    w.doc.undo.undo()
    assert w.doc.project.export.preset == "landscape"
    assert dlg.preset.currentData() == "landscape"  # the dialog shows the project's value


def test_a_product_opened_from_its_folder_starts_with_the_last_export_settings(
    qtbot, make_window, product_dir, wait_planned
):
    from studio.ui.window_files import settings_store

    store = settings_store()
    store.setValue("export/preset", "square")
    store.setValue("export/height", 720)
    doc = open_document(product_dir)
    w = make_window(doc)
    assert (doc.project.export.preset, doc.project.export.height) == ("square", 720)
    wait_planned(w)  # (a fresh product is planned on open)
    assert not w.isWindowModified()  # not an edit


@pytest.mark.slow
def test_export_a_short_video(qtbot, make_window, planned_file):
    w = make_window(open_document(planned_file))
    out = planned_file.parent / "clip.mp4"
    dlg = w.open_export()
    dlg.output.setText(str(out))
    dlg.preset.setCurrentIndex(dlg.preset.findData("square"))
    dlg.height_box.setValue(180)
    assert dlg.size_label.text() == "180 × 180 pixels"
    opened: list[str] = []
    dlg.open_url = lambda url: opened.append(url.toLocalFile())
    assert not dlg.play_button.isVisible()  # nothing to play yet
    dlg.start_export()
    assert dlg.running and not dlg.export_button.isEnabled()
    # the studio stays usable while the export renders its own snapshot
    w.doc.undo.set_scene(w.doc.project.timeline.scenes[0].id, "caption", "Edited during export")
    qtbot.waitUntil(lambda: not dlg.running, timeout=180_000)
    assert dlg.result_video == out and out.exists(), dlg.status.text()
    info = probe(out)
    v = info.first("video")
    assert v is not None and (v.width, v.height) == (180, 180)
    assert info.first("audio") is not None
    assert info.duration and info.duration > 3
    assert out.with_suffix(".srt").exists()
    # the video just made is one click from the system's player, or its folder
    assert dlg.play_button.isVisible() and dlg.show_button.isVisible()
    dlg.play_button.click()
    dlg.show_button.click()
    assert opened == [str(out), str(out.parent)]
    assert (
        "Exported clip.mp4" in w.plan_notice.label.text()
        and w.plan_notice.action_button.isVisible()
    )
    # again after the caption edit: only the edited scene's parts of the picture are encoded
    dlg.start_export()
    qtbot.waitUntil(lambda: not dlg.running, timeout=180_000)
    assert "reused the rest" in dlg.status.text(), dlg.status.text()
    assert "reused the rest" in w.plan_notice.label.text()


@pytest.mark.slow
def test_an_export_outlives_its_dialog_and_is_cancelled_from_the_jobs_area(
    qtbot, make_window, planned_file
):
    w = make_window(open_document(planned_file))
    out = planned_file.parent / "cancelled.mp4"
    dlg = w.open_export()
    dlg.output.setText(str(out))
    dlg.height_box.setValue(720)  # big enough that rendering is still going when we cancel
    before = set(planned_file.parent.iterdir())
    dlg.start_export()
    dlg.close()  # closing the dialog does not stop the export...
    assert w.exports.running == [out]
    qtbot.waitUntil(
        lambda: w.job_status.isVisible() and "Rendering video" in w.job_status.label.text(),
        timeout=120_000,
    )  # ...it is shown in the status bar
    w.job_status.escape()  # Esc does not throw an export away
    assert w.exports.running == [out]
    w.job_status.cancel_button.click()  # the status bar's Cancel does
    qtbot.waitUntil(lambda: not w.exports.running, timeout=60_000)
    assert "cancelled: nothing was written" in w.plan_notice.label.text()
    assert not out.exists() and set(planned_file.parent.iterdir()) - before == set()


@pytest.mark.slow
def test_quitting_during_an_export_asks_first(qtbot, make_window, planned_file, monkeypatch):
    w = make_window(open_document(planned_file))
    dlg = w.open_export()
    dlg.output.setText(str(planned_file.parent / "late.mp4"))
    dlg.start_export()
    asked: list[str] = []

    def answer(self, names):
        asked.append(names)
        return QMessageBox.StandardButton.No if len(asked) == 1 else QMessageBox.StandardButton.Yes

    monkeypatch.setattr(type(w), "ask_quit_during_export", answer)
    assert not w.close()  # "Keep Working"
    assert w.exports.running and asked == ["late.mp4"]
    assert w.close()  # "Cancel Export and Quit"
    qtbot.waitUntil(lambda: not w.exports.running, timeout=60_000)
    assert not (planned_file.parent / "late.mp4").exists()
