"""Customer quotes: reading them, splitting who said it, and the quote cards a plan makes."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.core.edits import RemoveScene, UndoLog
from studio.core.intake import MAX_QUOTES, product_from_folder
from studio.core.model import ImageAsset, Product, Project
from studio.core.project_io import load_project, save_project
from studio.core.quotes import card_text, split_quote
from studio.core.storyboard import ImageChoice, apply_plan


@pytest.mark.parametrize(
    ("line", "words", "who"),
    [
        ("Fits like a glove. — Ana, Lisbon", "Fits like a glove.", "Ana, Lisbon"),
        ("“Best purchase ever!” - John D.", "Best purchase ever!", "John D."),
        ('"Love it" ~ Mia', "Love it", "Mia"),
        ("«Très confortable» – Chloé", "Très confortable", "Chloé"),
        ("Just right", "Just right", ""),
        ("Well-made and light", "Well-made and light", ""),  # a hyphen inside words is not a dash
        # more than a name after the dash: it is part of the quote
        (
            "Half the price — and it still outlasts the one my whole family used before",
            "Half the price — and it still outlasts the one my whole family used before",
            "",
        ),
        ("穿着很舒服 — 李女士", "穿着很舒服", "李女士"),
    ],
)
def test_a_quote_splits_into_its_words_and_who_said_it(line, words, who):
    assert split_quote(line) == (words, who)


def test_a_long_quote_is_cut_at_a_sentence_for_the_card():
    long = "Great fit. " * 40 + "— Sam"
    text = card_text(long)
    assert len(text) <= 220 and text.endswith(".") and "Sam" not in text


def _folder(tmp_path: Path, quotes: bytes | None) -> Path:
    d = tmp_path / "mug"
    d.mkdir(parents=True)
    (d / "bullets.txt").write_text("Red glaze\nBig handle\n", encoding="utf-8")
    (d / "img1.jpg").write_bytes(b"")
    if quotes is not None:
        (d / "quotes.txt").write_bytes(quotes)
    return d


def test_quotes_txt_is_read_beside_the_bullets(tmp_path):
    intake = product_from_folder(
        _folder(tmp_path, "- “Love it.” — Ana\n\n  Keeps tea hot ~ Bo \n".encode())
    )
    assert intake.project.product.quotes == ["“Love it.” — Ana", "Keeps tea hot ~ Bo"]
    assert intake.warnings == []
    assert product_from_folder(_folder(tmp_path / "x", None)).project.product.quotes == []


def test_too_many_quotes_and_a_non_utf8_file_each_get_one_warning(tmp_path):
    lines = "\n".join(f"Quote number {k} — Buyer {k}" for k in range(MAX_QUOTES + 5))
    intake = product_from_folder(_folder(tmp_path, lines.encode()))
    assert len(intake.project.product.quotes) == MAX_QUOTES
    assert [w for w in intake.warnings if "quotes" in w and str(MAX_QUOTES) in w]
    intake = product_from_folder(_folder(tmp_path / "b", "Tr\xe8s bien — Zo\xe9".encode("cp1252")))
    assert intake.project.product.quotes == ["Très bien — Zoé"]
    assert any("not UTF-8" in w for w in intake.warnings)


def test_quotes_round_trip_through_the_project_file(tmp_path):
    p = Project(tmp_path, Product("Mug", ["Red"], quotes=["Lovely — Ana", "Solid"]))
    path = tmp_path / "mug.pvs"
    save_project(p, path)
    assert load_project(path).product.quotes == ["Lovely — Ana", "Solid"]


def _project(quotes: list[str]) -> Project:
    return Project(
        Path("/p"),
        Product("Mug", ["Red", "Handle"], quotes=quotes),
        [ImageAsset(f"{n}.jpg") for n in "abcd"],
    )


def _plan(p: Project, everything: bool = False, lifestyle: tuple[str, ...] = ()) -> None:
    choices = [ImageChoice(0, "b.jpg", 0.9), ImageChoice(1, "c.jpg", 0.8)]
    apply_plan(p, choices, hero="a.jpg", order=[0, 1], everything=everything, lifestyle=lifestyle)


def test_each_quote_gets_a_card_after_the_bullets_on_a_spare_photo():
    p = _project(["“Lovely mug.” — Ana", "Keeps tea hot"])
    _plan(p)
    s = p.timeline.scenes
    assert [x.kind for x in s] == ["title", "bullet", "bullet", "quote", "quote", "cta"]
    assert s[3].caption == s[3].voice_line == "Lovely mug."
    assert s[3].source_text == "“Lovely mug.” — Ana"
    assert s[3].image == "d.jpg"  # the one photo neither the hero nor a bullet shows
    assert s[4].caption == "Keeps tea hot"


def test_a_replan_keeps_quote_cards_the_seller_rewrote_deleted_or_moved():
    p = _project(["Lovely mug — Ana", "Keeps tea hot", "Sturdy"])
    _plan(p)
    tl = p.timeline
    lovely, hot, sturdy = (x for x in tl.scenes if x.kind == "quote")
    lovely.caption = "A lovely mug!"  # the seller's words
    undo = UndoLog(p)
    undo.push(RemoveScene(hot.id))
    tl.scenes.remove(sturdy)
    tl.scenes.insert(1, sturdy)  # dragged to the front
    tl.arranged = True
    p.product.quotes = ["Lovely mug — Ana", "Keeps tea hot", "Sturdy", "Great gift — Bo"]
    _plan(p)
    kinds = [(x.kind, x.caption) for x in tl.scenes]
    assert kinds[1] == ("quote", "Sturdy")  # stays where the seller put it
    assert ("quote", "A lovely mug!") in kinds  # keeps the seller's words
    assert ("quote", "Keeps tea hot") not in kinds  # stays deleted
    assert kinds[-2] == ("quote", "Great gift") and kinds[-1][0] == "cta"  # the new one last


def test_a_reworded_quote_keeps_its_card():
    p = _project(["Lovely mug — Ana"])
    _plan(p)
    card = next(x for x in p.timeline.scenes if x.kind == "quote")
    p.product.quotes = ["Lovely, sturdy mug — Ana"]
    _plan(p)
    again = next(x for x in p.timeline.scenes if x.kind == "quote")
    assert again.id == card.id and again.caption == "Lovely, sturdy mug"


def test_the_experience_template_opens_on_photos_of_the_product_in_use():
    p = _project([])
    p.look.template = "experience"
    _plan(p, lifestyle=("c.jpg",))
    assert [x.bullet for x in p.timeline.scenes if x.kind == "bullet"] == [1, 0]
    p.look.template = "highlight"
    _plan(p, everything=True, lifestyle=("c.jpg",))
    assert [x.bullet for x in p.timeline.scenes if x.kind == "bullet"] == [0, 1]
