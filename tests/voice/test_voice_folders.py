"""The user's voices folder, multi-speaker models and broken voices, with tiny Piper models the
tests build themselves (tests/voice/tiny_piper.py)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from studio.core.errors import MediaError, StudioError
from studio.core.model import DEFAULT_VOICE
from studio.media.audio import read_wav
from studio.voice.commands import say, voices_json, voices_table
from studio.voice.engine import PiperEngine, get_engine
from studio.voice.library import available_voices, find_voice, user_voices_dir, voice_problems
from tests.voice.tiny_piper import make_tiny_voice


@pytest.fixture
def voices_dir(tmp_path, monkeypatch):
    """An empty user config folder whose voices/ the test fills."""
    monkeypatch.setenv("STUDIO_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("STUDIO_VOICES_DIR", raising=False)
    return user_voices_dir()


def test_user_voices_dir_follows_config_dir(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("STUDIO_CONFIG_DIR", str(tmp_path))
    assert user_voices_dir() == tmp_path / "voices"
    monkeypatch.delenv("STUDIO_CONFIG_DIR")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert user_voices_dir() == tmp_path / "xdg" / "product-video-studio" / "voices"


def test_voices_listed_with_language_quality_rate_and_speakers(voices_dir) -> None:
    make_tiny_voice(voices_dir, "de_DE-tiny-x_low", language="de_DE")
    make_tiny_voice(voices_dir, "en_US-readers-high", speakers=3, quality="high")
    ids = [v.id for v in available_voices()]
    assert ids[0] == DEFAULT_VOICE
    assert {
        "de_DE-tiny-x_low",
        "en_US-readers-high#0",
        "en_US-readers-high#1",
        "en_US-readers-high#2",
    } <= set(ids)
    listing = {d["id"]: d for d in voices_json()}
    assert (
        listing["de_DE-tiny-x_low"]["language"],
        listing["de_DE-tiny-x_low"]["quality"],
        listing["de_DE-tiny-x_low"]["sample_rate"],
    ) == ("de_DE", "x_low", 16000)
    r2 = listing["en_US-readers-high#2"]
    assert (r2["speaker_id"], r2["speaker"], r2["num_speakers"], r2["quality"]) == (
        2,
        "reader_2",
        3,
        "high",
    )
    assert listing[DEFAULT_VOICE]["bundled"] is True
    json.dumps(voices_json())  # printable as-is
    assert any(line.startswith("en_US-readers-high#1") for line in voices_table())


def test_each_speaker_is_its_own_voice(voices_dir) -> None:
    make_tiny_voice(voices_dir, "en_US-readers-low", speakers=3)
    a = get_engine("en_US-readers-low#0").synthesize("Hello there.")
    b = get_engine("en_US-readers-low#2").synthesize("Hello there.")
    assert a.size == b.size and not np.allclose(a, b)  # the speaker id reaches the model
    assert (
        get_engine("en_US-readers-low#0").fingerprint
        != get_engine("en_US-readers-low#2").fingerprint
    )
    with pytest.raises(StudioError, match="#0 to #2"):
        find_voice("en_US-readers-low#7")


def test_broken_voice_is_reported_and_the_rest_keep_working(voices_dir) -> None:
    make_tiny_voice(voices_dir, "en_US-good-low")
    (voices_dir / "en_US-noconfig-low.onnx").write_bytes(b"model without a config")
    (voices_dir / "en_US-badjson-low.onnx").write_bytes(b"x")
    (voices_dir / "en_US-badjson-low.onnx.json").write_text("{not json", encoding="utf-8")
    problems = {p.id: p.message for p in voice_problems()}
    assert "not found" in problems["en_US-noconfig-low"]
    assert "not a Piper voice config" in problems["en_US-badjson-low"]
    listing = {d["id"]: d for d in voices_json()}
    assert "error" in listing["en_US-badjson-low"] and "error" not in listing["en_US-good-low"]
    with pytest.raises(StudioError, match="en_US-badjson-low.*can't be used.*Piper voice config"):
        find_voice("en_US-badjson-low")
    assert get_engine("en_US-good-low").synthesize("Still fine.").size > 0


def test_garbage_model_fails_with_a_clear_error_when_listed(voices_dir) -> None:
    make_tiny_voice(voices_dir, "en_US-garbage-low")
    (voices_dir / "en_US-garbage-low.onnx").write_bytes(b"\x08\x07garbage" * 50)
    with pytest.raises(StudioError, match="en_US-garbage-low.onnx: not an ONNX model"):
        find_voice("en_US-garbage-low")  # the outline of its fields, not the model, is read


def test_a_model_shaped_file_fails_with_a_clear_error_when_loaded(voices_dir) -> None:
    make_tiny_voice(voices_dir, "en_US-garbage-low")
    # an ir_version and a "graph" that is five bytes of text: whole in outline, no model
    (voices_dir / "en_US-garbage-low.onnx").write_bytes(b"\x08\x07\x3a\x05hello")
    info = find_voice("en_US-garbage-low")  # listing reads metadata only
    with pytest.raises(MediaError, match="en_US-garbage-low.onnx: not a voice model"):
        PiperEngine(info).synthesize("Hello.")


@pytest.mark.parametrize("config_speakers, model_speakers", [(3, 1), (1, 3)])
def test_model_and_config_that_dont_match(
    voices_dir, config_speakers: int, model_speakers: int
) -> None:
    make_tiny_voice(
        voices_dir, "en_US-mixed-low", speakers=config_speakers, model_speakers=model_speakers
    )
    vid = "en_US-mixed-low#1" if config_speakers > 1 else "en_US-mixed-low"
    with pytest.raises(MediaError, match="does not match its model"):
        PiperEngine(find_voice(vid)).synthesize("Hello.")


def test_say_writes_a_wav_and_reports_what_was_read(voices_dir, fresh_cache, tmp_path) -> None:
    make_tiny_voice(voices_dir, "en_US-sayer-low")
    take = say("Only $5 & free shipping", tmp_path / "out.wav", voice="en_US-sayer-low", speed=1.2)
    audio, sr = read_wav(tmp_path / "out.wav")
    assert take.path == tmp_path / "out.wav" and sr == 16000 and audio.size > 0
    assert take.spoken_text == "Only 5 dollars and free shipping" and take.speed == 1.2
    assert abs(audio.size / sr - take.duration) < 1e-3
