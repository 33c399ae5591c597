"""The studio window: menus, the product/image panels, the scene inspector, the timeline strip,
planning progress in the status bar, autosave and the unsaved-changes prompt.

The window owns one Document at a time; its panels are built for that document and detached
from it when another one is opened.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import qdebounced

from studio.core.autosave import config_dir, discard_recovery, write_recovery
from studio.core.edits import RemoveScene
from studio.core.errors import StudioError
from studio.core.progress import Progress
from studio.core.project_io import PROJECT_SUFFIX, save_project
from studio.media.playback import Playback
from studio.ui.document import Document, empty_document, open_document
from studio.ui.export_dialog import ExportDialog
from studio.ui.image_list import AddImages, ImageList, usable_images
from studio.ui.inspector import SceneInspector
from studio.ui.planner import Planner
from studio.ui.player import Player
from studio.ui.product_panel import ProductPanel
from studio.ui.thumbnails import ThumbnailCache
from studio.ui.timeline_model import TimelineModel
from studio.ui.timeline_view import TimelineView

APP_NAME = "Product Video Studio"
AUTOSAVE_MS = 60_000
REPLAN_DELAY_MS = 1200
MAX_RECENT = 8


def settings_store() -> QSettings:
    return QSettings(str(config_dir() / "studio.ini"), QSettings.Format.IniFormat)


class MainWindow(QMainWindow):
    document_changed = Signal()
    planning_finished = Signal()

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.resize(1280, 800)
        self.setMinimumSize(960, 640)
        self.doc: Document | None = None
        self.thumbnails = ThumbnailCache(parent=self)
        self.playback = Playback()
        self.export_dialog: ExportDialog | None = None
        self._parts: list[Any] = []
        self._build_actions()
        self._build_status_bar()
        self._autosave = QTimer(self)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.autosave)
        self._autosave.start()
        self._replan_soon = qdebounced(self.replan, timeout=REPLAN_DELAY_MS)
        self.set_document(document)

    # ------------------------------------------------------------------ building
    def _action(self, menu, text: str, slot, shortcut: QKeySequence | str | None = None) -> QAction:
        a = QAction(text, self)
        if shortcut is not None:
            a.setShortcut(QKeySequence(shortcut))
        a.triggered.connect(lambda _checked=False: slot())
        menu.addAction(a)
        return a

    def _build_actions(self) -> None:
        mb = self.menuBar()
        f = mb.addMenu("&File")
        self.new_action = self._action(f, "&New…", self.new_project, QKeySequence.StandardKey.New)
        self.open_action = self._action(f, "&Open…", self.open_dialog, QKeySequence.StandardKey.Open)
        self.open_folder_action = self._action(f, "Open Product &Folder…", self.open_folder_dialog)
        self.recent_menu = f.addMenu("Open &Recent")
        f.addSeparator()
        self.save_action = self._action(f, "&Save", self.save, QKeySequence.StandardKey.Save)
        self.save_as_action = self._action(f, "Save &As…", self.save_as, QKeySequence.StandardKey.SaveAs)
        f.addSeparator()
        self.add_images_action = self._action(f, "Add &Images…", self._add_images_dialog)
        self.export_action = self._action(f, "&Export…", self.open_export, "Ctrl+E")
        f.addSeparator()
        self.quit_action = self._action(f, "&Quit", self.close, QKeySequence.StandardKey.Quit)
        e = mb.addMenu("&Edit")
        self.undo_action = self._action(e, "Undo", lambda: self.doc and self.doc.undo.undo(), QKeySequence.StandardKey.Undo)
        self.redo_action = self._action(e, "Redo", lambda: self.doc and self.doc.undo.redo(), "Ctrl+Shift+Z")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        e.addSeparator()
        self.delete_action = self._action(e, "Delete Scene", self.delete_selected_scene, QKeySequence.StandardKey.Delete)
        p = mb.addMenu("&Plan")
        self.replan_action = self._action(p, "Re-plan Unlocked Scenes", self.replan, "Ctrl+R")
        v = mb.addMenu("Pla&yback")
        self.play_action = self._action(v, "Play / Pause", lambda: self.player.toggle(), "Space")
        self.prev_frame_action = self._action(v, "Previous Frame", lambda: self.player.step(-1), ",")
        self.next_frame_action = self._action(v, "Next Frame", lambda: self.player.step(1), ".")
        self.start_action = self._action(v, "Go to Start", lambda: self.player.go_to_start(), "Home")
        self.end_action = self._action(v, "Go to End", lambda: self.player.go_to_end(), "End")
        self.replan_action.setIconText("Re-plan")
        self.export_action.setIconText("Export…")
        self.add_images_action.setIconText("Add Images…")
        self._fill_recent()
        tb = self.addToolBar("Main")
        tb.setObjectName("main-toolbar")
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for a in (self.open_action, self.save_action, None, self.undo_action, self.redo_action, None,
                  self.add_images_action, self.replan_action, self.export_action):
            if a is None:
                tb.addSeparator()
            else:
                tb.addAction(a)

    def _build_status_bar(self) -> None:
        sb = self.statusBar()
        self.progress_label = QLabel()
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setMaximumWidth(220)
        self.progress_bar.setTextVisible(False)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(lambda: self.planner and self.planner.cancel())
        for w in (self.progress_label, self.progress_bar, self.cancel_button):
            sb.addPermanentWidget(w)
            w.hide()

    def _build_panels(self, doc: Document) -> None:
        project, undo = doc.project, doc.undo
        self.timeline_model = TimelineModel(project, undo, self)
        self.timeline = TimelineView(self.timeline_model, self.thumbnails)
        self.inspector = SceneInspector(project, undo)
        self.product_panel = ProductPanel(project, undo)
        self.image_list = ImageList(project, self.thumbnails)
        self.player = Player(project, undo, self.playback)
        self.planner = Planner(project, undo, self)

        tabs = QTabWidget()
        tabs.addTab(self.product_panel, "Product")
        tabs.addTab(self.image_list, "Images")
        self.side_tabs = tabs
        inspector_box = QWidget()
        ib = QVBoxLayout(inspector_box)
        ib.setContentsMargins(0, 0, 0, 0)
        ib.addWidget(self.inspector)
        ib.addStretch(1)

        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(tabs)
        top.addWidget(self.player)
        top.addWidget(inspector_box)
        top.setStretchFactor(0, 0)
        top.setStretchFactor(1, 1)
        top.setStretchFactor(2, 0)
        top.setSizes([330, 560, 360])
        top.setChildrenCollapsible(False)
        central = QWidget()
        lay = QVBoxLayout(central)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(top, 1)
        lay.addWidget(self.timeline, 0)
        self.setCentralWidget(central)

        self.timeline.scene_selected.connect(self._on_scene_selected)
        self.player.scene_changed.connect(self._on_playhead_scene)
        self.timeline_model.modelReset.connect(self._after_timeline_reset)
        self.product_panel.edited.connect(self._replan_soon)
        self.image_list.add_requested.connect(self.add_images)
        self.planner.started.connect(self._on_plan_started)
        self.planner.progress.connect(self._on_plan_progress)
        self.planner.planned.connect(self._on_planned)
        self.planner.failed.connect(self._on_plan_failed)
        self.planner.stopped.connect(self._on_plan_stopped)
        self._parts = [self.timeline_model, self.inspector, self.product_panel, self.image_list, self.player, self.planner]

    # ------------------------------------------------------------------ documents
    def set_document(self, doc: Document) -> None:
        if self.doc is not None:
            self.doc.undo.changed.disconnect(self._on_undo_changed)
            for part in self._parts:
                part.detach()
            self.timeline_model.deleteLater()
            self.planner.deleteLater()
        self.doc = doc
        self._build_panels(doc)
        doc.undo.changed.connect(self._on_undo_changed)
        self._on_undo_changed()
        if doc.warnings:
            self.image_list.show_message("\n".join(doc.warnings))
        if doc.file is not None:
            self._remember(doc.file)
        self.document_changed.emit()
        if not len(doc.project.timeline.scenes) and len(doc.project.images) and doc.project.product.bullets:
            self.planner.plan()
        else:
            self._select_first()

    def _maybe_save(self) -> bool:
        """Before the document goes away: True if it may (saved, discarded or clean)."""
        if self.doc is None or not self.doc.is_dirty:
            return True
        answer = self.ask_save_changes()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def ask_save_changes(self) -> QMessageBox.StandardButton:
        return QMessageBox.question(
            self, APP_NAME, f"Save the changes to “{self.doc.title}” before closing?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )

    def open_path(self, path: Path) -> bool:
        if not self._maybe_save():
            return False
        try:
            doc = open_document(path)
        except StudioError as exc:
            self.show_error("Cannot open", str(exc))
            return False
        self._close_document()
        self.set_document(doc)
        return True

    def _close_document(self) -> None:
        if self.doc is not None:
            discard_recovery(self.doc.project, self.doc.file)

    def new_project(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Choose a Folder for the New Product")
        if not folder:
            return
        if not self._maybe_save():
            return
        try:
            doc = open_document(Path(folder))
        except StudioError:
            doc = empty_document(Path(folder))
        self._close_document()
        self.set_document(doc)

    def open_dialog(self) -> None:
        f, _ = QFileDialog.getOpenFileName(self, "Open Project", "", f"Projects (*{PROJECT_SUFFIX})")
        if f:
            self.open_path(Path(f))

    def open_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Open Product Folder")
        if folder:
            self.open_path(Path(folder))

    def save(self) -> bool:
        if self.doc is None:
            return False
        if self.doc.file is None:
            return self.save_as()
        return self.save_to(self.doc.file)

    def save_as(self) -> bool:
        if self.doc is None:
            return False
        f, _ = QFileDialog.getSaveFileName(self, "Save Project", str(self.doc.file or self.doc.default_file()),
                                           f"Projects (*{PROJECT_SUFFIX})")
        return bool(f) and self.save_to(Path(f))

    def save_to(self, path: Path) -> bool:
        """Save into the product folder (media paths are relative to the project file)."""
        doc = self.doc
        assert doc is not None
        path = Path(path).absolute()
        if not path.name.endswith(PROJECT_SUFFIX):
            path = path.with_name(path.name.removesuffix(".json") + PROJECT_SUFFIX)
        if path.parent.resolve() != doc.project.root.resolve():
            self.show_error("Cannot save there", f"Save the project inside its product folder ({doc.project.root}), "
                                                 "next to its images.")
            return False
        try:
            save_project(doc.project, path)
        except (StudioError, OSError) as exc:
            self.show_error("Cannot save", str(exc))
            return False
        discard_recovery(doc.project, doc.file)
        doc.file = path
        doc.restored = False
        discard_recovery(doc.project, path)
        doc.undo.mark_clean()
        self._remember(path)
        self.statusBar().showMessage(f"Saved {path.name}", 4000)
        return True

    def autosave(self) -> Path | None:
        """Write a recovery file if there are unsaved changes."""
        if self.doc is None or not self.doc.is_dirty:
            return None
        try:
            return write_recovery(self.doc.project, self.doc.file)
        except OSError as exc:
            self.statusBar().showMessage(f"Autosave failed: {exc}", 6000)
            return None

    # ------------------------------------------------------------------ recent files
    def _remember(self, path: Path) -> None:
        s = settings_store()
        items = [p for p in (s.value("recent", []) or []) if p != str(path)]
        s.setValue("recent", [str(path), *items][:MAX_RECENT])
        self._fill_recent()

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        items = [p for p in (settings_store().value("recent", []) or []) if Path(p).exists()]
        for p in items:
            a = self.recent_menu.addAction(Path(p).name)
            a.setToolTip(p)
            a.triggered.connect(lambda _c=False, p=p: self.open_path(Path(p)))
        self.recent_menu.setEnabled(bool(items))

    # ------------------------------------------------------------------ editing
    def _on_undo_changed(self) -> None:
        doc = self.doc
        if doc is None:
            return
        u = doc.undo
        self.undo_action.setEnabled(u.can_undo)
        self.undo_action.setText(f"Undo {u.undo_label}" if u.can_undo else "Undo")
        self.redo_action.setEnabled(u.can_redo)
        self.redo_action.setText(f"Redo {u.redo_label}" if u.can_redo else "Redo")
        self.setWindowTitle(f"{doc.title}[*] — {APP_NAME}")
        self.setWindowModified(doc.is_dirty)

    def _on_scene_selected(self, scene_id: str) -> None:
        self.inspector.set_scene(scene_id)
        self.player.seek_scene(scene_id)
        self.delete_action.setEnabled(bool(scene_id))

    def _on_playhead_scene(self, scene_id: str) -> None:
        """While playing, the timeline and inspector follow the scene on screen."""
        if self.player.is_playing and scene_id and scene_id != self.timeline.selected_scene_id():
            self.timeline.select_scene(scene_id)

    def _select_first(self) -> None:
        if len(self.doc.project.timeline.scenes) and not self.timeline.selected_scene_id():
            self.timeline.select_scene(self.doc.project.timeline.scenes[0].id)

    def _after_timeline_reset(self) -> None:
        sid = self.inspector.scene.id if self.inspector.scene is not None else ""
        if sid:
            self.timeline.select_scene(sid)

    def delete_selected_scene(self) -> None:
        sid = self.timeline.selected_scene_id()
        if sid and self.doc is not None:
            self.doc.undo.push(RemoveScene(sid))

    def add_images(self, paths: list[Path]) -> list[str]:
        """Add photos (files or folders); unusable ones are skipped with an inline message."""
        doc = self.doc
        if doc is None:
            return []
        try:
            added, problems = usable_images(doc.project, [Path(p) for p in paths])
        except OSError as exc:
            added, problems = [], [f"cannot copy into the product folder: {exc}"]
        if added:
            doc.undo.push(AddImages(added))
            self._replan_soon()
        msg = "\n".join(f"Skipped {p}" for p in problems)
        self.image_list.show_message(msg)
        if problems:
            self.side_tabs.setCurrentWidget(self.image_list)
        self.statusBar().showMessage(f"Added {len(added)} image(s)" + (f", skipped {len(problems)}" if problems else ""), 6000)
        return added

    def _add_images_dialog(self) -> None:
        self.image_list.choose_files()

    # ------------------------------------------------------------------ planning
    def replan(self) -> None:
        if self.doc is None:
            return
        p = self.doc.project
        if not len(p.images) or not p.product.bullets:
            self.statusBar().showMessage("Add images and at least one bullet to plan the video.", 6000)
            return
        self.planner.plan()

    def _on_plan_started(self) -> None:
        self.progress_label.setText("Planning…")
        self.progress_bar.setValue(0)
        for w in (self.progress_label, self.progress_bar, self.cancel_button):
            w.show()

    def _on_plan_progress(self, p: Progress) -> None:
        self.progress_label.setText(p.stage)
        if p.fraction is None:
            self.progress_bar.setRange(0, 0)
        else:
            self.progress_bar.setRange(0, 1000)
            self.progress_bar.setValue(int(p.fraction * 1000))

    def _on_planned(self) -> None:
        self._select_first()
        self.statusBar().showMessage("Scenes planned", 4000)

    def _on_plan_failed(self, message: str, details: str) -> None:
        self.show_error("Planning failed", message, details)

    def _on_plan_stopped(self) -> None:
        for w in (self.progress_label, self.progress_bar, self.cancel_button):
            w.hide()
        self.planning_finished.emit()

    @property
    def busy(self) -> bool:
        return self.planner.busy or self.thumbnails.busy or self.player.busy

    # ------------------------------------------------------------------ export
    def open_export(self) -> ExportDialog:
        doc = self.doc
        assert doc is not None
        if self.export_dialog is None or self.export_dialog._project is not doc.project:
            out = doc.project.root / f"{doc.default_file().name.removesuffix(PROJECT_SUFFIX)}.mp4"
            self.export_dialog = ExportDialog(doc.project, out, self)
        self.export_dialog.show()
        self.export_dialog.raise_()
        return self.export_dialog

    # ------------------------------------------------------------------ drops, errors, closing
    def dragEnterEvent(self, e: QDragEnterEvent) -> None:  # noqa: N802
        if e.mimeData().hasUrls() and any(u.isLocalFile() for u in e.mimeData().urls()):
            e.acceptProposedAction()

    def dragMoveEvent(self, e) -> None:  # noqa: N802
        if e.mimeData().hasUrls():
            e.acceptProposedAction()

    def dropEvent(self, e: QDropEvent) -> None:  # noqa: N802
        paths = [Path(u.toLocalFile()) for u in e.mimeData().urls() if u.isLocalFile()]
        if not paths:
            return
        e.acceptProposedAction()
        if len(paths) == 1 and paths[0].name.endswith(PROJECT_SUFFIX):
            self.open_path(paths[0])
        else:
            self.add_images(paths)

    def show_error(self, title: str, message: str, details: str = "") -> None:
        box = QMessageBox(QMessageBox.Icon.Critical if details else QMessageBox.Icon.Warning, title, message,
                          parent=self)
        if details:
            box.setDetailedText(details)
        box.open()

    def closeEvent(self, e: QCloseEvent) -> None:  # noqa: N802
        if not self._maybe_save():
            e.ignore()
            return
        self.shutdown()
        e.accept()

    def shutdown(self) -> None:
        """Stop timers and jobs; the changes were saved or discarded, so drop the recovery file."""
        self._autosave.stop()
        self._replan_soon.cancel()
        if self.doc is not None:
            self.planner.cancel()
            self.player.detach()
            discard_recovery(self.doc.project, self.doc.file)
        if self.export_dialog is not None and self.export_dialog.running:
            self.export_dialog.cancel_export()
