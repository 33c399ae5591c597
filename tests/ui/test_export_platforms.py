"""The export dialog offers the marketplaces as presets and shows their checks live: coloured
by the theme's note colours, run off the GUI thread, re-run after edits, with one-click fixes
through the undo log."""

from __future__ import annotations

import pytest

from studio.core.platforms import PLATFORMS
from studio.ui.document import open_document
from studio.ui.platform_checks import NOTE_KIND, RECHECK_AFTER_MS
from studio.ui.theme import note_colour

pytestmark = pytest.mark.slow  # real voices, the renderer's overlays and OCR

CHECK_TIMEOUT = 120_000


def _wait_checked(qtbot, dlg):
    qtbot.waitUntil(
        lambda: not dlg.checks.busy and bool(dlg.checks.findings), timeout=CHECK_TIMEOUT
    )


def test_choosing_a_platform_sets_its_format_in_one_step_and_checks_it(
    qtbot, make_window, planned_file
):
    w = make_window(open_document(planned_file))
    dlg = w.open_export()
    assert dlg.platform.currentData() == "" and dlg.checks.list.count() == 0
    dlg.platform.setCurrentIndex(dlg.platform.findData("tiktok"))
    e = w.doc.project.export
    assert (e.platform, e.preset, e.height) == ("tiktok", "portrait", 1080)
    assert dlg.size_label.text() == "1080 × 1920 pixels"
    assert dlg.output_path().name == "hoodie-tiktok.mp4"
    assert w.undo_action.text() == "Undo Choose Platform"
    assert dlg.checks.busy  # the checks run on a worker: the dialog stays usable meanwhile
    _wait_checked(qtbot, dlg)
    assert dlg.checks.list.count() == len(PLATFORMS["tiktok"].rules)
    assert dlg.checks.note.text().startswith("Passes every check")
    dlg.close()  # a closed dialog checks nothing while the seller edits ...
    w.doc.undo.set_attr("product", "price", "$5")
    qtbot.wait(RECHECK_AFTER_MS + 300)
    assert not dlg.checks.busy
    w.open_export()  # ... and catches up when it opens again
    qtbot.waitUntil(lambda: dlg.checks.busy, timeout=5_000)
    _wait_checked(qtbot, dlg)
    w.doc.undo.undo()
    w.doc.undo.undo()  # one step back to the generic landscape video
    assert (e.platform, e.preset) == ("", "landscape")
    assert dlg.platform.currentData() == ""


def test_a_price_fails_amazon_in_the_error_colour_and_one_click_removes_it(
    qtbot, make_window, planned_file
):
    w = make_window(open_document(planned_file))
    w.doc.undo.set_attr("product", "price", "$63.00")
    dlg = w.open_export()
    dlg.platform.setCurrentIndex(dlg.platform.findData("amazon"))
    _wait_checked(qtbot, dlg)
    by_kind = {f.rule.kind: f for f in dlg.checks.findings}
    assert by_kind["content"].status == "FAIL"
    row = [f.rule.kind for f in dlg.checks.findings].index("content")
    item = dlg.checks.list.item(row)
    assert item.foreground().color() == note_colour(dlg.checks.palette(), NOTE_KIND["FAIL"])
    assert "'$63.00' (price)" in item.text() and "Fix: remove the prices" in item.text()
    passing = [f.rule.kind for f in dlg.checks.findings].index("aspect")
    assert dlg.checks.list.item(passing).foreground().color() == note_colour(
        dlg.checks.palette(), "info"
    )
    assert dlg.export_button.text() == "Export Anyway"

    dlg.checks.list.setCurrentRow(row)
    assert dlg.checks.fix_button.isEnabled()
    assert dlg.checks.fix_button.text() == "Remove Prices and Claims"
    dlg.checks.fix_button.click()
    assert w.doc.project.product.price == ""
    assert w.undo_action.text() == "Undo Remove Prices and Claims"
    # the edit re-runs the checks once edits pause
    qtbot.waitUntil(
        lambda: (
            not dlg.checks.busy
            and {f.rule.kind: f.status for f in dlg.checks.findings}.get("content") == "PASS"
        ),
        timeout=CHECK_TIMEOUT,
    )
    assert dlg.export_button.text() == "Export"


def test_cover_and_loop_are_export_settings(qtbot, make_window, planned_file):
    w = make_window(open_document(planned_file))
    dlg = w.open_export()
    dlg.cover.setChecked(True)
    dlg.loop.setChecked(True)
    e = w.doc.project.export
    assert e.cover and e.loop
    s = dlg.settings()
    assert (s.cover, s.loop, s.platform) == (True, True, "")
    w.doc.undo.undo()
    assert not e.loop and not dlg.loop.isChecked()
