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
    the salient-object network, the face cascade, the fusion model, and (when given) a local
    CLIP/SigLIP checkpoint."""
    from studio.analysis import effnet, faces, fusion, ocr, segment, text
    from studio.analysis.context import fixed_texts

    text.embed(fixed_texts())
    with contextlib.suppress(ImportError):  # recognition is optional: plans go on without it
        effnet.get_model()
    ocr.get_engine()
    segment.get_session()
    fusion.shipped_model()
    path = faces.cascade_path()
    if path is not None:
        faces.load_cascade(path)
    if clip_path is not None:
        from studio.analysis.clip import load_clip

        load_clip(clip_path)
    _warm_up()


_warmed = False


def _warm_up() -> None:
    """Once per process: one small inference through OCR (detection and reading), the mask and the image network: the
    runtimes allocate and optimise on their first call, which would otherwise land on the
    user's first plan (measured: 2.5 s first plan against 1.6 s for later ones)."""
    global _warmed
    if _warmed:
        return
    _warmed = True
    import numpy as np
    from PIL import Image, ImageDraw

    from studio.analysis import ocr, segment
    from studio.analysis.recognition import recognise_images

    im = Image.new("RGB", (480, 320), "white")
    ImageDraw.Draw(im).text((40, 140), "Warm up 123", fill="black")
    sample = np.asarray(im)
    ocr.read_text(sample)
    segment.salient_mask(sample)
    recognise_images([sample, sample])
