"""General MIDI instruments from a SoundFont, rendered offline with TinySoundFont.

The studio plays its scores through Debian's MuseScore General Lite SoundFont (MIT), found at
``SOUNDFONT_PATHS`` or at ``$STUDIO_SOUNDFONT``. Loading it decodes every sample (a few
seconds), so it is loaded once per process and kept; rendering is far faster than real time.
When the SoundFont or the ``tinysoundfont`` package is missing, ``instruments()`` returns None
after logging one warning, and the beds fall back to the built-in synthesiser.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from studio.media.audio import AUDIO_RATE

log = logging.getLogger(__name__)

SOUNDFONT_PATHS = (
    Path("/usr/share/sounds/sf3/MuseScore_General_Lite.sf3"),
    Path("/usr/share/sounds/sf3/default-GM.sf3"),
    Path("/usr/share/sounds/sf2/default-GM.sf2"),
)
DRUM_CHANNEL = 9  # General MIDI channel 10
DRUM_BANK = 128

RENDER_BLOCK = 4096  # longest stretch rendered between two events, in samples


@dataclass(frozen=True, order=True)
class NoteEvent:
    """A note on (velocity > 0) or off (velocity 0) at a sample position."""

    at: int
    channel: int
    key: int
    velocity: int  # 0..127


@dataclass(frozen=True)
class Program:
    """The instrument a channel plays: a General MIDI program, or a drum kit on the drum bank."""

    channel: int
    program: int
    drums: bool = False


def soundfont_path() -> Path | None:
    """The SoundFont the studio renders with: ``$STUDIO_SOUNDFONT`` (an empty value means
    none), else the first of ``SOUNDFONT_PATHS`` that exists."""
    chosen = os.environ.get("STUDIO_SOUNDFONT")
    if chosen is not None:
        return Path(chosen) if chosen and Path(chosen).is_file() else None
    return next((p for p in SOUNDFONT_PATHS if p.is_file()), None)


class Instruments:
    """A loaded SoundFont that renders a list of note events to stereo samples."""

    def __init__(self, path: Path, sr: int) -> None:
        import tinysoundfont

        self.path = path
        self.sr = sr
        self._synth: Any = tinysoundfont.Synth(samplerate=sr)
        self._sfid: int = self._synth.sfload(str(path), max_voices=192)
        self._lock = threading.Lock()  # one render at a time: the synth holds voice state

    def has_program(self, program: int, drums: bool = False) -> bool:
        name = self._synth.sfpreset_name(self._sfid, DRUM_BANK if drums else 0, program)
        return name is not None

    def render(
        self,
        programs: Sequence[Program],
        events: Sequence[NoteEvent],
        n: int,
        controls: Sequence[tuple[int, int, int]] = (),
    ) -> np.ndarray:
        """``n`` samples, (n, 2) float32, of ``events`` played on ``programs``. ``controls``
        are (channel, controller, value) MIDI messages sent before the first note."""
        out = np.zeros((n, 2), np.float32)
        flat = out.reshape(-1)
        with self._lock:
            synth = self._synth
            self._silence()
            for p in programs:
                synth.program_select(
                    p.channel, self._sfid, DRUM_BANK if p.drums else 0, p.program, p.drums
                )
                synth.control_change(p.channel, 121, 0)  # reset controllers
            for channel, controller, value in controls:
                synth.control_change(channel, controller, value)
            pos = 0
            pending = sorted(events)
            i = 0
            while pos < n:
                while i < len(pending) and pending[i].at <= pos:
                    e = pending[i]
                    if e.velocity > 0:
                        synth.noteon(e.channel, e.key, e.velocity)
                    else:
                        synth.noteoff(e.channel, e.key)
                    i += 1
                nxt = pending[i].at if i < len(pending) else n
                stop = min(n, max(nxt, pos + 1), pos + RENDER_BLOCK)
                view = memoryview(flat[2 * pos : 2 * stop].data).cast("B")
                synth.generate_simple(stop - pos, buffer=view)
                pos = stop
            self._silence()
        return out

    def _silence(self) -> None:
        """End every voice, letting the quick release finish, so a render starts from rest
        and the same events always give the same samples."""
        self._synth.sounds_off()
        self._synth.generate_simple(self.sr // 10)


_LOADED: dict[tuple[str, int], Instruments | None] = {}
_LOAD_LOCK = threading.Lock()
_WARNED: list[str] = []


def instruments(sr: int) -> Instruments | None:
    """The SoundFont instruments at ``sr``, loaded on first use; None (with one warning per
    process) when the SoundFont or tinysoundfont is not installed."""
    path = soundfont_path()
    key = (str(path), sr)
    with _LOAD_LOCK:
        if key in _LOADED:
            return _LOADED[key]
        loaded: Instruments | None = None
        reason = ""
        if path is None:
            reason = "no General MIDI SoundFont found (Debian: musescore-general-soundfont-small)"
        else:
            try:
                loaded = Instruments(path, sr)
            except ImportError:
                reason = "the tinysoundfont package is not installed"
            except Exception as exc:  # a damaged or unreadable SoundFont file
                reason = f"{path} could not be loaded ({exc})"
        if loaded is None and not _WARNED:
            _WARNED.append(reason)
            log.warning("Music uses the built-in synthesiser: %s", reason)
        _LOADED[key] = loaded
        return loaded


def release_instruments() -> None:
    """Unload the SoundFont: its decoded samples take about 500 MB, and a bed, once rendered,
    is served from the disk cache. The next bed loads it again (about 2 s, on a worker).
    Failed loads stay remembered, so the fallback warning is still given once."""
    with _LOAD_LOCK:
        for key in [k for k, v in _LOADED.items() if v is not None]:
            del _LOADED[key]


def engine_name() -> str:
    """What the beds are rendered with, for cache keys: the SoundFont's file name and size
    (a different SoundFont sounds different), or "synth" for the fallback."""
    path = soundfont_path()
    if path is None or _LOADED.get((str(path), AUDIO_RATE), True) is None:
        return "synth"
    try:
        import tinysoundfont  # noqa: F401
    except ImportError:
        return "synth"
    return f"sf:{path.name}:{path.stat().st_size}"
