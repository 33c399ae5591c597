"""Plan which photo illustrates which bullet, which photo opens the video, and the bullet order.

``plan_job`` is a cancellable job (a generator yielding Progress, returning a Plan): it
analyses every image (cached), gathers evidence per (bullet, image), and lets the fitted fusion
model (``fusion.py``) decide. Every match carries a calibrated confidence, whether any photo
shows the bullet at all, short reasons a seller can read (including what argued against), and
a focus region.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from studio.analysis.base import Evidence, EvidenceSource
from studio.analysis.context import MatchContext
from studio.analysis.features import HERO_FEATURES, PAIR_FEATURES, ListingFeatures, listing_features
from studio.analysis.fusion import FusionModel, decide, order_bullets, shipped_model
from studio.analysis.image_features import ImageAnalysis, analyze_images
from studio.analysis.parts import part_focus
from studio.analysis.registry import default_sources
from studio.core.errors import MediaError, ProjectError
from studio.core.geometry import Rect
from studio.core.model import Project
from studio.core.progress import Progress

REASON_MIN = 0.05  # contribution (in log-odds) a piece of evidence needs to be named
AGAINST_SHARE = 0.6  # a rival photo this close in probability is named as a doubt
HERO_REASONS = {
    "general view": "a clean view of the whole product",
    "centred": "the product is centred",
    "sized": "the product fills the frame well",
    "main colour": "in the colour most photos show",
    "described colour": "in the colour the text names first",
    "repeated view": "the view the seller repeated for every variant",
    "detail": "the side with the most detail",
    "salient strength": "the product stands out clearly",
    "salient centred": "the product sits in the middle",
    "facing": "the model faces the camera",
    "whole set": "every piece of the set together",
    "typical view": "what the other photos show parts of",
}


@dataclass
class Match:
    bullet: int  # index into Product.bullets
    image: str  # ImageAsset.path
    confidence: float  # 0..1: calibrated probability that the photo is a right one
    reasons: list[str]
    focus: Rect | None = None  # region of the image that matters, image coordinates
    shown: bool = True  # False: no photo shows what the bullet says; the image is a general view

    def to_json(self) -> dict[str, Any]:
        return {
            "bullet": self.bullet,
            "image": self.image,
            "confidence": round(float(self.confidence), 2),
            "reasons": list(self.reasons),
            "focus": self.focus.to_list() if self.focus is not None else None,
            "shown": self.shown,
        }


@dataclass
class Plan:
    matches: list[Match]  # one per bullet, by bullet index
    hero: str  # ImageAsset.path of the opening image
    order: list[int]  # bullet indices in presentation order
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (image, why) not usable
    hero_reasons: list[str] = field(default_factory=list)
    # Photos of the product in use: a scene behind it, or a person wearing it.
    lifestyle: list[str] = field(default_factory=list)

    def match_for(self, bullet: int) -> Match | None:
        return next((m for m in self.matches if m.bullet == bullet), None)

    def to_json(self, details: bool = False) -> dict[str, Any]:
        """The stable contract: {"matches": [...], "hero": ..., "order": [...]}.

        ``details`` adds "skipped" and "hero_reasons" for tools that want them.
        """
        out: dict[str, Any] = {
            "matches": [m.to_json() for m in self.matches],
            "hero": self.hero,
            "order": list(self.order),
        }
        if details:
            out["skipped"] = [{"image": img, "reason": why} for img, why in self.skipped]
            out["hero_reasons"] = list(self.hero_reasons)
        return out


@dataclass
class Gathered:
    """A listing's analysed photos, its evidence and the features the model weighs."""

    names: list[str]
    analyses: list[ImageAnalysis]
    skipped: list[tuple[str, str]]
    ctx: MatchContext
    evidence: dict[str, Evidence]
    features: ListingFeatures


def _locked_from(
    project: Project, locked: dict[int, str] | None
) -> dict[int, tuple[str, Rect | None]]:
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
    unique = list(
        dict.fromkeys(asset.path for asset in project.images)
    )  # a photo listed twice is one candidate
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


def same_view_test(
    names: list[str], analyses: list[ImageAnalysis]
) -> Callable[[str | None, str | None], bool]:
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


def gather(
    project: Project,
    *,
    sources: list[EvidenceSource] | None = None,
    embed: Callable[[list[str]], np.ndarray] | None = None,
    clip_path: Path | None = None,
) -> Generator[Progress, None, Gathered]:
    """Analyse the project's photos and collect every piece of evidence. Raises ProjectError
    when no image at all can be used."""
    names, analyses, skipped = yield from _analyse_all(project)
    if not names:
        detail = "; ".join(f"{img}: {why}" for img, why in skipped) or "the project has no images"
        raise ProjectError(f"no usable product image to plan with ({detail})")
    yield Progress("Matching", 0, None, "Comparing bullets with images")
    if embed is None:
        from studio.analysis.text import embed as embed_texts

        embed = embed_texts
    paths = [project.image_path(n) for n in names]
    ctx = MatchContext(
        project.product.title, list(project.product.bullets), names, analyses, embed, paths
    )
    ctx.prefetch()
    chosen = sources if sources is not None else default_sources(clip_path)
    evidence = {s.name: s.collect(ctx) for s in chosen} if ctx.bullets else {}
    return Gathered(names, analyses, skipped, ctx, evidence, listing_features(ctx, evidence))


def _source_of(feature: str) -> str:
    return feature.split(" x ")[0]


