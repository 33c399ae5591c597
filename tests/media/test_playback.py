"""Playback through PortAudio on ALSA's null device (set up by tests/conftest.py), and the
clear message when there is no usable device."""

from __future__ import annotations

import time

import numpy as np

from studio.media.playback import Playback


def _tone(seconds: float, sr: int = 48000) -> np.ndarray:
    t = np.arange(int(seconds * sr)) / sr
    return (0.2 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)


def test_plays_a_buffer_to_the_end():
    pb = Playback()
    assert pb.play(_tone(0.3), 48000), pb.problem
    deadline = time.monotonic() + 10
    while pb.playing and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not pb.playing
    assert abs(pb.position() - 0.3) < 1e-3
    pb.stop()


def test_starts_from_an_offset_and_stops_on_request():
    pb = Playback()
    stereo = np.stack([_tone(2.0), _tone(2.0)], axis=1)
    assert pb.play(stereo, 48000, start=1.5)
    assert pb.position() >= 1.5
    pb.stop()
    assert not pb.playing
    pb.stop()  # stopping twice is harmless


def test_a_missing_device_is_a_message_not_an_exception():
    pb = Playback(device="no such sound card")
    assert pb.play(_tone(0.1), 48000) is False
    assert "No audio output device" in pb.problem
    assert not pb.playing
