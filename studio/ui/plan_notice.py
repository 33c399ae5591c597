"""Messages in the status bar that need a button beside them: what the last automatic re-plan
changed (with Undo), a finished export (with Show in Folder); and how many planned scenes the
seller should check."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from studio.core.storyboard import SceneChange

SHOW_MS = 20_000


class PlanNotice(QWidget):
    def __init__(self, undo: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._undo = undo
        self.label = QLabel()
        self.review = QLabel()
        self.undo_button = QPushButton("Undo")
        self.undo_button.setToolTip("Take the re-plan back (Ctrl+Z)")
        self.undo_button.clicked.connect(self._on_undo)
        self.action_button = QPushButton()
        self.action_button.clicked.connect(self._on_action)
        self._action: Callable[[], None] | None = None
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.review)
        lay.addWidget(self.label)
        lay.addWidget(self.undo_button)
        lay.addWidget(self.action_button)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clear_changes)
        self.clear_changes()

    def show_changes(self, changes: list[SceneChange], label: str = "Re-planned") -> None:
        """Say what a re-plan changed (nothing when it changed nothing)."""
        if not changes:
            self.clear_changes()
            return
        first = changes[0].text
        more = f" and {len(changes) - 1} more" if len(changes) > 1 else ""
        self.label.setText(f"{label}: {first}{more}")
        self.label.setToolTip("\n".join(c.text for c in changes))
        self.label.show()
        self.undo_button.show()
        self._timer.start(SHOW_MS)
        self._update_visibility()

    def clear_changes(self) -> None:
        self.label.hide()
        self.undo_button.hide()
        self.action_button.hide()
        self._action = None
        self._update_visibility()

    def announce(
        self, text: str, button: str | None = None, action: Callable[[], None] | None = None
    ) -> None:
        """A message with an optional button (a finished export: Show in Folder)."""
        self.clear_changes()
        self.label.setText(text)
        self.label.setToolTip(text)
        self.label.show()
        if button and action is not None:
            self.action_button.setText(button)
            self._action = action
            self.action_button.show()
        self._timer.start(SHOW_MS)
        self._update_visibility()

    def _on_action(self) -> None:
        if self._action is not None:
            self._action()

    def set_review_count(self, n: int) -> None:
        self.review.setText(f"{n} scene{'s' if n != 1 else ''} to check" if n else "")
        self.review.setToolTip(
            "The plan is unsure about these photos: look at the cards marked Check." if n else ""
        )
        self.review.setVisible(bool(n))
        self._update_visibility()

    def _on_undo(self) -> None:
        self.clear_changes()
        self._undo()

    def _update_visibility(self) -> None:
        self.setVisible(self.label.isVisibleTo(self) or self.review.isVisibleTo(self))
