"""Audience Variants: ticked audiences appear side by side as cards (derived with the real
sentence embedder on a worker, each with a still of its title card), Export All hands every
variant (and its translations) to the window's exports, and a damaged audience file or
variants.json is one message, not a crash."""

from __future__ import annotations

import pytest

from studio.core.audience import AudienceProfile, save_profile
from studio.core.model import LocaleText
from studio.media.ffmpeg import probe
from studio.ui.document import open_document
from studio.ui.variants_dialog import VariantsDialog
from tests.ui.conftest import BULLETS

DERIVE_MS = 180_000  # the first derivation loads the embedder (and may plan)


def _derived(qtbot, dlg: VariantsDialog, names: list[str]) -> None:
    dlg.set_checked(names)
    with qtbot.waitSignal(dlg.cards_shown, timeout=DERIVE_MS):
        dlg.derive()


def test_ticked_audiences_show_side_by_side_with_their_title_card(qtbot, make_window, planned_file):
    save_profile(
        AudienceProfile(
            "Runners",
            "Runners training outdoors in rain and wind",
            hook="Rain or shine, keep running.",
            call_to_action="Run with it.",
            music_mood="energetic",
            voice_speed=1.2,
        )
    )
    w = make_window(open_document(planned_file))
    dlg = w.open_variants()
    assert isinstance(dlg, VariantsDialog)
    assert w.variants_action.text() == "Audience &Variants…"
    names = [dlg.audiences.item(i).text() for i in range(dlg.audiences.count())]
    assert "Gift buyers" in names and "Runners (yours)" in names
    assert dlg.placeholder.isVisibleTo(dlg) and not dlg.cards

    _derived(qtbot, dlg, ["Gift buyers", "Runners"])
    assert [c.card.profile.name for c in dlg.cards] == ["Gift buyers", "Runners"]
    runners = dlg.cards[1]
    assert "Rain or shine, keep running." in runners.hook.text()
    assert "Run with it." in runners.cta.text()
    assert "energetic music, voice at 1.2×" in runners.sound.text()
    # every bullet of the product, in the order the audience's variant shows them
    shown = [line.split(". ", 1)[1] for line in runners.bullets.text().splitlines()]
    assert sorted(shown) == sorted(BULLETS) and tuple(shown) == runners.card.bullets
    for view in dlg.cards:
        pm = view.still.pixmap()
        assert pm is not None and not pm.isNull() and pm.width() > 100
        assert view.card.still is not None and view.card.still.std() > 10  # a picture
    # the cards sit side by side in one row
    cells = [dlg.grid.getItemPosition(dlg.grid.indexOf(c))[:2] for c in dlg.cards]
    assert cells == [(0, 0), (0, 1)]
    qtbot.waitUntil(lambda: dlg.cards[1].geometry().left() > dlg.cards[0].geometry().right())
    assert dlg.cards[0].geometry().top() == dlg.cards[1].geometry().top()

    _derived(qtbot, dlg, ["Runners"])  # unticking takes a card away
    assert [c.card.profile.name for c in dlg.cards] == ["Runners"]
    qtbot.waitUntil(lambda: not dlg.busy, timeout=DERIVE_MS)


