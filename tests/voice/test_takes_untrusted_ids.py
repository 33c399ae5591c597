"""Take ids name files in the voice cache, so a project file must not be able to point the studio
at a sidecar or a WAV anywhere else. Real files in a real cache folder; no synthesis (fast)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest

from studio.core.cache import DiskCache
from studio.media.audio import write_wav
from studio.voice.takes import CACHE_NAMESPACE, VoiceTake, take_by_id

GOOD = "0123456789abcdef0123456789abcdef"
OTHER = "fedcba9876543210fedcba9876543210"


def _plant(folder: Path, take_id: str, *, wav: bool = True, **sidecar) -> Path:
    """A complete take as synthesize_take leaves it: ``<id>.wav`` and then ``<id>.json``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{take_id}.wav"
    if wav:
        write_wav(path, np.zeros(2205, np.float32), 22050)
    take = VoiceTake(take_id, "Hi", "Hi", "en_US-joe-medium", 1.0, 0.0, 0, path, 0.1, 22050)
    meta = {**take.to_json(), **sidecar}
    sidecar_path = folder / f"{take_id}.json"
    sidecar_path.write_text(json.dumps(meta), encoding="utf-8")
    return sidecar_path


@pytest.fixture
def voice_dir(fresh_cache) -> Path:
    return DiskCache(CACHE_NAMESPACE).dir


def test_a_take_in_the_cache_is_found_and_its_wav_is_in_the_cache(voice_dir):
    _plant(voice_dir, GOOD)
    take = take_by_id(GOOD)
    assert take is not None and take.id == GOOD
    assert take.path == voice_dir / f"{GOOD}.wav"


def test_a_sidecar_planted_outside_the_cache_is_never_read(voice_dir, tmp_path):
    evil = "../../somewhere/evil"
    outside_wav = tmp_path / "somewhere" / "evil.wav"
    planted = _plant(
        tmp_path / "somewhere", "evil", id=evil, path=str(outside_wav)
    )  # absolute, as in the drill
    # where a lookup that trusted the id would have gone: exactly the planted sidecar
    assert DiskCache(CACHE_NAMESPACE).path(evil, ".json").resolve() == planted.resolve()
    assert take_by_id(evil) is None
    # the planted take is complete and readable, so None means it was refused, not broken
    assert json.loads(planted.read_text())["id"] == evil and outside_wav.is_file()


def test_the_wav_path_written_in_a_sidecar_is_not_followed(voice_dir, tmp_path):
    outside = tmp_path / "elsewhere.wav"
    write_wav(outside, np.ones(2205, np.float32) * 0.5, 22050)
    _plant(voice_dir, GOOD, wav=False, path=str(outside))
    assert take_by_id(GOOD) is None  # no <id>.wav in the cache: no take, whatever the sidecar says
    write_wav(voice_dir / f"{GOOD}.wav", np.zeros(2205, np.float32), 22050)
    take = take_by_id(GOOD)
    assert take is not None and take.path == voice_dir / f"{GOOD}.wav"


def test_links_out_of_the_cache_are_not_followed(voice_dir, tmp_path):
    outside = tmp_path / "outside"
    _plant(outside, GOOD)
    os.symlink(outside / f"{GOOD}.json", voice_dir / f"{GOOD}.json")  # the sidecar is a link
    assert take_by_id(GOOD) is None
    _plant(voice_dir, OTHER, wav=False)
    os.symlink(outside / f"{GOOD}.wav", voice_dir / f"{OTHER}.wav")  # the WAV is a link
    assert take_by_id(OTHER) is None


@pytest.mark.parametrize(
    "take_id",
    [
        "a" * 5000,
        "0" * 5000,
        GOOD[:-1] + "\x00",
        "\x00",
        "",
        ".",
        "..",
        "../" + GOOD,
        GOOD + "/..",
        GOOD.upper(),
        GOOD[:-1],
        GOOD + "0",
        "/etc/passwd",
        "..\\..\\x",
        "\ud800" * 32,
        None,
        7,
    ],
)
def test_anything_that_is_not_a_take_id_is_an_unknown_take(voice_dir, take_id):
    _plant(voice_dir, GOOD)
    assert take_by_id(take_id) is None


def test_a_folder_or_damaged_sidecar_under_a_valid_id_is_an_unknown_take(voice_dir):
    (voice_dir / f"{GOOD}.json").mkdir()  # a directory where the sidecar should be
    assert take_by_id(GOOD) is None
    for content in [
        b"[1, 2]",
        b"1" * 5000,
        b"[" * 100_000,
        b"\xed\xa0\x80",
        b'"\\ud800"',
        b'{"format": 1}',
        b"\xff",
    ]:
        (voice_dir / f"{OTHER}.json").write_bytes(content)
        write_wav(voice_dir / f"{OTHER}.wav", np.zeros(10, np.float32), 22050)
        assert take_by_id(OTHER) is None, content[:20]


def test_a_sidecar_for_another_id_is_an_unknown_take(voice_dir):
    _plant(voice_dir, GOOD, id=OTHER)  # copied or renamed: it does not describe this take
    assert take_by_id(GOOD) is None
