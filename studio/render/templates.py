"""The four kinds of product video as differences in one frame function's drawing.

``highlight`` is the house look. The others change what a scene carries besides its caption
(numbered steps, callouts, spec numbers, variants side by side), its colour and its pace; all
of them are drawn once per scene and blended per frame like captions.
"""

from __future__ import annotations

PACES = {"experience": 1.4}  # slower, softer entrances


def template_pace(template: str) -> float:
    """How much slower than the house pace a template's captions move."""
    return PACES.get(template, 1.0)
