"""The scene inspector: caption, voice line, lock, transition, duration, motion style and motion
of one scene.

It edits only through the UndoLog (typing in a text box merges into one undo step) and follows
the scene's events, so an undo or a re-plan updates it. Updates from the model never echo back
as edits: the widgets' signals are blocked while the model's values are shown.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from studio.core.edits import SetSceneField, UndoLog
from studio.core.model import MOTION_STYLES, TRANSITIONS, Project, Scene, limits
from studio.ui.motion_editor import MotionEditor
from studio.ui.notes import NoteLabel
from studio.ui.scene_notes import scene_notes
from studio.ui.thumbnails import ThumbnailCache
from studio.ui.timeline_model import KIND_NAMES, reasons_tooltip

TRANSITION_NAMES = {"crossfade": "Crossfade", "cut": "Cut"}
MOTION_STYLE_NAMES = {"ken burns": "Ken Burns", "parallax": "Parallax"}
MOTION_STYLE_TIP = (
    "Ken Burns: the photo pans and zooms as one.\n"
    "Parallax: the product, lifted off its photo, drifts farther than its backdrop, as if it "
    "stood in space. A photo whose product cannot be cut out cleanly keeps Ken Burns."
)


class _TextBox(QPlainTextEdit):
    def __init__(self, lines: int, placeholder: str) -> None:
        super().__init__()
        self.setPlaceholderText(placeholder)
        self.setTabChangesFocus(True)
        fm = self.fontMetrics()
        self.setFixedHeight(fm.lineSpacing() * lines + 14)


_languages: dict[str, str | None] = {}


def voice_language(voice_id: str) -> str | None:
    """The language of an installed voice ("en_US"); None when it is not installed. Reading a
    voice's config once is cheap; the answer is kept for the session."""
    if voice_id not in _languages:
        from studio.core.errors import StudioError
        from studio.voice.library import find_voice

        try:
            _languages[voice_id] = find_voice(voice_id).language
        except StudioError:
            _languages[voice_id] = None
    return _languages[voice_id]


