"""Instrument voices for the generated beds, all vectorised numpy.

Everything renders into a *circular* buffer (one loop of the arrangement): a note or a reverb
tail running past the end wraps to the start, so tiled loops join without a seam.
"""

from __future__ import annotations

import functools

import numpy as np

TABLE = 4096


def midi_hz(note: float) -> float:
    result: float = 440.0 * 2.0 ** ((note - 69.0) / 12.0)
    return result


@functools.cache
def _pad_table() -> np.ndarray:
    """One cycle of a soft, warm waveform: a saw with its upper harmonics rolled off."""
    ph = np.arange(TABLE) / TABLE
    k = np.arange(1, 17)
    amp = 1.0 / k**1.6
    result: np.ndarray = np.sin(2 * np.pi * np.outer(ph, k)) @ amp / amp.sum()
    return result


def place(buf: np.ndarray, sound: np.ndarray, pos: int) -> None:
    """Add ``sound`` into ``buf`` at ``pos`` (along axis 0), wrapping around the end."""
    n = buf.shape[0]
    pos %= n
    while sound.shape[0]:
        take = min(sound.shape[0], n - pos)
        buf[pos : pos + take] += sound[:take]
        sound = sound[take:]
        pos = 0


def envelope(n: int, sr: int, attack: float, release: float, hold: int | None = None) -> np.ndarray:
    """Linear-in-dB-ish attack/sustain/release: raised-cosine ramps, sustain 1."""
    a = max(1, int(attack * sr))
    r = max(1, int(release * sr))
    hold = n - a - r if hold is None else hold
    env = np.ones(a + max(hold, 0) + r, np.float32)
    env[:a] = 0.5 - 0.5 * np.cos(np.linspace(0, np.pi, a))
    env[-r:] = 0.5 + 0.5 * np.cos(np.linspace(0, np.pi, r))
    return env


def pad_note(
    freq: float,
    seconds: float,
    sr: int,
    detune_cents: float,
    attack: float,
    release: float,
    phase: float,
) -> np.ndarray:
    """A held pad note, two slightly detuned oscillators per side for a slow chorus; (n, 2)."""
    table = _pad_table()
    env = envelope(0, sr, attack, release, hold=int(seconds * sr))
    t = np.arange(env.size) / sr
    out = np.empty((env.size, 2), np.float32)
    for ch, sign in enumerate((-1.0, 1.0)):
        acc = np.zeros(env.size)
        for d in (detune_cents * sign, -0.35 * detune_cents * sign):
            f = freq * 2 ** (d / 1200)
            idx = ((phase + f * t) * TABLE).astype(np.int64) % TABLE
            acc += table[idx]
        out[:, ch] = acc * 0.5 * env
    return out


def bass_note(freq: float, seconds: float, sr: int, decay: float = 2.5) -> np.ndarray:
    """A round bass: sine plus a little second/third harmonic, softly saturated; mono."""
    n = max(int(seconds * sr), 1)
    t = np.arange(n) / sr
    w = 2 * np.pi * freq * t
    x = np.sin(w) + 0.25 * np.sin(2 * w) + 0.08 * np.sin(3 * w)
    env = np.exp(-t * decay) * envelope(n, sr, 0.004, min(0.04, seconds / 3))
    result: np.ndarray = (np.tanh(1.4 * x * env) / np.tanh(1.4)).astype(np.float32)
    return result


def pluck_note(freq: float, sr: int, length: float = 0.9, brightness: float = 1.0) -> np.ndarray:
    """A soft mallet/pluck: harmonics that die away faster the higher they are; mono."""
    n = int(length * sr)
    t = np.arange(n) / sr
    x = np.zeros(n)
    for k, a in ((1, 1.0), (2, 0.45 * brightness), (3, 0.2 * brightness), (4, 0.1 * brightness)):
        x += a * np.sin(2 * np.pi * freq * k * t) * np.exp(-t * (3.0 + 5.0 * k))
    x *= envelope(n, sr, 0.002, 0.05)
    return (x / 1.6).astype(np.float32)


def kick(sr: int, rng: np.random.Generator) -> np.ndarray:
    n = int(0.35 * sr)
    t = np.arange(n) / sr
    phase = 2 * np.pi * (48 * t + (80 / 28) * (1 - np.exp(-28 * t)))  # 128 Hz -> 48 Hz sweep
    body = np.sin(phase) * np.exp(-t * 9)
    click = rng.standard_normal(n) * np.exp(-t * 900) * 0.15
    result: np.ndarray = ((body + click) * envelope(n, sr, 0.001, 0.03)).astype(np.float32)
    return result


