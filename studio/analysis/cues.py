"""What a bullet asks to see, and how much each image shows it.

A VisualCue pairs a small vocabulary ("pocket", "zipper", "texture" ask for a close-up) with a
measure on ImageAnalysis; a bullet's affinity to the vocabulary (see ``affinity``) says how
much it asks for that view.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from studio.analysis.image_features import ImageAnalysis
from studio.analysis.visual import iou
from studio.analysis.words import word_list


@dataclass(frozen=True)
class VisualCue:
    name: str
    words: tuple[str, ...]  # bullet words that ask for this kind of view
    reason: str  # explanation template; {word} is the bullet word that asked
    measure: Callable[
        [ImageAnalysis, Sequence[ImageAnalysis]], float
    ]  # 0..1 for one image in its set
    exact: bool = (
        False  # only the listed word forms count ("colors" asks for a range, "color" does not)
    )
    not_before: tuple[
        str, ...
    ] = ()  # following nouns that make a listed word a modifier ("hand pockets")


def _closeup(a: ImageAnalysis, others: Sequence[ImageAnalysis]) -> float:
    """Detail views: the analyser's close-up cue, plus "bigger in frame than its siblings"."""
    fills = sorted(o.fill for o in others)
    median = fills[len(fills) // 2] if fills else a.fill
    relative = float(np.clip((a.fill / max(median, 1e-3) - 1.0) / 0.6, 0.0, 1.0))
    return max(a.closeup, 0.7 * relative)


def _hand(a: ImageAnalysis, others: Sequence[ImageAnalysis]) -> float:
    return float(np.clip(a.skin / 0.25, 0.0, 1.0))


def _variety(a: ImageAnalysis, others: Sequence[ImageAnalysis]) -> float:
    return float(np.clip((a.hues - 1) / 3.0, 0.0, 1.0)) * 0.8 + (0.2 if a.pieces >= 3 else 0.0)


def _infographic(a: ImageAnalysis, others: Sequence[ImageAnalysis]) -> float:
    """Call-outs printed beside the product; numbers (sizes) make a diagram more likely."""
    notes = [line for line in a.ocr if line.on_background]
    numbers = sum(any(ch.isdigit() for ch in line.text) for line in notes)
    return float(np.clip(a.annotation_area / 0.03 + 0.15 * numbers + 0.05 * len(notes), 0.0, 1.0))


def _main_colour(a: ImageAnalysis) -> str:
    return a.colours[0][0] if a.colours else ""


def _twin_details(a: ImageAnalysis, others: Sequence[ImageAnalysis]) -> list[float]:
    """Detail of the siblings that show ``a``'s outline (mirrored or not) in the same main colour.
    Sellers shoot the back of a bag or a phone with the same outline as its front, and the front
    carries the pockets, zips and screens. Another colour is a variant, not another side (and
    dark colours show fewer edges). Worn products are left to the face detector."""
    if a.worn and a.face_checked:
        return []
    mask = a.silhouette_mask()
    return [
        o.detail
        for o in others
        if o is not a
        and _main_colour(o) == _main_colour(a)
        and max(iou(mask, o.silhouette_mask()), iou(mask[:, ::-1], o.silhouette_mask())) >= 0.75
    ]


def back_view(a: ImageAnalysis, others: Sequence[ImageAnalysis]) -> float:
    """A model seen from behind (head without a face), or the plainer side of a product."""
    if a.worn and a.face_checked:
        return 1.0 if a.back_view else 0.0
    twins = _twin_details(a, others)
    if not twins or a.detail >= max(twins):
        return 0.0
    return 0.8 * float(np.clip((max(twins) - a.detail) / max(max(twins), 1e-3) / 0.3, 0.0, 1.0))


def front_view(a: ImageAnalysis, others: Sequence[ImageAnalysis]) -> float:
    """A model facing the camera, or the side of a product with the most detail."""
    if a.worn and a.face_checked:
        return 1.0 if a.facing else 0.0
    twins = _twin_details(a, others)
    if not twins or a.detail < max(twins):
        return 0.0
    return 0.8 * float(np.clip((a.detail - min(twins)) / max(a.detail, 1e-3) / 0.3, 0.0, 1.0))


CUES: tuple[VisualCue, ...] = (
    VisualCue(
        "close-up",
        word_list("""pocket pockets zipper zips zippered seam seams stitching stitched texture
        textured fabric material weave knit mesh cuff cuffs hem hems collar button buttons buckle
        lining lined lace laces sole tread detail details closeup accents accent trim reflective
        inseam waistband pleat embroidery embroidered pattern pinstripe finish grain leather
        port ports connector knob dial clasp hinge handle stitch logo"""),
        'close-up for "{word}"',
        _closeup,
    ),
    VisualCue(
        "in hand",
        word_list("hand hands hold holding handheld grip palm finger fingers thumb wrist wrists"),
        'shows it in a hand for "{word}"',
        _hand,
        not_before=word_list(
            "pocket pockets hole holes wash washed warmer warmers made crafted sewn stitched strap"
        ),
    ),
    VisualCue(
        "colour range",
        word_list(
            "colors colours hues shades variety assorted multicolor multicolour rainbow lineup"
        ),
        'shows the colour range for "{word}"',
        _variety,
        exact=True,
    ),
    VisualCue(
        "back view",
        # Parts that only the back shows: a backpack's shoulder straps, a racerback.
        (
            *word_list("back rear behind backside reverse racerback"),
            "shoulder straps",
            "back panel",
        ),
        'back view for "{word}"',
        back_view,
        exact=True,
    ),
    VisualCue(
        "front view",
        word_list("front facing"),
        'front view for "{word}"',
        front_view,
        exact=True,
    ),
    VisualCue(
        "infographic",
        word_list("""dimensions dimension measurements measurement diagram specifications specs chart
        size sizes mm cm inches"""),
        'diagram with text for "{word}"',
        _infographic,
    ),
)

# Bullets about care, service or logistics: nothing in a photo can show them.
NON_VISUAL_WORDS = word_list(
    """wash washable washing launder laundry bleach tumble dryclean warranty
    guarantee guaranteed shipping ship ships delivery deliver returns refund refunds
    certified certification imported import compliant"""
)
