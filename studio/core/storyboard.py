"""Turning a matching plan into scenes: title card, one scene per bullet, closing card.

Re-planning never undoes the seller. An automatic re-plan (after adding photos or editing
bullets) changes only scenes the seller has not touched and adds scenes for new bullets:
locked and edited scenes keep their photo, a scene order the seller arranged is kept (new
scenes go after the scene of the bullet before them), deleted bullet scenes stay deleted, and
captions or voice lines the seller rewrote stay theirs. "Re-plan everything" is the explicit
exception: only locked scenes and rewritten words survive it.

A caption or voice line the seller has not rewritten follows its bullet when the bullet is
edited. Scenes find their bullet by its words first, so inserting or deleting a bullet does
not hand one bullet's scene to another; duplicated scenes stay next to their original.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from studio.core.geometry import Rect
from studio.core.intake import shorten
from studio.core.model import Project, Scene
from studio.core.quotes import card_text


@dataclass(frozen=True)
class ImageChoice:
    """The matcher's choice for one bullet, in core terms."""

    bullet: int
    image: str
    confidence: float
    reasons: tuple[str, ...] = ()
    focus: Rect | None = None
    shown: bool = True  # False: no photo shows what the bullet says (a general view)


def title_voice_line(title: str, price: str) -> str:
    line = title.strip().rstrip(".!") + "."
    if price.strip():
        line += f" Only {price.strip()}."
    return line


NAME_CHARS = 40  # of a scene's words, to name it in a list of changes

# Confidence bands shown on scene cards: the probability that the photo is a right one.
CONFIDENT = 0.8
REVIEW_BELOW = 0.6


def needs_review(scene: Scene) -> bool:
    """A planned photo the seller should look at: the plan is unsure, and the seller has not
    already decided (locked or edited) nor is it a scene no photo could show."""
    return (
        scene.kind == "bullet"
        and not scene.locked
        and not scene.edited
        and scene.shown
        and scene.confidence is not None
        and scene.confidence < REVIEW_BELOW
    )


def kept(scene: Scene, everything: bool = False) -> bool:
    """Does a re-plan keep this scene's photo? Locked scenes always; scenes the seller edited
    unless they asked to re-plan everything."""
    return scene.locked or (scene.edited and not everything)


def locked_choices(project: Project, everything: bool = False) -> dict[int, str]:
    """Bullet -> image for every bullet scene whose photo a re-plan keeps: the matcher plans
    around these (they count as uses of their photo)."""
    return {
        s.bullet: s.image
        for s in project.timeline.scenes
        if s.kind == "bullet"
        and kept(s, everything)
        and s.bullet is not None
        and s.image is not None
    }


