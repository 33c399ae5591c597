"""The product in another language: a project of its own, made from the main one.

The seller writes the translations (no translation model ships): ``bullets.<code>.txt``,
``product.<code>.toml`` and ``quotes.<code>.txt`` beside the photos, or the studio's
language tabs. Bullet *n* of a translation is bullet *n* of the main language, so the
translated video keeps the main plan: every scene's photo, framing, motion, timing and order,
with the words replaced. Words the seller rewrote in the main language are not carried over
(they are in the wrong language); a translation with fewer bullets drops the scenes of the
rest, one with more gets scenes on the opening photo.
"""

from __future__ import annotations

from studio.core.errors import ProjectError
from studio.core.intake import shorten
from studio.core.model import LocaleText, Project
from studio.core.project_io import snapshot
from studio.core.storyboard import build_scenes


def locale_text(project: Project, code: str) -> LocaleText:
    """The translation for ``code``; a clear error naming the ones there are."""
    found = project.product.locales.get(code)
    if found is None:
        have = ", ".join(sorted(project.product.locales)) or "none"
        raise ProjectError(
            f"the product has no {code!r} translation (it has: {have}); write "
            f"bullets.{code}.txt and product.{code}.toml beside the photos"
        )
    if not found.bullets:
        raise ProjectError(f"the {code!r} translation has no bullets: write bullets.{code}.txt")
    return found


def spoken_title(title: str, price: str) -> str:
    """The title card's voice line in any language: the name, then the price as written."""
    line = title.strip().rstrip(".!。！") + "."
    return f"{line} {price.strip()}." if price.strip() else line


def localised(project: Project, code: str, voice: str | None) -> Project:
    """The product in ``code`` as a new project (``project`` is not changed), read by
    ``voice`` (a voice id), or with no voice lines at all when ``voice`` is None (captions
    and music only)."""
    text = locale_text(project, code)
    out = snapshot(project)
    product = out.product
    product.title = text.title or project.product.title  # a product name often stays
    product.bullets = list(text.bullets)
    product.price = text.price or project.product.price
    product.tagline = text.tagline  # a line in the main language stays out of the video
    product.call_to_action = text.call_to_action
    product.quotes = list(text.quotes)
    product.locales = {}
    if voice is not None:
        out.voice.voice = voice

    scenes = out.timeline.scenes
    if scenes:
        order = [s.bullet for s in scenes if s.kind == "bullet" and s.bullet is not None]
        keep = [s for s in scenes if s.kind != "bullet" or (s.bullet or 0) < len(text.bullets)]
        for s in keep:
            s.caption = s.voice_line = s.source_text = ""
            s.take, s.takes = None, []
        scenes[:] = keep
        title = next((s for s in keep if s.kind == "title"), None)
        hero = title.image if title is not None and title.image else ""
        order += [b for b in range(len(text.bullets)) if b not in order]
        scenes[:] = build_scenes(out, [], hero, order)
        for s in scenes:
            if s.kind == "title":
                s.caption = product.title
                s.voice_line = spoken_title(product.title, product.price)
            elif s.kind == "cta":
                s.caption = s.voice_line = product.call_to_action
            elif s.kind == "bullet" and s.bullet is not None:
                s.caption = s.voice_line = shorten(text.bullets[s.bullet])
    if voice is None:
        for s in out.timeline.scenes:
            s.voice_line = ""
    return out
