"""Test isolation: every test gets its own config folder (settings, recent files, installed
voices, recovery files) and none touches the user's real folders; Qt runs offscreen and audio
goes to ALSA's null device.

The cache is shared by the session on purpose: it is content-addressed (a key covers every
input of a result), so sharing it cannot change what a test sees, only how long it takes;
tests about caching itself take ``fresh_cache``."""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

import pytest

_SESSION_TMP = Path(tempfile.mkdtemp(prefix="studio-tests-"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["STUDIO_CACHE_DIR"] = str(_SESSION_TMP / "cache")
os.environ["STUDIO_CONFIG_DIR"] = str(_SESSION_TMP / "config")
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
_alsa = _SESSION_TMP / "asound-null.conf"
_alsa.write_text("pcm.!default { type null }\nctl.!default { type hw card 0 }\n")
os.environ["ALSA_CONFIG_PATH"] = f"/usr/share/alsa/alsa.conf:{_alsa}"

REPO = Path(__file__).resolve().parents[1]
SHARED_EVAL = REPO.parent / "shared" / "eval" / "dev"


@pytest.fixture(autouse=True)
def own_config(tmp_path, monkeypatch) -> Path:
    """A config folder of this test's own: what one test sets or installs never reaches another."""
    d = tmp_path / "config"
    monkeypatch.setenv("STUDIO_CONFIG_DIR", str(d))
    monkeypatch.delenv("STUDIO_VOICES_DIR", raising=False)
    return d


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch) -> Path:
    """A cache folder of this test's own, for tests that check what gets cached."""
    d = tmp_path / "cache"
    monkeypatch.setenv("STUDIO_CACHE_DIR", str(d))
    return d


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def demo_dir() -> Path:
    return REPO / "studio" / "resources" / "demo"


@pytest.fixture
def tiny_disk(tmp_path):
    """A real 256 KiB filesystem (tmpfs): writes past it fail with ENOSPC like a full disk."""
    mnt = tmp_path / "full"
    mnt.mkdir()
    proc = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mnt)],
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {proc.stderr.strip()}")
    try:
        (mnt / "keep.txt").write_text("what was there before")
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)
