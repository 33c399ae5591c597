from __future__ import annotations

import pytest

from studio.media.ffmpeg import probe
from studio.ui.document import open_document


@pytest.mark.slow
def test_export_a_short_video(qtbot, make_window, planned_file):
    w = make_window(open_document(planned_file))
    out = planned_file.parent / "clip.mp4"
    dlg = w.open_export()
    dlg.output.setText(str(out))
    dlg.preset.setCurrentIndex(dlg.preset.findData("square"))
    dlg.height_box.setValue(180)
    assert dlg.size_label.text() == "180 × 180 pixels"
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
    assert dlg.show_button.isVisible()


@pytest.mark.slow
def test_cancel_export_leaves_no_file(qtbot, make_window, planned_file):
    w = make_window(open_document(planned_file))
    out = planned_file.parent / "cancelled.mp4"
    dlg = w.open_export()
    dlg.output.setText(str(out))
    dlg.height_box.setValue(720)  # big enough that rendering is still going when we cancel
    dlg.start_export()
    qtbot.waitUntil(lambda: dlg.status.text().startswith("Rendering video"), timeout=120_000)
    before = set(planned_file.parent.iterdir())
    dlg.cancel_button.click()
    qtbot.waitUntil(lambda: not dlg.running, timeout=60_000)
    assert "cancelled" in dlg.status.text()
    assert not out.exists()
    leftovers = set(planned_file.parent.iterdir()) - before
    assert not leftovers
    assert not any(p.name.startswith("cancelled") for p in planned_file.parent.iterdir())
    assert dlg.export_button.isEnabled()
