"""Music: generated beds by mood, the voice-over mix (ducking), loudness and WAV files."""
from __future__ import annotations

from studio.music.audio import read_wav, write_wav
from studio.music.generate import bed_beats, bed_tempo, cached_bed, generate_bed, moods
from studio.music.loudness import integrated_loudness, true_peak_db
from studio.music.mix import mix

__all__ = [
    "read_wav", "write_wav", "bed_beats", "bed_tempo", "cached_bed", "generate_bed", "moods",
    "integrated_loudness", "true_peak_db", "mix",
]
