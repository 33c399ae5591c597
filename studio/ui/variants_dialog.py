"""Audience Variants: every audience's video side by side, and all of them exported in one go.

The seller ticks the audiences (the built-in ones and their own); each ticked one gets a card
with a still of its title card, its hook, call to action, music mood, voice pace and its
bullets in the order the variant shows them. Variants are derived afresh from the product
(``core.variants.derive_variant`` with the studio's sentence embedder) on a worker, with the
seller's ``variants.json`` on top, so the cards always show what an export would make.

**Export All** derives the ticked variants once more from the product as it is now, and hands
each (and each of its translations, when asked) to the window's exports: they run in the
status bar's jobs area, where each can be cancelled like any export, named
``<product>-<format>-<audience>[-<language>].mp4`` in the chosen folder.

A damaged audience file or ``variants.json`` is one message in the dialog; the rest goes on.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from studio.core.audience import AudienceProfile, list_profiles
from studio.core.edits import UndoLog
from studio.core.model import PRESETS, ExportSettings, Project
from studio.core.progress import Job, Progress, weighted
from studio.core.project_io import snapshot
from studio.core.variants import Embed, derive_variant, read_overrides
from studio.ui.export_dialog import slug, suggested_output
from studio.ui.exports import Exports
from studio.ui.notes import NoteLabel
from studio.ui.workers import JobRunner

STILL_HEIGHT = 180  # the short side of a card's still (pixels)
CARD_WIDTH = 260
GRID_SPACING = 12
REFRESH_MS = 400  # ticks in a row make one derivation
PRESET_NAMES = {"landscape": "Landscape 16:9", "portrait": "Portrait 9:16", "square": "Square 1:1"}


# ------------------------------------------------------------------ the work (no Qt)


@dataclass(frozen=True)
class VariantCard:
    """One audience's variant as the dialog shows it."""

    profile: AudienceProfile
    project: Project  # the derived variant, for its export
    hook: str
    call_to_action: str
    music_mood: str
    voice_speed: float
    bullets: tuple[str, ...]
    still: np.ndarray | None = None  # RGB of the title card; None: not planned yet


def default_embed() -> Embed:
    from studio.analysis.text import embed

    return embed


def variants_job(
    master: Project,
    profiles: Sequence[AudienceProfile],
    *,
    stills: bool = True,
    still_height: int = STILL_HEIGHT,
    embed: Embed | None = None,
) -> Job[list[VariantCard]]:
    """Derive each profile's variant from ``master`` (a snapshot the caller took; planned
    here first if it has no scenes) and, with ``stills``, draw its title card. ``embed``:
    the studio's sentence embedder unless given (loaded here, off the GUI thread). A damaged
    ``variants.json`` is a ProjectError before any work."""
    overrides = read_overrides(master.root)
    embed = embed or default_embed()
    if not master.timeline.scenes and master.product.bullets and len(master.images):
        from studio.jobs.pipeline import plan_project_job

        yield from weighted(plan_project_job(master), 0.0, 0.4, "Planning")
    cards: list[VariantCard] = []
    n = max(1, len(profiles))
    for k, profile in enumerate(profiles):
        yield Progress("Deriving variants", 0.4 + 0.6 * k / n, 1.0, profile.name)
        o = overrides.get(profile.slug)
        variant = derive_variant(master, profile, embed, o)
        hook = o.hook if o is not None and o.hook is not None else profile.hook
        cards.append(
            VariantCard(
                profile,
                variant,
                hook,
                variant.product.call_to_action,
                variant.music.mood,
                variant.voice.speed,
                tuple(variant.product.bullets),
                title_still(variant, still_height) if stills else None,
            )
        )
    yield Progress("Deriving variants", 1.0, 1.0)
    return cards


