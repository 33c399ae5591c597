"""Audience variants from the command line: `render --audience` (repeatable) writes one video
per audience under its own name, each with its audience's words; an unknown audience is one
clear error naming the known ones, before any work; `studio audiences` lists and adds."""

from __future__ import annotations

import json

import pytest

from studio.media.ffmpeg import probe, stream_duration
from tests.e2e.cli import studio
from tests.samples import demo_product

BULLETS = (
    "Wrapped in a gift box with a card, ready to give.",
    "Water-repellent shell keeps you dry on rainy runs.",
    "Kangaroo pocket.",
)


def test_an_unknown_audience_is_named_with_the_known_ones_before_any_work(tmp_path):
    product = demo_product(tmp_path / "hoodie")
    out = tmp_path / "v.mp4"
    proc = studio(
        "render", str(product), "--audience", "astronauts", "-o", str(out), config=tmp_path / "c"
    )
    assert proc.returncode == 1, proc.stderr
    assert "no audience 'astronauts'" in proc.stderr and "Gift buyers" in proc.stderr
    assert "Traceback" not in proc.stderr and not list(tmp_path.glob("*.mp4"))


def test_audiences_are_listed_and_a_sellers_own_is_added(tmp_path):
    config = tmp_path / "c"
    added = studio(
        "audiences",
        "--add",
        "Runners",
        "--description",
        "Runners training outdoors in all weather.",
        "--mood",
        "energetic",
        "--speed",
        "1.2",
        config=config,
    )
    assert added.returncode == 0, added.stderr
    listed = json.loads(studio("audiences", "--json", config=config).stdout)
    runners = next(p for p in listed if p["slug"] == "runners")
    assert runners["music_mood"] == "energetic" and runners["built_in"] is False
    assert {"gift-buyers", "budget-shoppers"} <= {p["slug"] for p in listed}
    bad = studio("audiences", "--add", "X", "--description", "y", "--mood", "disco", config=config)
    assert bad.returncode == 1 and "music_mood" in bad.stderr


@pytest.mark.slow
def test_two_audiences_render_two_videos_each_with_its_own_words(tmp_path):
    config = tmp_path / "c"
    product = demo_product(
        tmp_path / "hoodie", images=("img1.jpg", "img2.jpg", "img3.jpg"), bullets=BULLETS
    )
    (product / "product.toml").write_text(
        'title = "Bruno Hoodie"\nprice = "$63"\n', encoding="utf-8"
    )
    (product / "variants.json").write_text(
        json.dumps({"audiences": {"Outdoor and active": {"call_to_action": "See you outside."}}}),
        encoding="utf-8",
    )
    out = tmp_path / "out" / "hoodie.mp4"
    out.parent.mkdir()
    proc = studio(
        "render",
        str(product),
        "--audience",
        "gift buyers",
        "--audience",
        "Outdoor and active",
        "--height",
        "144",
        "-q",
        "-o",
        str(out),
        config=config,
    )
    assert proc.returncode == 0, proc.stderr
    gift, active = (
        out.with_name("hoodie-gift-buyers.mp4"),
        out.with_name("hoodie-outdoor-and-active.mp4"),
    )
    assert sorted(p.name for p in out.parent.glob("*.mp4")) == sorted([gift.name, active.name])
    assert str(gift) in proc.stdout and str(active) in proc.stdout
    for video in (gift, active):
        info = probe(video)
        v, a = info.first("video"), info.first("audio")
        assert v is not None and a is not None
        assert (v.codec, v.width, v.height) == ("h264", 256, 144)
        assert abs(stream_duration(video, "v") - stream_duration(video, "a")) < 0.2

    gift_srt = gift.with_suffix(".srt").read_text(encoding="utf-8")
    active_srt = active.with_suffix(".srt").read_text(encoding="utf-8")
    assert "Bruno Hoodie — $63 · Gift idea" in gift_srt  # the badge beside the price
    assert "Give it today." in gift_srt  # the profile's call to action
    assert "See you outside." in active_srt  # the seller's override for this audience
    # each audience hears its most relevant bullet first (the title card, then bullets)
    assert _first_bullet_cue(gift_srt) == BULLETS[0]
    assert _first_bullet_cue(active_srt) == BULLETS[1]


def _first_bullet_cue(srt: str) -> str:
    blocks = [b.splitlines() for b in srt.strip().split("\n\n")]
    return " ".join(blocks[1][2:])
