"""The Look tab: the kind of video, how photos fill the frame, and the brand (a saved kit or
its own colours, fonts, watermark and caption style, and a campaign: a sale badge, a date
line and a seasonal colour).

Every change is one undoable edit of ``project.look`` / ``project.brand`` (a kit is one step for
all its fields), so the preview rebuilds and shows it, and Undo takes it back. Fonts and logos
chosen here are copied into the product folder; a file that is not a font is refused with a
note, and the previous choice stays.
"""

from __future__ import annotations

import hashlib
from dataclasses import fields
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.core.brand import (
    MAX_DATE_LINE_CHARS,
    MAX_SALE_BADGE_CHARS,
    brand_values,
    campaign_text,
    copy_into_product,
    font_problem,
    kit_from_project,
    list_kits,
    load_kit,
    logo_problem,
    save_kit,
)
from studio.core.edits import SetAttr, UndoLog
from studio.core.errors import ProjectError
from studio.core.model import CAPTION_LOOKS, FILLS, TEMPLATES, WATERMARKS, Brand, Project, limits
from studio.ui.notes import NoteLabel

TEMPLATE_NAMES = {
    "highlight": ("Product highlight", "A hero title, one scene per feature, a call to action"),
    "explainer": ("Explainer", "Numbered steps, callouts pointing at each detail, specs large"),
    "experience": (
        "Customer experience",
        "A warm grade, soft captions, slow dissolves, calm music",
    ),
    "comparison": ("Comparison", "Variants side by side and a spec card from the bullets"),
}
FILL_NAMES = {
    "auto": ("Fill the frame", "Extend the backdrop, cut the product out, or split the frame"),
    "blur": ("Blurred copy", "Fill the rest of the frame with a blurred copy of the photo"),
}
WATERMARK_NAMES = {
    "none": "None",
    "top-left": "Top left",
    "top-right": "Top right",
    "bottom-left": "Bottom left",
    "bottom-right": "Bottom right",
}
CAPTION_NAMES = {
    "animated": "Animated (eased in, spoken word lit)",
    "static": "Static",
    "plain": "Plain (no box)",
}
SWATCH = 18


def _combo(items: dict[str, str] | dict[str, tuple[str, str]], keys: tuple[str, ...]) -> QComboBox:
    box = QComboBox()
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(10)
    for key in keys:
        value = items[key]
        if isinstance(value, tuple):
            box.addItem(value[0], key)
            box.setItemData(box.count() - 1, value[1], Qt.ItemDataRole.ToolTipRole)
        else:
            box.addItem(value, key)
    return box


