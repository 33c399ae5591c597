"""Turning a matching plan into scenes: title card, one scene per bullet, closing card.

Re-planning keeps what the user decided: locked scenes keep their image, and a bullet scene
keeps its id, its edited caption/voice line, duration and motion; only unlocked choices change.
A caption or voice line the user has not rewritten follows its bullet when the bullet is
edited. Scenes find their bullet by its words first, so inserting or deleting a bullet does
not hand one bullet's scene to another; duplicated scenes stay next to their original.
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
    old_bullets = _bullet_scenes_by_bullet(old, product.bullets)
    by_bullet = {c.bullet: c for c in choices}

    scenes: list[Scene] = []
    title = old_title or Scene(kind="title")
    title.caption = product.title
    _follow(title, title_voice_line(product.title, product.price), caption=False)
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
        primary, *copies = old_bullets.get(b) or [Scene(kind="bullet")]
        for k, scene in enumerate([primary, *copies]):
            scene.bullet = b
            _follow(scene, text)
            choice = by_bullet.get(b)
            if k == 0 and choice is not None and not scene.locked:
                scene.image = choice.image
                scene.confidence = round(float(choice.confidence), 3)
                scene.reasons = list(choice.reasons)
                scene.focus = choice.focus
            elif scene.image is None:
                scene.image = hero
            scenes.append(scene)

    cta = old_cta or Scene(kind="cta")
    cta.caption = product.call_to_action
    _follow(cta, product.call_to_action, caption=False)
    if not cta.locked or cta.image is None:
        cta.image = hero
    scenes.append(cta)
    return scenes


def _follow(scene: Scene, text: str, caption: bool = True) -> None:
    """Caption and voice line take the new automatic words unless the user rewrote them."""
    before = scene.source_text
    if caption and (not scene.caption or (before and scene.caption == before)):
        scene.caption = text
    if not scene.voice_line or (before and scene.voice_line == before):
        scene.voice_line = text
    scene.source_text = text


def _bullet_scenes_by_bullet(old: Sequence[Scene], bullets: Sequence[str]) -> dict[int, list[Scene]]:
    """Which existing scenes belong to which bullet now: by the words they were made from
    (among bullets with the same words, the one at the scene's position, else the first not
    yet taken), else by position when that position's words are not another scene's. A
    duplicated scene goes with its original (first in the list)."""
    texts = [shorten(b) for b in bullets]
    indices_of_text: dict[str, list[int]] = {}
    for i, t in enumerate(texts):
        indices_of_text.setdefault(t, []).append(i)
    claimed = {s.source_text for s in old if s.kind == "bullet" and s.source_text}
    out: dict[int, list[Scene]] = {}
    owner: dict[int, int] = {}  # bullet -> the old bullet index whose scenes it holds
    for s in old:
        if s.kind != "bullet" or s.bullet is None:
            continue
        same = indices_of_text.get(s.source_text, []) if s.source_text else []
        if same:
            free = [i for i in same if owner.get(i, s.bullet) == s.bullet]
            if not free:
                continue  # more scenes made from these words than bullets that still say them
            b = s.bullet if s.bullet in free else free[0]
        elif 0 <= s.bullet < len(texts) and not (s.source_text and texts[s.bullet] in claimed):
            b = s.bullet
        else:
            continue  # its bullet was deleted
        if owner.setdefault(b, s.bullet) != s.bullet:
            continue  # another scene already holds this bullet
        out.setdefault(b, []).append(s)
    return out


def apply_plan(project: Project, choices: Sequence[ImageChoice], hero: str, order: Sequence[int]) -> None:
    """Replace the timeline's scenes with the planned ones (one list assignment, one event batch)."""
    project.timeline.scenes[:] = build_scenes(project, choices, hero, order)
