"""The selected scene's photo, large, with its caption: a still stand-in for a player."""
from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from studio.core.model import Project
from studio.ui.thumbnails import ThumbnailCache


class ScenePreview(QWidget):
    def __init__(self, project: Project, thumbnails: ThumbnailCache, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._project = project
        self._thumbs = thumbnails
        self._scene_id = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(240, 160)
        thumbnails.ready.connect(self._on_ready)
        project.timeline.scenes.events.connect(self._on_timeline)

    def detach(self) -> None:
        self._thumbs.ready.disconnect(self._on_ready)
        self._project.timeline.scenes.events.disconnect(self._on_timeline)

    def set_scene(self, scene_id: str) -> None:
        self._scene_id = scene_id
        self.update()

    def _on_ready(self, _path: str) -> None:
        self.update()

    def _on_timeline(self, *_: object) -> None:
        self.update()

    def paintEvent(self, _e) -> None:  # noqa: N802
        p = QPainter(self)
        pal = self.palette()
        p.fillRect(self.rect(), pal.color(QPalette.ColorRole.Window).darker(115))
        scene = None
        if self._scene_id:
            try:
                scene = self._project.timeline.find(self._scene_id)
            except KeyError:
                scene = None
        if scene is None:
            p.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
            msg = "Planning scenes…" if not len(self._project.timeline.scenes) else "Select a scene"
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, msg)
            return
        # 16:9 stage centred in the widget
        w, h = self.width() - 24, self.height() - 24
        sw = min(w, int(h * 16 / 9))
        sh = int(sw * 9 / 16)
        stage = QRect((self.width() - sw) // 2, (self.height() - sh) // 2, sw, sh)
        p.fillRect(stage, Qt.GlobalColor.black)
        pm = self._thumbs.pixmap(str(self._project.image_path(scene.image)) if scene.image else None)
        if pm is not None and not pm.isNull():
            scaled = pm.scaled(stage.size(), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
            p.drawPixmap(stage.center().x() - scaled.width() // 2, stage.center().y() - scaled.height() // 2, scaled)
        if scene.caption:
            f = p.font()
            f.setPointSizeF(max(10.0, sh / 24))
            f.setBold(True)
            p.setFont(f)
            flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
            area = QRect(stage.left() + 24, stage.top(), stage.width() - 48, stage.height() - 16)
            text_box = p.boundingRect(area, flags, scene.caption)
            text_box = QRect(area.left(), stage.bottom() - 16 - text_box.height(), area.width(), text_box.height())
            p.fillRect(text_box.adjusted(-12, -6, 12, 6), QColor(0, 0, 0, 150))
            p.setPen(Qt.GlobalColor.white)
            p.drawText(text_box, flags, scene.caption)
