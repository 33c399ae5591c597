"""The preview player: the timeline played with its voice and music, as the export will show it.

Frames come from the export's own frame function (``FrameRenderer`` over the same RenderPlan,
at preview size) and the sound is the export's own mix (``studio.jobs.preview``). Building a
preview (voicing new lines, mixing) runs as a job on a worker; every edit marks the preview
stale and a new one is built shortly after, while the old one keeps playing.

Frames are computed on one long-lived thread of their own (``_FrameServer``): the playhead asks
for the frame it wants and the server always renders the newest request, so a slow frame drops
frames instead of queueing them and the GUI thread never renders.

The clock is the wall clock from the moment play started; the sound is started at the same
position, and restarted after a seek, so picture and sound stay within a frame of each other.
When no audio device is available the player plays silently and says so.
"""

from __future__ import annotations

import json
import threading
import time
import traceback
from typing import Any

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import qdebounced

from studio.core.edits import UndoLog
from studio.core.model import Project
from studio.core.progress import Progress
from studio.core.project_io import project_to_dict
from studio.jobs.preview import Preview, preview_job
from studio.media.playback import Playback
from studio.ui.icons import transport_icon
from studio.ui.workers import JobRunner

REBUILD_DELAY_MS = 700
TICK_MS = 15


def format_time(t: float) -> str:
    t = max(0.0, t)
    return f"{int(t // 60)}:{t % 60:04.1f}"


class _FrameServer(QObject):
    """Renders the newest requested frame on its own thread and hands it over as a QImage."""

    rendered = Signal(object, object, float)  # Preview, QImage, t
    failed = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self._cond = threading.Condition()
        self._want: tuple[Preview, float] | None = None
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="preview-frames", daemon=True)
        self._thread.start()

    def request(self, preview: Preview, t: float) -> None:
        with self._cond:
            self._want = (preview, t)
            self._cond.notify()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        from studio.render.frame import FrameRenderer

        renderer: Any = None
        shown: Preview | None = None
        while True:
            with self._cond:
                while self._want is None and not self._closed:
                    self._cond.wait()
                if self._closed:
                    return
                assert self._want is not None  # woken by a request, not by close()
                (preview, t), self._want = self._want, None
            try:
                if preview is not shown:
                    renderer, shown = FrameRenderer(preview.plan), preview
                bgr = renderer.frame_at(t)
                h, w = bgr.shape[:2]
                image = QImage(bgr.data, w, h, w * 3, QImage.Format.Format_BGR888).copy()
            except Exception as exc:
                traceback.print_exc()
                self.failed.emit(f"Cannot show this frame: {exc}")
                continue
            self.rendered.emit(preview, image, t)


