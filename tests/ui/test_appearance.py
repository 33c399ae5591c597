"""Light and dark appearance from the View menu: the palette switches, the choice is kept for
the next start, and the custom-drawn transport icons follow the text colour."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from studio.ui.theme import apply_appearance
from studio.ui.window_files import settings_store


def _icon_colour(button):
    img = button.icon().pixmap(32, 32).toImage()
    best = max(
        ((img.pixelColor(x, y)) for x in range(32) for y in range(32)), key=lambda c: c.alpha()
    )
    return best.lightness()


def test_dark_and_light_from_the_view_menu(qtbot, window):
    app = QApplication.instance()
    try:
        window.appearance_actions["dark"].trigger()
        assert app.palette().color(QPalette.ColorRole.Window).lightness() < 80
        assert app.palette().color(QPalette.ColorRole.WindowText).lightness() > 180
        assert settings_store().value("appearance") == "dark"
        qtbot.waitUntil(
            lambda: _icon_colour(window.player.play_button) > 180
        )  # light icons on dark
        window.appearance_actions["light"].trigger()
        assert app.palette().color(QPalette.ColorRole.Window).lightness() > 180
        qtbot.waitUntil(lambda: _icon_colour(window.player.play_button) < 80)
        assert window.appearance_actions["light"].isChecked()
        assert not window.appearance_actions["dark"].isChecked()
    finally:
        apply_appearance(app, "light")
