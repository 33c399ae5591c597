"""The four kinds of product video as differences in one frame function's drawing.

``highlight`` is the house look. The others change what a scene carries besides its caption,
its colour and its pace (its crossfades are planned longer: ``timeline.CROSSFADES``), all drawn once per scene and blended per frame like captions:

- ``explainer``: every bullet scene is a numbered step with a callout: a ring around the
  scene's focus region, a line, and a card with the step number and the bullet's spec number
  large (or a word or two about it);
- ``experience``: a warm grade, softer caption boxes, slower entrances and longer crossfades;
- ``comparison``: the title card shows the product's photos side by side, and the closing card
  a spec card made of the bullets' numbers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import cv2
import numpy as np

from studio.core.geometry import Rect
from studio.render.callout import callout
from studio.render.canvas import Canvas
from studio.render.captions import CaptionOverlay, safe_area
from studio.render.plan import RenderPlan, Theme
from studio.render.speccard import spec_card
from studio.render.specs import Spec, find_spec

PACES = {"experience": 1.4}  # slower, softer entrances
MAX_VARIANTS = 4
WARM_U, WARM_V = -5, 7  # chroma shift toward amber (BT.601 limited range units)


def template_pace(template: str) -> float:
    """How much slower than the house pace a template's captions move."""
    return PACES.get(template, 1.0)


def warm_grade(canvas: Canvas) -> None:
    """The experience template's grade, applied once to a scene's canvas (in place): a touch
    of amber and slightly lifted, softer blacks."""
    if canvas.layout == "closing":
        return  # the closing card is the brand's colour
    y, uv = canvas.planes
    kept = _panel_slices(canvas)
    saved = [(plane[rows, cols].copy(), plane, rows, cols) for plane, (rows, cols) in kept]
    cv2.convertScaleAbs(y, dst=y, alpha=0.94, beta=12)
    shifted = uv.astype(np.int16) + np.array([WARM_U, WARM_V], np.int16)
    np.clip(shifted, 0, 255, out=shifted)
    uv[...] = shifted
    for pixels, plane, rows, cols in saved:  # a split's brand panel keeps the brand's colour
        plane[rows, cols] = pixels


def _panel_slices(canvas: Canvas) -> list[tuple[np.ndarray, tuple[slice, slice]]]:
    """Where a split layout's panel lies in each plane (padding included), or nothing."""
    p = canvas.panel
    if p is None:
        return []
    out = []
    for plane, step in ((canvas.planes[0], 1), (canvas.planes[1], 2)):
        pad = (plane.shape[0] - canvas.height // step) // 2
        x0, x1 = int(p.x * canvas.width) // step, int((p.x + p.w) * canvas.width) // step
        y0, y1 = int(p.y * canvas.height) // step, int((p.y + p.h) * canvas.height) // step
        out.append((plane, (slice(pad + y0, pad + y1), slice(pad + x0, pad + x1))))
    return out


def variant_photos(plan: RenderPlan) -> list[Path]:
    """The plan's distinct photos in order, for the comparison's variants frame."""
    out: list[Path] = []
    for s in plan.scenes:
        if s.image is not None and s.image not in out and s.logo is None:
            out.append(s.image)
    return out[:MAX_VARIANTS]


def plan_context(plan: RenderPlan, index: int) -> dict[str, Any]:
    """What scene ``index`` draws from the rest of the plan under its template: the
    comparison's photos side by side and its spec card, the explainer's "step n of m". A
    scene's own plan does not hold them, so an incremental render keys them in too (another
    scene's photo or bullet changing must redraw this one)."""
    s = plan.scenes[index]
    template = plan.theme.template
    if s.caption is None:
        return {}
    if template == "explainer" and s.caption.style == "bullet":
        return {"step": step_number(plan, index), "steps": step_number(plan, len(plan.scenes) - 1)}
    if template == "comparison" and s.caption.style == "title":
        return {"variants": variant_photos(plan)}
    if template == "comparison" and s.caption.style == "cta":
        return {"specs": plan_specs(plan)}
    return {}


def step_number(plan: RenderPlan, index: int) -> int:
    """The explainer's step number of a bullet scene (1 for the first bullet scene)."""
    return sum(
        1 for s in plan.scenes[: index + 1] if s.caption is not None and s.caption.style == "bullet"
    )


def plan_specs(plan: RenderPlan) -> list[Spec]:
    """The bullets' spec numbers, one per bullet that has one."""
    out: list[Spec] = []
    for s in plan.scenes:
        if s.caption is not None and s.caption.style == "bullet":
            spec = find_spec(s.caption.text)
            if spec is not None and spec.value not in (o.value for o in out):
                out.append(spec)
    return out


def _pixels(r: Rect | None, w: int, h: int) -> tuple[float, float, float, float] | None:
    if r is None:
        return None
    return (r.x * w, r.y * h, (r.x + r.w) * w, (r.y + r.h) * h)


def scene_decor(
    plan: RenderPlan,
    index: int,
    theme: Theme,
    w: int,
    h: int,
    focus: Rect | None,
    captions: list[CaptionOverlay],
    avoid: Rect | None,
    subject: Rect | None = None,
) -> tuple[CaptionOverlay, ...]:
    """The template's graphics for one scene (drawn once). ``focus``: the focus region over
    the scene's motion (frame-normalised); ``captions``: the scene's caption overlays, which
    the graphics keep clear of, as of ``avoid`` (the watermark)."""
    s = plan.scenes[index]
    if s.caption is None or not plan.burn_captions:
        return ()
    sa = safe_area(w, h)
    safe = (sa.left, sa.top, sa.right, sa.bottom)
    clear: list[tuple[float, float, float, float]] = [c.bbox for c in captions]
    watermark = _pixels(avoid, w, h)
    if watermark is not None:
        clear.append(watermark)
    if theme.template == "explainer" and s.caption.style == "bullet":
        spec = find_spec(s.caption.text)
        step, steps = step_number(plan, index), step_number(plan, len(plan.scenes) - 1)
        value, label = (spec.value, spec.label) if spec else ("", f"Step {step} of {steps}")
        made = callout(
            focus,
            step,
            value,
            label,
            theme,
            w,
            h,
            safe,
            clear,
            caption=_union([c.bbox for c in captions]),
            subject=_pixels(subject, w, h),
        )
        return (made.overlay,) if made is not None and made.overlay is not None else ()
    if theme.template == "comparison" and s.caption.style == "cta":
        content = _union([c.bbox for c in captions])
        card = spec_card(plan_specs(plan), theme, w, h, safe, content)
        return (card,) if card is not None else ()
    return ()


def _union(boxes: list[tuple[int, int, int, int]]) -> tuple[float, float, float, float] | None:
    if not boxes:
        return None
    return (
        float(min(b[0] for b in boxes)),
        float(min(b[1] for b in boxes)),
        float(max(b[2] for b in boxes)),
        float(max(b[3] for b in boxes)),
    )
