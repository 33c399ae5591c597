"""The preview player in the studio window: the export's frames and mix, played with a clock,
scrubbed, stepped by frame, following edits; silent with a notice when there is no device."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from studio.ui.document import open_document


def _ready(qtbot, w, timeout=180_000):
    qtbot.waitUntil(lambda: not w.player.busy and w.player.preview is not None, timeout=timeout)


def _image_array(img):
    img = img.convertToFormat(img.Format.Format_RGB888)
    ptr = img.constBits()
    a = np.frombuffer(ptr, np.uint8, img.sizeInBytes()).reshape(img.height(), img.bytesPerLine())
    return a[:, : img.width() * 3].reshape(img.height(), img.width(), 3).copy()


@pytest.mark.slow
def test_preview_is_the_export_plan_at_preview_size(qtbot, window):
    w = window
    _ready(qtbot, w)
    pv = w.player.preview
    assert (pv.plan.width, pv.plan.height) == (640, 360)
    assert pv.audio.shape == (round(pv.duration * pv.sample_rate), 2)
    assert np.abs(pv.audio).max() > 0.05  # voice and music, not silence
    assert pv.scene_ids == tuple(s.id for s in w.doc.project.timeline.scenes)
    assert w.player.screen_widget.image is not None
    assert w.player.slider.maximum() == pv.plan.frame_count - 1


@pytest.mark.slow
def test_play_pause_step_and_scrub(qtbot, window):
    w = window
    _ready(qtbot, w)
    p = w.player
    p.seek(0.0)
    qtbot.keyClick(w.timeline, Qt.Key.Key_Space)  # the window's Space shortcut
    assert p.is_playing
    qtbot.waitUntil(lambda: p.position > 0.3, timeout=10_000)
    assert w.playback.owner is p  # the null device accepted the sound
    w.play_action.trigger()
    assert not p.is_playing
    fps = p.preview.plan.fps
    assert abs(p.position * fps - round(p.position * fps)) < 1e-6  # paused on a frame
    before = round(p.position * fps)
    w.next_frame_action.trigger()
    w.next_frame_action.trigger()
    w.prev_frame_action.trigger()
    assert round(p.position * fps) == before + 1
    qtbot.waitUntil(lambda: p.shown_time is not None and abs(p.shown_time - p.position) < 1e-6)
    # scrub to the last scene: the frame shown changes and the timeline selection follows on play
    last = p.preview.plan.scenes[-1]
    p.slider.setValue(int((last.start + 0.6) * fps))
    qtbot.waitUntil(lambda: abs(p.shown_time - int((last.start + 0.6) * fps) / fps) < 1e-6)
    w.end_action.trigger()
    assert abs(p.position - (p.preview.plan.frame_count - 1) / fps) < 1e-6
    w.start_action.trigger()
    assert p.position == 0.0


@pytest.mark.slow
def test_selecting_a_scene_shows_it_and_playing_reaches_the_end(qtbot, window):
    w = window
    _ready(qtbot, w)
    p = w.player
    scenes = w.doc.project.timeline.scenes
    p.seek(0.0)
    qtbot.waitUntil(lambda: p.shown_time == 0.0)
    title_card = _image_array(p.screen_widget.image)
    w.timeline.select_scene(scenes[1].id)  # a photo other than the title card's
    assert p.preview.scene_at(p.position) == scenes[1].id
    qtbot.waitUntil(lambda: p.shown_time is not None and abs(p.shown_time - p.position) < 1e-6)
    shown = _image_array(p.screen_widget.image)
    assert shown.shape == title_card.shape == (360, 640, 3)
    assert np.abs(shown.astype(int) - title_card).mean() > 10  # another photo, not the title card
    p.seek(p.duration - 0.4)
    p.play()
    qtbot.waitUntil(lambda: not p.is_playing, timeout=10_000)
    assert w.timeline.selected_scene_id() == scenes[-1].id  # selection followed the playhead


@pytest.mark.slow
def test_an_edit_rebuilds_the_preview(qtbot, window):
    w = window
    _ready(qtbot, w)
    old = w.player.preview
    scene = w.doc.project.timeline.scenes[1]
    w.doc.undo.set_scene(
        scene.id, "caption", "A much longer caption that the preview must now show"
    )
    assert w.player.busy
    _ready(qtbot, w)
    assert w.player.preview is not old
    assert w.player.preview.plan.scenes[1].caption.text.startswith("A much longer caption")


@pytest.mark.slow
def test_without_an_audio_device_the_preview_plays_silently(qtbot, make_window, planned_file):
    w = make_window(open_document(planned_file))
    w.playback.device = "no such sound card"
    _ready(qtbot, w)
    play_at = w.player.play_button.mapTo(w, w.player.play_button.rect().center())
    w.player.play()
    assert w.player.is_playing
    assert "No audio output device" in w.player.sound_label.toolTip()
    assert w.player.sound_label.text().startswith("Playing without sound")
    assert w.player.sound_label.isVisibleTo(w)
    qapp = QApplication.instance()
    qapp.processEvents()
    # the message appeared without moving the transport under the mouse
    assert w.player.play_button.mapTo(w, w.player.play_button.rect().center()) == play_at
    qtbot.waitUntil(lambda: w.player.position > 0.2, timeout=10_000)  # the picture still runs
    w.player.pause()
