"""Translations from the command line: `render --locale` writes one video per language under
its own name, with that language's words; an unknown language is one clear error before any
work."""

from __future__ import annotations

import pytest

from studio.media.ffmpeg import probe
from tests.e2e.cli import studio
from tests.samples import demo_product


def _product(tmp_path):
    d = demo_product(tmp_path / "hoodie")
    (d / "bullets.de.txt").write_text("Kängurutasche.\nVerstellbare Kapuze.\n", encoding="utf-8")
    (d / "product.de.toml").write_text(
        'title = "Kapuzenpullover"\ncall_to_action = "Jetzt kaufen"\n', encoding="utf-8"
    )
    return d


def test_an_unknown_language_is_named_with_the_known_ones_before_any_work(tmp_path):
    out = tmp_path / "v.mp4"
    proc = studio(
        "render", str(_product(tmp_path)), "--locale", "fr", "-o", str(out), config=tmp_path / "c"
    )
    assert proc.returncode != 0
    assert "no 'fr' translation (it has: de)" in proc.stderr
    assert not out.exists() and not list(tmp_path.glob("*.mp4"))


@pytest.mark.slow
def test_a_translation_renders_under_its_own_name_with_its_words(tmp_path):
    out = tmp_path / "out" / "hoodie.mp4"
    out.parent.mkdir()
    proc = studio(
        "render",
        str(_product(tmp_path)),
        "--locale",
        "de",
        "--height",
        "144",
        "-q",
        "-o",
        str(out),
        config=tmp_path / "c",
    )
    assert proc.returncode == 0, proc.stderr
    video = out.with_name("hoodie-de.mp4")
    assert [p.name for p in out.parent.glob("*.mp4")] == [video.name]
    assert probe(video).first("video") is not None
    srt = video.with_suffix(".srt").read_text(encoding="utf-8")
    assert "Kapuzenpullover" in srt and "Kängurutasche." in srt and "Jetzt kaufen" in srt
    assert "Kangaroo" not in srt
    assert "no installed voice speaks German (de)" in proc.stderr
