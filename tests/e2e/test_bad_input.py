"""Bad input through the real CLI: each case renders correctly or fails with one clear message
naming the file and the reason — never a traceback, never a partial file."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from studio.media.ffmpeg import probe
from tests.samples import broken_images, product_photo

pytestmark = pytest.mark.slow


def studio(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "studio", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONUTF8": "1"},
    )


def _assert_clean_failure(proc: subprocess.CompletedProcess, *needles: str) -> None:
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, proc.stderr
    for n in needles:
        assert n in errors[0], errors[0]


def _leftovers(folder: Path) -> list[str]:
    return sorted(
        p.name
        for p in folder.iterdir()
        if p.suffix in (".mp4", ".part", ".srt") or ".part" in p.name
    )


@pytest.fixture(scope="module")
def awkward_product(tmp_path_factory):
    """Every awkward-but-usable image, every broken file, and every hard bullet, in one folder."""
    root = tmp_path_factory.mktemp("awkward")
    d = root / "awkward-product"
    d.mkdir()
    bad = broken_images(root / "samples", huge=True)
    for key in ("corrupt", "zero", "notimage", "cmyk", "alpha", "rotated", "huge"):
        shutil.copy(bad[key], d / bad[key].name)
    product_photo(d / "front.jpg", label="WATERPROOF")
    long_bullet = (
        "Our bottle keeps drinks cold for twenty-four hours and hot for twelve. " * 30
    ).strip()
    assert len(long_bullet) >= 2000
    (d / "bullets.txt").write_text(
        "\n".join(
            [
                long_bullet,
                "🚀 Ships fast 🎁 gift-ready ✨",
                "双层真空保温，24小时保冷",
                "🔥🔥🔥",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    (d / "product.toml").write_text(
        'title = "Trail Bottle 保温杯"\nprice = "$24.99"\n', encoding="utf-8"
    )
    return d


def test_awkward_product_renders_and_names_every_skipped_file(awkward_product, tmp_path):
    out = tmp_path / "out.mp4"
    proc = studio("render", str(awkward_product), "-o", str(out), "--height", "180", "-q")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    warnings = [line for line in proc.stderr.splitlines() if line.startswith("warning:")]
    for name, reason in [
        ("corrupt.jpg", "damaged"),
        ("zero.jpg", "empty"),
        ("notimage.jpg", "not an image"),
    ]:
        assert any(name in w and reason in w for w in warnings), (name, warnings)
    assert any("bullet 1 is" in w for w in warnings)
    info = probe(out)
    assert info.first("video").height == 180 and info.first("audio") is not None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.mp4", "out.srt"]
    srt = (tmp_path / "out.srt").read_text(encoding="utf-8")
    assert "双层真空保温" in srt and "保温杯" in srt
    # subtitles keep what the seller wrote (players draw emoji); the picture drops them
    assert "Ships fast" in srt and "gift-ready" in srt
    assert "🔥🔥🔥" in srt


@pytest.mark.parametrize(
    "bullets, needle",
    [("", "bullets.txt is empty"), ("\n  \n", "bullets.txt is empty"), (None, "no bullets.txt")],
)
def test_missing_or_empty_bullets_fail_clearly(tmp_path, bullets, needle):
    d = tmp_path / "prod"
    d.mkdir()
    product_photo(d / "a.jpg")
    if bullets is not None:
        (d / "bullets.txt").write_text(bullets, encoding="utf-8")
    proc = studio("render", str(d), "-o", str(tmp_path / "x.mp4"), "-q")
    _assert_clean_failure(proc, needle)
    assert _leftovers(tmp_path) == []


def test_only_broken_images_fail_naming_them(tmp_path):
    d = tmp_path / "prod"
    d.mkdir()
    (d / "a.jpg").write_bytes(b"")
    (d / "b.jpg").write_text("not a jpeg")
    (d / "bullets.txt").write_text("Warm\n", encoding="utf-8")
    proc = studio("render", str(d), "-o", str(tmp_path / "x.mp4"), "-q")
    _assert_clean_failure(proc, "no usable product images", "a.jpg", "b.jpg")
    assert _leftovers(tmp_path) == []


def test_bad_arguments_and_paths_fail_clearly(tmp_path):
    _assert_clean_failure(
        studio("render", str(tmp_path / "nope"), "-o", str(tmp_path / "x.mp4")), "no such folder"
    )
    d = tmp_path / "prod"
    d.mkdir()
    product_photo(d / "a.jpg")
    (d / "bullets.txt").write_text("Warm\n", encoding="utf-8")
    _assert_clean_failure(
        studio("render", str(d), "-o", str(tmp_path / "missing" / "x.mp4")), "does not exist"
    )
    _assert_clean_failure(studio("render", str(d), "-o", str(tmp_path / "x.avi")), ".mp4")
    damaged = tmp_path / "broken.studio.json"
    damaged.write_text(
        '{"format": "product-video-studio", "schema_version": 1, "images": [{"path": "../../etc/passwd"}]}'
    )
    _assert_clean_failure(
        studio("match", str(damaged)), "broken.studio.json", "outside the project folder"
    )


def test_ctrl_c_cancels_and_leaves_nothing(tmp_path, demo_dir):
    out = tmp_path / "cancel.mp4"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "studio",
            "render",
            str(demo_dir),
            "-o",
            str(out),
            "--height",
            "360",
        ],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUTF8": "1"},
    )
    # Wait until the video is being encoded (a .part file exists), then interrupt like Ctrl-C.
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        if any(".part" in p.name for p in tmp_path.iterdir()):
            break
        time.sleep(0.05)
    assert proc.poll() is None, "render finished before it could be cancelled"
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "cancelled" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_unreadable_music_track_fails_clearly(tmp_path):
    d = tmp_path / "prod"
    d.mkdir()
    product_photo(d / "a.jpg")
    (d / "bullets.txt").write_text("Warm\n", encoding="utf-8")
    (d / "song.mp3").write_text("this is not audio")
    (d / "product.toml").write_text('music = "song.mp3"\n', encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    proc = studio("render", str(d), "-o", str(out / "x.mp4"), "-q")
    _assert_clean_failure(proc, "song.mp3", "audio")
    assert list(out.iterdir()) == []