def _band_noise(n: int, sr: int, lo: float, hi: float, rng: np.random.Generator) -> np.ndarray:
    from scipy.signal import butter, sosfilt

    sos = butter(2, [lo, min(hi, 0.45 * sr)], btype="bandpass", fs=sr, output="sos")
    result: np.ndarray = sosfilt(sos, rng.standard_normal(n))
    return result


def clap(sr: int, rng: np.random.Generator) -> np.ndarray:
    """A light clap: band-passed noise in three bursts a few milliseconds apart (a few hands)."""
    n = int(0.25 * sr)
    t = np.arange(n) / sr
    env = np.zeros(n)
    for off, amp in ((0.0, 1.0), (0.008, 0.7), (0.017, 0.6)):
        dt = t - off
        env += np.where(dt >= 0, amp * np.exp(-np.maximum(dt, 0) * 22), 0.0)
    x = _band_noise(n, sr, 900, 5000, rng) * env
    result: np.ndarray = (x / np.max(np.abs(x))).astype(np.float32)
    return result


def hat(sr: int, rng: np.random.Generator, decay: float = 60.0) -> np.ndarray:
    n = int(0.12 * sr)
    t = np.arange(n) / sr
    x = _band_noise(n, sr, 6500, 16000, rng) * np.exp(-t * decay)
    result: np.ndarray = (x / np.max(np.abs(x))).astype(np.float32)
    return result


def shaker(sr: int, rng: np.random.Generator) -> np.ndarray:
    n = int(0.14 * sr)
    t = np.arange(n) / sr
    env = (1 - np.exp(-t * 120)) * np.exp(-t * 35)
    x = _band_noise(n, sr, 4000, 11000, rng) * env
    result: np.ndarray = (x / np.max(np.abs(x))).astype(np.float32)
    return result


REVERB_CHUNK_SECONDS = 10.0


def _hall_ir(
    m: int, sr: int, seconds: float, rng: np.random.Generator, damping_hz: float
) -> np.ndarray:
    """One channel's impulse response: decaying, low-passed noise of ``m`` samples, unit energy."""
    from scipy.signal import butter, sosfilt

    t = np.arange(m) / sr
    decay = np.exp(-6.9 * t / seconds)  # -60 dB at ``seconds``
    onset = 1 - np.exp(-t * 200)
    sos = butter(1, damping_hz, btype="lowpass", fs=sr, output="sos")
    ir = sosfilt(sos, rng.standard_normal(m)) * decay * onset
    ir /= np.sqrt(np.sum(ir * ir))
    return ir.astype(np.float32)


def circular_reverb(
    x: np.ndarray, sr: int, seconds: float, rng: np.random.Generator, damping_hz: float = 5000.0
) -> np.ndarray:
    """Wet signal of a smooth hall-like reverb, by circular FFT convolution with decaying,
    low-passed noise (decorrelated per channel for width). ``x`` is (n, 2), a whole loop."""
    from scipy.signal import oaconvolve

    n = x.shape[0]
    m = min(int(seconds * 1.5 * sr), n)
    wet = np.empty_like(x)
    for ch in range(2):
        full = oaconvolve(x[:, ch], _hall_ir(m, sr, seconds, rng, damping_hz))
        full[: full.size - n] += full[n:]  # the tail past the loop's end wraps to its start
        wet[:, ch] = full[:n]
    return wet


def add_reverb(
    out: np.ndarray,
    x: np.ndarray,
    sr: int,
    seconds: float,
    rng: np.random.Generator,
    send: float,
    ir_samples: int,
    damping_hz: float = 5000.0,
) -> None:
    """Add ``send`` times the hall reverb of ``x`` (n, 2) to ``out`` in place; the tail past the
    end is cut (a linear, not circular, convolution). One channel at a time, so a long bed
    needs no full-length wet copy; the impulse responses are those ``circular_reverb`` would
    draw from ``rng`` for ``ir_samples``."""
    from scipy.signal import oaconvolve

    n = x.shape[0]
    step = max(1, int(REVERB_CHUNK_SECONDS * sr))
    for ch in range(2):
        ir = _hall_ir(ir_samples, sr, seconds, rng, damping_hz)
        for s in range(0, n, step):  # overlap-add by pieces: the FFTs stay a few MB
            piece = oaconvolve(x[s : s + step, ch], ir)
            e = min(n, s + piece.size)
            piece = piece[: e - s]
            piece *= np.float32(send)
            out[s:e, ch] += piece
