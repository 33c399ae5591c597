"""The music panel driven like a user: mood and variation with undo, levels, importing real
(and broken) audio files made with ffmpeg, and a preview rendered by the real music code and
played on ALSA's null device."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from studio.media.ffmpeg import ffmpeg_exe
from studio.media.playback import Playback
from studio.music.generate import moods
from studio.ui.document import Document, open_document
from studio.ui.music_panel import MusicPanel

pytestmark = pytest.mark.slow


@pytest.fixture
def doc(planned_file: Path) -> Document:
    d = open_document(planned_file)
    d.project.music.mood = "calm"  # most tests need no sentence model for "Automatic"
    return d


@pytest.fixture
def make_panel(qtbot, doc):
    panels: list[MusicPanel] = []

    def make(playback: Playback | None = None) -> MusicPanel:
        panel = MusicPanel(doc.project, doc.undo, playback or Playback())
        qtbot.addWidget(panel)
        panel.resize(380, 420)
        panel.show()
        panels.append(panel)
        return panel

    yield make
    for p in panels:
        qtbot.waitUntil(lambda p=p: not p.busy, timeout=120_000)
        p.detach()


def _track(path: Path, seconds: float = 3.0) -> Path:
    """A short 120 BPM tone-and-click loop, encoded by ffmpeg in the format the suffix names."""
    src = f"aevalsrc='0.3*sin(2*PI*220*t)+0.6*sin(2*PI*1800*t)*exp(-60*mod(t,0.5))':s=44100:d={seconds}"
    subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-y", "-f", "lavfi", "-i", src, str(path)], check=True
    )
    return path


def test_mood_swap_and_new_variation_undo(qtbot, doc, make_panel):
    panel = make_panel()
    music = doc.project.music
    assert panel.mood.currentData() == "calm"
    panel.mood.setFocus()
    qtbot.keyClick(panel.mood, Qt.Key.Key_Down)
    swapped = panel.mood.currentData()
    assert swapped != "calm" and music.mood == swapped and doc.undo.undo_label == "Change Mood"
    doc.undo.undo()
    assert music.mood == "calm" and panel.mood.currentData() == "calm"

    seed = music.seed
    qtbot.mouseClick(panel.new_variation, Qt.MouseButton.LeftButton)
    assert music.seed != seed and doc.undo.undo_label == "New Music Variation"
    assert str(music.seed) in panel.new_variation.toolTip()
    doc.undo.undo()
    assert music.seed == seed


def test_automatic_shows_the_mood_it_picks(qtbot, doc, make_panel):
    doc.project.music.mood = "auto"
    panel = make_panel()
    qtbot.waitUntil(lambda: panel.auto_mood != "", timeout=120_000)
    assert panel.auto_mood in moods()
    assert panel.mood.currentText() == f"Automatic ({panel.auto_mood.title()})"


def test_levels_snap_and_source_edit_through_undo(qtbot, doc, make_panel):
    panel = make_panel()
    music = doc.project.music
    for box, text in ((panel.volume, "-20"), (panel.ducking, "6")):
        box.setFocus()
        box.selectAll()
        qtbot.keyClicks(box, text)
        qtbot.keyClick(box, Qt.Key.Key_Return)
    assert (music.volume_db, music.duck_db) == (-20.0, 6.0)
    panel.snap.setFocus()
    qtbot.keyClick(panel.snap, Qt.Key.Key_Space)
    assert music.snap_to_beats
    panel.source.setFocus()
    qtbot.keyClick(panel.source, Qt.Key.Key_End)
    assert music.source == "none"
    assert not panel.preview.isEnabled() and not panel.mood.isEnabled()
    for _ in range(4):
        doc.undo.undo()
    assert (music.source, music.snap_to_beats, music.volume_db, music.duck_db) == (
        "generated",
        False,
        -16.0,
        12.0,
    )
    assert panel.volume.value() == -16.0 and panel.preview.isEnabled()


def test_preview_of_the_generated_bed_plays(qtbot, make_panel):
    playback = Playback()
    panel = make_panel(playback)
    qtbot.mouseClick(panel.preview, Qt.MouseButton.LeftButton)
    assert panel.preview.text() == "Stop"
    qtbot.waitUntil(lambda: playback.position() > 1.0, timeout=120_000)
    assert panel.note.text() == ""


def test_import_a_wav_through_the_dialog_and_preview_it(
    qtbot, doc, make_panel, tmp_path, monkeypatch
):
    track = _track(tmp_path / "loop.wav")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(track), ""))
    playback = Playback()
    panel = make_panel(playback)
    qtbot.mouseClick(panel.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: doc.project.music.path is not None, timeout=60_000)
    music = doc.project.music
    assert music.path == "music/loop.wav" and music.source == "file"
    assert (doc.project.root / "music" / "loop.wav").read_bytes() == track.read_bytes()
    assert panel.track.text() == "loop.wav" and panel.source.currentData() == "file"
    assert doc.undo.undo_label == "Import Track"
    qtbot.waitUntil(lambda: panel.import_button.isEnabled(), timeout=10_000)

    qtbot.mouseClick(panel.preview, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: playback.position() > 1.0, timeout=120_000)
    doc.undo.undo()  # one step takes back the path and the source
    assert (music.source, music.path) == ("generated", None)


def test_import_an_mp3(qtbot, doc, make_panel, tmp_path):
    panel = make_panel()
    panel.import_track(_track(tmp_path / "theme.mp3"))
    qtbot.waitUntil(lambda: doc.project.music.path == "music/theme.mp3", timeout=60_000)
    assert doc.project.music.source == "file"


def test_a_broken_track_changes_nothing_and_says_why(qtbot, doc, make_panel, tmp_path):
    panel = make_panel()
    broken = tmp_path / "song.mp3"
    broken.write_text("<html>a web page saved with an .mp3 name</html>")
    panel.import_track(broken)
    qtbot.waitUntil(lambda: "Can't use this track" in panel.note.text(), timeout=60_000)
    assert "song.mp3" in panel.note.text() and "not an audio file" in panel.note.text()
    assert doc.project.music.path is None and doc.project.music.source == "generated"
    assert not (doc.project.root / "music").exists() and not doc.undo.can_undo
    panel.import_track(tmp_path / "notes.txt")
    qtbot.waitUntil(lambda: "choose an MP3, WAV" in panel.note.text(), timeout=60_000)


def test_the_import_dialog_offers_every_kind_of_track_product_toml_takes(
    qtbot, make_panel, monkeypatch
):
    """The dialog listed MP3, WAV, M4A, OGG and FLAC while product.toml took any sound."""
    from studio.core.intake import MUSIC_SUFFIXES

    asked: list[str] = []
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *a, **k: (asked.append(a[3]), ("", ""))[1]
    )
    make_panel().choose_track_file()
    assert asked and all(f"*{ext}" in asked[0].split("(")[1] for ext in MUSIC_SUFFIXES)


def test_a_track_cut_short_is_used_and_the_note_says_it_ends_early(
    qtbot, doc, make_panel, tmp_path
):
    whole = _track(tmp_path / "whole.mp3", 4.0).read_bytes()
    cut = tmp_path / "cut.mp3"
    cut.write_bytes(whole[: len(whole) // 2])
    panel = make_panel()
    panel.import_track(cut)
    qtbot.waitUntil(lambda: doc.project.music.path == "music/cut.mp3", timeout=60_000)
    assert "cut.mp3: the track ends early" in panel.note.text() and panel.note.isVisible()
