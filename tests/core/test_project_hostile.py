"""Hostile project files found by fuzzing drills: each one ends in one ProjectError naming the
field (over-long prose is cut instead), never a RecursionError, ValueError, OverflowError,
RuntimeError or UnicodeEncodeError at start-up or later, when the project is saved or exported."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import pytest

from studio.core.errors import ProjectError
from studio.core.geometry import Rect
from studio.core.model import ImageAsset, Motion, Product, Project, Scene, Timeline
from studio.core.project_io import load_project, project_from_dict, project_to_dict, save_project

TAKE = "0123456789abcdef0123456789abcdef"


def _doc(root: Path) -> dict:
    (root / "a.jpg").write_bytes(b"x")
    scenes = [
        Scene(kind="title", caption="Mug", voice_line="Mug.", image="a.jpg"),
        Scene(
            kind="bullet",
            bullet=0,
            caption="Holds 12 oz",
            voice_line="Holds 12 ounces",
            image="a.jpg",
            motion=Motion(Rect(0, 0, 1, 1), Rect(0.1, 0.1, 0.8, 0.8)),
            focus=Rect(0.2, 0.3, 0.4, 0.4),
            reasons=["OCR"],
            take=TAKE,
            takes=[TAKE],
        ),
    ]
    p = Project(
        root,
        Product("Mug", ["Holds 12 oz"], price="$9", brand="Acme", logo="a.jpg"),
        [ImageAsset("a.jpg", "front")],
        Timeline(scenes, dismissed=["old words"]),
    )
    p.music.path = "a.jpg"
    return project_to_dict(p)


def _load_text(tmp_path: Path, text: str) -> Project:
    f = tmp_path / "x.studio.json"
    f.write_text(text, encoding="utf-8")
    return load_project(f)


def test_deeply_nested_json_is_refused(tmp_path):
    deep = "[" * 200_000 + "]" * 200_000
    with pytest.raises(ProjectError, match="nested too deeply"):
        _load_text(
            tmp_path, '{"format": "product-video-studio", "schema_version": 1, "x": ' + deep + "}"
        )


def test_an_integer_of_thousands_of_digits_is_refused(tmp_path):
    text = json.dumps(_doc(tmp_path)).replace(
        '"schema_version": 1', '"schema_version": 1' + "0" * 5000
    )
    with pytest.raises(ProjectError, match="too many digits"):
        _load_text(tmp_path, text)


@pytest.mark.parametrize("literal", ["1e999", "-1e999", "NaN", "Infinity"])
def test_non_finite_numbers_in_the_file_are_refused(tmp_path, literal):
    d = _doc(tmp_path)
    d["timeline"]["scenes"][1]["duration"] = "@"
    text = json.dumps(d).replace('"@"', literal)
    with pytest.raises(
        ProjectError, match=r"timeline\.scenes\[1\]\.duration: .*not a finite number"
    ):
        _load_text(tmp_path, text)


HUGE = 10**5000  # str() of this raises ValueError; float() raises OverflowError


@pytest.mark.parametrize(
    "mutate, field",
    [
        (lambda d: d["timeline"]["scenes"][1].update(duration=HUGE), r"scenes\[1\]\.duration"),
        (lambda d: d["timeline"]["scenes"][1].update(duration=-HUGE), r"scenes\[1\]\.duration"),
        (lambda d: d["timeline"]["scenes"][1].update(duration=math.inf), r"scenes\[1\]\.duration"),
        (
            lambda d: d["timeline"]["scenes"][1].update(confidence=math.nan),
            r"scenes\[1\]\.confidence",
        ),
        (lambda d: d["timeline"]["scenes"][1].update(duration=True), r"scenes\[1\]\.duration"),
        (lambda d: d["timeline"]["scenes"][1].update(bullet=HUGE), r"scenes\[1\]\.bullet"),
        (lambda d: d["timeline"]["scenes"][1].update(focus=[HUGE, 0, 1, 1]), r"scenes\[1\]\.focus"),
        (
            lambda d: d["timeline"]["scenes"][1].update(focus=[0, 0, 1e300, 1]),
            r"scenes\[1\]\.focus",
        ),
        (
            lambda d: d["timeline"]["scenes"][1].update(focus=[0, 0, math.inf, 1]),
            r"scenes\[1\]\.focus",
        ),
        (lambda d: d["timeline"]["scenes"][1].update(focus=[0, 0, True, 1]), r"scenes\[1\]\.focus"),
        (
            lambda d: d["timeline"]["scenes"][1]["motion"].update(start=[math.nan, 0, 1, 1]),
            r"motion\.start",
        ),
        (lambda d: d["export"].update(fps=HUGE), r"export\.fps"),
        (lambda d: d["export"].update(height=1e308 * 10), r"export\.height"),
        (lambda d: d["music"].update(seed=-HUGE), r"music\.seed"),
        (lambda d: d["music"].update(volume_db=False), r"music\.volume_db"),
        (lambda d: d["voice"].update(speed=HUGE), r"voice\.speed"),
        (lambda d: d.update(schema_version=HUGE), "newer version"),
        (lambda d: d.update(schema_version=-HUGE), "schema_version"),
    ],
)
def test_huge_non_finite_and_boolean_numbers_are_refused(tmp_path, mutate, field):
    d = _doc(tmp_path)
    mutate(d)
    with pytest.raises(ProjectError, match=field):
        project_from_dict(d, tmp_path)


TEXT_FIELDS = [
    (("product", "title"), "product.title"),
    (("product", "price"), "product.price"),
    (("product", "brand"), "product.brand"),
    (("product", "call_to_action"), "product.call_to_action"),
    (("product", "logo"), "product.logo"),
    (("product", "bullets", 0), r"product\.bullets\[0\]"),
    (("images", 0, "path"), r"images\[0\]\.path"),
    (("images", 0, "alt"), r"images\[0\]\.alt"),
    (("timeline", "scenes", 1, "caption"), r"scenes\[1\]\.caption"),
    (("timeline", "scenes", 1, "voice_line"), r"scenes\[1\]\.voice_line"),
    (("timeline", "scenes", 1, "source_text"), r"scenes\[1\]\.source_text"),
    (("timeline", "scenes", 1, "image"), r"scenes\[1\]\.image"),
    (("timeline", "scenes", 1, "id"), r"scenes\[1\]\.id"),
    (("timeline", "scenes", 1, "kind"), r"scenes\[1\]\.kind"),
    (("timeline", "scenes", 1, "transition"), r"scenes\[1\]\.transition"),
    (("timeline", "scenes", 1, "reasons", 0), r"scenes\[1\]\.reasons\[0\]"),
    (("timeline", "scenes", 1, "take"), r"scenes\[1\]\.take"),
    (("timeline", "scenes", 1, "takes", 0), r"scenes\[1\]\.takes"),
    (("timeline", "dismissed", 0), r"timeline\.dismissed\[0\]"),
    (("voice", "voice"), r"voice\.voice"),
    (("music", "mood"), r"music\.mood"),
    (("music", "path"), r"music\.path"),
    (("music", "source"), r"music\.source"),
    (("export", "preset"), r"export\.preset"),
]


def _set(d: dict, keys: tuple, value) -> None:
    for k in keys[:-1]:
        d = d[k]
    d[keys[-1]] = value


@pytest.mark.parametrize("keys, field", TEXT_FIELDS)
@pytest.mark.parametrize("bad", ["a\ud800b", "\udfff", "nul\x00here"])
def test_text_that_is_not_valid_text_is_refused_in_every_field(tmp_path, keys, field, bad):
    d = _doc(tmp_path)
    _set(d, keys, bad)
    # through a real file: json escapes the surrogate as \ud800, which json.loads turns back into one
    (tmp_path / "x.studio.json").write_text(json.dumps(d), encoding="ascii")
    with pytest.raises(ProjectError, match=field):
        load_project(tmp_path / "x.studio.json")


def test_the_message_says_what_is_wrong_with_the_text(tmp_path):
    d = _doc(tmp_path)
    d["timeline"]["scenes"][1]["caption"] = "Holds \ud83d oz"
    with pytest.raises(ProjectError, match=r"caption: contains characters that are not valid text"):
        project_from_dict(d, tmp_path)


@pytest.mark.parametrize(
    "mutate, field",
    [
        (lambda d: d["product"].update(bullets=["b"] * 201), r"product\.bullets: more than 200"),
        (
            lambda d: d["timeline"].update(dismissed=["w"] * 1001),
            r"timeline\.dismissed: more than 1000",
        ),
        (lambda d: d["timeline"]["scenes"][1].update(reasons=["r"] * 51), r"reasons: more than 50"),
        (lambda d: d["voice"].update(voice="v" * 201), r"voice\.voice: longer than 200"),
        (lambda d: d["music"].update(mood="m" * 201), r"music\.mood: longer than 200"),
        (lambda d: d["images"][0].update(path="d/" * 600 + "a.jpg"), r"images\[0\]\.path: longer"),
    ],
)
def test_lists_names_and_paths_have_length_limits(tmp_path, mutate, field):
    d = _doc(tmp_path)
    mutate(d)
    with pytest.raises(ProjectError, match=field):
        project_from_dict(d, tmp_path)


def test_over_long_prose_is_cut_and_the_project_still_opens(tmp_path):
    d = _doc(tmp_path)
    d["product"]["title"] = "T" * 7000
    d["product"]["bullets"][0] = "Long original bullet. " * 200  # 4,400 chars: kept whole
    d["timeline"]["scenes"][1]["caption"] = "c" * 1_000_000
    p = project_from_dict(d, tmp_path)
    assert len(p.product.title) == 5000 and len(p.timeline.scenes[1].caption) == 5000
    assert p.product.bullets[0] == d["product"]["bullets"][0]
    save_project(p, tmp_path / "p.studio.json")
    assert project_to_dict(load_project(tmp_path / "p.studio.json")) == project_to_dict(p)


def test_a_product_folder_with_a_huge_bullet_line_still_reopens(tmp_path):
    """Intake keeps a bullet line of any length; the project it makes must survive the loader
    (which export and preview go through, by ``snapshot``)."""
    from studio.core.intake import product_from_folder
    from studio.core.project_io import snapshot

    (tmp_path / "bullets.txt").write_text(
        "Warm and soft. " * 1000 + "\nMachine washable\n", encoding="utf-8"
    )
    p = product_from_folder(tmp_path).project
    assert len(p.product.bullets[0]) > 5000
    assert len(snapshot(p).product.bullets[0]) == 5000
    save_project(p, tmp_path / "p.studio.json")
    assert load_project(tmp_path / "p.studio.json").product.bullets[1] == "Machine washable"


@pytest.mark.parametrize(
    "take",
    [
        "../../somewhere/evil",
        "a" * 5000,
        "\x00" * 32,
        TAKE.upper(),
        TAKE[:-1],
        TAKE + "0",
        "/" + TAKE[1:],
        ".",
        7,
    ],
)
@pytest.mark.parametrize("field", ["take", "takes"])
def test_take_ids_must_be_what_the_studio_makes(tmp_path, take, field):
    d = _doc(tmp_path)
    d["timeline"]["scenes"][1][field] = take if field == "take" else [take]
    with pytest.raises(ProjectError, match=rf"timeline\.scenes\[1\]\.{field}"):
        project_from_dict(d, tmp_path)


def test_an_empty_take_means_the_default_take(tmp_path):
    d = _doc(tmp_path)
    d["timeline"]["scenes"][1]["take"] = ""
    assert project_from_dict(d, tmp_path).timeline.scenes[1].take is None


def test_a_folder_in_place_of_the_file_is_refused(tmp_path):
    (tmp_path / "dir.studio.json").mkdir()
    with pytest.raises(ProjectError, match="cannot be read"):
        load_project(tmp_path / "dir.studio.json")


def test_a_link_loop_in_a_media_path_is_refused(tmp_path):
    os.symlink(tmp_path / "loop", tmp_path / "loop")
    d = _doc(tmp_path)
    d["images"].append({"path": "loop/x.jpg"})
    with pytest.raises(ProjectError, match=r"images\[1\]\.path"):
        project_from_dict(d, tmp_path)