class SceneInspector(QWidget):
    """Edits one scene; warns about what the voice or the captions would lose."""

    choose_voice_requested = Signal()  # the Voice tab, for every voice setting
    add_voice_requested = Signal()  # install a voice file

    def __init__(
        self,
        project: Project,
        undo: UndoLog,
        thumbnails: ThumbnailCache | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._project = project
        self._undo = undo
        self._scene: Scene | None = None
        self._voices: list[Any] | None = None  # installed voices, read when first needed
        # the window's cache shares decoded photos with the timeline; alone, the inspector keeps its own
        self._thumbs = thumbnails if thumbnails is not None else ThumbnailCache(parent=self)

        self.heading = QLabel("No scene selected")
        self.heading.setWordWrap(True)
        f = self.heading.font()
        f.setBold(True)
        self.heading.setFont(f)
        self.caption = _TextBox(3, "Text shown on screen")
        self.voice_line = _TextBox(3, "What the voice says")
        self.locked = QCheckBox("Keep this scene when re-planning")
        self.transition = QComboBox()
        for t in TRANSITIONS:
            self.transition.addItem(TRANSITION_NAMES.get(t, t), t)
        self.motion_style = QComboBox()
        for m in MOTION_STYLES:
            self.motion_style.addItem(MOTION_STYLE_NAMES.get(m, m), m)
        self.motion_style.setToolTip(MOTION_STYLE_TIP)
        self.auto_duration = QCheckBox("Automatic (voice + pause)")
        self.duration = QDoubleSpinBox()
        self.duration.setRange(*limits(Scene, "duration"))
        self.duration.setSingleStep(0.5)
        self.duration.setSuffix(" s")
        self.duration.setDecimals(1)
        self.why = QLabel()
        self.why.setWordWrap(True)
        self.why.setTextFormat(Qt.TextFormat.PlainText)
        self.why.setForegroundRole(self.why.foregroundRole())
        self.motion = MotionEditor(project, undo, self._thumbs)
        self.notes = NoteLabel("warning")
        self.choose_voice = QPushButton("Choose Voice…")
        self.choose_voice.setToolTip("Pick an installed voice that reads this line's language")
        self.voice_menu = QMenu(self.choose_voice)
        self.choose_voice.setMenu(self.voice_menu)
        self.keep_silent = QPushButton("Keep Silent")
        self.keep_silent.setToolTip(
            "Clear the voice line: the scene shows its caption without voice"
        )
        note_buttons = QHBoxLayout()
        note_buttons.setContentsMargins(0, 0, 0, 0)
        note_buttons.addWidget(self.choose_voice)
        note_buttons.addWidget(self.keep_silent)
        note_buttons.addStretch(1)

        dur = QHBoxLayout()
        dur.setContentsMargins(0, 0, 0, 0)
        dur.addWidget(self.auto_duration)
        dur.addWidget(self.duration)
        dur.addStretch(1)
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # narrow: labels above
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.heading)
        form.addRow(self.notes)
        form.addRow(note_buttons)
        form.addRow("Caption", self.caption)
        form.addRow("Voice line", self.voice_line)
        form.addRow("Transition in", self.transition)
        form.addRow("Duration", dur)
        form.addRow("", self.locked)
        form.addRow("Motion style", self.motion_style)
        form.addRow(QLabel("Motion"))  # the editor is wider than the field column: it spans both
        form.addRow(self.motion)
        form.addRow(self.why)

        self.caption.textChanged.connect(lambda: self._edit("caption", self.caption.toPlainText()))
        self.voice_line.textChanged.connect(
            lambda: self._edit("voice_line", self.voice_line.toPlainText())
        )
        self.locked.toggled.connect(lambda on: self._edit("locked", bool(on)))
        self.transition.currentIndexChanged.connect(
            lambda _i: self._edit("transition", self.transition.currentData())
        )
        self.motion_style.currentIndexChanged.connect(
            lambda _i: self._set_motion_style(self.motion_style.currentData())
        )
        self.auto_duration.toggled.connect(self._on_auto_toggled)
        self.duration.valueChanged.connect(lambda v: self._edit("duration", round(float(v), 2)))
        self.keep_silent.clicked.connect(lambda: self._edit("voice_line", ""))
        # the heading's number follows reorders; the notes follow the voice and the bullets
        project.timeline.scenes.events.connect(self._on_timeline_event)
        project.voice.events.voice.connect(self._show_notes)
        project.product.events.bullets.connect(self._show_notes)
        self.motion.set_scene(None)
        self._show()

    # -- which scene
    @property
    def scene(self) -> Scene | None:
        return self._scene

    def set_scene(self, scene_id: str | None) -> None:
        scene = None
        if scene_id:
            try:
                scene = self._project.timeline.find(scene_id)
            except KeyError:
                scene = None
        if scene is self._scene:
            return
        if self._scene is not None:
            self._scene.events.all.disconnect(self._on_scene_event)
        self._scene = scene
        if scene is not None:
            scene.events.all.connect(self._on_scene_event)
        self.motion.set_scene(scene)
        self._show()

    def detach(self) -> None:
        self.set_scene(None)
        self.motion.detach()
        self._project.timeline.scenes.events.disconnect(self._on_timeline_event)
        self._project.voice.events.voice.disconnect(self._show_notes)
        self._project.product.events.bullets.disconnect(self._show_notes)

    def _on_scene_event(self, *_: Any) -> None:
        self._show()

    def _on_timeline_event(self, *_: Any) -> None:
        self._show_heading()

    def _show_heading(self) -> None:
        s = self._scene
        if s is None:
            self.heading.setText("Select a scene in the timeline to edit it.")
            return
        try:
            n = self._project.timeline.index_of(s.id) + 1
        except KeyError:  # removed; the window selects another scene next
            return
        self.heading.setText(f"Scene {n}: {KIND_NAMES.get(s.kind, s.kind)}")

    def refresh_voices(self) -> None:
        """Read the installed voices again (after one was added) and update the notes."""
        self._voices = None
        self._show_notes()

    def _installed_voices(self) -> list[Any]:
        if self._voices is None:
            from studio.voice.library import available_voices

            self._voices = available_voices()
        return self._voices

    def _show_notes(self, *_: Any) -> None:
        s = self._scene
        language = voice_language(self._project.voice.voice)
        voices = self._installed_voices() if s is not None and language is not None else []
        notes = [] if s is None else scene_notes(s, self._project.product.bullets, language, voices)
        self.notes.set_note("\n\n".join(n.text for n in notes))
        unread = any(n.kind in ("silent", "skipped") for n in notes)
        self.choose_voice.setVisible(unread)
        self.keep_silent.setVisible(any(n.kind == "silent" for n in notes))
        if unread and s is not None:
            self._fill_voice_menu(s.voice_line, voices)

    def _fill_voice_menu(self, line: str, voices: list[Any]) -> None:
        """The installed voices that read ``line`` whole, then the ways to get another."""
        from studio.voice.language_fit import language_name, voices_that_read

        self.voice_menu.clear()
        able = voices_that_read([line], voices)
        for v in able:
            action = self.voice_menu.addAction(f"{v.id} — {language_name(v.language)}")
            action.triggered.connect(
                lambda _on=False, vid=v.id: self._undo.set_attr(
                    "voice", "voice", vid, "Change Voice"
                )
            )
        if not able:
            none = self.voice_menu.addAction("No installed voice reads this line")
            none.setEnabled(False)
        self.voice_menu.addSeparator()
        self.voice_menu.addAction("Add a Voice File…").triggered.connect(self.add_voice_requested)
        self.voice_menu.addAction("Voice Settings…").triggered.connect(self.choose_voice_requested)

    # -- model -> widgets
    def _show(self) -> None:
        s = self._scene
        editors = (
            self.caption,
            self.voice_line,
            self.locked,
            self.transition,
            self.motion_style,
            self.auto_duration,
            self.duration,
        )
        for w in editors:
            w.setEnabled(s is not None)
        self.duration.setVisible(s is not None and s.duration is not None)
        blockers = [QSignalBlocker(w) for w in editors]
        try:
            self._show_heading()
            self._show_notes()
            if s is None:
                for box in (self.caption, self.voice_line):
                    box.setPlainText("")
                self.why.setText("")
                return
            self._set_text(self.caption, s.caption)
            self._set_text(self.voice_line, s.voice_line)
            self.locked.setChecked(s.locked)
            self.transition.setCurrentIndex(max(0, self.transition.findData(s.transition)))
            self.motion_style.setCurrentIndex(max(0, self.motion_style.findData(s.motion_style)))
            self.auto_duration.setChecked(s.duration is None)
            self.duration.setVisible(s.duration is not None)
            if s.duration is not None:
                self.duration.setValue(s.duration)
            self.why.setText(reasons_tooltip(s))
        finally:
            del blockers

    @staticmethod
    def _set_text(box: QPlainTextEdit, text: str) -> None:
        if box.toPlainText() != text:  # keep the cursor where it is while the user types
            cursor_pos = box.textCursor().position()
            box.setPlainText(text)
            c = box.textCursor()
            c.setPosition(min(cursor_pos, len(text)))
            box.setTextCursor(c)

    # -- widgets -> edits
    def _edit(self, field: str, value: Any) -> None:
        if self._scene is not None:
            self._undo.set_scene(self._scene.id, field, value)

    def _set_motion_style(self, style: str) -> None:
        s = self._scene
        if s is not None and style != s.motion_style:
            self._undo.push(
                SetSceneField(s.id, "motion_style", s.motion_style, style, "Change Motion Style")
            )

    def _on_auto_toggled(self, auto: bool) -> None:
        if self._scene is None:
            return
        self._edit("duration", None if auto else round(float(self.duration.value()), 2))
