"""Translations a seller writes: read from files beside the photos, saved with the project,
validated, and turned into a project of their own that keeps the main plan."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studio.core.errors import ProjectError
from studio.core.intake import product_from_folder
from studio.core.locales import localised
from studio.core.model import ImageAsset, LocaleText, Product, Project
from studio.core.project_io import load_project, project_to_dict, save_project
from studio.core.storyboard import ImageChoice, apply_plan


def _folder(tmp_path: Path) -> Path:
    d = tmp_path / "hoodie"
    d.mkdir()
    (d / "img1.jpg").write_bytes(b"")
    (d / "bullets.txt").write_text("Full zip\nKangaroo pocket\n", encoding="utf-8")
    return d


def test_translations_are_read_from_files_named_by_language(tmp_path):
    d = _folder(tmp_path)
    (d / "bullets.de.txt").write_text("Durchgehender Reißverschluss\nKängurutasche\n", "utf-8")
    (d / "product.de.toml").write_text(
        'title = "Kapuzenpullover"\nprice = "59 €"\ncall_to_action = "Jetzt kaufen"\n'
        'voice = "de_DE-thorsten-medium"\ncolour = "red"\n',
        "utf-8",
    )
    (d / "bullets.ar.txt").write_text("سحاب كامل\nجيب كنغر\n", "utf-8")
    (d / "quotes.ar.txt").write_text("رائع — سارة\n", "utf-8")
    (d / "bullets.de.toml").write_text("not a bullet file\n", "utf-8")  # wrong kind: ignored
    (d / "bullets.x.txt").write_text("one letter is no language\n", "utf-8")
    intake = product_from_folder(d)
    locales = intake.project.product.locales
    assert sorted(locales) == ["ar", "de"]
    de = locales["de"]
    assert de.bullets == ["Durchgehender Reißverschluss", "Kängurutasche"]
    assert (de.title, de.price, de.call_to_action) == ("Kapuzenpullover", "59 €", "Jetzt kaufen")
    assert de.voice == "de_DE-thorsten-medium"
    assert locales["ar"].quotes == ["رائع — سارة"] and locales["ar"].title == ""
    assert intake.warnings == [
        "product.de.toml: unknown key 'colour' ignored (known: call_to_action, price, tagline, title, voice)"
    ]


def test_a_broken_translation_file_is_one_warning_and_the_rest_is_kept(tmp_path):
    d = _folder(tmp_path)
    (d / "bullets.fr.txt").write_text("Fermeture éclair\n", "utf-8")
    (d / "product.fr.toml").write_text('title = "Sweat\n', "utf-8")  # unterminated string
    (d / "bullets.es.txt").write_text("\n\n", "utf-8")  # empty
    intake = product_from_folder(d)
    assert intake.project.product.locales["fr"].bullets == ["Fermeture éclair"]
    assert [w.split(":")[0] for w in intake.warnings] == [
        "bullets.es.txt was not used",
        "product.fr.toml was not used",
    ]


def test_translations_round_trip_and_hostile_codes_are_refused(tmp_path):
    p = Project(
        tmp_path, Product("Mug", ["Red"], locales={"pt_BR": LocaleText("Caneca", ["Vermelha"])})
    )
    path = tmp_path / "mug.pvs"
    save_project(p, path)
    assert load_project(path).product.locales["pt_BR"].bullets == ["Vermelha"]
    doc = project_to_dict(p)
    for code in ("../etc", "de/x", "", "deutsch-language"):
        doc["product"]["locales"] = {code: {"bullets": ["x"]}}
        path.write_text(json.dumps(doc), "utf-8")
        with pytest.raises(ProjectError, match="language code"):
            load_project(path)
    doc["product"]["locales"] = {"de": ["not", "a", "table"]}
    path.write_text(json.dumps(doc), "utf-8")
    with pytest.raises(ProjectError, match="expected a table"):
        load_project(path)


def _planned() -> Project:
    p = Project(
        Path("/p"),
        Product(
            "Hoodie",
            ["Full zip", "Kangaroo pocket", "Machine washable"],
            price="$63",
            quotes=["Warm — Sam"],
            locales={
                "de": LocaleText(
                    "Kapuzenpullover",
                    ["Durchgehender Reißverschluss", "Kängurutasche"],
                    price="59 €",
                    call_to_action="Jetzt kaufen",
                )
            },
        ),
        [ImageAsset(f"{n}.jpg") for n in "abcd"],
    )
    choices = [
        ImageChoice(0, "b.jpg", 0.9),
        ImageChoice(1, "c.jpg", 0.8),
        ImageChoice(2, "d.jpg", 0.7),
    ]
    apply_plan(p, choices, hero="a.jpg", order=[1, 0, 2])
    return p


def test_the_translated_project_keeps_the_main_plan_with_its_own_words():
    p = _planned()
    p.timeline.scenes[1].caption = "My own words"  # main-language edits do not carry over
    de = localised(p, "de", "de_DE-tiny")
    kinds = [(s.kind, s.image, s.caption) for s in de.timeline.scenes]
    assert kinds == [
        ("title", "a.jpg", "Kapuzenpullover"),
        ("bullet", "c.jpg", "Kängurutasche"),  # the main order and photos
        ("bullet", "b.jpg", "Durchgehender Reißverschluss"),
        ("cta", "a.jpg", "Jetzt kaufen"),  # the third bullet and the quote are not translated
    ]
    assert de.timeline.scenes[0].voice_line == "Kapuzenpullover. 59 €."
    assert de.voice.voice == "de_DE-tiny" and de.product.locales == {}
    assert p.product.title == "Hoodie" and p.timeline.scenes[1].caption == "My own words"


def test_without_a_voice_the_translation_has_captions_only_and_unknown_codes_are_named():
    de = localised(_planned(), "de", None)
    assert all(s.voice_line == "" for s in de.timeline.scenes)
    assert de.timeline.scenes[1].caption == "Kängurutasche"
    with pytest.raises(ProjectError, match=r"no 'fr' translation \(it has: de\)"):
        localised(_planned(), "fr", None)
