"""Plan which photo illustrates which bullet, which photo opens the video, and the bullet order.

``plan_job`` is a cancellable job (a generator yielding Progress, returning a Plan): it
analyses every image (cached), gathers evidence per (bullet, image), fuses it, and assigns
images globally. Every match carries short reasons a seller can read and a focus region.
"""
from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from studio.analysis.context import MatchContext
from studio.analysis.evidence import EvidenceSource, default_sources
from studio.analysis.fusion import assign, confidence, fuse, order_bullets
from studio.analysis.hero import hero_scores
from studio.analysis.image_features import ImageAnalysis, analyze_images
from studio.core.errors import MediaError, ProjectError
from studio.core.geometry import Rect
from studio.core.model import Project
from studio.core.progress import Progress

NON_VISUAL_CONFIDENCE = 0.15


@dataclass
class Match:
    bullet: int  # index into Product.bullets
    image: str  # ImageAsset.path
    confidence: float  # 0..1
    reasons: list[str]
    focus: Rect | None = None  # region of the image that matters, image coordinates

    def to_json(self) -> dict:
        return {
            "bullet": self.bullet,
            "image": self.image,
            "confidence": round(float(self.confidence), 2),
            "reasons": list(self.reasons),
            "focus": self.focus.to_list() if self.focus is not None else None,
        }


@dataclass
class Plan:
    matches: list[Match]  # one per bullet, by bullet index
    hero: str  # ImageAsset.path of the opening image
    order: list[int]  # bullet indices in presentation order
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (image, why) not usable
    hero_reasons: list[str] = field(default_factory=list)

    def match_for(self, bullet: int) -> Match | None:
        return next((m for m in self.matches if m.bullet == bullet), None)

    def to_json(self, details: bool = False) -> dict:
        """The stable contract: {"matches": [...], "hero": ..., "order": [...]}.

        ``details`` adds "skipped" and "hero_reasons" for tools that want them.
        """
        out: dict = {
            "matches": [m.to_json() for m in self.matches],
            "hero": self.hero,
            "order": list(self.order),
        }
        if details:
            out["skipped"] = [{"image": img, "reason": why} for img, why in self.skipped]
            out["hero_reasons"] = list(self.hero_reasons)
        return out


def _locked_from(project: Project, locked: dict[int, str] | None) -> dict[int, tuple[str, Rect | None]]:
    """Bullet -> (image, focus) of locked timeline scenes, overridden by the caller's locks."""
    out: dict[int, tuple[str, Rect | None]] = {}
    for scene in project.timeline:
        if scene.locked and scene.bullet is not None and scene.image:
            out[int(scene.bullet)] = (scene.image, scene.focus)
    for b, img in (locked or {}).items():
        out[int(b)] = (img, None)
    n = len(project.product.bullets)
    return {b: v for b, v in out.items() if 0 <= b < n}


Analysed = tuple[list[str], list[ImageAnalysis], list[tuple[str, str]]]


def _analyse_all(project: Project) -> Generator[Progress, None, Analysed]:
    total = len(project.images)
    unique = list(dict.fromkeys(asset.path for asset in project.images))  # a photo listed twice is one candidate
    jobs = analyze_images([project.image_path(p) for p in unique])
    started = 0
    try:
        while True:
            k = next(jobs)
            yield Progress("Analysing images", started, total, unique[k])
            started += 1
    except StopIteration as finished:
        results = finished.value
    names, analyses, skipped = [], [], []
    for name, result in zip(unique, results, strict=True):
        if isinstance(result, MediaError):
            skipped.append((name, result.reason))
        else:
            names.append(name)
            analyses.append(result)
    yield Progress("Analysing images", total, total, "")
    return names, analyses, skipped


def same_view_test(names: list[str], analyses: list[ImageAnalysis]) -> Callable[[str | None, str | None], bool]:
    """Are two images the same photo or near-duplicates (by their ImageNet embeddings)?"""
    from studio.analysis.recognition import NEAR_DUPLICATE, similarity_matrix

    sims = similarity_matrix([a.vector() for a in analyses])
    index = {n: i for i, n in enumerate(names)}

    def same(a: str | None, b: str | None) -> bool:
        if a == b:
            return True
        i, j = index.get(a or ""), index.get(b or "")
        return i is not None and j is not None and bool(sims[i, j] >= NEAR_DUPLICATE)

    return same


