"""The platform rules table: every rule sourced and dated, the figures sellers rely on, the
measures behind the checks, and the export settings that carry a platform in project files."""

from __future__ import annotations

import json
import re

import pytest

from studio.core.claims import find_claims, without_claims
from studio.core.errors import ProjectError
from studio.core.model import ExportSettings, Project
from studio.core.platforms import (
    CHECKED,
    PLATFORMS,
    aspect_name,
    fits_size,
    platform,
    with_rule,
)
from studio.core.project_io import load_project, project_to_dict, save_project

MARKETPLACES = ("amazon", "walmart", "tiktok", "etsy", "ebay", "shopify", "reels", "shorts")


def test_every_marketplace_is_there_and_every_rule_says_where_it_comes_from():
    assert tuple(PLATFORMS) == MARKETPLACES
    for p in PLATFORMS.values():
        assert p.rules, p.key
        for rule in p.rules:
            assert rule.source.name.strip()
            assert rule.source.checked == CHECKED == "2026-11-28"
            assert not rule.source.url or rule.source.url.startswith("https://")
            assert rule.describe()  # every kind can be put in words
        preset_w, preset_h = ExportSettings(preset=p.preset, height=p.height).frame_size()
        assert preset_w % 2 == 0 and preset_h % 2 == 0


def test_the_figures_sellers_are_held_to():
    amazon = platform("amazon")
    assert amazon.rule("aspect").aspects == ("16:9",)
    assert amazon.rule("frame_size").min_size == (1280, 720)
    assert amazon.rule("duration").seconds == (6, 45)
    assert amazon.max_bytes == 500_000_000
    assert set(amazon.rule("content").claims) == {
        "price",
        "promotion",
        "rating",
        "review",
        "url",
        "deadline",
    }
    assert amazon.rule("text_size").min_text_px == 44  # 30 pt at 1080p, as measured (see module)
    assert amazon.rule("captions").severity == "warn"
    walmart = platform("walmart")
    assert walmart.wants_vtt and walmart.describes_music
    assert walmart.rule("frame_size").max_size == (3840, 2160)
    assert walmart.rule("duration").seconds == (5, 45)
    tiktok = platform("tiktok")
    assert tiktok.preset == "portrait" and tiktok.max_bytes == 10_000_000
    assert [r.seconds for r in tiktok.rules_of("duration")] == [(None, 60), (5, 60)]
    assert platform("ebay").max_bytes == 157_286_400
    assert platform("etsy").rule("duration").seconds == (5, 15)
    assert platform("shopify").max_bytes == 1_000_000_000
    assert platform("shopify").rule("duration").seconds == (None, 600)
    zone = platform("reels").rule("safe_zone").zone
    assert (zone.top, zone.bottom, zone.left, zone.right) == (0.14, 0.35, 0.06, 0.06)
    assert platform("shorts").rule("aspect").aspects == ("9:16", "1:1")
    assert platform("shorts").rule("duration").seconds == (None, 180)


def test_rules_read_as_a_seller_would_say_them():
    said = {r.kind: r.describe() for r in platform("amazon").rules}
    assert said["duration"] == "duration 6-45 s (Sponsored Brands)"
    assert said["file_size"] == "file at most 500 MB"
    assert "star ratings" in said["content"] and "URLs" in said["content"]
    assert platform("shorts").rule("duration").describe() == "duration at most 3 min"
    assert platform("tiktok").rule("duration").describe() == "duration under 60 s (Media Center)"
    assert "157,286,400 bytes" in platform("ebay").rule("file_size").describe()
    assert "bottom 35%" in platform("reels").rule("safe_zone").describe()


def test_a_rule_is_easy_to_tighten():
    stricter = with_rule(platform("tiktok"), "file_size", max_bytes=4_000_000)
    assert stricter.max_bytes == 4_000_000 and platform("tiktok").max_bytes == 10_000_000
    with pytest.raises(KeyError):
        platform("nowhere")


@pytest.mark.parametrize(
    ("size", "name"),
    [((1920, 1080), "16:9"), ((1080, 1920), "9:16"), ((720, 720), "1:1"), ((1920, 1088), "16:9")],
)
def test_aspect_names(size, name):
    assert aspect_name(*size) == name


def test_aspect_names_of_other_shapes_and_size_bounds():
    assert aspect_name(1024, 768) == "4:3"
    assert fits_size(1080, 1920, (960, 540), None)  # either orientation
    assert not fits_size(640, 360, (1280, 720), None)
    assert not fits_size(3840, 2160, None, (1920, 1080))
    assert fits_size(1920, 1080, (1280, 720), (3840, 2160))


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("Now only $24.99", {"price"}),
        ("Save 20% off this weekend", {"promotion"}),
        ("Rated 4.8 stars", {"rating"}),
        ("★★★★★ quality", {"rating"}),
        ("Customers love it", {"review"}),
        ("Visit www.acme.com", {"url"}),
        ("Order at acme.shop today", {"url"}),
        ("Limited time: while supplies last", {"deadline"}),
        ("$10 off", {"promotion"}),
    ],
)
def test_claims_are_found(text, kinds):
    assert {c.kind for c in find_claims(text)} == kinds


@pytest.mark.parametrize(
    "text",
    ["Water-repellent shell, 10 pockets", "2-year warranty", "Shop now", "Holds 12 oz"],
)
def test_product_facts_are_not_claims(text):
    assert find_claims(text) == []


def test_removing_claims_keeps_the_rest_of_the_sentence_tidy():
    text = "Waterproof shell, now $20 off, 10 pockets."
    assert without_claims(text, find_claims(text)) == "Waterproof shell, 10 pockets."
    text = "Roomy pocket. Order today, while supplies last!"
    assert without_claims(text, find_claims(text)) == "Roomy pocket. Order today!"
    assert without_claims("Only $5", find_claims("Only $5")) == ""


def test_the_platform_and_extras_are_saved_in_the_project(tmp_path):
    p = Project(tmp_path)
    p.export.platform = "walmart"
    p.export.cover = True
    p.export.loop = True
    save_project(p, tmp_path / "p.studio.json")
    back = load_project(tmp_path / "p.studio.json").export
    assert (back.platform, back.cover, back.loop) == ("walmart", True, True)
    doc = project_to_dict(Project(tmp_path))
    assert doc["export"]["platform"] == "" and doc["export"]["cover"] is False


def test_an_older_project_without_a_platform_opens_as_generic(tmp_path):
    doc = project_to_dict(Project(tmp_path))
    for key in ("platform", "cover", "loop"):
        del doc["export"][key]
    (tmp_path / "old.studio.json").write_text(json.dumps(doc))
    e = load_project(tmp_path / "old.studio.json").export
    assert (e.platform, e.cover, e.loop) == ("", False, False)


@pytest.mark.parametrize(
    ("value", "message"),
    [("myspace", "not one of amazon"), (3, "expected text"), ("", None)],
)
def test_an_unknown_platform_is_refused_by_name(tmp_path, value, message):
    doc = project_to_dict(Project(tmp_path))
    doc["export"]["platform"] = value
    (tmp_path / "p.studio.json").write_text(json.dumps(doc))
    if message is None:
        assert load_project(tmp_path / "p.studio.json").export.platform == ""
        return
    with pytest.raises(ProjectError, match=re.escape("export.platform")) as err:
        load_project(tmp_path / "p.studio.json")
    assert message in str(err.value)
