"""Measuring a finished video: frames read back by time, black or empty frames, letterbox and
pillarbox bars, and subtitle files read back and judged well-formed or not."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest

from studio.core.errors import MediaError
from studio.media.cuefile import FileCue, read_cue_file, uncaptioned
from studio.media.ffmpeg import ffmpeg_exe
from studio.media.frames import bar_widths, blankness, read_frame, read_last_frame


def _video(path: Path, spec: str, seconds: float = 2.0, vf: str = "null") -> Path:
    """A small real H.264 file from one of ffmpeg's own sources."""
    subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-y", "-f", "lavfi", "-i", f"{spec}:d={seconds}:r=10"]
        + ["-vf", vf, "-pix_fmt", "yuv420p", "-c:v", "libx264", "-preset", "ultrafast", str(path)],
        check=True,
    )
    return path


def _photo(h: int = 180, w: int = 320, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w]
    img = np.stack([128 + 90 * np.sin(x / 7.0), 128 + 90 * np.cos(y / 5.0), 100 + 0 * x], -1)
    return np.clip(img + rng.normal(0, 8, img.shape), 0, 255).astype(np.uint8)


def test_black_flat_and_gradient_frames_are_empty_and_pictures_are_not():
    assert blankness(np.zeros((90, 160, 3), np.uint8)).black
    flat_white = blankness(np.full((90, 160, 3), 250, np.uint8))
    assert flat_white.empty and not flat_white.black
    ramp = np.linspace(10, 60, 90, dtype=np.float32)[:, None, None] * np.ones((90, 160, 3))
    assert blankness(ramp.astype(np.uint8)).empty  # a bare background card
    assert not blankness(_photo()).empty
    card = np.full((180, 320, 3), 20, np.uint8)
    card[80:100, 100:220] = 255  # a line of text on a dark card
    assert not blankness(card).empty


def test_bars_are_the_dark_bands_every_frame_shares():
    boxed = []
    for seed in range(3):
        f = _photo(seed=seed)
        f[:20] = 0
        f[-20:] = 3
        boxed.append(f)
    bars = bar_widths(boxed)
    assert bars.letterbox and not bars.pillarbox
    assert bars.top == pytest.approx(20 / 180) and bars.bottom == pytest.approx(20 / 180)
    pillar = _photo()
    pillar[:, :40] = 0
    pillar[:, -40:] = 0
    assert bar_widths([pillar]).pillarbox
    dark_scene = np.full((180, 320, 3), 5, np.uint8)  # dark everywhere, but only on one frame
    assert not bar_widths([dark_scene, _photo()]).letterbox
    assert not bar_widths([]).letterbox


def test_frames_are_read_by_time_and_the_last_one_exactly(tmp_path):
    # black for the first second, then white: the first frame is black and the last white
    video = _video(
        tmp_path / "v.mp4", "color=c=white:s=160x90", vf="drawbox=c=black:t=fill:enable='lt(t,1)'"
    )
    first, middle, last = (
        read_frame(video, 0.0),
        read_frame(video, 1.5, 80),
        read_last_frame(video),
    )
    assert first.shape == (90, 160, 3) and middle.shape == (46, 80, 3)
    assert blankness(first).black
    assert blankness(last).mean > 200 and blankness(middle).mean > 200
    assert blankness(read_frame(video, 99.0)).mean > 200  # past the end: the last frame


def test_a_file_that_is_not_a_video_is_one_clear_error(tmp_path):
    bad = tmp_path / "bad.mp4"
    bad.write_text("not a video")
    with pytest.raises(MediaError, match="bad.mp4"):
        read_frame(bad, 0.0)


def test_subtitle_files_read_back_and_malformed_ones_say_where(tmp_path):
    good = tmp_path / "a.vtt"
    good.write_text(
        "WEBVTT\n\n00:00:00.000 --> 00:00:02.500\nHello\n\n00:03.000 --> 00:04.000 line:90%\n"
        "[MUSIC PLAYING]\n"
    )
    cues = read_cue_file(good)
    assert cues.problem == "" and [c.text for c in cues.cues] == ["Hello", "[MUSIC PLAYING]"]
    assert cues.cues[1].start == 3.0
    srt = tmp_path / "a.srt"
    srt.write_text("1\n00:00:00,000 --> 00:00:01,000\nHi\n")
    assert read_cue_file(srt).cues == (FileCue(0.0, 1.0, "Hi"),)

    for name, text, problem in [
        ("nohead.vtt", "00:00.000 --> 00:01.000\nHi\n", 'must start with "WEBVTT"'),
        ("badtime.vtt", "WEBVTT\n\n00:00 --> 00:01\nHi\n", "line 3: malformed time line"),
        ("back.vtt", "WEBVTT\n\n00:02.000 --> 00:01.000\nHi\n", "ends before it starts"),
        ("empty.vtt", "WEBVTT\n", "no cues"),
        ("notext.srt", "1\n00:00:00,000 --> 00:00:01,000\n\n", "without text"),
    ]:
        (tmp_path / name).write_text(text)
        assert problem in read_cue_file(tmp_path / name).problem, name
    (tmp_path / "bin.vtt").write_bytes(b"WEBVTT\n\xff\xfe")
    assert read_cue_file(tmp_path / "bin.vtt").problem == "not UTF-8 text"


def test_uncaptioned_stretches():
    cues = [FileCue(0.0, 2.0, "a"), FileCue(5.0, 6.0, "b")]
    assert uncaptioned(cues, 10.0, 2.0) == [(2.0, 5.0), (6.0, 10.0)]
    assert uncaptioned(cues, 7.0, 2.0) == [(2.0, 5.0)]
    assert uncaptioned([], 3.0, 2.0) == [(0.0, 3.0)]
