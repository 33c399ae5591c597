"""Music: generated beds by mood, imported tracks, beat grids, the voice-over mix (ducking),
loudness and WAV files. ``infer_mood`` loads its sentence model only when called."""
from __future__ import annotations

from studio.music.audio import read_wav, write_wav
from studio.music.beats import BeatGrid, beat_grid, snap_to_beats
from studio.music.generate import bed_beats, bed_tempo, cached_bed, generate_bed, moods
from studio.music.infer import infer_mood
from studio.music.loudness import integrated_loudness, true_peak_db
from studio.music.mix import mix
from studio.music.tracks import FittedTrack, cached_fit_track, decode_audio, fit_track, load_track

__all__ = [
    "read_wav", "write_wav", "bed_beats", "bed_tempo", "cached_bed", "generate_bed", "moods",
    "integrated_loudness", "true_peak_db", "mix", "BeatGrid", "beat_grid", "snap_to_beats",
    "decode_audio", "load_track", "fit_track", "cached_fit_track", "FittedTrack", "infer_mood",
]