def build_scenes(
    project: Project,
    choices: Sequence[ImageChoice],
    hero: str,
    order: Sequence[int],
    everything: bool = False,
    lifestyle: Collection[str] = (),
) -> list[Scene]:
    """The scene list for ``project`` from a plan; existing scenes are updated, not replaced.

    Automatic (``everything`` False): keeps what the seller decided (see the module docstring).
    ``everything``: the plan's photos and order for every scene that is not locked, and
    deleted bullets come back.

    Customer quotes become quote cards after the bullets. The experience template opens on
    the product in use: bullets shown on ``lifestyle`` photos (a person, a room, a scene
    behind the product) come first, in the plan's order otherwise.
    """
    product = project.product
    old = list(project.timeline.scenes)
    old_title = next((s for s in old if s.kind == "title"), None)
    old_cta = next((s for s in old if s.kind == "cta"), None)
    old_bullets = _bullet_scenes_by_bullet(old, product.bullets)
    by_bullet = {c.bullet: c for c in choices}
    dismissed = set() if everything else set(project.timeline.dismissed)

    title = old_title or Scene(kind="title")
    title.caption = product.title
    _follow(title, title_voice_line(product.title, product.price), caption=False)
    if not kept(title, everything) or title.image is None:
        title.image = hero
        title.reasons = ["opening shot: the clearest whole-product photo"]

    bullet_scenes: dict[int, list[Scene]] = {}
    for b in range(len(product.bullets)):
        text = shorten(product.bullets[b])
        existing = old_bullets.get(b)
        if not existing and text in dismissed:
            continue  # the seller deleted this bullet's scene
        primary, *copies = existing or [Scene(kind="bullet")]
        for k, scene in enumerate([primary, *copies]):
            scene.bullet = b
            _follow(scene, text)
            choice = by_bullet.get(b)
            # a scene the seller edited keeps its photo, unless that photo is gone
            if k == 0 and choice is not None and (not kept(scene, everything) or not scene.image):
                scene.image = choice.image
                scene.confidence = round(float(choice.confidence), 3)
                scene.reasons = list(choice.reasons)
                scene.focus = choice.focus
                scene.shown = choice.shown
                if everything:
                    scene.edited = False
            elif scene.image is None:
                scene.image = hero
        bullet_scenes[b] = [primary, *copies]

    cta = old_cta or Scene(kind="cta")
    cta.caption = product.call_to_action
    _follow(cta, product.call_to_action, caption=False)
    if not kept(cta, everything) or cta.image is None:
        cta.image = hero

    quotes = _quote_scenes(project, old, bullet_scenes, hero, dismissed, everything)
    if project.timeline.arranged and not everything:
        middle = _in_sellers_order(old, bullet_scenes, quotes)
    else:
        plan_order = [b for b in dict.fromkeys(order) if b in bullet_scenes]
        plan_order += [b for b in bullet_scenes if b not in plan_order]
        if project.look.template == "experience" and lifestyle:
            in_use = set(lifestyle)
            plan_order.sort(key=lambda b: bullet_scenes[b][0].image not in in_use)
        middle = [s for b in plan_order for s in bullet_scenes[b]] + quotes
    return [title, *middle, cta]


def _quote_scenes(
    project: Project,
    old: Sequence[Scene],
    bullet_scenes: dict[int, list[Scene]],
    hero: str,
    dismissed: Collection[str],
    everything: bool,
) -> list[Scene]:
    """A quote card per customer quote. Existing cards are found by the quote's words, then a
    reworded quote takes the card left over at its place. A card shows a photo no bullet scene
    uses (the next in the listing's order), else the hero."""
    photos = [a.path for a in project.images]
    used = {s.image for group in bullet_scenes.values() for s in group}
    spare = [p for p in photos if p not in used and p != hero]
    lines = list(dict.fromkeys(q for q in project.product.quotes if q.strip()))
    cards = [s for s in old if s.kind == "quote"]
    found: dict[int, list[Scene]] = {}
    for k, line in enumerate(lines):
        found[k] = [s for s in cards if s.source_text == line]
    taken = {id(s) for group in found.values() for s in group}
    leftover = [s for s in cards if id(s) not in taken and s.source_text not in lines]
    out: list[Scene] = []
    for k, line in enumerate(lines):
        if not found[k] and leftover and line not in dismissed:
            found[k] = [leftover.pop(0)]
        if not found[k] and line in dismissed:
            continue  # the seller deleted this quote's card
        for scene in found[k] or [Scene(kind="quote")]:
            _follow_quote(scene, line)
            if scene.image not in photos or (everything and not scene.locked):
                scene.image = spare[k % len(spare)] if spare else hero
            out.append(scene)
    return out


def _follow_quote(scene: Scene, line: str) -> None:
    """A quote card's words follow its quote unless the seller rewrote them."""
    before = card_text(scene.source_text) if scene.source_text else ""
    text = card_text(line)
    if not scene.caption or (before and scene.caption == before):
        scene.caption = text
    if not scene.voice_line or (before and scene.voice_line == before):
        scene.voice_line = text
    scene.source_text = line


