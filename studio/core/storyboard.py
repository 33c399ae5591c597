"""Turning a matching plan into scenes: title card, one scene per bullet, closing card.

Re-planning keeps what the user decided: locked scenes keep their image, and a bullet scene
keeps its id, its edited caption/voice line, duration and motion; only unlocked choices change.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from studio.core.geometry import Rect
from studio.core.intake import shorten
from studio.core.model import Project, Scene


@dataclass(frozen=True)
class ImageChoice:
    """The matcher's choice for one bullet, in core terms."""

    bullet: int
    image: str
    confidence: float
    reasons: tuple[str, ...] = ()
    focus: Rect | None = None


def title_voice_line(title: str, price: str) -> str:
    line = title.strip().rstrip(".!") + "."
    if price.strip():
        line += f" Only {price.strip()}."
    return line


def locked_choices(project: Project) -> dict[int, str]:
    """Bullet -> image for every locked bullet scene: the matcher must keep these."""
    return {
        s.bullet: s.image
        for s in project.timeline.scenes
        if s.kind == "bullet" and s.locked and s.bullet is not None and s.image is not None
    }


def build_scenes(
    project: Project, choices: Sequence[ImageChoice], hero: str, order: Sequence[int]
) -> list[Scene]:
    """The scene list for ``project`` from a plan; existing scenes are updated, not replaced."""
    product = project.product
    old = list(project.timeline.scenes)
    old_title = next((s for s in old if s.kind == "title"), None)
    old_cta = next((s for s in old if s.kind == "cta"), None)
    old_bullet = {s.bullet: s for s in old if s.kind == "bullet" and s.bullet is not None}
    by_bullet = {c.bullet: c for c in choices}

    scenes: list[Scene] = []
    title = old_title or Scene(kind="title")
    title.caption = product.title
    title.voice_line = title.voice_line if old_title and old_title.voice_line else title_voice_line(product.title, product.price)
    if not title.locked or title.image is None:
        title.image = hero
        title.reasons = ["opening shot: the clearest whole-product photo"]
    scenes.append(title)

    seen: set[int] = set()
    for b in list(order) + [i for i in range(len(product.bullets)) if i not in order]:
        if b in seen or not 0 <= b < len(product.bullets):
            continue
        seen.add(b)
        text = shorten(product.bullets[b])
        scene = old_bullet.get(b) or Scene(kind="bullet", bullet=b, caption=text, voice_line=text)
        if not scene.caption:
            scene.caption = text
        if not scene.voice_line:
            scene.voice_line = text
        choice = by_bullet.get(b)
        if choice is not None and not scene.locked:
            scene.image = choice.image
            scene.confidence = round(float(choice.confidence), 3)
            scene.reasons = list(choice.reasons)
            scene.focus = choice.focus
        elif scene.image is None:
            scene.image = hero
        scenes.append(scene)

    cta = old_cta or Scene(kind="cta")
    cta.caption = product.call_to_action
    if not (old_cta and old_cta.voice_line):
        cta.voice_line = product.call_to_action
    if not cta.locked or cta.image is None:
        cta.image = hero
    scenes.append(cta)
    return scenes


def apply_plan(project: Project, choices: Sequence[ImageChoice], hero: str, order: Sequence[int]) -> None:
    """Replace the timeline's scenes with the planned ones (one list assignment, one event batch)."""
    project.timeline.scenes[:] = build_scenes(project, choices, hero, order)