class BrandPanel(QWidget):
    internal_error = Signal(str, str)

    def __init__(self, project: Project, undo: UndoLog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._project = project
        self._undo = undo

        self.template = _combo(TEMPLATE_NAMES, TEMPLATES)
        self.template_hint = QLabel()
        self.template_hint.setWordWrap(True)
        self.template_hint.setForegroundRole(self.template_hint.foregroundRole())
        self.fill = _combo(FILL_NAMES, FILLS)
        self.kit = QComboBox()
        self.kit.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.kit.setMinimumContentsLength(10)
        self.save_kit_button = QPushButton("Save as Kit…")
        self.save_kit_button.setToolTip("Keep these colours, fonts and logo for other products")
        self.colour_buttons: dict[str, QPushButton] = {}
        for key, label in (("accent", "Accent"), ("panel", "Panel"), ("text", "Text")):
            b = QPushButton(label)
            b.setToolTip(f"The {label.lower()} colour")
            b.clicked.connect(lambda _c=False, key=key: self.choose_colour(key))
            self.colour_buttons[key] = b
        self.heading_font = QPushButton()
        self.body_font = QPushButton()
        for key, b in (("heading_font", self.heading_font), ("body_font", self.body_font)):
            b.setToolTip("Choose a TTF or OTF file; right-click for the house font")
            b.clicked.connect(lambda _c=False, key=key: self.choose_font(key))
            b.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
            reset = b.addAction("Use the House Font")
            reset.triggered.connect(lambda _c=False, key=key: self._set_brand(key, None))
        self.logo = QPushButton()
        self.logo.setToolTip(
            "A PNG, WebP or JPEG for the closing card and the watermark; right-click to remove"
        )
        self.logo.clicked.connect(self.choose_logo)
        self.logo.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.logo_reset = self.logo.addAction("No Logo")
        self.logo_reset.triggered.connect(lambda _c=False: self._set_logo(None))
        self.watermark = _combo(WATERMARK_NAMES, WATERMARKS)
        self.opacity = QDoubleSpinBox()
        self.opacity.setRange(*limits(Brand, "watermark_opacity"))
        self.opacity.setSingleStep(0.05)
        self.opacity.setDecimals(2)
        self.captions = _combo(CAPTION_NAMES, CAPTION_LOOKS)
        self.intro = QCheckBox("Brand card before the title")
        self.sale_badge = QLineEdit()
        self.sale_badge.setPlaceholderText("-20%, SALE")
        self.sale_badge.setMaxLength(MAX_SALE_BADGE_CHARS)
        self.sale_badge.setToolTip("A badge in a corner of the title and closing cards")
        self.date_line = QLineEdit()
        self.date_line.setPlaceholderText("Until 31 December")
        self.date_line.setMaxLength(MAX_DATE_LINE_CHARS)
        self.date_line.setToolTip("A small line under the badge")
        self.season = QPushButton("Season colour")
        self.season.setToolTip(
            "A colour used instead of the accent while the campaign runs; right-click to stop"
        )
        self.season.clicked.connect(self.choose_season_colour)
        self.season.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.season_reset = self.season.addAction("Use the Accent Colour")
        self.season_reset.triggered.connect(
            lambda _c=False: self._set_brand("season_accent", "", "Remove Season Colour")
        )
        self.note = NoteLabel("warning")

        kit_row = QHBoxLayout()
        kit_row.addWidget(self.kit, 1)
        kit_row.addWidget(self.save_kit_button)
        colours = QHBoxLayout()
        for b in self.colour_buttons.values():
            colours.addWidget(b)
        colours.addStretch(1)
        mark = QHBoxLayout()
        mark.addWidget(self.watermark, 1)
        mark.addWidget(self.opacity)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow("&Template", self.template)
        form.addRow("", self.template_hint)
        form.addRow("&Photos", self.fill)
        form.addRow("Brand kit", kit_row)
        form.addRow("Colours", colours)
        form.addRow("&Logo", self.logo)
        form.addRow("Heading font", self.heading_font)
        form.addRow("Body font", self.body_font)
        form.addRow("Watermark", mark)
        form.addRow("&Captions", self.captions)
        form.addRow("", self.intro)
        form.addRow("Sale &badge", self.sale_badge)
        form.addRow("&Date line", self.date_line)
        form.addRow("Campaign", self.season)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.note)
        lay.addStretch(1)

        self.template.activated.connect(
            lambda _i: self._set_look("template", self.template.currentData(), "Change Template")
        )
        self.fill.activated.connect(
            lambda _i: self._set_look("fill", self.fill.currentData(), "Change Photo Fill")
        )
        self.kit.activated.connect(lambda _i: self.apply_kit(self.kit.currentData()))
        self.save_kit_button.clicked.connect(self.save_as_kit)
        self.watermark.activated.connect(
            lambda _i: self._set_brand("watermark", self.watermark.currentData())
        )
        self.opacity.valueChanged.connect(
            lambda v: self._set_brand("watermark_opacity", round(float(v), 2))
        )
        self.captions.activated.connect(
            lambda _i: self._set_brand("captions", self.captions.currentData())
        )
        self.intro.toggled.connect(lambda on: self._set_brand("intro", bool(on)))
        self.sale_badge.editingFinished.connect(
            lambda: self.set_campaign_text("sale_badge", self.sale_badge.text())
        )
        self.date_line.editingFinished.connect(
            lambda: self.set_campaign_text("date_line", self.date_line.text())
        )
        project.brand.events.connect(self._show)
        project.look.events.connect(self._show)
        project.product.events.logo.connect(self._show)
        self._fill_kits()
        self._show()

    def detach(self) -> None:
        self._project.brand.events.disconnect(self._show)
        self._project.look.events.disconnect(self._show)
        self._project.product.events.logo.disconnect(self._show)

    # -- model -> widgets
    def _fill_kits(self) -> None:
        with QSignalBlocker(self.kit):
            self.kit.clear()
            self.kit.addItem("House look", "")
            for k in list_kits():
                self.kit.addItem(k.name, k.name)

    def _show(self, *_: Any) -> None:
        b, look = self._project.brand, self._project.look
        widgets = (self.template, self.fill, self.kit, self.watermark, self.opacity)
        blockers = [QSignalBlocker(w) for w in (*widgets, self.captions, self.intro)]
        try:
            for box, value in (
                (self.template, look.template),
                (self.fill, look.fill),
                (self.watermark, b.watermark),
                (self.captions, b.captions),
            ):
                box.setCurrentIndex(max(0, box.findData(value)))
            self.template_hint.setText(TEMPLATE_NAMES[look.template][1])
            i = self.kit.findData(b.kit)
            if i < 0 and b.kit:
                self.kit.addItem(f"{b.kit} (this project)", b.kit)
                i = self.kit.count() - 1
            self.kit.setCurrentIndex(max(0, i))
            self.opacity.setValue(b.watermark_opacity)
            self.opacity.setEnabled(b.watermark != "none")
            self.intro.setChecked(b.intro)
            for key, button in self.colour_buttons.items():
                pm = QPixmap(SWATCH, SWATCH)
                pm.fill(QColor(getattr(b, key)))
                button.setIcon(QIcon(pm))
            for key, button in (("heading_font", self.heading_font), ("body_font", self.body_font)):
                rel = getattr(b, key)
                button.setText(Path(rel).name if rel else "House font")
            logo = self._project.product.logo
            self.logo.setText(Path(logo).name if logo else "No logo")
            self.logo_reset.setEnabled(bool(logo))
            for key, edit in (("sale_badge", self.sale_badge), ("date_line", self.date_line)):
                if edit.text() != getattr(b, key):
                    edit.setText(getattr(b, key))
            pm = QPixmap(SWATCH, SWATCH)
            pm.fill(QColor(b.season_accent or b.accent))
            self.season.setIcon(QIcon(pm))
            self.season.setText("Season colour" if b.season_accent else "Season colour: none")
            self.season_reset.setEnabled(bool(b.season_accent))
        finally:
            del blockers

    # -- edits
    def _set_look(self, field: str, value: Any, label: str) -> None:
        self._undo.set_attr("look", field, value, label)

    def _set_brand(self, field: str, value: Any, label: str | None = None) -> None:
        self._undo.set_attr("brand", field, value, label or "Edit Brand")

    def choose_colour(self, key: str) -> None:
        current = QColor(getattr(self._project.brand, key))
        chosen = QColorDialog.getColor(current, self, f"{key.title()} Colour")
        if chosen.isValid():
            self.set_colour(key, chosen.name())

    def set_colour(self, key: str, colour: str) -> None:
        name = "Season" if key == "season_accent" else key.title()
        self._set_brand(key, QColor(colour).name(), f"Change {name} Colour")

    def set_campaign_text(self, key: str, text: str) -> bool:
        """The sale badge or date line as typed (one line; empty removes it), one undo step."""
        limit = MAX_SALE_BADGE_CHARS if key == "sale_badge" else MAX_DATE_LINE_CHARS
        label = "Sale Badge" if key == "sale_badge" else "Date Line"
        try:
            value = campaign_text(text, label.lower(), limit)
        except ProjectError as exc:
            self.note.set_note(f"Cannot use this {label.lower()}: {exc}.", "error")
            return False
        if value != getattr(self._project.brand, key):
            self.note.set_note("")
            self._set_brand(key, value, f"Change {label}")
        return True

    def choose_season_colour(self) -> None:
        b = self._project.brand
        chosen = QColorDialog.getColor(QColor(b.season_accent or b.accent), self, "Season Colour")
        if chosen.isValid():
            self.set_colour("season_accent", chosen.name())

    def choose_font(self, key: str) -> None:
        from studio.ui.dialog_places import remember_folder, start_folder

        path, _ = QFileDialog.getOpenFileName(
            self,
            "Choose a Font",
            start_folder("fonts", self._project.root),
            "Fonts (*.ttf *.otf *.ttc)",
        )
        if path:
            remember_folder("fonts", path)
            self.set_font(key, Path(path))

    def choose_logo(self) -> None:
        from studio.ui.dialog_places import remember_folder, start_folder

        path, _ = QFileDialog.getOpenFileName(
            self,
            "Choose a Logo",
            start_folder("logo", self._project.root),
            "Logos (*.png *.webp *.jpg *.jpeg)",
        )
        if path:
            remember_folder("logo", path)
            self.set_logo(Path(path))

    def set_logo(self, path: Path) -> bool:
        """Use ``path`` as the product's logo (copied into the product), one undoable step;
        a file that cannot be a logo is refused with the reason."""
        problem = logo_problem(path)
        if problem:
            self.note.set_note(f"Cannot use this logo: {problem}.", "error")
            return False
        try:
            rel = copy_into_product(self._project.root, path, _stem_for("logo", path))
        except OSError as exc:
            self.note.set_note(f"Cannot copy {path.name}: {exc.strerror or exc}.", "error")
            return False
        self.note.set_note("")
        self._set_logo(rel)
        return True

    def _set_logo(self, rel: str | None) -> None:
        if rel != self._project.product.logo:
            self._undo.set_attr("product", "logo", rel, "Change Logo" if rel else "Remove Logo")

    def set_font(self, key: str, path: Path) -> bool:
        problem = font_problem(path)
        if problem:
            self.note.set_note(f"Cannot use this font: {problem}.", "error")
            return False
        try:
            rel = copy_into_product(self._project.root, path, _stem_for(key, path))
        except OSError as exc:
            self.note.set_note(f"Cannot copy {path.name}: {exc.strerror or exc}.", "error")
            return False
        self.note.set_note("")
        self._set_brand(
            key, rel, "Change Heading Font" if key == "heading_font" else "Change Body Font"
        )
        return True

    def apply_kit(self, name: str) -> None:
        """One undoable step: every brand field (and the logo) from the kit, or the house look."""
        warnings: list[str] = []
        if name:
            try:
                values, logo = brand_values(load_kit(name, warnings), self._project.root)
            except (ProjectError, OSError) as exc:
                self.note.set_note(f"Cannot use the kit: {exc}", "error")
                self._show()
                return
        else:
            house = Brand()
            values = {f.name: getattr(house, f.name) for f in fields(Brand)}
            logo = None
        self.note.set_note("\n".join(warnings), "warning")
        with self._undo.group(f"Use Brand Kit {name}" if name else "Use the House Look"):
            for field, value in values.items():
                self._set_brand(field, value)
            if logo is not None and logo != self._project.product.logo:
                self._undo.push(
                    SetAttr("product", "logo", self._project.product.logo, logo, "Logo")
                )

    def save_as_kit(self, name: str | None = None) -> bool:
        if name is None:
            name, ok = QInputDialog.getText(self, "Save Brand Kit", "Kit name:")
            if not ok:
                return False
        name = " ".join(name.split())
        if not name:
            return False
        try:
            save_kit(kit_from_project(self._project, name))
        except (ProjectError, OSError) as exc:
            self.note.set_note(f"Cannot save the kit: {exc}", "error")
            return False
        self._fill_kits()
        self._set_brand("kit", name, "Save Brand Kit")
        self._show()
        self.note.set_note("")
        return True


def _stem_for(key: str, path: Path) -> str:
    """A name for a chosen file inside the product that differs with its content: choosing
    a second logo must not overwrite the first (which Undo brings back)."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return f"{key}-{digest.hexdigest()[:10]}"
