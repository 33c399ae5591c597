"""Music: generated beds by mood, imported tracks, beat grids, the voice-over mix (ducking) and
loudness. Importing the package loads nothing; each module loads what it needs when used."""
