"""Re-plan Everything: what it would change, scene by scene, before anything changes."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QVBoxLayout, QWidget

from studio.core.storyboard import SceneChange


class ReplanDialog(QDialog):
    def __init__(self, changes: list[SceneChange], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Re-plan Everything")
        lay = QVBoxLayout(self)
        if changes:
            intro = (
                "Re-planning everything chooses the photos and order again for every scene that is "
                "not locked, and brings back scenes you deleted. Your rewritten captions stay. "
                "It is one step you can undo."
            )
        else:
            intro = "Re-planning everything would change nothing."
        text = QLabel(intro)
        text.setWordWrap(True)
        lay.addWidget(text)
        self.list = QListWidget()
        for c in changes:
            self.list.addItem(c.text)
        self.list.setVisible(bool(changes))
        lay.addWidget(self.list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = buttons.addButton(
            "Apply Changes", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.apply_button.setEnabled(bool(changes))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(520, 360)