class _Screen(QWidget):
    """The picture, letterboxed, with a one-line notice over it while a preview is built."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image: QImage | None = None
        self.notice = ""
        # an empty project shows a drop target and the next steps instead of a black stage
        self.guide: list[tuple[bool, str]] = []
        self.drop_hover = False
        self.aspect = 16 / 9
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(240, 140)

    def sizeHint(self) -> QSize:
        return QSize(640, 360)

    def stage(self) -> QRect:
        w, h = self.width() - 16, self.height() - 16
        sw = min(w, int(h * self.aspect))
        sh = int(sw / self.aspect)
        return QRect((self.width() - sw) // 2, (self.height() - sh) // 2, sw, sh)

    def paintEvent(self, _e: Any) -> None:
        p = QPainter(self)
        pal = self.palette()
        p.fillRect(self.rect(), pal.color(QPalette.ColorRole.Window).darker(115))
        stage = self.stage()
        if self.guide and self.image is None:
            self._paint_guide(p, stage)
            return
        p.fillRect(stage, Qt.GlobalColor.black)
        if self.image is not None:
            p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            p.drawImage(stage, self.image)
        if self.notice:
            f = p.font()
            fm = p.fontMetrics()
            box = QRect(
                stage.left() + 8,
                stage.top() + 8,
                min(stage.width() - 16, fm.horizontalAdvance(self.notice) + 20),
                fm.height() + 10,
            )
            p.fillRect(box, QColor(0, 0, 0, 170))
            p.setFont(f)
            p.setPen(Qt.GlobalColor.white)
            p.drawText(
                box,
                Qt.AlignmentFlag.AlignCenter,
                fm.elidedText(self.notice, Qt.TextElideMode.ElideRight, box.width() - 12),
            )

    def _paint_guide(self, p: QPainter, stage: QRect) -> None:
        pal = self.palette()
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setBrush(pal.color(QPalette.ColorRole.Base))
        edge = pal.color(
            QPalette.ColorRole.Highlight if self.drop_hover else QPalette.ColorRole.PlaceholderText
        )
        p.setPen(QPen(edge, 3 if self.drop_hover else 2, Qt.PenStyle.DashLine))
        p.drawRoundedRect(stage.adjusted(2, 2, -2, -2), 10, 10)
        title = QFont(self.font())
        title.setPointSizeF(title.pointSizeF() * 1.5)
        title.setBold(True)
        body = QFont(self.font())
        lines: list[tuple[QFont, QColor, str]] = [
            (title, pal.color(QPalette.ColorRole.Text), "Drop product photos here"),
            (body, pal.color(QPalette.ColorRole.Text), ""),
        ]
        for n, (done, text) in enumerate(self.guide, 1):
            mark = "✓" if done else f"{n}."
            role = QPalette.ColorRole.PlaceholderText if done else QPalette.ColorRole.Text
            lines.append((body, pal.color(role), f"{mark}  {text}"))
        heights = [QFontMetrics(f).lineSpacing() * (0.6 if not t else 1.35) for f, _c, t in lines]
        y = stage.center().y() - sum(heights) / 2
        width = stage.width() - 40
        for (font, colour, text), h in zip(lines, heights, strict=True):
            p.setFont(font)
            p.setPen(colour)
            fm = QFontMetrics(font)
            shown = fm.elidedText(text, Qt.TextElideMode.ElideRight, width)
            p.drawText(
                QRect(stage.left() + 20, int(y), width, int(h)),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter,
                shown,
            )
            y += h


def first_steps(project: Project) -> list[tuple[bool, str]]:
    """What an empty project still needs, in order, each with whether it is done."""
    return [
        (
            bool(len(project.images)),
            "Add photos: drop them here, or Add Images… (Ctrl+I)",
        ),
        (
            bool(project.product.title.strip()) and bool(project.product.bullets),
            "Write the title and one selling point per line in the Product tab",
        ),
        (False, "The studio picks a photo for each point; then Export… (Ctrl+E)"),
    ]


class Player(QWidget):
    position_changed = Signal(float)
    scene_changed = Signal(str)  # the scene under the playhead, when it changes
    playing_changed = Signal(bool)
    preview_ready = Signal()

    def __init__(
        self, project: Project, undo: UndoLog, playback: Playback, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._project = project
        self._undo = undo
        self._playback = playback
        self.preview: Preview | None = None
        self._t = 0.0
        self._shown_frame = -1
        self._scene = ""
        self._playing = False
        self._clock0 = 0.0
        self._t0 = 0.0
        self._runner: JobRunner | None = None
        self.silent_reason = ""
        self._shown_t: float | None = None
        self._pending = False
        self._attached = True
        self._built_from = ""  # the project (as saved) that the current preview shows
        self._frames = _FrameServer()
        self._frames.rendered.connect(self._on_rendered)
        self._frames.failed.connect(self._on_frame_failed)
        self._tick = QTimer(self)
        self._tick.setTimerType(Qt.TimerType.PreciseTimer)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self._on_tick)
        self._build()
        self._rebuild_soon = qdebounced(self.rebuild, timeout=REBUILD_DELAY_MS)
        undo.changed.connect(self._on_project_changed)
        project.export.events.preset.connect(self._on_project_changed)
        self._update_controls()
        if len(project.timeline.scenes):
            self._on_project_changed()
        else:
            self._show_first_steps()

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        self.screen_widget = _Screen()

        def button(icon: str, tip: str, slot: Any) -> QToolButton:
            b = QToolButton()
            b.setProperty("icon_name", icon)
            b.setToolTip(tip)
            b.setAutoRaise(True)
            b.setIconSize(QSize(20, 20))
            b.clicked.connect(lambda _c=False: slot())
            return b

        self.start_button = button("start", "Go to start (Home)", self.go_to_start)
        self.back_button = button("back", "Previous frame (,)", lambda: self.step(-1))
        self.play_button = button("play", "Play (Space)", self.toggle)
        self.forward_button = button("forward", "Next frame (.)", lambda: self.step(1))
        self.end_button = button("end", "Go to end (End)", self.go_to_end)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setToolTip("Scrub through the video")
        self.slider.setRange(0, 0)
        self.slider.sliderPressed.connect(self._on_scrub_start)
        self.slider.sliderMoved.connect(self._on_scrub)
        self.slider.sliderReleased.connect(self._on_scrub_end)
        self.slider.valueChanged.connect(self._on_slider_value)
        self.time_label = QLabel(format_time(0) + " / " + format_time(0))
        self.time_label.setMinimumWidth(
            self.time_label.fontMetrics().horizontalAdvance("00:00.0 / 00:00.0") + 8
        )
        self.time_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        # one line under the transport, its room kept while hidden: when the message appears
        # nothing moves under the mouse
        self.sound_label = QLabel()
        self.sound_label.setTextFormat(Qt.TextFormat.PlainText)
        policy = self.sound_label.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)
        self.sound_label.setSizePolicy(policy)
        self.sound_label.setFixedHeight(self.sound_label.fontMetrics().height())
        self.sound_label.hide()
        self._scrub_resume = False

        bar = QHBoxLayout()
        bar.setContentsMargins(4, 0, 4, 0)
        bar.setSpacing(2)
        for b in (
            self.start_button,
            self.back_button,
            self.play_button,
            self.forward_button,
            self.end_button,
        ):
            bar.addWidget(b)
        bar.addSpacing(6)
        bar.addWidget(self.slider, 1)
        bar.addSpacing(6)
        bar.addWidget(self.time_label)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        lay.addWidget(self.screen_widget, 1)
        lay.addLayout(bar)
        lay.addWidget(self.sound_label)

    def detach(self) -> None:
        if not self._attached:
            return
        self._attached = False
        self.pause()
        self._tick.stop()
        self._rebuild_soon.cancel()
        self._undo.changed.disconnect(self._on_project_changed)
        self._project.export.events.preset.disconnect(self._on_project_changed)
        if self._runner is not None:
            self._runner.cancel()
        self._frames.close()

    # ------------------------------------------------------------------ state
    @property
    def is_playing(self) -> bool:
        return self._playing

    @property
    def position(self) -> float:
        return self._t

    @property
    def busy(self) -> bool:
        """A preview is being built or is due, or its first frame is not on screen yet."""
        return (
            self._runner is not None
            or self._pending
            or (self.preview is not None and self._shown_t is None)
        )

    @property
    def duration(self) -> float:
        return self.preview.duration if self.preview is not None else 0.0

    @property
    def shown_time(self) -> float | None:
        """The time of the frame on screen (None before the first frame arrives)."""
        return self._shown_t

    # ------------------------------------------------------------------ building previews
    def _on_project_changed(self, *_: Any) -> None:
        self._pending = True
        self._rebuild_soon()
        if not len(self._project.timeline.scenes):
            self._show_first_steps()

    def _show_first_steps(self) -> None:
        """No scenes yet: the drop target and the steps; "Planning scenes…" only once the
        photos and the bullets are there (the window plans as soon as both are)."""
        steps = first_steps(self._project)
        self.screen_widget.guide = steps
        self.screen_widget.image = None
        ready = steps[0][0] and steps[1][0]
        self.screen_widget.notice = "Planning scenes…" if ready else ""
        self.screen_widget.update()

    def rebuild(self) -> None:
        """Build a fresh preview of the project as it is now (a running build is replaced)."""
        self._pending = False
        if not len(self._project.timeline.scenes):
            self.preview = None
            self._show_first_steps()
            self._update_controls()
            return
        self.screen_widget.guide = []
        state = json.dumps(project_to_dict(self._project), sort_keys=True)
        if state == self._built_from and (self.preview is not None or self._runner is not None):
            return  # e.g. a save: nothing the video shows has changed
        if self._runner is not None:
            self._runner.cancel()
        self._built_from = state
        runner = JobRunner(preview_job(self._project), self)
        self._runner = runner
        runner.yielded.connect(lambda p, r=runner: self._on_build_progress(r, p))
        runner.returned.connect(lambda result, r=runner: self._on_built(r, result))
        runner.errored.connect(lambda msg, _d, r=runner: self._on_build_failed(r, msg))
        runner.finished.connect(lambda r=runner: self._on_build_done(r))
        self.screen_widget.notice = "Preparing preview…"
        self.screen_widget.update()
        runner.start()

    def _on_build_progress(self, runner: JobRunner, p: Progress) -> None:
        if runner is self._runner:
            pct = f" {p.fraction:.0%}" if p.fraction is not None else ""
            self.screen_widget.notice = f"Preparing preview…{pct} {p.message or p.stage}".rstrip()
            self.screen_widget.update()

    def _on_built(self, runner: JobRunner, preview: Preview) -> None:
        if runner is not self._runner:
            return
        was_playing = self._playing
        if was_playing:
            self._playback.stop()
        self.preview = preview
        self._shown_t = None  # busy until this preview's first frame is on screen
        self.screen_widget.aspect = preview.plan.width / preview.plan.height
        self.screen_widget.notice = ""
        last = max(0, preview.plan.frame_count - 1)
        self.slider.blockSignals(True)
        self.slider.setRange(0, last)
        self.slider.blockSignals(False)
        self._t = min(self._t, last / preview.plan.fps)
        self._shown_frame = -1
        if was_playing:
            self._start_clock()
            self._start_sound()
        self._show_time()
        self._update_controls()
        self.preview_ready.emit()

    def _on_build_failed(self, runner: JobRunner, message: str) -> None:
        if runner is self._runner:
            self._built_from = ""
            self.screen_widget.notice = f"Preview unavailable: {message}"
            self.screen_widget.update()

    def _on_build_done(self, runner: JobRunner) -> None:
        if runner is self._runner:
            self._runner = None
        runner.deleteLater()

    # ------------------------------------------------------------------ transport
    def toggle(self) -> None:
        if self._playing:
            self.pause()
        else:
            self.play()

    def play(self) -> None:
        if self.preview is None or self._playing:
            return
        if self._t >= self.duration - 1 / self.preview.plan.fps:
            self._t = 0.0  # at the end: play from the start, as players do
        self._playing = True
        self._start_clock()
        self._start_sound()
        self._tick.start()
        self._update_controls()
        self.playing_changed.emit(True)
        self.scene_changed.emit(self._scene)  # followers that ignored it while paused catch up

    def pause(self) -> None:
        if not self._playing:
            return
        self._playing = False
        self._tick.stop()
        if self._playback.owner is self:
            self._playback.stop()
        self._snap_to_frame()
        self._update_controls()
        self.playing_changed.emit(False)

    def seek(self, t: float) -> None:
        if self.preview is None:
            self._t = max(0.0, t)
            return
        self._t = min(max(0.0, t), max(0.0, self.duration - 1 / self.preview.plan.fps))
        if self._playing:
            self._start_clock()
            self._start_sound()
        else:
            self._snap_to_frame()
        self._show_time()

    def step(self, frames: int) -> None:
        """Move by whole frames (pauses first, as frame stepping does in every editor)."""
        if self.preview is None:
            return
        self.pause()
        fps = self.preview.plan.fps
        self.seek((round(self._t * fps) + frames) / fps)

    def go_to_start(self) -> None:
        self.seek(0.0)

    def go_to_end(self) -> None:
        self.pause()
        self.seek(self.duration)

    def seek_scene(self, scene_id: str) -> None:
        """Show ``scene_id`` (when the user picks it in the timeline) unless playing."""
        if self.preview is None or self._playing or scene_id == self._scene:
            return
        t = self.preview.scene_start(scene_id)
        if t is not None:
            self.seek(t)

    # ------------------------------------------------------------------ clock and sound
    def _start_clock(self) -> None:
        self._clock0 = time.monotonic()
        self._t0 = self._t

    def _start_sound(self) -> None:
        assert self.preview is not None
        if self._playback.play(self.preview.audio, self.preview.sample_rate, self._t, owner=self):
            self.silent_reason = ""
            self.sound_label.hide()
        else:
            self.silent_reason = self._playback.problem
            text = f"Playing without sound: {self._playback.problem}"
            self.sound_label.setToolTip(text)
            self.sound_label.setText(
                self.sound_label.fontMetrics().elidedText(
                    text, Qt.TextElideMode.ElideRight, max(40, self.sound_label.width())
                )
            )
            self.sound_label.show()

    def _on_tick(self) -> None:
        if self.preview is None:
            return
        if not self.silent_reason and self._playback.owner is not self:
            self.pause()  # an audition took over the speakers
            return
        t = self._t0 + (time.monotonic() - self._clock0)
        if t >= self.duration:
            self._t = self.duration
            self.pause()
            self._show_time()
            return
        self._t = t
        self._show_time()

    def _snap_to_frame(self) -> None:
        if self.preview is not None:
            fps = self.preview.plan.fps
            self._t = round(self._t * fps) / fps

    def _show_time(self) -> None:
        """Ask for the frame under the playhead and move the slider and the time label."""
        if self.preview is None:
            return
        fps = self.preview.plan.fps
        frame = min(int(self._t * fps + 1e-6), self.preview.plan.frame_count - 1)
        if frame != self._shown_frame:
            self._shown_frame = frame
            self._frames.request(self.preview, frame / fps)
        if not self.slider.isSliderDown():
            self.slider.blockSignals(True)
            self.slider.setValue(frame)
            self.slider.blockSignals(False)
        self.time_label.setText(f"{format_time(self._t)} / {format_time(self.duration)}")
        scene = self.preview.scene_at(self._t)
        if scene != self._scene:
            self._scene = scene
            self.scene_changed.emit(scene)
        self.position_changed.emit(self._t)

    def _on_rendered(self, preview: Preview, image: QImage, t: float) -> None:
        if preview is self.preview:
            self.screen_widget.image = image
            self._shown_t = t
            if self.screen_widget.notice.startswith("Cannot show"):
                self.screen_widget.notice = ""  # a good frame again
            self.screen_widget.update()

    def _on_frame_failed(self, message: str) -> None:
        self.screen_widget.notice = message
        self.screen_widget.update()

    # ------------------------------------------------------------------ scrubbing
    def _on_scrub_start(self) -> None:
        self._scrub_resume = self._playing
        self.pause()

    def _on_scrub(self, value: int) -> None:
        if self.preview is not None:
            self.seek(value / self.preview.plan.fps)

    def _on_slider_value(self, value: int) -> None:
        if not self.slider.isSliderDown():  # keyboard or click on the groove
            self._on_scrub(value)

    def _on_scrub_end(self) -> None:
        if self._scrub_resume:
            self.play()

    def _update_controls(self) -> None:
        ready = self.preview is not None
        for b in (
            self.start_button,
            self.back_button,
            self.play_button,
            self.forward_button,
            self.end_button,
            self.slider,
        ):
            b.setEnabled(ready)
        self.play_button.setProperty("icon_name", "pause" if self._playing else "play")
        self.play_button.setToolTip("Pause (Space)" if self._playing else "Play (Space)")
        self._paint_icons()

    def _paint_icons(self) -> None:
        colour = self.palette().color(QPalette.ColorRole.WindowText)
        for b in (
            self.start_button,
            self.back_button,
            self.play_button,
            self.forward_button,
            self.end_button,
        ):
            b.setIcon(transport_icon(b.property("icon_name"), colour))

    def changeEvent(self, e: QEvent) -> None:
        if e.type() == QEvent.Type.PaletteChange:
            self._paint_icons()
        super().changeEvent(e)
