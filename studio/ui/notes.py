"""A short message in a panel ("Skipped broken.jpg: …", "The English voice cannot read…").

Its colour comes from the theme's note colours for the current palette and follows a switch
between light and dark (a style sheet naming a colour would keep the old scheme's colour).
Plain text, wrapped, selectable so a file name can be copied; hidden while empty.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QWidget

from studio.ui.theme import note_colour


class NoteLabel(QLabel):
    def __init__(self, kind: str = "info", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._kind = kind
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._recolour()
        self.hide()

    @property
    def kind(self) -> str:
        return self._kind

    def set_note(self, text: str, kind: str | None = None) -> None:
        if kind is not None and kind != self._kind:
            self._kind = kind
            self._recolour()
        self.setText(text)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setVisible(bool(text))

    def _recolour(self) -> None:
        pal = self.palette()
        wanted = note_colour(pal, self._kind)
        if pal.color(QPalette.ColorRole.WindowText) != wanted:
            pal.setColor(QPalette.ColorRole.WindowText, wanted)
            self.setPalette(pal)  # sends PaletteChange again; then the colour already fits

    def changeEvent(self, e: QEvent) -> None:
        super().changeEvent(e)
        if e.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._recolour()  # the window colour changed with the scheme: pick the text for it
