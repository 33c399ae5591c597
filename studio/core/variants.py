"""Audience variants: a project of its own for each audience, derived from the master.

A variant is never edited by itself: it is derived afresh from the master every time it is
needed, so any change to the master (a bullet, a photo, the look, a scene the seller framed)
reaches every variant. What the seller changed for one audience lives in the product folder
as ``variants.json`` (per audience, only the fields they set) and is applied on top of each
derivation, so it stays while everything else follows the master::

    {"format": "product-video-studio-variants",
     "audiences": {"gift-buyers": {"hook": "The hoodie they will live in.",
                                   "exclude": ["Ribbed cuffs/waistband."]}}}

Fields: ``hook``, ``call_to_action``, ``music_mood``, ``voice_speed``, ``badge``,
``bullets`` (exactly these bullets, in this order), ``exclude`` (never these bullets) and
``music`` (a track in the product folder). Nothing here imports the analysis: the text
embedder is passed in (``studio.analysis.text.embed`` in the studio).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studio.core.audience import (
    MAX_BADGE_CHARS,
    MAX_LINE_CHARS,
    MIN_BULLETS,
    AudienceProfile,
    audience_slug,
    check_mood,
    check_speed,
)
from studio.core.errors import ProjectError
from studio.core.fsutil import atomic_write_text
from studio.core.intake import shorten
from studio.core.model import Project
from studio.core.project_io import check_text, safe_relative, snapshot
from studio.core.storyboard import build_scenes, title_voice_line
from studio.core.textfiles import decode_text, read_small_file

VARIANTS_FILE = "variants.json"
VARIANTS_FORMAT = "product-video-studio-variants"
MAX_VARIANTS_BYTES = 256 * 1024
MAX_LISTED_BULLETS = 60
OVERRIDE_KEYS = frozenset(
    {"hook", "call_to_action", "music_mood", "voice_speed", "badge", "bullets", "exclude", "music"}
)

# Texts in, one vector per text out (any sequence of numbers; unit length is not assumed).
Embed = Callable[[list[str]], Iterable[Iterable[float]]]


@dataclass(frozen=True)
class VariantOverrides:
    """What the seller changed for one audience; None (or empty) follows the derivation."""

    hook: str | None = None
    call_to_action: str | None = None
    music_mood: str | None = None
    voice_speed: float | None = None
    badge: str | None = None
    bullets: tuple[str, ...] | None = None  # exactly these, in this order
    exclude: tuple[str, ...] = ()
    music: str | None = None  # a track in the product folder (project-relative)


# ------------------------------------------------------------------ ranking


def _cosine(a: Sequence[float], b: Sequence[float]) -> float:
    dot = sum(float(x) * float(y) for x, y in zip(a, b, strict=True))
    na = math.sqrt(sum(float(x) ** 2 for x in a))
    nb = math.sqrt(sum(float(y) ** 2 for y in b))
    return dot / (na * nb) if na > 0 and nb > 0 else 0.0


def relevance(description: str, bullets: Sequence[str], embed: Embed) -> list[float]:
    """Cosine similarity of each bullet to the audience description."""
    if not bullets:
        return []
    vectors = [[float(x) for x in v] for v in embed([description, *bullets])]
    return [_cosine(vectors[0], v) for v in vectors[1:]]


def select_bullets(bullets: Sequence[str], scores: Sequence[float], max_bullets: int) -> list[int]:
    """Indices of the bullets a variant shows, most relevant first (ties: the seller's order).

    The least relevant are dropped while there are more than ``max_bullets``, but a variant
    never keeps fewer than MIN_BULLETS (or all of them, when the product has fewer) and never
    drops them all."""
    ranked = sorted(range(len(bullets)), key=lambda i: (-scores[i], i))
    keep = max(min(len(bullets), MIN_BULLETS), min(len(bullets), max_bullets))
    return ranked[:keep]


# ------------------------------------------------------------------ derivation


def derive_variant(
    master: Project,
    profile: AudienceProfile,
    embed: Embed,
    overrides: VariantOverrides | None = None,
) -> Project:
    """A new project for ``profile``, derived from ``master`` (which is not changed).

    Bullets are ranked by cosine similarity between the profile's description and each bullet
    (``embed``: the studio's sentence embedder) and the most relevant kept, best first (see
    ``select_bullets``); the call to action, music mood and voice pace are the profile's; its
    hook is shown over the title (the product's tagline) and spoken before the master's title
    line, and its badge joins the price on the title card (the price alone is spoken). ``overrides`` (the seller's, from ``variants.json``)
    win over all of that.

    A planned master gives a planned variant: its scenes are rebuilt through
    ``core.storyboard.build_scenes`` for the kept bullets in their new order, keeping each
    scene's photo, framing and the seller's edits. An unplanned master gives an unplanned
    variant (its export plans it, bullets in the audience's order), without the hook and the
    badge, which need the title card: plan the master first, as the CLI and batch runs do.
    """
    o = overrides or VariantOverrides()
    variant = snapshot(master)
    product = variant.product
    master_bullets = list(master.product.bullets)

    keep = _kept_bullets(master_bullets, profile, embed, o)
    product.bullets = [master_bullets[i] for i in keep]
    for words in product.locales.values():  # translations are read by bullet position
        words.bullets = [words.bullets[i] if i < len(words.bullets) else "" for i in keep]
    cta = o.call_to_action if o.call_to_action is not None else profile.call_to_action
    if cta:
        product.call_to_action = cta
    mood = o.music_mood if o.music_mood is not None else profile.music_mood
    if mood:
        variant.music.mood = mood
    if o.music is not None:
        variant.music.source = "file"
        variant.music.path = o.music
    speed = o.voice_speed if o.voice_speed is not None else profile.voice_speed
    if speed is not None:
        variant.voice.speed = speed
    badge = o.badge if o.badge is not None else profile.badge
    hook = o.hook if o.hook is not None else profile.hook

    title = None
    if variant.timeline.scenes:
        _replan(variant, master, keep)
        title = next((s for s in variant.timeline.scenes if s.kind == "title"), None)
    if hook.strip():  # on screen over the title, as well as spoken before it
        product.tagline = hook.strip()
    if title is not None:
        # the master's title line as the re-plan left it: following the title and price
        # unless the seller rewrote it
        line = title.voice_line.strip() or title_voice_line(product.title, product.price)
        title.voice_line = f"{hook.strip()} {line}" if hook.strip() else line
        if badge:  # shown in the price's pill; the voice line above says the price alone
            price = product.price.strip()
            product.price = f"{price} · {badge}" if price else badge
    return variant


def _kept_bullets(
    bullets: list[str], profile: AudienceProfile, embed: Embed, o: VariantOverrides
) -> list[int]:
    if o.bullets is not None:
        index = {b: i for i, b in reversed(list(enumerate(bullets)))}
        chosen = [index[b] for b in dict.fromkeys(o.bullets) if b in index]
        if chosen:
            return chosen
    excluded = set(o.exclude)
    pool = [i for i, b in enumerate(bullets) if b not in excluded] or list(range(len(bullets)))
    scores = relevance(profile.description, [bullets[i] for i in pool], embed)
    return [
        pool[k] for k in select_bullets([bullets[i] for i in pool], scores, profile.max_bullets)
    ]


def _replan(variant: Project, master: Project, keep: list[int]) -> None:
    """Rebuild the variant's scenes for its bullets in their new order: the bullet scenes of
    dropped bullets go, the rest keep their photos and the seller's edits (matched by words)."""
    texts = {shorten(master.product.bullets[i]) for i in keep}
    scenes = [
        s
        for s in variant.timeline.scenes
        if s.kind != "bullet" or (s.source_text in texts if s.source_text else s.bullet in keep)
    ]
    for s in scenes:  # point each kept scene at its bullet's place in the variant
        if s.kind == "bullet" and s.bullet is not None and s.bullet in keep:
            s.bullet = keep.index(s.bullet)
    variant.timeline.scenes[:] = scenes
    variant.timeline.arranged = False  # the audience's order, not the master's
    title = next((s for s in scenes if s.kind == "title"), None)
    hero = title.image if title is not None and title.image else _first_image(variant)
    variant.timeline.scenes[:] = build_scenes(variant, [], hero, range(len(keep)))


def _first_image(project: Project) -> str:
    return project.images[0].path if len(project.images) else ""


# ------------------------------------------------------------------ variants.json


def _line(value: object, where: str, limit: int) -> str:
    if not isinstance(value, str):
        raise ProjectError(f"{where}: must be text")
    return check_text(" ".join(value.split()), where, limit)


def _bullet_list(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or len(value) > MAX_LISTED_BULLETS:
        raise ProjectError(f"{where}: a list of bullets (at most {MAX_LISTED_BULLETS})")
    return tuple(check_text(_line(b, where, 5000), where) for b in value)


def overrides_from_dict(data: object, root: Path, where: str) -> VariantOverrides:
    if not isinstance(data, dict):
        raise ProjectError(f"{where}: the changes for an audience are a JSON object")
    unknown = sorted(set(data) - OVERRIDE_KEYS)
    if unknown:
        raise ProjectError(
            f"{where}: unknown field {unknown[0]!r} (known: {', '.join(sorted(OVERRIDE_KEYS))})"
        )
    values: dict[str, Any] = {}
    for key, limit in (("hook", MAX_LINE_CHARS), ("call_to_action", MAX_LINE_CHARS)):
        if key in data:
            values[key] = _line(data[key], f"{where} {key}", limit)
    if "badge" in data:
        values["badge"] = _line(data["badge"], f"{where} badge", MAX_BADGE_CHARS)
    if "music_mood" in data:
        values["music_mood"] = check_mood(_line(data["music_mood"], where, 60), where)
    if "voice_speed" in data:
        values["voice_speed"] = check_speed(data["voice_speed"], where)
    if "bullets" in data:
        values["bullets"] = _bullet_list(data["bullets"], f"{where} bullets")
    if "exclude" in data:
        values["exclude"] = _bullet_list(data["exclude"], f"{where} exclude")
    if "music" in data:
        rel = safe_relative(_line(data["music"], f"{where} music", 500), root, f"{where} music")
        if not (root / rel).is_file():
            raise ProjectError(f"{where} music: {rel!r} is not a file in the product folder")
        values["music"] = rel
    return VariantOverrides(**values)


def read_overrides(root: Path) -> dict[str, VariantOverrides]:
    """The seller's changes per audience slug from ``root/variants.json`` (none: {}). A file
    that cannot be used is one ProjectError naming it; it is never rewritten here."""
    path = Path(root) / VARIANTS_FILE
    if not path.exists() and not path.is_symlink():
        return {}
    try:
        safe_relative(VARIANTS_FILE, Path(root), VARIANTS_FILE)
        text, _ = decode_text(read_small_file(path, MAX_VARIANTS_BYTES), path.name)
        doc = json.loads(text)
    except FileNotFoundError:
        raise ProjectError(f"{VARIANTS_FILE}: a link to a file that does not exist") from None
    except (OSError, ValueError) as exc:
        raise ProjectError(f"{VARIANTS_FILE}: cannot be read ({exc})") from None
    if not isinstance(doc, dict) or doc.get("format", VARIANTS_FORMAT) != VARIANTS_FORMAT:
        raise ProjectError(f"{VARIANTS_FILE}: not a file of audience variants")
    audiences = doc.get("audiences", {})
    if not isinstance(audiences, dict):
        raise ProjectError(f"{VARIANTS_FILE} audiences: an object, audience name -> changes")
    out: dict[str, VariantOverrides] = {}
    for name, changes in audiences.items():
        where = f"{VARIANTS_FILE} {check_text(str(name), VARIANTS_FILE, 60)!r}"
        out[audience_slug(name)] = overrides_from_dict(changes, Path(root), where)
    return out


def overrides_to_dict(o: VariantOverrides) -> dict[str, Any]:
    doc: dict[str, Any] = {}
    for key in sorted(OVERRIDE_KEYS):
        value = getattr(o, key)
        if value is None or (key == "exclude" and not value):
            continue
        doc[key] = list(value) if isinstance(value, tuple) else value
    return doc


def write_overrides(root: Path, overrides: Mapping[str, VariantOverrides]) -> Path:
    """Write ``root/variants.json`` atomically (audiences with no changes left out)."""
    audiences = {
        audience_slug(name): overrides_to_dict(o)
        for name, o in overrides.items()
        if overrides_to_dict(o)
    }
    path = Path(root) / VARIANTS_FILE
    doc = {"format": VARIANTS_FORMAT, "audiences": audiences}
    atomic_write_text(path, json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    return path


def override(root: Path, audience: str, **changes: Any) -> VariantOverrides:
    """Record the seller's changes for one audience (None clears a field) and return them."""
    current = read_overrides(root)
    slug = audience_slug(audience)
    merged = {**overrides_to_dict(current.get(slug, VariantOverrides())), **changes}
    merged = {k: v for k, v in merged.items() if v is not None}
    o = overrides_from_dict(merged, Path(root), f"{VARIANTS_FILE} {audience!r}")
    write_overrides(root, {**current, slug: o})
    return o


def variant_names(profiles: Iterable[AudienceProfile]) -> list[str]:
    """Output-name suffixes, one per profile; ProjectError when two would be the same."""
    slugs = [p.slug for p in profiles]
    dup = next((s for s in slugs if slugs.count(s) > 1), None)
    if dup is not None:
        raise ProjectError(f"audience {dup!r} is named twice")
    return slugs
