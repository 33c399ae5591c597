"""The drill's broken files through the real command line, mixed with good photos: the
product still plans and renders, and each bad file is one warning line naming it."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from tests.broken_corpus import image_corpus
from tests.e2e.cli import studio
from tests.samples import product_photo

pytestmark = pytest.mark.slow

BAD = ["cut-mid-scan.jpg", "photo.heic", "bomb-60000.png", "float-rgb.tif", "empty.jpg"]
ODD_BUT_USABLE = ["8000x2.png", "2x8000.png", "orientation-6.jpg", "animated.apng.png"]


@pytest.fixture(scope="module")
def drill_product(tmp_path_factory):
    root = tmp_path_factory.mktemp("drill-cli")
    corpus = image_corpus(root / "corpus")
    d = root / "kettle"
    d.mkdir()
    for name in BAD + ODD_BUT_USABLE:
        shutil.copy(corpus[name], d / name)
    product_photo(d / "front.jpg", size=(300, 400))
    os.link(d / "front.jpg", os.fsencode(d) + b"/caf\xe9.jpg")  # a name in Latin-1 bytes
    (d / "loop.jpg").symlink_to("loop.jpg")
    (d / "bullets.txt").write_bytes("Keeps drinks cold\nFits every cup holder\n".encode("utf-16"))
    (d / "product.toml").write_bytes('title = "Trail Kettle"\r'.encode("utf-16"))
    return d


def _warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("warning:")]


def _assert_each_bad_file_named(stderr: str) -> None:
    assert "Traceback" not in stderr
    warnings = _warnings(stderr)
    for name in [*BAD, "loop.jpg", "caf\\xe9.jpg"]:
        assert sum(f"skipped {name}:" in w for w in warnings) >= 1, (name, stderr)


def test_match_plans_with_the_good_photos(drill_product, tmp_path):
    proc = studio("match", "--json", str(drill_product), config=tmp_path / "cfg", timeout=300)
    assert proc.returncode == 0, proc.stderr
    _assert_each_bad_file_named(proc.stderr)
    plan = json.loads(proc.stdout)
    used = {m["image"] for m in plan["matches"]} | {plan["hero"]}
    assert used <= {"front.jpg", *ODD_BUT_USABLE}


def test_render_finishes_naming_every_file_it_left_out(drill_product, tmp_path):
    """Used to end with a RuntimeError traceback (the link loop) and, without it, with
    "images[0].path: contains characters that are not valid text" (the Latin-1 name)."""
    out = tmp_path / "kettle.mp4"
    proc = studio(
        "render",
        str(drill_product),
        "-o",
        str(out),
        "--height",
        "144",
        "--enhance",
        "off",
        "--no-srt",
        "-q",
        config=tmp_path / "cfg",
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    _assert_each_bad_file_named(proc.stderr)
    assert out.stat().st_size > 10_000
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "cfg") == ["kettle.mp4"]
