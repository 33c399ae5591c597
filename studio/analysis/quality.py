"""How well a photo works as a general picture of the product: clean, whole, not a diagram."""

from __future__ import annotations

from studio.analysis.image_features import ImageAnalysis


def general_view_quality(a: ImageAnalysis) -> float:
    """Higher for a clean view of the whole product (plain backdrop, not a close-up, no call-outs)."""
    return (
        a.plain_background * 0.5
        + (1.0 - a.closeup) * 0.5
        - min(1.0, a.annotation_area / 0.02) * 0.5
        - (0.2 if a.pieces >= 3 else 0.0)
    )
