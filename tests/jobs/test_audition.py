"""The panels' listening jobs: importing a music file into the project, the music preview at
the bed's export level, and takes that are gone from the cache."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from studio.core.errors import MediaError, StudioError
from studio.core.model import MusicBed, Product, Project
from studio.core.progress import run_job
from studio.jobs.audition import (
    PREVIEW_SECONDS,
    import_track_job,
    music_preview_job,
    saved_take_job,
)
from studio.media.ffmpeg import ffmpeg_exe
from studio.music.loudness import integrated_loudness


def _tone(path: Path, seconds: float = 2.0, freq: int = 330) -> Path:
    subprocess.run(
        [
            ffmpeg_exe(),
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            f"sine=frequency={freq}:duration={seconds}",
            str(path),
        ],
        check=True,
    )
    return path


def test_import_copies_into_the_music_folder_once(tmp_path):
    root = tmp_path / "project"
    root.mkdir()
    a = _tone(tmp_path / "song.wav")
    assert run_job(import_track_job(a, root)) == "music/song.wav"
    assert run_job(import_track_job(a, root)) == "music/song.wav"  # the same file: its copy
    (tmp_path / "other").mkdir()
    other = _tone(tmp_path / "other" / "song.wav", freq=440)  # another song with the same name
    assert run_job(import_track_job(other, root)) == "music/song-2.wav"
    inside = _tone(root / "bed.flac")
    assert run_job(import_track_job(inside, root)) == "bed.flac"  # already in the project


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("song.mp3", b"<html>not music</html>", "not an audio file"),
        ("empty.wav", b"", "the file is empty"),
        ("notes.txt", b"la la", "choose an MP3, WAV, M4A, AAC, OGG"),
    ],
)
def test_a_broken_track_is_refused_and_nothing_is_copied(tmp_path, name, content, reason):
    root = tmp_path / "project"
    root.mkdir()
    bad = tmp_path / name
    bad.write_bytes(content)
    with pytest.raises(MediaError, match=reason):
        run_job(import_track_job(bad, root))
    assert list(root.iterdir()) == []


@pytest.mark.slow
def test_preview_follows_the_bed_volume(tmp_path):
    _tone(tmp_path / "t.wav", 4.0)
    p = Project(
        tmp_path,
        Product("Lamp", ["Warm light."]),
        music=MusicBed(source="file", path="t.wav", volume_db=-10.0),
    )
    loud = run_job(music_preview_job(p))
    p.music.volume_db = -20.0
    quiet = run_job(music_preview_job(p))
    assert loud.duration == pytest.approx(PREVIEW_SECONDS, abs=0.01)
    gap = integrated_loudness(loud.samples, loud.sample_rate) - integrated_loudness(
        quiet.samples, quiet.sample_rate
    )
    assert gap == pytest.approx(10.0, abs=0.5)


def test_preview_without_music_or_track_says_what_to_do(tmp_path):
    p = Project(tmp_path, music=MusicBed(source="none"))
    with pytest.raises(StudioError, match="no music"):
        run_job(music_preview_job(p))
    p.music.source = "file"
    with pytest.raises(StudioError, match="Import Track"):
        run_job(music_preview_job(p))


def test_a_take_gone_from_the_cache_is_a_clear_message():
    with pytest.raises(StudioError, match="no longer in the cache"):
        run_job(saved_take_job("ab" * 16))
