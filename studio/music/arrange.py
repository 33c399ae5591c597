"""A composed score (studio.music.compose) rendered with SoundFont instruments.

The pads, keys, arpeggio and lead are rendered apart from the bass and drums so that only
they go through the hall reverb (TinySoundFont has no effects of its own); the two are summed,
and the final tonic rings until the last sample, faded to silence over its tail.
"""

from __future__ import annotations

import numpy as np

from studio.music import _synth as syn
from studio.music.compose import WET_CHANNELS, Form, Score, compose
from studio.music.soundfont import Instruments, NoteEvent

REVERB_SEND = 0.35
REVERB_SECONDS = {"calm": 2.6, "luxury": 2.8, "corporate": 1.8, "energetic": 1.2}
FADE_IN = 1.0


def render_score(
    instruments: Instruments, score: Score, n: int, seed: int, mood: str
) -> np.ndarray:
    """(n, 2) float32 of ``score``, the wet group through a reverb seeded by ``seed``."""
    wet_events = [e for e in score.events if e.channel in WET_CHANNELS]
    dry_events = [e for e in score.events if e.channel not in WET_CHANNELS]
    wet = instruments.render(score.programs, wet_events, n, score.volumes)
    out = instruments.render(score.programs, dry_events, n, score.volumes)
    out += wet
    sr = instruments.sr
    seconds = REVERB_SECONDS.get(mood, 1.6)
    tail = min(int(seconds * 1.5 * sr), max(n, 1))
    rng = np.random.default_rng([seed & 0xFFFFFFFF, len(mood)])
    # in place, a channel at a time: a ten-minute bed is 220 MB a copy
    syn.add_reverb(out, wet, sr, seconds, rng, REVERB_SEND, min(int(seconds * 1.5 * sr), n + tail))
    return out


def fade_bed(x: np.ndarray, sr: int, cadence: float) -> np.ndarray:
    """Fade in over FADE_IN and out across the final chord's tail, reaching silence at the
    last sample; the chord's attack is left whole."""
    n = x.shape[0]
    fi = min(int(FADE_IN * sr), n // 2)
    if fi > 0:
        x[:fi] *= (0.5 - 0.5 * np.cos(np.linspace(0, np.pi, fi, dtype=np.float32)))[:, None]
    ring = n / sr - cadence
    fo = min(int(max(0.05, min(3.0, 0.8 * ring)) * sr), n - fi)
    if fo > 0:
        x[n - fo :] *= (0.5 + 0.5 * np.cos(np.linspace(0, np.pi, fo, dtype=np.float32)))[:, None]
    return x


def soundfont_bed(
    instruments: Instruments, mood: str, seed: int, form: Form, n: int
) -> tuple[np.ndarray, Score]:
    """The unlevelled, faded bed of ``n`` samples and the score it plays."""
    score = compose(mood, seed, form, instruments.sr)
    x = render_score(instruments, score, n, seed, mood)
    return fade_bed(x, instruments.sr, score.cadence), score


__all__ = ["NoteEvent", "fade_bed", "render_score", "soundfont_bed"]
