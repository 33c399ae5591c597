"""Light and dark appearance: follow the system's colour scheme, or the user's choice.

The studio uses Qt's Fusion style everywhere so it looks the same on every desktop, with one
palette per scheme. Custom-painted widgets (timeline cards, player, motion editor) read the
palette, so they switch with it. "system" follows the desktop's scheme when Qt can read it
(and changes with it); otherwise it is light.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

APPEARANCES = ("system", "light", "dark")
ACCENT = QColor(37, 99, 235)

_Role = QPalette.ColorRole
_Group = QPalette.ColorGroup


def dark_palette() -> QPalette:
    p = QPalette()
    colours = {
        _Role.Window: QColor(37, 38, 41),
        _Role.WindowText: QColor(228, 229, 232),
        _Role.Base: QColor(27, 28, 30),
        _Role.AlternateBase: QColor(44, 45, 49),
        _Role.ToolTipBase: QColor(50, 51, 55),
        _Role.ToolTipText: QColor(235, 235, 238),
        _Role.PlaceholderText: QColor(140, 142, 148),
        _Role.Text: QColor(228, 229, 232),
        _Role.Button: QColor(48, 49, 53),
        _Role.ButtonText: QColor(228, 229, 232),
        _Role.BrightText: QColor(255, 90, 90),
        _Role.Light: QColor(70, 71, 76),
        _Role.Midlight: QColor(58, 59, 63),
        _Role.Mid: QColor(44, 45, 49),
        _Role.Dark: QColor(20, 20, 22),
        _Role.Shadow: QColor(0, 0, 0),
        _Role.Highlight: ACCENT,
        _Role.HighlightedText: QColor(255, 255, 255),
        _Role.Link: QColor(110, 160, 255),
        _Role.LinkVisited: QColor(170, 140, 255),
    }
    for role, colour in colours.items():
        p.setColor(role, colour)
    for role in (_Role.WindowText, _Role.Text, _Role.ButtonText):
        p.setColor(_Group.Disabled, role, QColor(120, 122, 128))
    p.setColor(_Group.Disabled, _Role.Highlight, QColor(70, 72, 80))
    return p


def light_palette() -> QPalette:
    p = QApplication.style().standardPalette()
    p.setColor(_Role.Highlight, ACCENT)
    p.setColor(_Role.HighlightedText, QColor(255, 255, 255))
    return p


def system_is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hasattr(hints, "colorScheme") and hints.colorScheme() == Qt.ColorScheme.Dark


def apply_appearance(app: QApplication, appearance: str = "system") -> str:
    """Set the style and palette; returns the scheme used ("light" or "dark")."""
    if appearance not in APPEARANCES:
        appearance = "system"
    app.setStyle("Fusion")
    dark = appearance == "dark" or (appearance == "system" and system_is_dark())
    app.setPalette(dark_palette() if dark else light_palette())
    return "dark" if dark else "light"


def follow_system(app: QApplication, chosen: Callable[[], str]) -> None:
    """Re-apply when the desktop switches scheme, if the user's choice is "system"."""
    hints = QGuiApplication.styleHints()
    if hasattr(hints, "colorSchemeChanged"):
        hints.colorSchemeChanged.connect(
            lambda _s: chosen() == "system" and apply_appearance(app, "system")
        )


# --- text colours for notes, chosen per scheme and checked for contrast (tests/ui/test_contrast)
NOTE_KINDS = ("info", "warning", "error")
_NOTE_COLOURS = {
    "light": {
        "info": QColor(21, 84, 170),
        "warning": QColor(133, 72, 0),
        "error": QColor(178, 24, 36),
    },
    "dark": {
        "info": QColor(140, 182, 255),
        "warning": QColor(255, 196, 96),
        "error": QColor(255, 138, 138),
    },
}


_SRGB_LINEAR_BELOW = 0.04045
_MID_LIGHTNESS = 128


def _luminance(c: QColor) -> float:
    """Relative luminance as WCAG 2 defines it (sRGB channels made linear)."""

    def channel(v: float) -> float:
        return v / 12.92 if v <= _SRGB_LINEAR_BELOW else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio of two opaque colours (1 to 21; text wants at least 4.5)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def is_dark(palette: QPalette) -> bool:
    return palette.color(_Role.Window).lightness() < _MID_LIGHTNESS


def note_colour(palette: QPalette, kind: str = "info") -> QColor:
    """The text colour of an info, warning or error note on this palette's window colour."""
    return QColor(_NOTE_COLOURS["dark" if is_dark(palette) else "light"][kind])
