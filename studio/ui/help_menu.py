"""The Help menu: every keyboard shortcut in one list, the demo product, the error log, and
what this studio is and where it keeps its files.

The shortcut list is read from the window's own menus, so it cannot drift from them; keys that
work inside one panel (and so are no menu's) are listed after them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

# Keys that belong to one panel rather than to a menu.
PANEL_KEYS: tuple[tuple[str, str, str], ...] = (
    ("Timeline", "Zoom in or out", "Ctrl+Wheel"),
    ("Timeline", "Reorder scenes", "Drag a card"),
    ("Timeline", "Trim a scene", "Drag a card's right edge"),
    ("Images", "Remove the selected photos", "Delete"),
    ("Motion editor", "Nudge the selected framing", "Arrow keys"),
    ("Anywhere", "Cancel a drag, or the running task", "Esc"),
)


def shortcut_rows(window: QMainWindow) -> list[tuple[str, str, str]]:
    """(menu, command, keys) for every menu command with a shortcut, then the panel keys."""
    rows: list[tuple[str, str, str]] = []
    for top in window.menuBar().actions():
        menu = top.menu()
        if not isinstance(menu, QMenu):
            continue
        title = top.text().replace("&", "")
        for action in _actions(menu):
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            if keys:
                text = action.text().replace("&", "")
                if text.split(" ")[0] in ("Undo", "Redo"):  # the menu names the next step
                    text = text.split(" ")[0]
                rows.append((title, text, keys))
    return rows + list(PANEL_KEYS)


def _actions(menu: QMenu) -> list[QAction]:
    out: list[QAction] = []
    for action in menu.actions():
        sub = action.menu()
        if isinstance(sub, QMenu):
            out += _actions(sub)
        elif not action.isSeparator():
            out.append(action)
    return out


class ShortcutsDialog(QDialog):
    """A table of the shortcuts; stays open beside the window while the user works."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setWindowTitle("Keyboard Shortcuts")
        rows = shortcut_rows(window)
        self.table = QTableWidget(len(rows), 3)
        self.table.setHorizontalHeaderLabels(["Where", "Command", "Keys"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table)
        lay.addWidget(buttons)
        self.resize(560, 520)


def about_text() -> str:
    from studio import __version__
    from studio.core.autosave import config_dir
    from studio.core.cache import cache_root

    return (
        f"<b>Product Video Studio</b> {__version__}<br><br>"
        "Turns product photos and bullet points into product videos on this computer. "
        "Everything runs offline: the photo matching, the voice (Piper) and the music are "
        "made here, and nothing is uploaded.<br><br>"
        f"Settings, voices, brand kits and the error log: {config_dir()}<br>"
        f"Cache (analyses, voice takes, video segments; safe to delete): {cache_root()}"
    )


def build_help_menu(
    window: QMainWindow,
    open_demo: Callable[[], Any],
    open_url: Callable[[QUrl], Any] | None = None,
) -> QMenu:
    """Add the Help menu to ``window``'s menu bar."""
    from studio.ui.error_hook import log_path

    menu = window.menuBar().addMenu("&Help")
    shortcuts = QAction("&Keyboard Shortcuts", window)
    shortcuts.setShortcut(QKeySequence("Ctrl+/"))
    dialogs: list[QWidget] = []

    def show_shortcuts() -> None:
        if not dialogs:
            dialogs.append(ShortcutsDialog(window))
        dialogs[0].show()
        dialogs[0].raise_()

    shortcuts.triggered.connect(lambda _c=False: show_shortcuts())
    menu.addAction(shortcuts)
    demo = QAction("Open the &Demo Product", window)
    demo.setToolTip("A finished example: a hoodie with five photos and five bullets")
    demo.triggered.connect(lambda _c=False: open_demo())
    menu.addAction(demo)
    menu.addSeparator()

    def show_log() -> None:
        log = log_path()
        url = QUrl.fromLocalFile(str(log if log.exists() else _existing(log.parent)))
        (open_url or QDesktopServices.openUrl)(url)

    errors = QAction("Show the &Error Log", window)
    errors.triggered.connect(lambda _c=False: show_log())
    menu.addAction(errors)
    about = QAction("&About Product Video Studio", window)
    about.triggered.connect(
        lambda _c=False: QMessageBox.about(window, "About Product Video Studio", about_text())
    )
    menu.addAction(about)
    return menu


def _existing(folder: Path) -> Path:
    """``folder``, or its nearest parent that exists."""
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    return folder
