"""Audience profiles and the variants derived from a master: a profile library that keeps a
seller's own profiles and never loses a damaged one, bullets ranked by the real MiniLM
embedder, and variants that follow the master except where the seller changed them."""

from __future__ import annotations

import json

import pytest

from studio.analysis.text import embed
from studio.core.audience import (
    BUILT_IN,
    MUSIC_MOODS,
    AudienceProfile,
    find_profile,
    list_profiles,
    profiles_dir,
    remove_profile,
    save_profile,
)
from studio.core.errors import ProjectError
from studio.core.intake import load_product
from studio.core.model import LocaleText, VoiceSettings, limits
from studio.core.project_io import project_to_dict
from studio.core.storyboard import ImageChoice, apply_plan
from studio.core.variants import (
    VARIANTS_FILE,
    VariantOverrides,
    derive_variant,
    override,
    read_overrides,
    relevance,
    select_bullets,
)
from tests.samples import demo_product

GIFT_WRAP = "Arrives gift-wrapped in a recyclable box with a handwritten card."
SPEC = "Water-repellent polyester shell with a 20,000 mm hydrostatic head rating."
BULLETS = (
    SPEC,
    GIFT_WRAP,
    "Breathable mesh lining wicks sweat on long runs and hikes.",
    "Machine washable at 30 degrees.",
    "Two-year warranty and free returns.",
    "YKK zip rated for 10,000 cycles.",
    "Packs into its own pocket in seconds, ready for your commute.",
)
RUNNERS = AudienceProfile(
    name="Runners",
    description="Runners training outdoors in all weather who want breathable, light kit.",
    hook="Made for the long run.",
    call_to_action="Run in it today.",
    music_mood="energetic",
    voice_speed=1.2,
)


# ------------------------------------------------------------------ profiles


def test_built_in_profiles_use_what_the_music_and_voice_can_do():
    from studio.music.generate import MOODS

    assert list(MUSIC_MOODS) == list(MOODS)
    lo, hi = limits(VoiceSettings, "speed")
    assert len(BUILT_IN) >= 5
    for p in BUILT_IN:
        assert p.music_mood in MUSIC_MOODS and p.voice_speed is not None
        assert lo <= p.voice_speed <= hi
        assert p.description and p.hook and p.call_to_action
    assert {p.slug for p in BUILT_IN} >= {"gift-buyers", "budget-shoppers", "first-time-buyers"}


def test_a_sellers_profile_is_saved_found_by_any_spelling_and_removed():
    path = save_profile(RUNNERS)
    assert path.parent == profiles_dir() and path.name == "runners.json"
    assert find_profile(" runners ") == RUNNERS
    names = [p.name for p in list_profiles()]
    assert names[: len(BUILT_IN)] == [p.name for p in BUILT_IN] and "Runners" in names

    own_gift = AudienceProfile(name="Gift Buyers", description="Grandparents buying for kids.")
    save_profile(own_gift)
    assert find_profile("gift buyers") == own_gift  # the seller's takes the built-in's place
    assert sum(p.slug == "gift-buyers" for p in list_profiles()) == 1
    remove_profile("gift buyers")
    assert find_profile("Gift buyers").built_in
    with pytest.raises(ProjectError, match="built-in"):
        remove_profile("gift buyers")


def test_an_unknown_audience_names_the_known_ones():
    save_profile(RUNNERS)
    with pytest.raises(ProjectError) as err:
        find_profile("astronauts")
    assert "astronauts" in str(err.value)
    assert "Gift buyers" in str(err.value) and "Runners" in str(err.value)


@pytest.mark.parametrize(
    ("field", "value", "needle"),
    [
        ("music_mood", "disco", "music_mood"),
        ("voice_speed", 3.0, "voice_speed"),
        ("description", "", "description"),
        ("max_bullets", 1, "max_bullets"),
    ],
)
def test_bad_profile_values_are_refused_before_anything_is_written(field, value, needle):
    bad = AudienceProfile(**{**RUNNERS.__dict__, field: value})
    with pytest.raises(ProjectError, match=needle):
        save_profile(bad)
    assert not (profiles_dir() / "runners.json").exists()


