"""Which evidence sources a plan uses: every built-in one, plus CLIP when the user has a checkpoint."""

from __future__ import annotations

from pathlib import Path

from studio.analysis.base import EvidenceSource
from studio.analysis.recognised import RecognisedObjects, RegionObjects
from studio.analysis.sources import (
    ColourMatch,
    CueMatch,
    DetailSide,
    FileNameWords,
    GeneralView,
    OcrKeywords,
    ShadeMatch,
    TextSimilarity,
)


def default_sources(clip_path: Path | None = None) -> list[EvidenceSource]:
    """Every built-in source; with ``clip_path``, also a local CLIP/SigLIP checkpoint's similarity."""
    from studio.analysis.cues import CUES

    extra: list[EvidenceSource] = []
    if clip_path is not None:
        from studio.analysis.clip import ClipSimilarity

        extra.append(ClipSimilarity(clip_path))
    return [
        *extra,
        TextSimilarity(),
        OcrKeywords(),
        OcrKeywords(title_words=True),
        FileNameWords(),
        ColourMatch(),
        ShadeMatch(),
        *(CueMatch(c) for c in CUES),
        GeneralView(),
        RecognisedObjects(),
        RegionObjects(),
        DetailSide(),
    ]
