"""The Help menu: the shortcut list is read from the menus themselves, the demo opens, and the
error log (or its folder, before any error) is one click away."""

from __future__ import annotations

from pathlib import Path

from studio.ui.error_hook import log_path, write_log
from studio.ui.help_menu import ShortcutsDialog, about_text, shortcut_rows


def test_every_menu_shortcut_is_listed(window):
    rows = shortcut_rows(window)
    listed = {(where, command) for where, command, _ in rows}
    assert ("Edit", "Undo") in listed and ("Playback", "Play / Pause") in listed
    assert ("Help", "Keyboard Shortcuts") in listed
    keys = {command: k for _, command, k in rows}
    assert keys["Export…"] == window.export_action.shortcut().toString()
    assert any(where == "Images" and k == "Delete" for where, _, k in rows)
    dialog = ShortcutsDialog(window)
    assert dialog.table.rowCount() == len(rows)
    dialog.close()


def test_help_opens_the_demo_and_the_error_log_folder(qtbot, window, monkeypatch):
    actions = {a.text().replace("&", ""): a for a in window.help_menu.actions()}
    opened: list[str] = []
    monkeypatch.setattr(
        "PySide6.QtGui.QDesktopServices.openUrl", lambda url: opened.append(url.toLocalFile())
    )
    paths: list[object] = []
    monkeypatch.setattr(window, "open_path", lambda p: paths.append(p))
    actions["Open the Demo Product"].trigger()
    assert paths and (paths[0] / "bullets.txt").is_file()
    actions["Show the Error Log"].trigger()  # no error yet: the folder it will be in
    assert opened and Path(opened[0]).is_dir()
    write_log("Traceback: an example\n")
    actions["Show the Error Log"].trigger()
    assert opened[-1] == str(log_path())
    assert "Settings, voices" in about_text()
