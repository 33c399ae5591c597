"""The Batch window runs a real catalogue on a worker, follows each SKU, opens the results
and retries only what failed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from studio.ui.batch_window import BatchWindow
from tests.samples import DEMO


def _catalogue(folder: Path) -> Path:
    folder.mkdir()
    for name in ("img1.jpg", "img3.jpg"):
        shutil.copy(DEMO / name, folder / name)
    path = folder / "products.csv"
    path.write_text(
        "sku,title,price,bullets,images\n"
        'good,Hoodie,$10,"Kangaroo pocket.|Drawstring hood.",img1.jpg|img3.jpg\n'
        "lost,Lost Hoodie,$10,Nothing.,gone/*.jpg\n",
        encoding="utf-8",
    )
    return path


def _rows(w: BatchWindow) -> dict[str, str]:
    return {s.sku: s.state for s in w.model.states()}


def test_the_studio_opens_one_batch_window(window):
    window.batch_action.trigger()
    first = window.findChild(BatchWindow)
    assert first is not None and first.isVisible()
    window.batch_action.trigger()
    assert window.findChildren(BatchWindow) == [first]


def test_missing_fields_are_said_not_raised(qtbot):
    w = BatchWindow()
    qtbot.addWidget(w)
    w.start()
    assert "catalogue" in w.last_error and not w.is_running


@pytest.mark.slow
def test_a_batch_runs_on_a_worker_and_retries_only_the_failed(qtbot, tmp_path):
    w = BatchWindow()
    qtbot.addWidget(w)
    opened: list[str] = []
    w.open_url = lambda url: opened.append(url.toLocalFile())
    w.show()
    w.catalogue.setText(str(_catalogue(tmp_path / "cat")))
    out = tmp_path / "videos"
    w.output.setText(str(out))
    w.workers.setValue(1)
    w.dry_run.setChecked(True)
    w.start()
    assert w.is_running and not w.start_button.isEnabled()
    qtbot.waitUntil(lambda: "good" in _rows(w), timeout=60_000)  # the GUI thread is free
    qtbot.waitUntil(lambda: not w.is_running, timeout=400_000)
    assert w.last_error == ""
    assert _rows(w) == {"good": "done", "lost": "failed"}
    assert (w.summary.done, w.summary.failed) == (1, 1)
    assert (out / "good" / "good-landscape.mp4").is_file()
    assert w.retry_button.isEnabled() and w.report_button.isEnabled()

    good_row = next(i for i, s in enumerate(w.model.states()) if s.sku == "good")
    shown = w.model.data(w.model.index(good_row, 3), Qt.ItemDataRole.DisplayRole)
    assert "good-landscape.mp4" in shown  # a finished SKU says what it made
    w.table.doubleClicked.emit(w.model.index(good_row, 0))
    w.open_report()
    assert opened == [str(out / "good" / "good-landscape.mp4"), str(out / "report.html")]
    lost_row = next(i for i, s in enumerate(w.model.states()) if s.sku == "lost")
    tip = w.model.data(w.model.index(lost_row, 3), Qt.ItemDataRole.ToolTipRole)
    assert "no photos found" in tip

    w.retry_button.click()
    qtbot.waitUntil(lambda: w.summary is not None and not w.is_running, timeout=120_000)
    assert (w.summary.done, w.summary.failed, w.summary.skipped) == (0, 1, 1)
    assert _rows(w) == {"good": "skipped", "lost": "failed"}
