"""Start the desktop studio: ``main(argv) -> int``.

    studio-gui [PATH] [--demo] [--screenshot FILE]

PATH is a product folder or a .studio.json project. ``--demo`` opens the bundled demo
product. ``--screenshot FILE`` waits until planning and thumbnails are done, saves a grab
of the window to FILE and exits (no recovery prompt).
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QEventLoop, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from studio.core.autosave import Recovery, list_recoveries, load_recovery
from studio.core.errors import StudioError
from studio.media.locations import resource
from studio.ui.document import Document, open_document, untitled_document
from studio.ui.error_hook import ErrorHook
from studio.ui.main_window import APP_NAME, MainWindow
from studio.ui.theme import APPEARANCES, apply_appearance, follow_system
from studio.ui.window_files import new_product_location, settings_store

DEMO_DIR = resource("demo")
SCREENSHOT_TIMEOUT_S = 180.0


def parse_args(argv: list[str]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="studio-gui", description=f"{APP_NAME} desktop studio")
    ap.add_argument("path", nargs="?", type=Path, help="product folder or .studio.json project")
    ap.add_argument("--demo", action="store_true", help="open the bundled demo product")
    ap.add_argument(
        "--screenshot",
        type=Path,
        metavar="FILE",
        help="save a picture of the window once planning is done, then exit",
    )
    ap.add_argument(
        "--appearance",
        choices=APPEARANCES,
        help="light or dark colours (default: the saved choice, else the system's)",
    )
    return ap.parse_args(argv)


def offer_recovery(recoveries: list[Recovery]) -> Document | None:
    """Ask whether to restore the newest recovery file; the restored project counts as unsaved."""
    rec = recoveries[0]
    when = datetime.fromtimestamp(rec.saved_at).strftime("%Y-%m-%d %H:%M")
    box = QMessageBox(
        QMessageBox.Icon.Question,
        APP_NAME,
        f"“{rec.title}” was not closed properly. Restore the changes autosaved at {when}?",
    )
    restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
    box.exec()
    if box.clickedButton() is not restore:
        for r in recoveries:
            r.path.unlink(missing_ok=True)
        return None
    return restore_document(rec)


def restore_document(rec: Recovery) -> Document:
    project = load_recovery(rec)
    return Document(project, rec.project_file, restored=True)


def initial_document(args: argparse.Namespace) -> Document:
    if args.demo:
        return open_document(DEMO_DIR)
    if args.path is not None:
        return open_document(args.path)
    return untitled_document(new_product_location())


def register_fonts() -> int:
    """Make the fonts the app ships (Noto Sans, and the CJK face captions use) known to Qt, so
    text boxes draw Chinese a seller types even where the system has no CJK font. Returns how
    many were added."""
    from PySide6.QtGui import QFontDatabase

    added = 0
    for path in sorted(resource("fonts").iterdir()):
        if (
            path.suffix.lower() in (".ttf", ".otf")
            and QFontDatabase.addApplicationFont(str(path)) >= 0
        ):
            added += 1
    return added


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "studio"])
    assert isinstance(app, QApplication)  # widgets cannot run under a plain QCoreApplication
    app.setApplicationName(APP_NAME)
    register_fonts()
    apply_appearance(app, args.appearance or str(settings_store().value("appearance", "system")))
    follow_system(app, lambda: str(settings_store().value("appearance", "system")))
    doc: Document | None = None
    if args.screenshot is None:
        recoveries = list_recoveries()
        if recoveries:
            try:
                doc = offer_recovery(recoveries)
            except StudioError as exc:
                QMessageBox.warning(
                    None, APP_NAME, f"The autosaved project cannot be restored: {exc}"
                )
    if doc is None:
        try:
            doc = initial_document(args)
        except StudioError as exc:
            if args.screenshot is not None:
                print(f"error: {exc}", file=sys.stderr)
                return 1
            QMessageBox.warning(None, APP_NAME, str(exc))
            doc = untitled_document(new_product_location())
    window = MainWindow(doc)
    ErrorHook(lambda: window).install()
    window.show()
    ticker = _stop_on_sigterm(window)
    _sweep_leftovers_soon()
    code = app.exec() if args.screenshot is None else _screenshot(app, window, args.screenshot)
    ticker.stop()
    # let cancelled jobs reach their next step and clean up before Qt goes away
    QThreadPool.globalInstance().clear()
    QThreadPool.globalInstance().waitForDone(30_000)
    return code


def _stop_on_sigterm(window: MainWindow) -> QTimer:
    """SIGTERM ends the studio as a logout would: recovery kept, jobs stopped (see
    MainWindow.terminate). Python runs signal handlers only between bytecodes, so a timer
    wakes the interpreter while Qt's loop waits."""

    def on_signal(signum: int, frame: object) -> None:
        QTimer.singleShot(0, window.terminate)

    with contextlib.suppress(ValueError):  # not the main thread
        signal.signal(signal.SIGTERM, on_signal)
    ticker = QTimer()
    ticker.timeout.connect(lambda: None)
    ticker.start(250)
    return ticker


def _sweep_leftovers_soon() -> None:
    """What killed studio processes left behind (work folders, half-written cache files) goes,
    off the GUI thread."""
    from studio.core.fsutil import sweep_leftovers

    def sweep() -> None:
        with contextlib.suppress(OSError, StudioError):
            sweep_leftovers()

    threading.Thread(target=sweep, name="sweep-leftovers", daemon=True).start()


QUIET_TICKS = 3  # polls with nothing running before the window counts as settled


def _screenshot(app: QApplication, window: MainWindow, out: Path) -> int:
    """Wait (polling the event loop) until nothing is being planned or decoded, then grab."""
    deadline = time.monotonic() + SCREENSHOT_TIMEOUT_S
    status = {"code": 1}
    quiet_ticks = {"n": 0}
    failures: list[str] = []

    def on_failed(message: str, details: str) -> None:
        failures.append(message)
        print(f"planning failed: {message}\n{details}", file=sys.stderr)

    window.planner.failed.connect(on_failed)

    def poll() -> None:
        if window.busy:
            quiet_ticks["n"] = 0
        else:
            quiet_ticks["n"] += 1
        if quiet_ticks["n"] >= QUIET_TICKS or time.monotonic() > deadline:
            timer.stop()
            out.parent.mkdir(parents=True, exist_ok=True)
            ok = window.grab().save(str(out))
            status["code"] = 0 if ok and quiet_ticks["n"] >= QUIET_TICKS and not failures else 1
            print(f"screenshot {'saved' if ok else 'FAILED'}: {out}")
            window.shutdown()
            window.hide()
            window.deleteLater()
            loop.quit()

    # A local loop, not app.exec()/app.quit(): quitting the application would also end every
    # later event loop in this thread (which matters when main() is called from tests).
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(250)
    timer.timeout.connect(poll)
    timer.start()
    loop.exec()
    return status["code"]


if __name__ == "__main__":
    sys.exit(main())