def title_still(project: Project, height: int = STILL_HEIGHT) -> np.ndarray | None:
    """The project's title card as its export shows it once the title is in (RGB), at a
    small size; None when it has no scenes yet."""
    if not project.timeline.scenes:
        return None
    from studio.jobs.cutouts import with_cutouts
    from studio.render.frame import FrameRenderer
    from studio.render.poster import cover_time
    from studio.render.timeline import resolve_render_plan

    settings = dataclasses.replace(project.export, height=height, srt=False, vtt=False)
    plan, _ = resolve_render_plan(project, {}, settings)
    title = next(
        (s for s in plan.scenes if s.caption is not None and s.caption.style == "title"),
        plan.scenes[0],
    )
    # only the title scene: its photo's product mask is all the still needs
    card = with_cutouts(dataclasses.replace(plan, scenes=(title,)))
    bgr = FrameRenderer(card, cached_scenes=1).frame_at(cover_time(card))
    return np.ascontiguousarray(bgr[:, :, ::-1])


def output_name(project: Project, settings: ExportSettings, audience: str, language: str) -> str:
    """``<product>-<format>-<audience>[-<language>].mp4``."""
    kind = settings.platform or settings.preset
    tail = f"-{language}" if language else ""
    return f"{slug(project.product.title)}-{kind}-{audience}{tail}.mp4"


# ------------------------------------------------------------------ widgets


