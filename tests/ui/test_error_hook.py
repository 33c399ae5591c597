"""A fault nobody caught in a Qt slot is logged, said once in the studio, and the work is
autosaved; before, PySide printed it to a terminal the seller never sees and went on."""

from __future__ import annotations

import sys
import threading

import pytest
from PySide6.QtCore import QTimer

from studio.core.autosave import recovery_path
from studio.ui.document import open_document
from studio.ui.error_hook import ErrorHook, log_path


@pytest.mark.qt_no_exception_capture
def test_a_fault_in_a_slot_is_logged_said_once_and_the_work_kept(
    qtbot, make_window, planned_file, monkeypatch
):
    w = make_window(open_document(planned_file))
    w.doc.undo.set_attr("product", "title", "Edited, not saved", "Edit Title")
    reports: list[tuple[str, str]] = []
    real_report = w.report_unexpected

    def report(summary, details, log):
        reports.append((summary, details))
        real_report(summary, details, log)

    monkeypatch.setattr(w, "report_unexpected", report)
    details_shown: list[str] = []
    monkeypatch.setattr(w, "show_error", lambda title, msg, details="": details_shown.append(msg))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    hook = ErrorHook(lambda: w)
    hook.install()

    def broken_slot() -> None:
        raise ValueError("scene 7 has no picture")

    for _ in range(20):  # a fault in a repaint comes back many times a second
        QTimer.singleShot(0, broken_slot)
    qtbot.waitUntil(lambda: hook.count == 20, timeout=10_000)
    assert len(reports) == 1  # said once, not twenty times
    summary, details = reports[0]
    assert summary == "scene 7 has no picture" and "broken_slot" in details
    assert "Something went wrong: scene 7 has no picture" in w.plan_notice.label.text()
    assert recovery_path(w.doc.project, w.doc.file).exists()  # the edit is kept
    assert "broken_slot" in log_path().read_text(encoding="utf-8")
    w.plan_notice.action_button.click()
    assert details_shown and str(log_path()) in details_shown[0]


def test_a_worker_thread_fault_is_logged_without_a_second_report(monkeypatch):
    reports: list[str] = []

    class Window:
        def report_unexpected(self, summary, details, log):
            reports.append(summary)

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    ErrorHook(lambda: Window()).install()

    def job() -> None:
        raise RuntimeError("disk went away")

    t = threading.Thread(target=job)
    t.start()
    t.join()
    assert reports == []  # the job says it failed itself, on the GUI thread
    assert "disk went away" in log_path().read_text(encoding="utf-8")


def test_a_fault_on_a_qt_worker_thread_touches_no_widget(monkeypatch, qtbot):
    """A slot Qt calls directly on a pool thread reaches the hook there: it only logs."""
    reports: list[str] = []

    class Window:
        def report_unexpected(self, summary, details, log):
            reports.append(threading.current_thread().name)

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    hook = ErrorHook(lambda: Window())
    hook.install()

    def on_a_thread() -> None:
        try:
            raise KeyError("took a wrong turn")
        except KeyError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)

    t = threading.Thread(target=on_a_thread)
    t.start()
    t.join()
    assert hook.count == 1 and reports == []
    assert "took a wrong turn" in log_path().read_text(encoding="utf-8")