def _in_sellers_order(
    old: Sequence[Scene], bullet_scenes: dict[int, list[Scene]], quotes: Sequence[Scene] = ()
) -> list[Scene]:
    """The scenes in the order the seller arranged; a new bullet's scene goes right after the
    scene of the nearest earlier bullet (or first, when there is none), a new quote card last."""
    keep = {id(s) for group in bullet_scenes.values() for s in group} | {id(s) for s in quotes}
    out = [s for s in old if s.kind in ("bullet", "quote") and id(s) in keep]
    placed = {id(s) for s in out}
    for b in sorted(bullet_scenes):
        for s in bullet_scenes[b]:
            if id(s) in placed:
                continue
            earlier = [o.bullet for o in out if o.bullet is not None and o.bullet < b]
            if earlier:
                nearest = max(earlier)
                at = max(k for k, o in enumerate(out) if o.bullet == nearest) + 1
            else:
                at = 0
            out.insert(at, s)
            placed.add(id(s))
    out += [s for s in quotes if id(s) not in placed]
    return out


def _follow(scene: Scene, text: str, caption: bool = True) -> None:
    """Caption and voice line take the new automatic words unless the user rewrote them."""
    before = scene.source_text
    if caption and (not scene.caption or (before and scene.caption == before)):
        scene.caption = text
    if not scene.voice_line or (before and scene.voice_line == before):
        scene.voice_line = text
    scene.source_text = text


def _bullet_scenes_by_bullet(
    old: Sequence[Scene], bullets: Sequence[str]
) -> dict[int, list[Scene]]:
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


def apply_plan(
    project: Project,
    choices: Sequence[ImageChoice],
    hero: str,
    order: Sequence[int],
    everything: bool = False,
    lifestyle: Collection[str] = (),
) -> None:
    """Replace the timeline's scenes with the planned ones (one list assignment, one event batch)."""
    project.timeline.scenes[:] = build_scenes(project, choices, hero, order, everything, lifestyle)
    if everything:
        project.timeline.arranged = False
        project.timeline.dismissed.clear()


@dataclass(frozen=True)
class SceneChange:
    """One difference a re-plan makes, in words a seller reads (for previews and the status bar)."""

    scene_id: str
    kind: str  # "new", "removed", "photo", "moved"
    text: str


def _name(scene: Scene) -> str:
    if scene.kind == "title":
        return "the title card"
    if scene.kind == "cta":
        return "the closing card"
    if scene.kind == "quote":
        words = scene.caption.strip()
        return f'the quote "{words[:NAME_CHARS]}{"…" if len(words) > NAME_CHARS else ""}"'
    words = (scene.caption or scene.source_text).strip()
    return f'"{words[:NAME_CHARS]}{"…" if len(words) > NAME_CHARS else ""}"'


def describe_changes(before: Sequence[Scene], after: Sequence[Scene]) -> list[SceneChange]:
    """What turning ``before`` into ``after`` changes, scene by scene (matched by id)."""
    old = {s.id: (k, s) for k, s in enumerate(before)}
    new_ids = {s.id for s in after}
    out: list[SceneChange] = []
    for s in after:
        if s.id not in old:
            out.append(
                SceneChange(s.id, "new", f"new scene for {_name(s)} ({s.image or 'no photo'})")
            )
            continue
        _, o = old[s.id]
        if o.image != s.image:
            out.append(SceneChange(s.id, "photo", f"{_name(s)}: {o.image} → {s.image}"))
    for s in before:
        if s.id not in new_ids:
            out.append(SceneChange(s.id, "removed", f"removed the scene for {_name(s)}"))
    kept_before = [s.id for s in before if s.id in new_ids]
    kept_after = [s.id for s in after if s.id in old]
    if kept_before != kept_after:
        for k, sid in enumerate(kept_after):
            if kept_before.index(sid) != k:
                scene = next(s for s in after if s.id == sid)
                out.append(SceneChange(sid, "moved", f"{_name(scene)} moved to place {k + 1}"))
    return out
