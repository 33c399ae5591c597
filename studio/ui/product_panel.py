"""The product editor: title, price, call to action, bullets and customer quotes (one per line),
in the main language or in one of the product's translations.

Changes go through the UndoLog (typing merges) and ``edited`` is emitted so the window can
re-plan after a pause (the plan follows the main language; editing a translation does not
re-plan). The panel follows the product's events, so undo updates it.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from studio.core.edits import UndoLog
from studio.core.intake import MAX_BULLETS, MAX_QUOTES, clean_bullet, clean_quotes
from studio.core.model import LocaleText, Project
from studio.core.project_io import MAX_LOCALES, is_locale_code

MAIN = ""  # the language selector's entry for the main language
TRANSLATION_NOTE = (
    "You write the translation; nothing is translated automatically. Bullet 1 here is bullet 1 "
    "of the main language, shown on the same photo."
)
LABELS = {
    "title": "Title",
    "tagline": "Tagline",
    "price": "Price",
    "call_to_action": "Call to Action",
    "bullets": "Bullets",
    "quotes": "Quotes",
}


LINE_FIELDS = ("title", "tagline", "price", "call_to_action")


def parse_bullets(text: str) -> list[str]:
    return [b for b in (clean_bullet(line) for line in text.splitlines()) if b]


class ProductPanel(QWidget):
    edited = Signal()  # a change the plan depends on

    def __init__(self, project: Project, undo: UndoLog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._project = project
        self._undo = undo
        self.language = QComboBox()
        self.language.setToolTip("Which language's words you are editing")
        self.add_language = QPushButton("Add Language…")
        self.add_language.setToolTip(
            "Write the product in another language: its own video, on the same plan"
        )
        self.note = QLabel(TRANSLATION_NOTE)
        self.note.setWordWrap(True)
        self.note.setVisible(False)
        self.title = QLineEdit()
        self.tagline = QLineEdit()
        self.tagline.setToolTip("A short line shown over the title on the title card")
        self.price = QLineEdit()
        self.call_to_action = QLineEdit()
        self.bullets = QPlainTextEdit()
        self.bullets.setTabChangesFocus(True)
        # Shown when more bullets are written than a video takes (the text itself is kept).
        self.bullets_note = QLabel("")
        self.bullets_note.setWordWrap(True)
        self.bullets_note.setVisible(False)
        self.quotes = QPlainTextEdit()
        self.quotes.setToolTip(
            f"What buyers said, shown as quote cards before the closing card (up to {MAX_QUOTES})."
            " Put who said it after a dash."
        )
        self.quotes.setTabChangesFocus(True)
        self.quotes.setMaximumHeight(96)
        language_row = QHBoxLayout()
        language_row.addWidget(self.language, 1)
        language_row.addWidget(self.add_language)
        form = QFormLayout(self)
        form.addRow("Language", language_row)
        form.addRow(self.note)
        form.addRow("Title", self.title)
        form.addRow("Tagline", self.tagline)
        form.addRow("Price", self.price)
        form.addRow("Call to action", self.call_to_action)
        form.addRow("Bullets", self.bullets)
        form.addRow("", self.bullets_note)
        form.addRow("Quotes", self.quotes)

        for name in LINE_FIELDS:
            box: QLineEdit = getattr(self, name)
            box.textEdited.connect(lambda text, name=name: self._edit(name, text))
        self.bullets.textChanged.connect(self._bullets_edited)
        self.quotes.textChanged.connect(self._quotes_edited)
        self.language.currentIndexChanged.connect(lambda _i: self._show())
        self.add_language.clicked.connect(self.ask_language)
        self._project.product.events.all.connect(self._on_product_event)
        self._show()

    @property
    def editing(self) -> str:
        """The language being edited: MAIN or a locale code."""
        return str(self.language.currentData() or MAIN)

    def detach(self) -> None:
        self._project.product.events.all.disconnect(self._on_product_event)

    def _on_product_event(self, *_: Any) -> None:
        self._show()

    def _show_languages(self) -> None:
        codes = sorted(self._project.product.locales)
        shown = [self.language.itemData(k) for k in range(1, self.language.count())]
        if self.language.count() and shown == codes:
            return  # typing into a field: the languages did not change
        current = self.editing
        with QSignalBlocker(self.language):
            self.language.clear()
            self.language.addItem("Main language", MAIN)
            for code in codes:
                self.language.addItem(code, code)
            self.language.setCurrentIndex(max(0, self.language.findData(current)))
        self.language.setEnabled(bool(codes))

    def _text(self) -> LocaleText | None:
        return self._project.product.locales.get(self.editing) if self.editing else None

    def _show(self) -> None:
        self._show_languages()
        p = self._project.product
        text = self._text()
        self.note.setVisible(text is not None)
        values: dict[str, Any] = {
            name: getattr(text if text is not None else p, name) for name in LABELS
        }
        main_hint = {
            "title": "Product name",
            "tagline": "Optional, over the title: New for spring",
            "price": "e.g. $49",
            "call_to_action": "Closing line, e.g. Shop now",
        }
        for name in LINE_FIELDS:
            box: QLineEdit = getattr(self, name)
            box.setPlaceholderText(
                main_hint[name] if text is None else (getattr(p, name) or main_hint[name])
            )
            if box.text() != values[name]:
                with QSignalBlocker(box):
                    box.setText(values[name])
        self.bullets.setPlaceholderText(
            "One selling point per line"
            if text is None
            else "One line per bullet of the main language:\n" + "\n".join(p.bullets[:3])
        )
        self.quotes.setPlaceholderText("Customer quotes, one per line: Fits perfectly. — Ana")
        if parse_bullets(self.bullets.toPlainText())[:MAX_BULLETS] != list(values["bullets"]):
            with QSignalBlocker(self.bullets):
                self.bullets.setPlainText("\n".join(values["bullets"]))
            self.bullets_note.setVisible(False)
        if clean_quotes(self.quotes.toPlainText().splitlines()) != list(values["quotes"]):
            with QSignalBlocker(self.quotes):
                self.quotes.setPlainText("\n".join(values["quotes"]))

    def _edit(self, field: str, value: Any) -> None:
        text = self._text()
        if text is not None:
            locales = dict(self._project.product.locales)
            locales[self.editing] = dataclasses.replace(text, **{field: value})
            label = f"Edit {self.editing} {LABELS[field]}"
            self._undo.set_attr("product", "locales", locales, label)
            return  # the plan follows the main language
        self._undo.set_attr("product", field, value, f"Edit {LABELS[field]}")
        if field != "tagline":  # shown on the title card; no scene's words depend on it
            self.edited.emit()

    def _bullets_edited(self) -> None:
        bullets = parse_bullets(self.bullets.toPlainText())
        over = len(bullets) > MAX_BULLETS
        self.bullets_note.setVisible(over)
        if over:
            self.bullets_note.setText(
                f"{len(bullets)} bullets: a video uses the first {MAX_BULLETS}; "
                "the lines after them are kept here but left out."
            )
            bullets = bullets[:MAX_BULLETS]
        text = self._text()
        if bullets != list(text.bullets if text is not None else self._project.product.bullets):
            self._edit("bullets", bullets)

    def _quotes_edited(self) -> None:
        quotes = clean_quotes(self.quotes.toPlainText().splitlines())
        text = self._text()
        if quotes != list(text.quotes if text is not None else self._project.product.quotes):
            self._edit("quotes", quotes)

    # -- languages
    def add_locale(self, code: str) -> str:
        """Start a translation (one undoable step) and edit it; "" and a reason when ``code``
        cannot be one."""
        code = code.strip()
        locales = dict(self._project.product.locales)
        if not is_locale_code(code):
            return f"{code!r} is not a language code such as de, fr, pt_BR or zh_CN"
        if code not in locales:
            if len(locales) >= MAX_LOCALES:
                return f"a product holds at most {MAX_LOCALES} languages"
            locales[code] = LocaleText()
            self._undo.set_attr("product", "locales", locales, f"Add Language {code}")
        self._show()
        self.language.setCurrentIndex(self.language.findData(code))
        return ""

    def ask_language(self) -> None:
        code, ok = QInputDialog.getText(
            self, "Add Language", "Language code (for example de, fr, pt_BR, zh_CN):"
        )
        if ok and code.strip():
            problem = self.add_locale(code)
            if problem:
                self.note.setVisible(True)
                self.note.setText(f"Not added: {problem}.")
                return
            self.note.setText(TRANSLATION_NOTE)
