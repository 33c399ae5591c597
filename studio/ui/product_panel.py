"""The product editor: title, price, call to action, bullets and customer quotes (one per line).

Changes go through the UndoLog (typing merges) and ``edited`` is emitted so the window can
re-plan after a pause. The panel follows the product's events, so undo updates it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import QFormLayout, QLineEdit, QPlainTextEdit, QWidget

from studio.core.edits import UndoLog
from studio.core.intake import MAX_QUOTES, clean_bullet, clean_quotes
from studio.core.model import Project


def parse_bullets(text: str) -> list[str]:
    return [b for b in (clean_bullet(line) for line in text.splitlines()) if b]


class ProductPanel(QWidget):
    edited = Signal()  # a change the plan depends on

    def __init__(self, project: Project, undo: UndoLog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._project = project
        self._undo = undo
        self.title = QLineEdit()
        self.title.setPlaceholderText("Product name")
        self.price = QLineEdit()
        self.price.setPlaceholderText("e.g. $49")
        self.call_to_action = QLineEdit()
        self.call_to_action.setPlaceholderText("Closing line, e.g. Shop now")
        self.bullets = QPlainTextEdit()
        self.bullets.setPlaceholderText("One selling point per line")
        self.bullets.setTabChangesFocus(True)
        form = QFormLayout(self)
        form.addRow("Title", self.title)
        form.addRow("Price", self.price)
        form.addRow("Call to action", self.call_to_action)
        form.addRow("Bullets", self.bullets)
        self.quotes = QPlainTextEdit()
        self.quotes.setPlaceholderText("Customer quotes, one per line: Fits perfectly. — Ana")
        self.quotes.setToolTip(
            f"What buyers said, shown as quote cards before the closing card (up to {MAX_QUOTES})."
            " Put who said it after a dash."
        )
        self.quotes.setTabChangesFocus(True)
        self.quotes.setMaximumHeight(96)
        form.addRow("Quotes", self.quotes)

        for name in ("title", "price", "call_to_action"):
            box: QLineEdit = getattr(self, name)
            box.textEdited.connect(lambda text, name=name: self._edit(name, text))
        self.bullets.textChanged.connect(self._bullets_edited)
        self.quotes.textChanged.connect(self._quotes_edited)
        self._project.product.events.all.connect(self._on_product_event)
        self._show()

    def detach(self) -> None:
        self._project.product.events.all.disconnect(self._on_product_event)

    def _on_product_event(self, *_: Any) -> None:
        self._show()

    def _show(self) -> None:
        p = self._project.product
        for name in ("title", "price", "call_to_action"):
            box: QLineEdit = getattr(self, name)
            if box.text() != getattr(p, name):
                with QSignalBlocker(box):
                    box.setText(getattr(p, name))
        if parse_bullets(self.bullets.toPlainText()) != list(p.bullets):
            with QSignalBlocker(self.bullets):
                self.bullets.setPlainText("\n".join(p.bullets))
        if clean_quotes(self.quotes.toPlainText().splitlines()) != list(p.quotes):
            with QSignalBlocker(self.quotes):
                self.quotes.setPlainText("\n".join(p.quotes))

    def _edit(self, field: str, value: Any) -> None:
        label = {
            "title": "Edit Title",
            "price": "Edit Price",
            "call_to_action": "Edit Call to Action",
        }[field]
        self._undo.set_attr("product", field, value, label)
        self.edited.emit()

    def _bullets_edited(self) -> None:
        bullets = parse_bullets(self.bullets.toPlainText())
        if bullets != list(self._project.product.bullets):
            self._undo.set_attr("product", "bullets", bullets, "Edit Bullets")
            self.edited.emit()

    def _quotes_edited(self) -> None:
        quotes = clean_quotes(self.quotes.toPlainText().splitlines())
        if quotes != list(self._project.product.quotes):
            self._undo.set_attr("product", "quotes", quotes, "Edit Quotes")
            self.edited.emit()
