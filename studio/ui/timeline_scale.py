"""The state the timeline's lanes share: the zoom, where each scene sits in time and on the
strip, the playhead, and the sound to draw.

It follows the project (every undo step, every row change of the timeline model) and keeps no
copy of the scenes: the durations are recomputed from them (``SceneTimes``) whenever they may
have changed. Views connect to ``changed`` (the layout), ``playhead_moved`` and
``sound_changed``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from studio.core.model import Scene
from studio.ui.timeline_audio import MusicWave, VoiceWave, Waveforms
from studio.ui.timeline_model import TimelineModel
from studio.ui.timeline_time import (
    DEFAULT_PX_PER_S,
    SceneTimes,
    Source,
    TimeMap,
    clamp_zoom,
    time_map,
    voice_key,
)


class TimelineScale(QObject):
    changed = Signal()  # durations or zoom: the strip's layout
    playhead_moved = Signal(float, float)  # old, new (seconds)
    sound_changed = Signal()

    def __init__(self, model: TimelineModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.project = model.project
        self.times = SceneTimes(self.project)
        self.px_per_s = DEFAULT_PX_PER_S
        self.playhead = 0.0
        self.waveforms = Waveforms()
        self.map: TimeMap = time_map([], self.px_per_s)
        self.sources: list[Source] = []
        self._attached = True
        for sig in (
            model.dataChanged,
            model.rowsInserted,
            model.rowsRemoved,
            model.rowsMoved,
            model.modelReset,
            model.layoutChanged,
        ):
            sig.connect(self.update_layout)
        model.undo.changed.connect(self.update_layout)
        self.update_layout()

    def detach(self) -> None:
        if self._attached:
            self._attached = False
            self.model.undo.changed.disconnect(self.update_layout)

    # -- layout
    def update_layout(self, *_: Any) -> None:
        """Recompute the scenes' durations and positions; ``changed`` when anything moved."""
        known = self.times.durations()
        durations = [d for d, _ in known]
        sources = [s for _, s in known]
        new = time_map(durations, self.px_per_s)
        if new != self.map or sources != self.sources:
            self.map, self.sources = new, sources
            self.changed.emit()

    def set_zoom(self, px_per_s: float) -> None:
        px_per_s = clamp_zoom(px_per_s)
        if px_per_s != self.px_per_s:
            self.px_per_s = px_per_s
            self.update_layout()

    def durations(self) -> list[float]:
        return list(self.map.durations)

    def row_of(self, scene: Scene) -> int:
        return self.project.timeline.index_of(scene.id)

    # -- the preview's timing and sound
    def adopt_plan(self, scene_ids: tuple[str, ...], durations: list[float]) -> None:
        self.times.adopt_plan(scene_ids, durations)
        self.update_layout()

    def set_waveforms(self, waves: Waveforms) -> None:
        self.waveforms = waves
        for sid, wave in waves.voices.items():
            self.times.learn_voice(sid, wave.key, wave.spoken)
        self.sound_changed.emit()
        self.update_layout()

    def voice_wave(self, scene: Scene) -> VoiceWave | None:
        """The envelope of the scene's take, while the take still speaks its line."""
        wave = self.waveforms.voices.get(scene.id)
        return wave if wave is not None and wave.key == voice_key(scene, self.project) else None

    @property
    def music_wave(self) -> MusicWave | None:
        return self.waveforms.music

    # -- trimming (a drag in progress is shown, not yet an edit)
    def show_trim(self, scene_id: str, duration: float | None) -> None:
        if duration is None:
            self.times.trims.pop(scene_id, None)
        else:
            self.times.trims[scene_id] = duration
        self.update_layout()

    # -- the playhead
    def set_playhead(self, t: float) -> None:
        if t != self.playhead:
            old, self.playhead = self.playhead, t
            self.playhead_moved.emit(old, t)