def test_a_damaged_profile_is_one_message_and_is_never_lost():
    damaged = profiles_dir(create=True) / "runners.json"
    damaged.write_text('{"format": "product-video-studio-audience", "name": ', encoding="utf-8")
    with pytest.raises(ProjectError) as err:
        find_profile("runners")
    assert str(damaged) in str(err.value) and "damaged" in str(err.value)

    problems: list[str] = []
    listed = list_profiles(problems)
    assert [p.name for p in listed] == [p.name for p in BUILT_IN]
    assert len(problems) == 1 and "runners.json" in problems[0]

    save_profile(RUNNERS)  # saving again replaces it, keeping the damaged bytes beside it
    kept = damaged.with_name("runners.json.damaged")
    assert kept.read_text(encoding="utf-8").endswith('"name": ')
    assert find_profile("runners") == RUNNERS


# ------------------------------------------------------------------ derivation


def _master(tmp_path, bullets=BULLETS, planned=True):
    folder = demo_product(tmp_path / "jacket", images=("img1.jpg", "img2.jpg", "img3.jpg"))
    (folder / "bullets.txt").write_text("\n".join(bullets) + "\n", encoding="utf-8")
    (folder / "product.toml").write_text(
        'title = "Trail Jacket"\nprice = "$89"\nmusic_mood = "calm"\n', encoding="utf-8"
    )
    project = load_product(folder).project
    if planned:
        photos = ["img2.jpg", "img3.jpg", "img1.jpg"]
        choices = [ImageChoice(b, photos[b % 3], 0.9, ("test plan",)) for b in range(len(bullets))]
        apply_plan(project, choices, "img1.jpg", list(range(len(bullets))))
    return project


def test_select_keeps_the_most_relevant_and_never_too_few():
    scores = [0.1, 0.9, 0.5, 0.3, 0.2, 0.0, 0.4]
    assert select_bullets(["b"] * 7, scores, 5) == [1, 2, 6, 3, 4]
    assert select_bullets(["b"] * 7, scores, 3) == [1, 2, 6]
    assert select_bullets(["b"] * 2, [0.1, 0.2], 5) == [1, 0]  # fewer than 3: all kept
    assert select_bullets([], [], 5) == []


def test_gift_buyers_hear_about_gift_wrapping_before_the_spec_sheet(tmp_path):
    master = _master(tmp_path)
    before = json.dumps(project_to_dict(master), sort_keys=True)
    gift = derive_variant(master, find_profile("gift buyers"), embed)
    assert json.dumps(project_to_dict(master), sort_keys=True) == before  # master untouched

    bullets = gift.product.bullets
    assert bullets[0] == GIFT_WRAP
    gift_words = find_profile("gift buyers").description
    scores = dict(zip(BULLETS, relevance(gift_words, BULLETS, embed), strict=True))
    assert scores[GIFT_WRAP] > scores[SPEC]
    dropped = [b for b in BULLETS if b not in bullets]
    assert len(bullets) == 5 and len(dropped) == 2  # the least relevant are dropped
    assert max(scores[b] for b in dropped) <= min(scores[b] for b in bullets)
    active = derive_variant(master, find_profile("outdoor and active"), embed)
    assert active.product.bullets[0].startswith("Breathable mesh")

    profile = find_profile("gift buyers")
    assert gift.product.call_to_action == profile.call_to_action
    assert gift.music.mood == profile.music_mood and gift.voice.speed == profile.voice_speed
    scenes = list(gift.timeline.scenes)
    assert [s.kind for s in scenes] == ["title", *["bullet"] * 5, "cta"]
    assert [s.caption for s in scenes[1:-1]] == bullets
    assert [s.bullet for s in scenes[1:-1]] == list(range(5))
    title = scenes[0]
    assert title.voice_line == f"{profile.hook} Trail Jacket. Only $89."
    assert gift.product.tagline == profile.hook  # shown over the title too, for muted viewers
    assert master.product.tagline == ""
    assert gift.product.price == f"$89 · {profile.badge}"  # shown on the title card's pill
    assert scenes[-1].caption == profile.call_to_action
    # each bullet keeps the photo the master's plan gave it
    photo_of = {s.source_text: s.image for s in master.timeline.scenes if s.kind == "bullet"}
    assert all(s.image == photo_of[s.source_text] for s in scenes[1:-1])