def _explain(model: FusionModel, g: Gathered, b: int, i: int) -> tuple[list[str], Rect | None]:
    """What spoke for photo i for bullet b, strongest first, and the region it came from."""
    f = g.features
    parts = f.pair[b, i] * model.pair_weights
    tied = f.tied[b, i] * model.tied_weights
    weight: dict[str, float] = {}
    for name, v in zip(PAIR_FEATURES, parts, strict=True):
        weight[_source_of(name)] = weight.get(_source_of(name), 0.0) + float(v)
    from studio.analysis.features import TIED

    for name, v in zip(TIED, tied, strict=True):
        weight[name] = weight.get(name, 0.0) + float(v)
    reasons: list[str] = []
    focus: tuple[float, Rect] | None = None
    for source, w in sorted(weight.items(), key=lambda kv: -kv[1]):
        ev = g.evidence.get(source)
        if ev is None or w < REASON_MIN:
            continue
        why = ev.reasons.get((b, i))
        if why and why not in reasons and len(reasons) < 3:
            reasons.append(why)
        rect = ev.focus.get((b, i))
        if rect is not None and (focus is None or w > focus[0]):
            focus = (w, rect)
    return reasons, focus[1] if focus else None


def _hero_reasons(model: FusionModel, g: Gathered, i: int) -> list[str]:
    parts = g.features.image[i] * model.hero_weights
    mean = g.features.image.mean(axis=0) * model.hero_weights
    lift = parts - mean  # what sets this photo apart from the others
    out = [
        HERO_REASONS[n]
        for n, v in sorted(zip(HERO_FEATURES, lift, strict=True), key=lambda kv: -kv[1])
        if v >= REASON_MIN and n in HERO_REASONS
    ]
    return out[:3] or ["the clearest general view"]


def plan_job(
    project: Project,
    *,
    locked: dict[int, str] | None = None,
    sources: list[EvidenceSource] | None = None,
    embed: Callable[[list[str]], np.ndarray] | None = None,
    clip_path: Path | None = None,
    model: FusionModel | None = None,
) -> Generator[Progress, None, Plan]:
    """Analyse the project's images and plan bullet -> image matches, the hero and the order.

    ``locked`` maps bullet index -> image path that must be kept (locked timeline scenes are
    kept too). ``clip_path`` names a local CLIP/SigLIP checkpoint folder whose image-text
    similarity joins the evidence (ignored when ``sources`` is given). Images that cannot be
    decoded are skipped and listed in ``Plan.skipped``. Raises ProjectError when no image at
    all can be used.
    """
    model = model or shipped_model()
    bullets = list(project.product.bullets)
    locks = _locked_from(project, locked)
    g = yield from gather(project, sources=sources, embed=embed, clip_path=clip_path)
    names, analyses = g.names, g.analyses
    index_of = {n: i for i, n in enumerate(names)}

    locked_title = next(
        (s.image for s in project.timeline if s.kind == "title" and s.locked and s.image), None
    )
    hero_lock = index_of.get(locked_title) if locked_title else None
    lock_idx = {b: index_of[img] for b, (img, _) in locks.items() if img in index_of}
    yield Progress("Matching", 1, 2, "Assigning images")
    d = decide(model, g.features, lock_idx, hero_lock)
    if locked_title:
        hero, hero_why = locked_title, ["locked by you"]
    else:
        hero, hero_why = names[d.hero], _hero_reasons(model, g, d.hero)
    if not bullets:
        return Plan([], hero, [], g.skipped, hero_why)

    matches: list[Match] = []
    for b in range(len(bullets)):
        if b in locks:
            img, focus = locks[b]
            i = index_of.get(img)
            if focus is None and i is not None:
                focus = analyses[i].product_box
            matches.append(Match(b, img, 1.0, ["locked by you"], focus))
            continue
        i = d.picks[b]
        shown = bool(d.shown[b] >= model.shown_threshold)
        reasons, focus = _explain(model, g, b, i)
        if not shown:
            care = g.ctx.non_visual[b].word
            about = f' ("{care}")' if care else ""
            reasons = [f"no photo shows this{about}: a clear general view"]
        else:
            reasons = reasons or ["no specific evidence: a clear general view"]
            reasons += _doubts(d.probs[b], i, names, d.picks, b)
        if focus is None:
            focus = part_focus(bullets[b], analyses[i]) if shown else None
        matches.append(
            Match(b, names[i], d.confidence[b], reasons, focus or analyses[i].product_box, shown)
        )

    image_of = {m.bullet: m.image for m in matches}
    order = order_bullets(
        len(bullets), image_of, [not m.shown for m in matches], same_view_test(names, analyses)
    )
    yield Progress("Matching", 2, 2, "Done")
    lifestyle = [n for n, a in zip(names, analyses, strict=True) if lifestyle_shot(a)]
    return Plan(matches, hero, order, g.skipped, hero_why, lifestyle)


def lifestyle_shot(a: ImageAnalysis) -> bool:
    """The product in use: photographed in a setting rather than on a plain backdrop, or worn."""
    return not a.is_plain_background or a.worn


def _doubts(
    probs: np.ndarray, i: int, names: list[str], picks: dict[int, int], b: int
) -> list[str]:
    """What argued against the pick: a photo the model liked as much or more."""
    rivals = [j for j in np.argsort(-probs) if j != i]
    if not rivals:
        return []
    j = int(rivals[0])
    if probs[j] < AGAINST_SHARE * probs[i]:
        return []
    other = next((c for c, k in picks.items() if k == j and c != b), None)
    if probs[j] > probs[i] and other is not None:
        return [f"against: {names[j]} fits as well or better, but shows bullet {other + 1}"]
    return [f"against: {names[j]} is almost as likely ({probs[j]:.0%} vs {probs[i]:.0%})"]
