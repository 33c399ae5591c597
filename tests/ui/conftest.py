"""Fixtures for the studio's widget tests: a small real product folder (two demo photos, two
short bullets), documents opened from it, and a main window whose prompts answer themselves."""

from __future__ import annotations

from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QMessageBox

from studio.core.project_io import save_project
from studio.core.storyboard import ImageChoice, apply_plan
from studio.ui.document import Document, open_document
from studio.ui.main_window import MainWindow
from tests.samples import demo_product

BULLETS = ["Water-repellent shell.", "Roomy kangaroo pocket."]


@pytest.fixture(autouse=True)
def _keep_app_running(qapp):
    """Closing a test's last window must not quit the QApplication: a quit would end every
    later event loop (qtbot.waitUntil/waitSignal) at once."""
    qapp.setQuitOnLastWindowClosed(False)


@pytest.fixture
def product_dir(tmp_path: Path) -> Path:
    return demo_product(tmp_path / "hoodie", bullets=tuple(BULLETS))


@pytest.fixture
def planned_file(product_dir: Path) -> Path:
    """A saved project whose timeline was laid out without running the analysis (fast)."""
    doc = open_document(product_dir)
    apply_plan(
        doc.project,
        [ImageChoice(0, "img3.jpg", 0.8, ("close-up",)), ImageChoice(1, "img1.jpg", 0.4)],
        "img1.jpg",
        [0, 1],
    )
    path = product_dir / "hoodie.studio.json"
    save_project(doc.project, path)
    return path


@pytest.fixture
def make_window(qtbot, monkeypatch):
    """Open a window on a Document; the save prompt answers Discard unless a test says otherwise."""
    monkeypatch.setattr(
        MainWindow, "ask_save_changes", lambda self: QMessageBox.StandardButton.Discard
    )
    monkeypatch.setattr(
        MainWindow,
        "show_error",
        lambda self, title, msg, details="": pytest.fail(f"{title}: {msg}\n{details}"),
    )
    windows: list[MainWindow] = []

    def make(doc: Document) -> MainWindow:
        w = MainWindow(doc)
        # a plan still running is cancelled before pytest-qt closes and deletes the window
        qtbot.addWidget(w, before_close_func=lambda w: w.planner.cancel())
        w.show()
        windows.append(w)
        return w

    yield make

    def stopped(w: MainWindow) -> bool:
        # pytest-qt has already closed the window and asked Qt to delete it; the deletion
        # happens in the wait below, and a planner deleted mid-run never says it stopped
        return not shiboken6.isValid(w.planner) or not w.planner.busy

    for w in windows:
        if not stopped(w):
            w.planner.cancel()
            qtbot.waitUntil(lambda w=w: stopped(w), timeout=60_000)
    QThreadPool.globalInstance().waitForDone(60_000)  # thumbnails still decoding


@pytest.fixture
def wait_planned(qtbot):
    def wait(w: MainWindow, timeout: int = 120_000) -> None:
        qtbot.waitUntil(
            lambda: not w.planner.busy and len(w.doc.project.timeline.scenes) > 0, timeout=timeout
        )

    return wait


@pytest.fixture
def window(make_window, planned_file: Path) -> MainWindow:
    return make_window(open_document(planned_file))