class VariantCardView(QFrame):
    """A card: the audience's name, its title card still, and what its video says."""

    def __init__(self, card: VariantCard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.card = card
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFixedWidth(CARD_WIDTH)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Maximum)
        lay = QVBoxLayout(self)
        name = QLabel(card.profile.name)
        font = name.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        name.setFont(font)
        self.still = QLabel()
        self.still.setAlignment(Qt.AlignmentFlag.AlignCenter)
        if card.still is not None:
            h, w = card.still.shape[:2]
            image = QImage(card.still.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
            pm = QPixmap.fromImage(image)
            self.still.setPixmap(
                pm.scaledToWidth(CARD_WIDTH - 24, Qt.TransformationMode.SmoothTransformation)
            )
        else:
            self.still.setText("No title card yet: plan the product first.")
            self.still.setWordWrap(True)
        self.hook = self._line("Hook", card.hook or "(the product's own opening)")
        self.cta = self._line("Call to action", card.call_to_action)
        self.sound = self._line("Sound", f"{card.music_mood} music, voice at {card.voice_speed:g}×")
        self.bullets = QLabel("\n".join(f"{i}. {b}" for i, b in enumerate(card.bullets, 1)))
        self.bullets.setWordWrap(True)
        self.bullets.setTextFormat(Qt.TextFormat.PlainText)
        self.bullets.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(name)
        lay.addWidget(self.still)
        for w in (self.hook, self.cta, self.sound):
            lay.addWidget(w)
        heading = QLabel("Bullets, in this order")
        heading.setEnabled(False)
        lay.addWidget(heading)
        lay.addWidget(self.bullets)

    @staticmethod
    def _line(label: str, text: str) -> QLabel:
        w = QLabel(f"<b>{label}:</b> {_escaped(text)}")
        w.setWordWrap(True)
        w.setTextFormat(Qt.TextFormat.RichText)
        return w


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class VariantsDialog(QDialog):
    """See the module docstring. ``exports``: the window's, so exports outlive the dialog;
    ``embed``: the sentence embedder (the studio's, loaded on the worker, unless given)."""

    cards_shown = Signal()  # a derivation's cards are on screen
    exports_started = Signal(int)  # how many Export All started

    def __init__(
        self,
        project: Project,
        exports: Exports,
        folder: Path | None = None,
        parent: QWidget | None = None,
        embed: Embed | None = None,
        edits: UndoLog | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Audience Variants")
        self.resize(1100, 720)
        self._project = project
        self._exports = exports
        self._embed = embed
        self._runner: JobRunner | None = None
        self._export_runner: JobRunner | None = None
        self._again = False
        self.cards: list[VariantCardView] = []
        self._columns = 0
        self.started: list[Path] = []

        self.audiences = QListWidget()
        self.audiences.setMinimumWidth(170)
        self.audience_note = NoteLabel("warning")
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(QLabel("Audiences"))
        ll.addWidget(self.audiences, 1)
        ll.addWidget(self.audience_note)

        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.grid.setSpacing(GRID_SPACING)
        self.placeholder = QLabel("Tick an audience to see its video.")
        self.placeholder.setEnabled(False)
        self.grid.addWidget(self.placeholder, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid_host)
        self.card_area = scroll

        split = QSplitter()
        split.addWidget(left)
        split.addWidget(scroll)
        split.setStretchFactor(1, 1)
        split.setSizes([190, 910])

        self.preset = QComboBox()
        for key in PRESETS:
            self.preset.addItem(PRESET_NAMES.get(key, key), key)
        self.preset.setCurrentIndex(max(0, self.preset.findData(project.export.preset)))
        codes = sorted(project.product.locales)
        self.languages = QCheckBox(f"Also in each language ({', '.join(codes)})")
        self.languages.setVisible(bool(codes))
        # the export dialog's folder: the remembered one, else the product's (or the user's
        # videos folder for the demo)
        self.folder = QLineEdit(str(suggested_output(project, folder).parent))
        choose = QPushButton("Choose…")
        choose.clicked.connect(self._choose_folder)
        self.export_button = QPushButton("Export All")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.export_all)
        self.status = NoteLabel("info")

        row = QHBoxLayout()
        row.addWidget(QLabel("Format"))
        row.addWidget(self.preset)
        row.addWidget(self.languages)
        row.addSpacing(12)
        row.addWidget(QLabel("Folder"))
        row.addWidget(self.folder, 1)
        row.addWidget(choose)
        row.addWidget(self.export_button)
        lay = QVBoxLayout(self)
        lay.addWidget(split, 1)
        lay.addWidget(self.status)
        lay.addLayout(row)

        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(REFRESH_MS)
        self._refresh.timeout.connect(self.derive)
        self.audiences.itemChanged.connect(lambda _item: self._on_ticks())
        self.fill_audiences()
        # every edit of the product goes through its undo log: the cards follow them
        self._edits = edits
        if edits is not None:
            edits.changed.connect(self._on_edit)

    def _on_edit(self) -> None:
        """An edit of the product: the shown cards are derived again after a pause."""
        if self.cards or self._runner is not None:
            with contextlib.suppress(RuntimeError):  # the dialog is being deleted
                self._refresh.start()

    def forget_edits(self) -> None:
        """Stop following the product's edits (before the dialog goes away)."""
        if self._edits is not None:
            with contextlib.suppress(RuntimeError, TypeError, ValueError):
                self._edits.changed.disconnect(self._on_edit)
            self._edits = None

    # -- audiences
    def fill_audiences(self) -> None:
        """The built-in audiences and the seller's own, unticked; a damaged file is named."""
        problems: list[str] = []
        profiles = list_profiles(problems)
        self.audiences.blockSignals(True)
        try:
            self.audiences.clear()
            for p in profiles:
                item = QListWidgetItem(p.name if p.built_in else f"{p.name} (yours)")
                item.setData(Qt.ItemDataRole.UserRole, p)
                item.setToolTip(p.description)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
                self.audiences.addItem(item)
        finally:
            self.audiences.blockSignals(False)
        self.audience_note.set_note("\n".join(problems))

    def set_checked(self, names: Sequence[str]) -> None:
        wanted = {n.lower() for n in names}
        for i in range(self.audiences.count()):
            item = self.audiences.item(i)
            p: AudienceProfile = item.data(Qt.ItemDataRole.UserRole)
            on = p.name.lower() in wanted
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def checked_profiles(self) -> list[AudienceProfile]:
        out = []
        for i in range(self.audiences.count()):
            item = self.audiences.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(item.data(Qt.ItemDataRole.UserRole))
        return out

    def _on_ticks(self) -> None:
        self._refresh.start()

    # -- cards
    @property
    def busy(self) -> bool:
        return self._runner is not None or self._export_runner is not None

    def derive(self) -> None:
        """Derive the ticked audiences' variants on a worker and show them as cards."""
        self._refresh.stop()
        if self._runner is not None:
            self._again = True  # the ticks changed meanwhile: once more when this one ends
            return
        profiles = self.checked_profiles()
        if not profiles:
            self._show_cards([])
            return
        job = variants_job(snapshot(self._project), profiles, embed=self._embed)
        self.status.set_note("Deriving the variants…", "info")
        self._runner = JobRunner.run(
            job,
            self,
            yielded=self._on_progress,
            returned=self._show_cards,
            errored=lambda message, _details: self.status.set_note(message, "error"),
            finished=self._on_derived,
        )

    def _on_progress(self, p: Progress) -> None:
        self.status.set_note(f"{p.stage}… {p.message}".rstrip(), "info")

    def _on_derived(self) -> None:
        self._runner = None
        if self._again:
            self._again = False
            self.derive()

    def _show_cards(self, cards: list[VariantCard]) -> None:
        for view in self.cards:
            self.grid.removeWidget(view)
            view.deleteLater()
        self.cards = [VariantCardView(c, self.grid_host) for c in cards]
        self.placeholder.setVisible(not cards)
        self._columns = 0
        self._reflow()
        self.status.set_note("")
        self.cards_shown.emit()

    def columns(self) -> int:
        """As many cards side by side as the grid's width holds (at least one)."""
        m = self.grid.contentsMargins()
        room = self.card_area.viewport().width() - m.left() - m.right()
        return max(1, (room + GRID_SPACING) // (CARD_WIDTH + GRID_SPACING))

    def _reflow(self) -> None:
        cols = self.columns()
        if cols == self._columns:
            return
        self._columns = cols
        for view in self.cards:
            self.grid.removeWidget(view)
        for k, view in enumerate(self.cards):
            self.grid.addWidget(view, k // cols, k % cols, Qt.AlignmentFlag.AlignTop)

    def resizeEvent(self, e: QResizeEvent) -> None:
        super().resizeEvent(e)
        if self.cards:
            self._reflow()

    # -- export
    def _choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Export Variants To", self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def export_settings(self) -> ExportSettings:
        """The project's export settings in the chosen format (a platform's checks go with
        its own format only)."""
        settings = dataclasses.replace(self._project.export)
        preset = self.preset.currentData()
        if preset != settings.preset:
            settings = dataclasses.replace(settings, preset=preset, platform="")
        return settings

    def export_all(self) -> None:
        """Derive the ticked variants from the product as it is now (on a worker), then start
        an export of each, in each language when asked."""
        profiles = self.checked_profiles()
        if not profiles:
            self.status.set_note("Tick the audiences to export first.", "warning")
            return
        if self._export_runner is not None:
            return
        folder = Path(self.folder.text().strip()).expanduser()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self.status.set_note(f"Cannot use {folder}: {exc.strerror or exc}.", "error")
            return
        settings = self.export_settings()
        languages = sorted(self._project.product.locales) if self.languages.isChecked() else []
        job = variants_job(snapshot(self._project), profiles, stills=False, embed=self._embed)
        self.export_button.setEnabled(False)
        self.status.set_note("Preparing the exports…", "info")
        self._export_runner = JobRunner.run(
            job,
            self,
            returned=lambda cards: self._start_exports(cards, folder, settings, languages),
            errored=lambda message, _details: self.status.set_note(
                f"Nothing exported: {message}", "error"
            ),
            finished=self._on_export_prepared,
        )

    def _on_export_prepared(self) -> None:
        self._export_runner = None
        self.export_button.setEnabled(True)

    def _start_exports(
        self,
        cards: list[VariantCard],
        folder: Path,
        settings: ExportSettings,
        languages: list[str],
    ) -> None:
        from studio.core.errors import StudioError
        from studio.jobs.locales import locale_project

        notes: list[str] = []
        started: list[Path] = []
        for card in cards:
            for language in ["", *languages]:
                project = card.project
                if language:
                    try:
                        made = locale_project(card.project, language)
                    except StudioError as exc:
                        notes.append(f"{card.profile.name} in {language}: {exc}")
                        continue
                    project = made.project
                    notes.extend(made.warnings)
                # named by the product's own title, whatever the language's
                out = folder / output_name(card.project, settings, card.profile.slug, language)
                self._exports.start(project, out, dataclasses.replace(settings))
                started.append(out)
        self.started = started
        n = len(started)
        text = (
            f"Started {n} export{'s' if n != 1 else ''} into {folder}: "
            "follow or cancel them in the status bar."
        )
        notes = list(dict.fromkeys(notes))
        self.status.set_note("\n".join([text, *notes]), "warning" if notes else "info")
        self.exports_started.emit(n)
