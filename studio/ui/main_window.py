"""The studio window: menus, the product/image panels, the player, the scene inspector and the
timeline strip, with background work shown in the status bar.

The window owns one Document at a time; its panels are built for that document and detached
from it when another one is opened. Opening and saving live in ``window_files``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
    QPalette,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QMainWindow,
    QMenu,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import qdebounced

from studio.core.autosave import discard_recovery
from studio.core.edits import AddImages, RemoveScene, remove_images
from studio.core.progress import Progress
from studio.core.project_io import PROJECT_SUFFIX
from studio.core.storyboard import needs_review
from studio.jobs.intake import ImportResult, import_images_job
from studio.media.playback import Playback
from studio.ui.brand_panel import BrandPanel
from studio.ui.document import Document
from studio.ui.export_dialog import ExportDialog
from studio.ui.exports import Exports
from studio.ui.help_menu import build_help_menu
from studio.ui.icons import toolbar_icon
from studio.ui.image_list import ImageList
from studio.ui.inspector import SceneInspector
from studio.ui.job_status import JobStatus
from studio.ui.key_guard import KeyGuard
from studio.ui.music_panel import MusicPanel
from studio.ui.plan_notice import PlanNotice
from studio.ui.planner import Planner
from studio.ui.player import Player
from studio.ui.product_panel import ProductPanel
from studio.ui.replan_dialog import ReplanDialog
from studio.ui.theme import APPEARANCES, apply_appearance
from studio.ui.thumbnails import ThumbnailCache
from studio.ui.timeline_model import TimelineModel
from studio.ui.timeline_panel import TimelinePanel
from studio.ui.voice_panel import VoicePanel
from studio.ui.window_files import APP_NAME, FilesMixin, settings_store
from studio.ui.workers import JobRunner

AUTOSAVE_MS = 60_000  # a recovery file at least this often while there are unsaved changes...
AUTOSAVE_AFTER_EDIT_MS = (
    3_000  # ...and this long after each edit (a crash loses seconds, not a minute)
)
REPLAN_DELAY_MS = 1200
COMPACT_BELOW = 1180  # window width (px) under which the side panels share one column
COMPACT_SIDE_SHARE = 0.45  # of the window, at most, for that column


class MainWindow(FilesMixin, QMainWindow):
    document_changed = Signal()
    planning_finished = Signal()
    images_added = Signal(list)  # project-relative paths, after an add finished

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setMinimumSize(960, 640)
        screen = QGuiApplication.primaryScreen()
        room = QSize(1280, 800)
        if screen is not None and QGuiApplication.platformName() != "offscreen":
            room = screen.availableGeometry().size()  # (offscreen's 800x600 screen is a stand-in)
        self.resize(min(1280, room.width()), min(800, room.height()))  # fits a small screen
        self.doc: Document | None = None
        self.thumbnails = ThumbnailCache(parent=self)
        self.playback = Playback()
        self.export_dialog: ExportDialog | None = None
        self.image_runner: JobRunner | None = None
        self._queued_images: list[Path] = []
        self._shut_down = False
        self._key_guard = KeyGuard(self)
        _application().installEventFilter(self._key_guard)
        self._parts: list[Any] = []
        self._build_actions()
        self._build_status_bar()
        self._autosave = QTimer(self)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.autosave)
        self._autosave.start()
        self._autosave_soon = qdebounced(self.autosave, timeout=AUTOSAVE_AFTER_EDIT_MS)
        self._replan_soon = qdebounced(self.replan, timeout=REPLAN_DELAY_MS)
        self.exports = Exports(self.job_status, self.plan_notice.announce, self.show_error, self)
        self.set_document(document)

    # ------------------------------------------------------------------ building
    def _action(
        self,
        menu: QMenu,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    ) -> QAction:
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
        self.open_action = self._action(
            f, "&Open…", self.open_dialog, QKeySequence.StandardKey.Open
        )
        self.open_folder_action = self._action(f, "Open Product &Folder…", self.open_folder_dialog)
        self.recent_menu = f.addMenu("Open &Recent")
        f.addSeparator()
        self.save_action = self._action(f, "&Save", self.save, QKeySequence.StandardKey.Save)
        self.save_as_action = self._action(
            f, "Save &As…", self.save_as, QKeySequence.StandardKey.SaveAs
        )
        f.addSeparator()
        self.add_images_action = self._action(f, "Add &Images…", self._add_images_dialog, "Ctrl+I")
        self.export_action = self._action(f, "&Export…", self.open_export, "Ctrl+E")
        self.variants_action = self._action(f, "Audience &Variants…", self.open_variants)
        self.batch_action = self._action(f, "&Batch…", self.open_batch)
        f.addSeparator()
        self.quit_action = self._action(f, "&Quit", self.close, QKeySequence.StandardKey.Quit)
        e = mb.addMenu("&Edit")
        self.undo_action = self._action(e, "Undo", self._undo, QKeySequence.StandardKey.Undo)
        self.redo_action = self._action(e, "Redo", self._redo, "Ctrl+Shift+Z")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        e.addSeparator()
        self.duplicate_action = self._action(
            e, "Duplicate Scene", self.duplicate_selected_scene, "Ctrl+D"
        )
        self.delete_action = self._action(
            e, "Delete Scene", self.delete_selected_scene, QKeySequence.StandardKey.Delete
        )
        p = mb.addMenu("&Plan")
        self.replan_action = self._action(p, "Re-plan Untouched Scenes", self.replan, "Ctrl+R")
        self.replan_action.setToolTip(
            "Choose photos again for the scenes you have not changed, "
            "keeping your order, your photos and your deletions"
        )
        self.replan_all_action = self._action(
            p, "Re-plan Everything…", self.replan_everything, "Ctrl+Shift+R"
        )
        view = mb.addMenu("&View")
        appearance = view.addMenu("&Appearance")
        group = QActionGroup(self)
        chosen = str(settings_store().value("appearance", "system"))
        self.appearance_actions: dict[str, QAction] = {}
        for key in APPEARANCES:
            a = appearance.addAction(
                {"system": "Follow the System", "light": "Light", "dark": "Dark"}[key]
            )
            a.setCheckable(True)
            a.setChecked(key == chosen)
            group.addAction(a)
            a.triggered.connect(lambda _c=False, key=key: self.set_appearance(key))
            self.appearance_actions[key] = a
        view.addSeparator()
        self.zoom_in_action = self._action(
            view, "Zoom &In Timeline", lambda: self.timeline_panel.zoom_in(), "Ctrl+="
        )
        self.zoom_in_action.setShortcuts([QKeySequence("Ctrl+="), QKeySequence("Ctrl++")])
        self.zoom_out_action = self._action(
            view, "Zoom &Out Timeline", lambda: self.timeline_panel.zoom_out(), "Ctrl+-"
        )
        self.fit_timeline_action = self._action(
            view, "&Fit Timeline to Width", lambda: self.timeline_panel.fit(), "Ctrl+0"
        )
        v = mb.addMenu("Pla&yback")
        self.play_action = self._action(v, "Play / Pause", lambda: self.player.toggle(), "Space")
        self.prev_frame_action = self._action(
            v, "Previous Frame", lambda: self.player.step(-1), ","
        )
        self.next_frame_action = self._action(v, "Next Frame", lambda: self.player.step(1), ".")
        self.start_action = self._action(
            v, "Go to Start", lambda: self.player.go_to_start(), "Home"
        )
        self.end_action = self._action(v, "Go to End", lambda: self.player.go_to_end(), "End")
        self.help_menu = build_help_menu(self, self._open_demo)
        self.replan_action.setIconText("Re-plan")
        self.replan_dialog: ReplanDialog | None = None
        self.export_action.setIconText("Export…")
        self.add_images_action.setIconText("Add Images…")
        self._fill_recent()
        tb = self.addToolBar("Main")
        tb.setObjectName("main-toolbar")
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        tb.setIconSize(QSize(18, 18))
        self.toolbar = tb
        self._toolbar_icons = {
            self.open_action: "open",
            self.save_action: "save",
            self.undo_action: "undo",
            self.redo_action: "redo",
            self.add_images_action: "add_images",
            self.replan_action: "replan",
            self.export_action: "export",
        }
        # the toolbar says "Undo"/"Redo" whatever the step (the menu and the tooltip name it),
        # so the buttons after them never move
        self.undo_action.setIconText("Undo")
        self.redo_action.setIconText("Redo")
        self._paint_toolbar_icons()
        for button in (
            self.open_action,
            self.save_action,
            None,
            self.undo_action,
            self.redo_action,
            None,
            self.add_images_action,
            self.replan_action,
            self.export_action,
        ):
            if button is None:
                tb.addSeparator()
            else:
                tb.addAction(button)

    def _paint_toolbar_icons(self) -> None:
        colour = self.palette().color(QPalette.ColorRole.ButtonText)
        for action, name in self._toolbar_icons.items():
            action.setIcon(toolbar_icon(name, colour))

    def changeEvent(self, e: QEvent) -> None:
        super().changeEvent(e)
        if e.type() == QEvent.Type.PaletteChange and hasattr(self, "_toolbar_icons"):
            self._paint_toolbar_icons()

    def set_appearance(self, key: str) -> None:
        settings_store().setValue("appearance", key)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_appearance(app, key)
        self.appearance_actions[key].setChecked(True)

    def _build_status_bar(self) -> None:
        self.plan_notice = PlanNotice(self._undo)
        self.statusBar().addWidget(self.plan_notice)
        self.job_status = JobStatus()
        self.cancel_button = self.job_status.cancel_button
        self.statusBar().addPermanentWidget(self.job_status)
        esc = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        esc.activated.connect(self.job_status.escape)

    def _build_panels(self, doc: Document) -> None:
        project, undo = doc.project, doc.undo
        self.timeline_model = TimelineModel(project, undo, self)
        self.inspector = SceneInspector(project, undo, self.thumbnails)
        self.product_panel = ProductPanel(project, undo)
        self.image_list = ImageList(project, self.thumbnails)
        self.player = Player(project, undo, self.playback)
        self.timeline_panel = TimelinePanel(self.timeline_model, self.thumbnails, self.player)
        self.timeline = self.timeline_panel.scenes
        self.voice_panel = VoicePanel(project, undo, self.playback)
        self.music_panel = MusicPanel(project, undo, self.playback)
        self.brand_panel = BrandPanel(project, undo)
        self.planner = Planner(project, undo, self)

        tabs = QTabWidget()
        scene_tabs = QTabWidget()
        for tab_widget in (tabs, scene_tabs):
            tab_widget.setUsesScrollButtons(True)  # never clipped; whole names, not "Sce…"
            tab_widget.setElideMode(Qt.TextElideMode.ElideNone)
            tab_widget.setDocumentMode(True)
        self.side_tabs = tabs
        self.scene_tabs = scene_tabs
        # (page, title, home) in the order the compact layout shows them
        self._pages = [
            (_scrolling(self.inspector), "Scene", scene_tabs),
            (_scrolling(self.voice_panel), "Voice", scene_tabs),
            (self.product_panel, "Product", tabs),
            (self.image_list, "Images", tabs),
            (_scrolling(self.music_panel), "Music", tabs),
            (_scrolling(self.brand_panel), "Look", tabs),
        ]
        self.voice_page = self._pages[1][0]
        for page, title, home in self._pages:
            home.addTab(page, title)
        self._compact = False

        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(tabs)
        top.addWidget(self.player)
        top.addWidget(scene_tabs)
        top.setStretchFactor(0, 0)
        top.setStretchFactor(1, 1)
        top.setStretchFactor(2, 0)
        top.setSizes([330, 560, 360])
        top.setChildrenCollapsible(False)
        self.splitter = top
        central = QWidget()
        lay = QVBoxLayout(central)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(top, 1)
        lay.addWidget(self.timeline_panel, 0)
        self.setCentralWidget(central)
        self.set_compact(self.width() < COMPACT_BELOW)

        self.timeline.scene_selected.connect(self._on_scene_selected)
        self.player.scene_changed.connect(self._on_playhead_scene)
        self.timeline_model.modelReset.connect(self._after_timeline_reset)
        self.timeline_model.rowsInserted.connect(self._on_scene_inserted)
        self.product_panel.edited.connect(self._replan_soon)
        self.image_list.add_requested.connect(self.add_images)
        self.image_list.remove_requested.connect(self.remove_images)
        self.image_list.enhance_chosen.connect(
            lambda rel, choice: undo.set_image(
                rel,
                "enhance",
                choice,
                "Enhance Photo" if choice == "always" else "Keep Photo As Shot",
            )
        )
        self.timeline.photo_files_dropped.connect(
            lambda paths, scene_id: self.add_images(paths, for_scene=scene_id)
        )
        self.timeline.message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.voice_panel.internal_error.connect(self.show_error_details)
        self.music_panel.internal_error.connect(self.show_error_details)
        self.timeline_panel.internal_error.connect(self.show_error_details)
        self.inspector.choose_voice_requested.connect(self.show_voice_choice)
        self.inspector.add_voice_requested.connect(self.voice_panel.choose_voice_file)
        self.voice_panel.voice_added.connect(lambda _id: self.inspector.refresh_voices())
        self.planner.started.connect(self._on_plan_started)
        self.planner.progress.connect(self._on_plan_progress)
        self.planner.planned.connect(self._on_planned)
        self.planner.preview.connect(self._on_replan_preview)
        self.planner.failed.connect(self._on_plan_failed)
        self.planner.stopped.connect(self._on_plan_stopped)
        self._parts = [
            self.timeline_panel,
            self.timeline_model,
            self.inspector,
            self.product_panel,
            self.image_list,
            self.player,
            self.planner,
            self.voice_panel,
            self.music_panel,
            self.brand_panel,
        ]

    # ------------------------------------------------------------------ documents
    def set_document(self, doc: Document) -> None:
        self._queued_images = []
        if self.image_runner is not None:
            self.image_runner.cancel()  # its copies are taken back; they belong to the old product
        if self.doc is not None:
            self.doc.undo.changed.disconnect(self._on_undo_changed)
            for part in self._parts:
                part.detach()
            self.timeline_model.deleteLater()
            self.planner.deleteLater()
        self.doc = doc
        if doc.file is None and not doc.restored:
            _apply_remembered_export(doc)
        self._build_panels(doc)
        doc.undo.changed.connect(self._on_undo_changed)
        self.plan_notice.clear_changes()
        self._on_undo_changed()
        if doc.warnings:
            self.image_list.show_message("\n".join(doc.warnings))
        if doc.file is not None:
            self._remember(doc.file)
        self.document_changed.emit()
        if (
            not len(doc.project.timeline.scenes)
            and len(doc.project.images)
            and doc.project.product.bullets
        ):
            self.planner.plan()
        else:
            self._select_first()

    # ------------------------------------------------------------------ editing
    def _undo(self) -> None:
        if self.doc is not None:
            self.doc.undo.undo()

    def _redo(self) -> None:
        if self.doc is not None:
            self.doc.undo.redo()

    def _on_undo_changed(self) -> None:
        doc = self.doc
        if doc is None:
            return
        u = doc.undo
        self.undo_action.setEnabled(u.can_undo)
        self.undo_action.setText(f"Undo {u.undo_label}" if u.can_undo else "Undo")
        self.undo_action.setIconText("Undo")
        self.undo_action.setToolTip(
            f"Undo {u.undo_label} (Ctrl+Z)" if u.can_undo else "Nothing to undo"
        )
        self.redo_action.setEnabled(u.can_redo)
        self.redo_action.setText(f"Redo {u.redo_label}" if u.can_redo else "Redo")
        self.redo_action.setIconText("Redo")
        self.redo_action.setToolTip(
            f"Redo {u.redo_label} (Ctrl+Shift+Z)" if u.can_redo else "Nothing to redo"
        )
        self.setWindowTitle(f"{doc.title}[*] — {APP_NAME}")
        self.setWindowModified(doc.is_dirty)
        if doc.is_dirty:
            self._autosave_soon()
        self.plan_notice.set_review_count(sum(needs_review(s) for s in doc.project.timeline.scenes))

    def _on_scene_selected(self, scene_id: str) -> None:
        self.inspector.set_scene(scene_id)
        self.voice_panel.set_scene(scene_id or None)
        self.player.seek_scene(scene_id)
        self.delete_action.setEnabled(bool(scene_id))
        self.duplicate_action.setEnabled(
            bool(scene_id) and self.timeline_model.can_duplicate(scene_id)
        )

    def show_voice_choice(self) -> None:
        """The Voice tab, with the project's voice picker in view and focused."""
        self.show_page(self.voice_page)
        self.voice_panel.voice.setFocus()

    def show_page(self, page: QWidget) -> None:
        """Bring a side panel's tab to the front, wherever the layout put it."""
        for tab_widget in (self.side_tabs, self.scene_tabs):
            if tab_widget.indexOf(page) >= 0:
                tab_widget.setCurrentWidget(page)

    @property
    def compact(self) -> bool:
        return self._compact

    def set_compact(self, compact: bool) -> None:
        """Narrow windows keep one side panel (Scene, Voice, Product, Images, Music as tabs) so
        the preview keeps most of the width; wide ones show the product panels on the left."""
        if compact == self._compact or not hasattr(self, "_pages"):
            return
        self._compact = compact
        shown = [t.currentWidget() for t in (self.scene_tabs, self.side_tabs) if t.isVisible()]
        for tab_widget in (self.side_tabs, self.scene_tabs):
            while tab_widget.count():
                tab_widget.removeTab(0)
        for page, title, home in self._pages:
            (self.scene_tabs if compact else home).addTab(page, title)
        self.side_tabs.setVisible(not compact)
        for page in shown:
            self.show_page(page)
        total = sum(self.splitter.sizes())
        side = min(360, max(340, total // 3))
        self._fit_tabs()
        self.splitter.setSizes(
            [0, total - side, side] if compact else [330, max(200, total - 330 - side), side]
        )

    def resizeEvent(self, e: QResizeEvent) -> None:
        super().resizeEvent(e)
        self.set_compact(self.width() < COMPACT_BELOW)
        self._fit_tabs()

    def _fit_tabs(self) -> None:
        """In the compact layout, the one side column is wide enough for every tab's whole
        name, so none hides behind a scroll arrow (up to a share of the window: the preview
        keeps the most)."""
        if not hasattr(self, "_pages"):
            return
        need = self.scene_tabs.tabBar().sizeHint().width() + 12 if self._compact else 0
        self.scene_tabs.setMinimumWidth(min(need, int(self.width() * COMPACT_SIDE_SHARE)))

    def _on_playhead_scene(self, scene_id: str) -> None:
        """While playing, the timeline and inspector follow the scene on screen."""
        if self.player.is_playing and scene_id and scene_id != self.timeline.selected_scene_id():
            self.timeline.select_scene(scene_id)

    def _select_first(self) -> None:
        if self.doc is None:
            return
        scenes = self.doc.project.timeline.scenes
        if len(scenes) and not self.timeline.selected_scene_id():
            self.timeline.select_scene(scenes[0].id)

    def _on_scene_inserted(self, _parent: Any, first: int, last: int) -> None:
        """A scene that comes back by Undo (a delete undone) or Redo is the one selected."""
        if self.doc is not None and self.doc.undo.replaying and first == last:
            sid = self.timeline_model.scene_at(first).id
            QTimer.singleShot(0, lambda: self._select_if_present(sid))

    def _select_if_present(self, scene_id: str) -> None:
        if self.doc is not None and any(s.id == scene_id for s in self.doc.project.timeline.scenes):
            self.timeline.select_scene(scene_id)

    def _after_timeline_reset(self) -> None:
        sid = self.inspector.scene.id if self.inspector.scene is not None else ""
        if sid:
            self.timeline.select_scene(sid)

    def duplicate_selected_scene(self) -> None:
        sid = self.timeline.selected_scene_id()
        if sid and self.doc is not None and self.timeline_model.can_duplicate(sid):
            self.timeline.select_scene(self.timeline_model.duplicate_scene(sid))

    def delete_selected_scene(self) -> None:
        sid = self.timeline.selected_scene_id()
        if sid and self.doc is not None:
            self.doc.undo.push(RemoveScene(sid))

    def add_images(self, paths: list[Path], for_scene: str | None = None) -> JobRunner | None:
        """Add photos (files or folders) on a worker: files from elsewhere are copied into the
        product folder; unusable ones are skipped with an inline message. ``for_scene``: the
        first photo added becomes that scene's image (a photo dropped on a timeline card)."""
        doc = self.doc
        if doc is None or not paths:
            return None
        if self.image_runner is not None:  # one import at a time: the next one sees what came in
            self._queued_images.extend(Path(p) for p in paths)
            return None
        project = doc.project
        doc.name_folder_after_title()
        runner = JobRunner(
            import_images_job(
                project.root, [a.path for a in project.images], [Path(p) for p in paths]
            ),
            self,
        )
        runner.returned.connect(lambda result: self._on_images_imported(project, result, for_scene))
        runner.errored.connect(
            lambda message, details: self.show_error("Cannot add images", message, details)
        )
        runner.finished.connect(lambda: self._on_import_done(runner))
        self.job_status.track("images", "Adding images…", runner)
        self.image_runner = runner
        runner.start()
        return runner

    def remove_images(self, paths: list[str]) -> None:
        """Take photos out of the product as one undoable step; the scenes that showed them
        get the best photo left at the re-plan. The files stay in the product folder."""
        if self.doc is None:
            return
        edit = remove_images(self.doc.project, list(paths))
        if edit is None:
            return
        before = len(self.doc.project.images)
        self.doc.undo.push(edit)
        self._replan_soon()
        n = before - len(self.doc.project.images)
        self.statusBar().showMessage(
            f"Removed {n} photo{'s' if n != 1 else ''} from the product (the files stay in "
            "its folder). Undo: Ctrl+Z",
            8000,
        )

    def _on_import_done(self, runner: JobRunner) -> None:
        runner.deleteLater()
        if self.image_runner is runner:
            self.image_runner = None
        queued, self._queued_images = self._queued_images, []
        if queued:
            self.add_images(queued)

    def _on_images_imported(
        self, project, result: ImportResult, for_scene: str | None = None
    ) -> None:
        if self.doc is None or self.doc.project is not project:
            return  # another project was opened meanwhile
        known = {a.path for a in project.images}
        added = [p for p in result.added if p not in known]
        if added:
            self.doc.undo.push(AddImages(added))
            self._replan_soon()
        if for_scene and result.added:
            # a seller's photo for that scene: an edit of the scene, which re-plans keep
            self.timeline_model.set_scene_image(for_scene, result.added[0])
        self.image_list.show_message("\n".join(f"Skipped {p}" for p in result.problems))
        if result.problems:
            self.show_page(self.image_list)
        self.statusBar().showMessage(
            f"Added {len(added)} image(s)"
            + (f", skipped {len(result.problems)}" if result.problems else ""),
            6000,
        )
        self.images_added.emit(added)

    def _open_demo(self) -> None:
        from studio.media.locations import resource

        self.open_path(resource("demo"))

    def _add_images_dialog(self) -> None:
        self.image_list.choose_files()

    # ------------------------------------------------------------------ planning
    def replan(self) -> None:
        if self.doc is None:
            return
        p = self.doc.project
        if not len(p.images) or not p.product.bullets:
            self.statusBar().showMessage(
                "Add images and at least one bullet to plan the video.", 6000
            )
            return
        self.planner.plan()

    def _on_plan_started(self) -> None:
        self.job_status.begin("plan", "Planning…", self.planner.cancel)

    def _on_plan_progress(self, p: Progress) -> None:
        self.job_status.update_job("plan", p)

    def replan_everything(self) -> None:
        """Plan every scene that is not locked again; its changes are shown before they apply."""
        if self.doc is None:
            return
        p = self.doc.project
        if not len(p.images) or not p.product.bullets:
            self.statusBar().showMessage(
                "Add images and at least one bullet to plan the video.", 6000
            )
            return
        self.planner.plan(everything=True)

    def _on_replan_preview(self, changes: list) -> None:
        dialog = ReplanDialog(changes, self)
        self.replan_dialog = dialog

        def done(result: int) -> None:
            if result == QDialog.DialogCode.Accepted:
                if not self.planner.apply_preview():
                    self.statusBar().showMessage(
                        "The project changed meanwhile: planning again…", 6000
                    )
            else:
                self.planner.discard_preview()

        dialog.finished.connect(done)
        dialog.open()

    def _on_planned(self, changes: list) -> None:
        self._select_first()
        if changes and self.doc is not None and self.doc.undo.can_undo:
            self.plan_notice.show_changes(changes, self.doc.undo.undo_label or "Re-planned")
        else:
            self.statusBar().showMessage("Scenes planned", 4000)
        self._on_undo_changed()

    def _on_plan_failed(self, message: str, details: str) -> None:
        self.show_error("Planning failed", message, details)

    def _on_plan_stopped(self) -> None:
        self.job_status.end("plan")
        self.planning_finished.emit()

    @property
    def busy(self) -> bool:
        return (
            self.planner.busy
            or self.image_runner is not None
            or self.thumbnails.busy
            or self.player.busy
            or self.music_panel.busy
            or self.voice_panel.regenerating
            or self.timeline_panel.busy
        )

    # ------------------------------------------------------------------ export
    def open_export(self) -> ExportDialog:
        doc = self.doc
        assert doc is not None
        if self.export_dialog is None or self.export_dialog._project is not doc.project:
            if self.export_dialog is not None:
                self.export_dialog.detach()
                self.export_dialog.deleteLater()
            remembered = settings_store().value("export/folder", "")
            folder = Path(str(remembered)) if remembered else None
            self.export_dialog = ExportDialog(doc.project, doc.undo, self.exports, folder, self)
        self.export_dialog.show()
        self.export_dialog.raise_()
        return self.export_dialog

    def open_variants(self) -> QWidget:
        """The Audience Variants dialog for the open product (a new one per product)."""
        from studio.ui.variants_dialog import VariantsDialog

        doc = self.doc
        assert doc is not None
        dialog = self.findChild(VariantsDialog)
        if dialog is not None and dialog._project is not doc.project:
            dialog.forget_edits()
            dialog.setParent(None)
            dialog.deleteLater()
            dialog = None
        if dialog is None:
            remembered = settings_store().value("export/folder", "")
            folder = Path(str(remembered)) if remembered else None
            dialog = VariantsDialog(doc.project, self.exports, folder, self, edits=doc.undo)
        dialog.show()
        dialog.raise_()
        return dialog

    def open_batch(self) -> QWidget:
        """The Batch window (a whole catalogue), one per studio window."""
        from studio.ui.batch_window import BatchWindow

        window = self.findChild(BatchWindow)
        if window is None:
            window = BatchWindow(self)
        window.show()
        window.raise_()
        return window

    # ------------------------------------------------------------------ drops, errors, closing
    def dragEnterEvent(self, e: QDragEnterEvent) -> None:
        if e.mimeData().hasUrls() and any(u.isLocalFile() for u in e.mimeData().urls()):
            e.acceptProposedAction()
            self._show_drop_target(True)

    def dragLeaveEvent(self, e: QDragLeaveEvent) -> None:
        self._show_drop_target(False)

    def _show_drop_target(self, on: bool) -> None:
        """An empty project's drop target lights up while files are dragged over the window."""
        screen = self.player.screen_widget
        if screen.drop_hover != on:
            screen.drop_hover = on
            screen.update()

    def dragMoveEvent(self, e) -> None:
        if e.mimeData().hasUrls():
            e.acceptProposedAction()

    def dropEvent(self, e: QDropEvent) -> None:
        self._show_drop_target(False)
        paths = [Path(u.toLocalFile()) for u in e.mimeData().urls() if u.isLocalFile()]
        if not paths:
            return
        e.acceptProposedAction()
        if len(paths) == 1 and paths[0].name.endswith(PROJECT_SUFFIX):
            self.open_path(paths[0])
        else:
            self.add_images(paths)

    def show_error_details(self, message: str, details: str) -> None:
        self.show_error("Something went wrong", message, details)

    def report_unexpected(self, summary: str, details: str, log: Path | None) -> None:
        """A fault nobody caught (studio.ui.error_hook): keep the work, then say so in the
        notice bar, with the details a click away (a dialog per fault would pile up)."""
        if self._shut_down:
            return  # closed: the work was saved or discarded; no recovery file now
        try:
            saved = self.autosave()
        except Exception:  # the fault may be in what an autosave writes: say it anyway
            saved = None
        kept = " Your changes are autosaved." if saved is not None else ""
        where = f"\n\nThe details are also in {log}." if log is not None else ""

        def show() -> None:
            self.show_error(
                "Something went wrong",
                f"The studio hit an error it did not expect: {summary}.{where}",
                details,
            )

        self.plan_notice.announce(f"Something went wrong: {summary}.{kept}", "Details…", show)

    def show_error(self, title: str, message: str, details: str = "") -> None:
        box = QMessageBox(
            QMessageBox.Icon.Critical if details else QMessageBox.Icon.Warning,
            title,
            message,
            parent=self,
        )
        if details:
            box.setDetailedText(details)
        box.open()

    def closeEvent(self, e: QCloseEvent) -> None:
        if not self._confirm_quit_during_export() or not self._maybe_save():
            e.ignore()
            return
        self.shutdown()
        e.accept()

    def _confirm_quit_during_export(self) -> bool:
        """Quitting while an export runs asks first: quitting cancels it."""
        running = self.exports.running
        if not running:
            return True
        names = ", ".join(p.name for p in running)
        return self.ask_quit_during_export(names) == QMessageBox.StandardButton.Yes

    def ask_quit_during_export(self, names: str) -> QMessageBox.StandardButton:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Export Running",
            f"{names} is still being exported. Quit and cancel the export (nothing is written)?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.button(QMessageBox.StandardButton.Yes).setText("Cancel Export and Quit")
        box.button(QMessageBox.StandardButton.No).setText("Keep Working")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return QMessageBox.StandardButton(box.exec())

    def terminate(self) -> None:
        """The system asks the studio to stop (SIGTERM, logout): keep unsaved changes as a
        recovery file the next start offers, stop every job (their temporary files go), quit."""
        self.autosave()
        self.shutdown(keep_recovery=True)
        _application().quit()

    def shutdown(self, keep_recovery: bool = False) -> None:
        """Stop timers and jobs and let go of the project; the changes were saved or discarded,
        so drop the recovery file (unless ``keep_recovery``). Late results of background work
        are then ignored."""
        self._autosave.stop()
        self._autosave_soon.cancel()
        self._replan_soon.cancel()
        self._queued_images = []
        if self.image_runner is not None:
            self.image_runner.cancel()
        if self.doc is not None and not self._shut_down:
            for part in self._parts:
                part.detach()
            if not keep_recovery:
                discard_recovery(self.doc.project, self.doc.file)
        self._shut_down = True
        _application().removeEventFilter(self._key_guard)
        self.playback.stop()
        self.exports.cancel_all()


def _apply_remembered_export(doc: Document) -> None:
    """A product opened from its folder (no project file yet) starts with the format and size
    of the last export, not the built-in defaults; it is not an edit."""
    from studio.core.model import PRESETS, ExportSettings, limits

    store = settings_store()
    e = doc.project.export
    if (e.preset, e.height) != (ExportSettings().preset, ExportSettings().height):
        return
    preset = str(store.value("export/preset", e.preset))
    lo, hi = limits(ExportSettings, "height")
    stored = store.value("export/height", e.height)
    try:
        height = int(stored) if isinstance(stored, str | int | float) else e.height
    except ValueError:
        height = e.height
    if preset in PRESETS:
        e.preset = preset  # type: ignore[assignment]
    if lo <= height <= hi:
        e.height = height


def _application() -> QCoreApplication:
    """The running application: a window exists only while there is one."""
    app = QApplication.instance()
    assert app is not None
    return app


def _scrolling(panel: QWidget) -> QScrollArea:
    """A side panel that scrolls instead of squeezing its rows on a short screen."""
    area = QScrollArea()
    area.setWidget(panel)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area
