"""The takes of one voice line: the original reading first, then every regenerated take.
Choosing one stores it in ``Scene.take`` (what the export uses) as one undo step."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem
from superqt.utils import qdebounced

from studio.core.edits import UndoLog
from studio.core.model import Project, Scene
from studio.jobs.audition import saved_take_job, take_job
from studio.jobs.pipeline import take_says
from studio.ui.listen import Job
from studio.voice.takes import take_by_id

TYPING_PAUSE_MS = 300

ORIGINAL = ""  # the take list's key for the voice's steady reading (Scene.take None)


class TakeList(QListWidget):
    """Every take made for the selected line, the original reading first. Clicking a take (or
    Enter on it) chooses it for the export, as one undo step, and asks to hear it."""

    chosen = Signal(object)  # the job that prepares the chosen take's sound

    def __init__(self, project: Project, undo: UndoLog) -> None:
        super().__init__()
        self._project = project
        self._undo = undo
        self._scene: Scene | None = None
        self.setMinimumHeight(self.fontMetrics().lineSpacing() * 5)
        self.setMaximumHeight(self.fontMetrics().lineSpacing() * 9)
        self.setAccessibleName("Takes of this line")
        self._refresh_soon = qdebounced(self.refresh, timeout=TYPING_PAUSE_MS)
        self.itemClicked.connect(self._choose)
        self.itemActivated.connect(self._choose)

    def set_scene(self, scene: Scene | None) -> None:
        if self._scene is not None:
            for sig in (self._scene.events.take, self._scene.events.takes):
                sig.disconnect(self.refresh)
            self._scene.events.voice_line.disconnect(self._refresh_soon)
        self._refresh_soon.cancel()
        self._scene = scene
        if scene is not None:
            for sig in (scene.events.take, scene.events.takes):
                sig.connect(self.refresh)
            # while the line is typed, which takes still say it is re-checked after a pause
            # (each check reads the take from disk and normalises its text)
            scene.events.voice_line.connect(self._refresh_soon)
        self.refresh()

    def detach(self) -> None:
        self.set_scene(None)

    def refresh(self, *_: Any) -> None:
        rows = self._rows()
        keys = [row[0] for row in rows]
        if keys != [self.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.count())]:
            self.clear()  # the takes changed; otherwise update in place (a click may be in progress)
            for key in keys:
                item = QListWidgetItem()
                item.setData(Qt.ItemDataRole.UserRole, key)
                self.addItem(item)
        for i, (_key, text, usable, is_chosen) in enumerate(rows):
            item = self.item(i)
            item.setText(("✓ " if is_chosen else "    ") + text)
            flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
            item.setFlags(flags if usable else Qt.ItemFlag.NoItemFlags)
            font = item.font()
            font.setBold(is_chosen)
            item.setFont(font)
            if is_chosen:
                self.setCurrentItem(item)

    def _rows(self) -> list[tuple[str, str, bool, bool]]:
        """(key, text, usable, chosen) for each take of the scene's line."""
        s = self._scene
        if s is None:
            return []
        rows = [(ORIGINAL, "Original reading", True, s.take is None)]
        ids = [*s.takes, *([s.take] if s.take and s.take not in s.takes else [])]
        for n, take_id in enumerate(ids, start=2):
            take = take_by_id(take_id)
            if take is None:
                text, usable = f"Take {n} — unavailable (no longer in the cache)", False
            elif not take_says(take, s.voice_line):
                text, usable = f"Take {n} — earlier wording: “{take.text.strip()[:40]}”", False
            else:
                lively = (
                    f", lively {round(take.expressiveness * 100)} %" if take.expressiveness else ""
                )
                text, usable = f"Take {n} — {take.duration:.1f} s at {take.speed:g}×{lively}", True
            rows.append((take_id, text, usable, s.take == take_id))
        return rows

    def _choose(self, item: QListWidgetItem) -> None:
        key = item.data(Qt.ItemDataRole.UserRole)
        if self._scene is None or not item.flags() & Qt.ItemFlag.ItemIsEnabled:
            return
        self._undo.set_scene(self._scene.id, "take", key or None)
        self.chosen.emit(self.job_for(key))

    def job_for(self, key: str) -> Job | None:
        s = self._scene
        if s is None:
            return None
        if key:
            return saved_take_job(key)
        voice = self._project.voice
        return take_job(
            s.voice_line, voice.voice, s.voice_speed or voice.speed, 0.0, 0, s.expressiveness
        )

    def current_job(self) -> Job | None:
        """The sound of the highlighted take (what "Play Take" plays)."""
        item = self.currentItem()
        if self._scene is None or item is None or not self._scene.voice_line.strip():
            return None
        return self.job_for(item.data(Qt.ItemDataRole.UserRole))