def plan_job(
    project: Project,
    *,
    locked: dict[int, str] | None = None,
    sources: list[EvidenceSource] | None = None,
    embed: Callable[[list[str]], np.ndarray] | None = None,
    clip_path: Path | None = None,
) -> Generator[Progress, None, Plan]:
    """Analyse the project's images and plan bullet -> image matches, the hero and the order.

    ``locked`` maps bullet index -> image path that must be kept (locked timeline scenes are
    kept too). ``clip_path`` names a local CLIP/SigLIP checkpoint folder whose image-text
    similarity joins the evidence (ignored when ``sources`` is given). Images that cannot be decoded are skipped and listed in ``Plan.skipped``.
    Raises ProjectError when no image at all can be used.
    """
    bullets = list(project.product.bullets)
    locks = _locked_from(project, locked)
    names, analyses, skipped = yield from _analyse_all(project)
    if not names:
        detail = "; ".join(f"{img}: {why}" for img, why in skipped) or "the project has no images"
        raise ProjectError(f"no usable product image to plan with ({detail})")

    yield Progress("Matching", 0, None, "Comparing bullets with images")
    if embed is None:
        from studio.analysis.text import embed as embed_texts

        embed = embed_texts
    paths = [project.image_path(n) for n in names]
    ctx = MatchContext(project.product.title, bullets, names, analyses, embed, paths)
    ctx.prefetch()
    h_scores, h_reasons = hero_scores(ctx)
    hero_index: int | None = int(np.argmax(h_scores))
    hero, hero_why = names[hero_index], h_reasons[hero_index]
    locked_title = next(
        (s.image for s in project.timeline if s.kind == "title" and s.locked and s.image), None
    )
    if locked_title:
        hero, hero_why = locked_title, ["locked by you"]
        hero_index = names.index(locked_title) if locked_title in names else None
    if not bullets:
        return Plan([], hero, [], skipped, hero_why)

    evidence = [s.collect(ctx) for s in (sources if sources is not None else default_sources(clip_path))]
    fused = fuse(ctx, evidence)
    yield Progress("Matching", 1, 2, "Assigning images")

    index_of = {n: i for i, n in enumerate(names)}
    uses: dict[int, int] = {}
    for img, _ in locks.values():
        if img in index_of:
            uses[index_of[img]] = uses.get(index_of[img], 0) + 1
    free = [b for b in range(len(bullets)) if b not in locks]
    visual_free = [b for b in free if not fused.non_visual[b]]
    first = visual_free[0] if visual_free else (free[0] if free else None)
    chosen = assign(fused.scores, free, uses, hero_index, first)

    matches: list[Match] = []
    for b in range(len(bullets)):
        if b in locks:
            img, focus = locks[b]
            i = index_of.get(img)
            if focus is None and i is not None:
                focus = analyses[i].product_box
            matches.append(Match(b, img, 1.0, ["locked by you"], focus))
            continue
        i = chosen[b]
        cell = (b, i)
        reasons = [r for _, r in fused.contributions.get(cell, [])][:3]
        if fused.non_visual[b]:
            word = ctx.non_visual[b].word
            reasons = [f'nothing visual to show for "{word}": a general view']
            conf = NON_VISUAL_CONFIDENCE
        else:
            conf = confidence(fused.scores, b, i, bool(reasons))
            if not reasons:
                reasons = ["no specific evidence: a clear general view"]
        focus = fused.focus[cell][1] if cell in fused.focus else analyses[i].product_box
        matches.append(Match(b, names[i], conf, reasons, focus))

    image_of = {m.bullet: m.image for m in matches}
    order = order_bullets(len(bullets), image_of, fused.non_visual, same_view_test(names, analyses))
    yield Progress("Matching", 2, 2, "Done")
    return Plan(matches, hero, order, skipped, hero_why)
