"""Load every analysis model up front (a first start, or a worker warming up), so the first
plan pays only for its own images and texts.

Each model still loads lazily on first use when this is never called; calling it twice costs
nothing. Nothing is downloaded: every model ships inside an installed package.
"""
from __future__ import annotations

import contextlib
from pathlib import Path


def load_models(clip_path: Path | None = None) -> None:
    """The sentence model with the fixed vocabularies embedded, EfficientNet, the OCR engine,
    the face cascade, and (when given) a local CLIP/SigLIP checkpoint."""
    from studio.analysis import effnet, faces, ocr, text
    from studio.analysis.context import fixed_texts

    text.embed(fixed_texts())
    with contextlib.suppress(ImportError):  # recognition is optional: plans go on without it
        effnet.get_model()
    ocr.get_engine()
    path = faces.cascade_path()
    if path is not None:
        faces.load_cascade(path)
    if clip_path is not None:
        from studio.analysis.clip import load_clip

        load_clip(clip_path)
