"""The time-scaled timeline: a ruler, the scene cards and the music, scrolled and zoomed together,
with the player's playhead across them.

Zoom: Ctrl+wheel (about the mouse), ``zoom_in``/``zoom_out`` (about the playhead when it is in
view, else the middle) and ``fit`` (the whole video in the width). The ruler and the music lane
move the playhead (``Player.seek``); while the video plays the strip follows it.

Scene durations are the export's. Once a preview is built and the player is idle — so the
preview shows the project as it is — its plan's durations are taken (beats included), and the
sound of its takes and music is turned into envelopes on a worker (``waveforms_job``). Until
then durations come from the scenes themselves (see ``SceneTimes``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QScrollBar, QVBoxLayout, QWidget

from studio.core.project_io import snapshot
from studio.jobs.preview import Preview
from studio.ui.thumbnails import ThumbnailCache
from studio.ui.timeline_audio import Waveforms, waveforms_job
from studio.ui.timeline_card import CARD_H
from studio.ui.timeline_lanes import MusicLane, TimeRuler
from studio.ui.timeline_model import TimelineModel
from studio.ui.timeline_scale import TimelineScale
from studio.ui.timeline_time import ZOOM_STEP, fit_zoom, scroll_keeping
from studio.ui.timeline_view import ORIGIN, TRAILING_ROOM, TimelineView
from studio.ui.workers import JobRunner

IDLE_POLL_MS = 150  # how often to check whether the player settled on a new preview
FOLLOW_MARGIN = 0.1  # while playing, the strip scrolls when the playhead leaves the view


class TimelinePanel(QWidget):
    """``internal_error(message, details)``: drawing the sound failed with a programming
    error (the sound is then not drawn; the rest works)."""

    internal_error = Signal(str, str)

    def __init__(
        self,
        model: TimelineModel,
        thumbnails: ThumbnailCache,
        player: Any = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.scale = TimelineScale(model, self)
        self.scenes = TimelineView(model, thumbnails, scale=self.scale)
        self.scenes.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scenes.setFixedHeight(CARD_H + 2)
        self.scenes.set_origin(ORIGIN)
        scroll_x = self.scenes.scroll_x
        self.ruler = TimeRuler(self.scale, scroll_x)
        self.music = MusicLane(self.scale, scroll_x)
        self.scrollbar = QScrollBar(Qt.Orientation.Horizontal)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        for w in (self.ruler, self.scenes, self.music, self.scrollbar):
            lay.addWidget(w)

        inner = self.scenes.horizontalScrollBar()
        inner.rangeChanged.connect(self._on_range)
        inner.valueChanged.connect(self._on_scrolled)
        self.scrollbar.valueChanged.connect(inner.setValue)
        self._on_range(inner.minimum(), inner.maximum())

        for lane in (self.ruler, self.music):
            lane.zoom_requested.connect(self.zoom_by)
            lane.scroll_requested.connect(lambda dx: inner.setValue(inner.value() + dx))
        self.scenes.zoom_requested.connect(self.zoom_by)

        self.player: Any = None
        self._runner: JobRunner | None = None
        self._waiting: Preview | None = None  # a new preview, adopted once the player is idle
        self._auto_fit = True  # keep the whole video in view until the user zooms or trims
        self._refit_soon = QTimer(self)
        self._refit_soon.setSingleShot(True)
        self._refit_soon.setInterval(0)
        self._refit_soon.timeout.connect(self._refit_if_auto)
        self.scale.changed.connect(self._on_layout)
        self._idle = QTimer(self)
        self._idle.setInterval(IDLE_POLL_MS)
        self._idle.timeout.connect(self._check_idle)
        if player is not None:
            self.set_player(player)

    # -- wiring
    def set_player(self, player: Any) -> None:
        """Follow ``player`` (a ``studio.ui.player.Player``): its playhead and its previews."""
        self.player = player
        player.position_changed.connect(self._on_position)
        player.preview_ready.connect(self._on_preview)
        for lane in (self.ruler, self.music):
            lane.seek_requested.connect(self._seek)
        if player.preview is not None:
            self._on_preview()

    def detach(self) -> None:
        self._idle.stop()
        self._refit_soon.stop()
        if self._runner is not None:
            self._runner.cancel()
        if self.player is not None:
            self.player.position_changed.disconnect(self._on_position)
            self.player.preview_ready.disconnect(self._on_preview)
            self.player = None
        self.scale.detach()

    @property
    def busy(self) -> bool:
        """Waiting for the player to settle, or drawing the sound."""
        return self._waiting is not None or self._runner is not None

    # -- scrolling and zoom
    def _on_range(self, lo: int, hi: int) -> None:
        inner = self.scenes.horizontalScrollBar()
        self.scrollbar.blockSignals(True)
        self.scrollbar.setRange(lo, hi)
        self.scrollbar.setPageStep(inner.pageStep())
        self.scrollbar.setSingleStep(max(1, inner.pageStep() // 20))
        self.scrollbar.setValue(inner.value())
        self.scrollbar.blockSignals(False)
        self.scrollbar.setVisible(hi > lo)

    def _on_scrolled(self, value: int) -> None:
        self.scrollbar.blockSignals(True)
        self.scrollbar.setValue(value)
        self.scrollbar.blockSignals(False)
        self.ruler.update()
        self.music.update()

    def zoom_by(self, steps: float, anchor_x: float | None = None) -> None:
        """Zoom by ``ZOOM_STEP ** steps`` keeping the time at ``anchor_x`` (viewport pixels)
        where it is: by default the playhead when it is in view, else the middle."""
        self._auto_fit = False
        if anchor_x is None:
            anchor_x = self._default_anchor()
        self._zoom_to(self.scale.px_per_s * ZOOM_STEP**steps, anchor_x)

    def zoom_in(self) -> None:
        self.zoom_by(1)

    def zoom_out(self) -> None:
        self.zoom_by(-1)

    def fit(self) -> None:
        """The whole video in the strip's width; it stays so as scenes change until the user
        zooms or trims."""
        self._auto_fit = True
        self._refit()

    def _refit(self) -> None:
        width = self.scenes.viewport().width() - TRAILING_ROOM
        self._zoom_to(fit_zoom(self.scale.durations(), width), 0)
        self.scenes.horizontalScrollBar().setValue(0)

    def _on_layout(self) -> None:
        if self.scenes.trimming:
            self._auto_fit = False
        elif self._auto_fit and self.isVisible():
            self._refit_soon.start()

    def _refit_if_auto(self) -> None:
        if self._auto_fit and not self.scenes.trimming:
            self._refit()

    def resizeEvent(self, e: Any) -> None:
        super().resizeEvent(e)
        if self._auto_fit:
            self._refit_soon.start()

    def _default_anchor(self) -> float:
        w = self.scenes.viewport().width()
        x = self.scale.map.x_at(self.scale.playhead) - self.scenes.scroll_x()
        return x if 0 <= x <= w else w / 2

    def _zoom_to(self, px_per_s: float, anchor_x: float) -> None:
        old = self.scale.map
        scroll = self.scenes.scroll_x()
        self.scale.set_zoom(px_per_s)
        self.scenes.doItemsLayout()  # now, so the scroll range fits the new widths
        self.scenes.horizontalScrollBar().setValue(
            round(scroll_keeping(old, self.scale.map, scroll, anchor_x))
        )
        self.ruler.update()
        self.music.update()

    # -- the playhead
    def _seek(self, t: float) -> None:
        if self.player is not None:
            self.player.seek(t)
            t = self.player.position  # on the frame grid
        self.scale.set_playhead(t)

    def _on_position(self, t: float) -> None:
        self.scale.set_playhead(t)
        if self.player is not None and self.player.is_playing:
            self._follow(t)

    def _follow(self, t: float) -> None:
        """Keep the playing playhead in view, a page at a time as editors do."""
        w = self.scenes.viewport().width()
        x = self.scale.map.x_at(t) - self.scenes.scroll_x()
        if not 0 <= x <= w:
            self.scenes.horizontalScrollBar().setValue(
                round(self.scale.map.x_at(t) - w * FOLLOW_MARGIN)
            )

    # -- the preview's durations and sound
    def _on_preview(self) -> None:
        self._waiting = self.player.preview if self.player is not None else None
        self._idle.start()

    def _check_idle(self) -> None:
        player = self.player
        if player is None or self._waiting is None:
            self._idle.stop()
            return
        if player.preview is not self._waiting:
            self._waiting = player.preview
        if player.busy or self.scenes.trimming:
            return  # a newer preview is coming, or its first frame is not shown yet
        self._idle.stop()
        preview, self._waiting = self._waiting, None
        if preview is not None:
            self._adopt(preview)

    def _adopt(self, preview: Preview) -> None:
        self.scale.adopt_plan(preview.scene_ids, [sp.duration for sp in preview.plan.scenes])
        if self._runner is not None:
            self._runner.cancel()
        known = self.scale.waveforms
        job = waveforms_job(
            snapshot(self.scale.project),
            preview.duration,
            known.voices,
            known.music,
            [sp.end for sp in preview.plan.scenes],
        )
        runner = JobRunner(job, self)
        self._runner = runner
        runner.returned.connect(lambda w, r=runner: self._on_waveforms(r, w))
        runner.errored.connect(self._on_waveforms_failed)
        runner.finished.connect(lambda r=runner: self._on_runner_done(r))
        runner.start()

    def _on_waveforms(self, runner: JobRunner, waves: Waveforms) -> None:
        if runner is self._runner:
            self.scale.set_waveforms(waves)

    def _on_waveforms_failed(self, message: str, details: str) -> None:
        """A programming error is shown; one the user can cause only leaves the sound undrawn
        (the preview says what is wrong)."""
        if details:
            self.internal_error.emit(message, details)

    def _on_runner_done(self, runner: JobRunner) -> None:
        if runner is self._runner:
            self._runner = None
        runner.deleteLater()
