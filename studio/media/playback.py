"""Play a buffer of audio through the default output device, or explain why it cannot.

The studio's preview and auditions go through one ``Playback``. PortAudio (via sounddevice)
is imported lazily, on first use: a machine without libportaudio2, without a sound card or
with a busy device still runs the studio; ``play`` then returns False and ``problem`` says
why in words a user can act on. Nothing here knows about Qt.

Playback pulls samples in PortAudio's callback thread from a buffer that is never changed
while it plays; ``stop`` and a new ``play`` replace the stream as a whole.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np


class Playback:
    def __init__(self, device: int | str | None = None) -> None:
        self.device = device
        self.problem = ""  # why the last play() could not start; "" when it did
        self._stream: Any = None
        self._lock = threading.Lock()
        self._buffer = np.zeros((0, 1), np.float32)
        self._pos = 0
        self._sr = 48000
        self._stop_signal: type[Exception] = Exception
        self.owner: object = None  # who started the current sound (the player, an audition)

    # -- state
    @property
    def playing(self) -> bool:
        with self._lock:
            return self._stream is not None and self._pos < len(self._buffer)

    def position(self) -> float:
        """Seconds into the buffer that have been handed to the device."""
        with self._lock:
            return self._pos / self._sr

    # -- control
    def play(self, samples: np.ndarray, sr: int, start: float = 0.0, owner: object = None) -> bool:
        """Start playing ``samples`` ((n,) or (n, channels) floats in [-1, 1]) from ``start``
        seconds. Any earlier sound stops first (its ``owner`` can see it lost the speakers).
        False (and ``problem`` set) if no device."""
        self.stop()
        buf = np.asarray(samples, dtype=np.float32)
        if buf.ndim == 1:
            buf = buf[:, None]
        try:
            import sounddevice as sd
        except OSError as exc:  # libportaudio2 missing
            self.problem = f"Sound is unavailable: the PortAudio library is missing ({exc})."
            return False
        with self._lock:
            self._buffer = np.ascontiguousarray(np.clip(buf, -1.0, 1.0))
            self._sr = int(sr)
            self._pos = min(len(self._buffer), max(0, int(round(start * sr))))
        try:
            self._stop_signal = sd.CallbackStop
            stream = sd.OutputStream(
                samplerate=sr,
                channels=buf.shape[1],
                dtype="float32",
                device=self.device,
                callback=self._fill,
            )
            stream.start()
        except Exception as exc:
            self.problem = f"No audio output device is available ({_short(exc)}); playing silently."
            return False
        with self._lock:
            self._stream = stream
        self.owner = owner
        self.problem = ""
        return True

    def stop(self) -> None:
        with self._lock:
            stream, self._stream = self._stream, None
        self.owner = None
        if stream is not None:
            try:
                stream.abort()
                stream.close()
            except Exception:
                pass

    # -- PortAudio's thread
    def _fill(self, out: np.ndarray, frames: int, _time: Any, _status: Any) -> None:
        with self._lock:
            chunk = self._buffer[self._pos : self._pos + frames]
            self._pos += len(chunk)
        out[: len(chunk)] = chunk
        out[len(chunk) :] = 0.0
        if len(chunk) < frames:
            raise self._stop_signal  # the end: PortAudio plays this block out and releases the device


def _short(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:160]