def test_export_all_starts_an_export_per_variant_and_language(
    qtbot, make_window, planned_file, tmp_path
):
    doc = open_document(planned_file)
    doc.project.product.locales["de"] = LocaleText(
        title="Kapuzenpullover", bullets=["Wasserabweisend.", "Kaengurutasche."]
    )
    doc.project.export.height = 144  # (they are cancelled: small, should one get far)
    w = make_window(doc)
    dlg = w.open_variants()
    out = tmp_path / "videos"
    dlg.folder.setText(str(out))
    dlg.preset.setCurrentIndex(dlg.preset.findData("square"))
    dlg.set_checked(["Gift buyers", "Budget shoppers"])
    assert dlg.languages.isVisibleTo(dlg)
    dlg.languages.setChecked(True)
    started: list[object] = []
    w.exports.started.connect(lambda key, runner: started.append(runner))
    with qtbot.waitSignal(dlg.exports_started, timeout=DERIVE_MS) as sig:
        dlg.export_all()
    assert sig.args == [4]
    assert sorted(p.name for p in dlg.started) == [
        "hoodie-square-budget-shoppers-de.mp4",
        "hoodie-square-budget-shoppers.mp4",
        "hoodie-square-gift-buyers-de.mp4",
        "hoodie-square-gift-buyers.mp4",
    ]
    assert all(p.parent == out for p in dlg.started)
    assert len(started) == 4 and len(w.exports.running) == 4
    assert "Started 4 exports" in dlg.status.text()
    # they are the window's exports: cancelled from there like any other
    w.exports.cancel_all()
    qtbot.waitUntil(lambda: not w.exports.running, timeout=120_000)
    assert not any(p.exists() for p in dlg.started)  # a cancelled export writes nothing


def test_a_damaged_variants_file_is_one_message(qtbot, make_window, planned_file):
    (planned_file.parent / "variants.json").write_text('{"audiences": {"gift buyers": 3}}')
    w = make_window(open_document(planned_file))
    dlg = w.open_variants()
    dlg.set_checked(["Gift buyers"])
    dlg.derive()
    qtbot.waitUntil(lambda: not dlg.busy, timeout=DERIVE_MS)
    assert "variants.json" in dlg.status.text() and dlg.status.kind == "error"
    assert not dlg.cards
    dlg.export_all()
    qtbot.waitUntil(lambda: not dlg.busy, timeout=DERIVE_MS)
    assert dlg.status.text().startswith("Nothing exported: variants.json")
    assert not w.exports.running


def test_a_damaged_audience_file_is_named_and_the_rest_are_listed(
    qtbot, make_window, planned_file, own_config
):
    folder = own_config / "audiences"
    folder.mkdir(parents=True)
    (folder / "broken.json").write_text("{not json")
    w = make_window(open_document(planned_file))
    dlg = w.open_variants()
    assert "broken.json" in dlg.audience_note.text()
    assert dlg.audience_note.isVisibleTo(dlg)
    assert dlg.audiences.count() == 5  # the built-in ones


@pytest.mark.slow
def test_an_exported_variant_is_a_video(qtbot, make_window, planned_file, tmp_path):
    w = make_window(open_document(planned_file))
    w.doc.project.export.height = 144
    dlg = w.open_variants()
    dlg.folder.setText(str(tmp_path))
    dlg.preset.setCurrentIndex(dlg.preset.findData("landscape"))
    dlg.set_checked(["Gift buyers"])
    with qtbot.waitSignal(dlg.exports_started, timeout=DERIVE_MS):
        dlg.export_all()
    (out,) = dlg.started
    assert out.name == "hoodie-landscape-gift-buyers.mp4"
    qtbot.waitUntil(lambda: not w.exports.running, timeout=300_000)
    info = probe(out)
    video = info.first("video")
    assert video is not None and (video.width, video.height) == (256, 144)
    assert info.first("audio") is not None


def test_the_cards_follow_edits_of_the_product(qtbot, make_window, planned_file):
    w = make_window(open_document(planned_file))
    dlg = w.open_variants()
    w.doc.undo.set_attr("product", "call_to_action", "Nothing shown yet: nothing derived")
    qtbot.wait(600)
    assert not dlg.busy and not dlg.cards

    _derived(qtbot, dlg, ["Gift buyers"])
    added = "Machine washable in cold water."
    with qtbot.waitSignal(dlg.cards_shown, timeout=DERIVE_MS):
        w.doc.undo.set_attr("product", "bullets", [*w.doc.project.product.bullets, added])
    assert added in dlg.cards[0].bullets.text()
    with qtbot.waitSignal(dlg.cards_shown, timeout=DERIVE_MS):
        w.doc.undo.undo()
    assert added not in dlg.cards[0].bullets.text()
    qtbot.waitUntil(lambda: not dlg.busy, timeout=DERIVE_MS)