def test_master_edits_flow_into_variants_and_the_sellers_overrides_stay(tmp_path):
    master = _master(tmp_path)
    root = master.root
    override(root, "Gift buyers", hook="The jacket they will live in.", exclude=[GIFT_WRAP])
    override(root, "gift-buyers", call_to_action="Wrap one up.")
    saved = read_overrides(root)
    assert set(saved) == {"gift-buyers"}
    assert saved["gift-buyers"].hook == "The jacket they will live in."
    assert saved["gift-buyers"].exclude == (GIFT_WRAP,)

    # the seller frames a photo and rewrites a caption in the master
    scene = next(s for s in master.timeline.scenes if s.source_text == BULLETS[4])
    scene.caption, scene.edited, scene.image = "Two years covered.", True, "img3.jpg"
    master.product.title = "Trail Jacket Pro"
    master.look.template = "experience"

    gift = derive_variant(master, find_profile("gift buyers"), embed, saved["gift-buyers"])
    assert GIFT_WRAP not in gift.product.bullets  # the seller's change stays
    assert gift.product.call_to_action == "Wrap one up."
    title = next(s for s in gift.timeline.scenes if s.kind == "title")
    assert title.voice_line.startswith("The jacket they will live in. Trail Jacket Pro.")
    assert title.caption == "Trail Jacket Pro" and gift.look.template == "experience"
    warranty = next(s for s in gift.timeline.scenes if s.source_text == BULLETS[4])
    assert (warranty.caption, warranty.image) == ("Two years covered.", "img3.jpg")
    assert gift.music.mood == find_profile("gift buyers").music_mood  # not overridden

    # translations follow their bullets (they are read by position)
    master.product.locales["de"] = LocaleText(bullets=[f"de {k}" for k in range(len(BULLETS))])
    german = derive_variant(master, RUNNERS, embed).product
    assert german.locales["de"].bullets == [f"de {BULLETS.index(b)}" for b in german.bullets]

    # explicit bullets win; ones the master no longer has are left out
    o = VariantOverrides(bullets=(BULLETS[3], "A bullet since deleted.", BULLETS[0]))
    chosen = derive_variant(master, RUNNERS, embed, o)
    assert chosen.product.bullets == [BULLETS[3], BULLETS[0]]


def test_an_unplanned_master_gives_an_unplanned_variant_in_the_audiences_order(tmp_path):
    master = _master(tmp_path, planned=False)
    gift = derive_variant(master, find_profile("gift buyers"), embed)
    assert not gift.timeline.scenes and gift.product.bullets[0] == GIFT_WRAP
    assert gift.product.price == "$89"  # the badge needs the title card


@pytest.mark.parametrize(
    ("doc", "needle"),
    [
        ("{not json", "cannot be read"),
        ('{"audiences": {"runners": {"music": "../outside.mp3"}}}', "outside"),
        ('{"audiences": {"runners": {"music": "/etc/passwd"}}}', "absolute"),
        ('{"audiences": {"runners": {"voice_speed": "fast"}}}', "voice_speed"),
        ('{"audiences": {"runners": {"colour": "red"}}}', "unknown field 'colour'"),
        ('{"audiences": ["runners"]}', "audiences"),
    ],
)
def test_a_variants_file_that_cannot_be_used_is_one_message(tmp_path, doc, needle):
    (tmp_path / VARIANTS_FILE).write_text(doc, encoding="utf-8")
    with pytest.raises(ProjectError, match=needle):
        read_overrides(tmp_path)
    assert (tmp_path / VARIANTS_FILE).read_text(encoding="utf-8") == doc  # never rewritten
