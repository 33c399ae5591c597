"""Image understanding and bullet -> image matching (OCR, visual cues, embeddings, fusion).

Public names are imported lazily so ``import studio.analysis`` stays cheap; OpenCV, ONNX
Runtime and torch load only when an image is analysed or a text embedded.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = [
    "ANALYSER_VERSION",
    "ImageAnalysis",
    "Match",
    "OcrLine",
    "Plan",
    "analyze_image",
    "analyze_images",
    "embed",
    "load_models",
    "plan_job",
]

_WHERE = {
    "ANALYSER_VERSION": "studio.analysis.image_features",
    "ImageAnalysis": "studio.analysis.image_features",
    "analyze_image": "studio.analysis.image_features",
    "analyze_images": "studio.analysis.image_features",
    "load_models": "studio.analysis.models",
    "OcrLine": "studio.analysis.ocr",
    "embed": "studio.analysis.text",
    "Match": "studio.analysis.matcher",
    "Plan": "studio.analysis.matcher",
    "plan_job": "studio.analysis.matcher",
}

if TYPE_CHECKING:
    from studio.analysis.image_features import (
        ANALYSER_VERSION,
        ImageAnalysis,
        analyze_image,
        analyze_images,
    )
    from studio.analysis.matcher import Match, Plan, plan_job
    from studio.analysis.models import load_models
    from studio.analysis.ocr import OcrLine
    from studio.analysis.text import embed


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        import importlib

        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'studio.analysis' has no attribute {name!r}")
