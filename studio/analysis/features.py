"""The evidence of one listing as numbers a fitted model can weigh.

Three tables:
- pair features (bullets, images, K): one column per kind of evidence for "this photo shows
  this bullet", some crossed with what the bullet asks to see (a close-up matters for a part);
- bullet features (bullets, Kb): does any photo show this bullet at all (care, materials and
  claims usually not);
- image features (images, Kh): how well each photo opens the video.

The matcher and the fitting bench (bench/match_quality.py) build them with this one module, so
the model is fitted on exactly what it later sees.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from studio.analysis.base import Evidence, centred
from studio.analysis.colours import colour_terms, colour_words, palette_closeness
from studio.analysis.context import MatchContext
from studio.analysis.cues import CUES
from studio.analysis.quality import general_view_quality
from studio.analysis.visual import iou
from studio.analysis.words import content_words, tokens, word_list

# Evidence sources weighed directly, then the crossed terms.
PAIR_SOURCES = (
    "text",
    "ocr",
    "ocr title",
    "colour",
    "shade",
    "close-up",
    "in hand",
    "colour range",
    "back view",
    "front view",
    "infographic",
    "general view",
    "recognised",
    "region",
    "detail side",
)
PAIR_FEATURES = (
    *PAIR_SOURCES,
    "close-up x part",
    "general view x part",
    "ocr x spec",
    "colour x colour",
    "main variant",
    "good general view",
    "cut by frame",
)
# Sources the labelled listings cannot teach: their file names carry no meaning, and no CLIP
# checkpoint ships. Their weight is tied to a fitted one, by a stated prior.
TIED = {"file name": ("ocr", 0.4), "clip": ("text", 1.3)}

# What was known before fitting: the hand-set weights the matcher used (crossed terms from its
# intent gains). Fitting refines them; bench/match_quality.py reports the effect.
PAIR_PRIOR: dict[str, float] = {
    "text": 1.5,
    "ocr": 1.0,
    "ocr title": 1.0,
    "colour": 1.2,
    "shade": 1.2,
    "close-up": 0.8,
    "in hand": 0.6,
    "colour range": 0.8,
    "back view": 1.0,
    "front view": 0.6,
    "infographic": 0.6,
    "general view": 0.3,
    "recognised": 1.0,
    "region": 0.5,
    "detail side": 0.5,
    "close-up x part": 0.4,
    "general view x part": -0.15,
    "ocr x spec": 0.3,
    "colour x colour": 0.6,
}
HERO_PRIOR: dict[str, float] = {
    "general view": 2.0,
    "centred": 0.4,
    "sized": 0.2,
    "skin": -0.3,
    "colour range": -0.3,
    "several pieces": -0.3,
    "fill": 0.3,
    "main colour": 0.5,
    "described colour": 0.4,
    "repeated view": 0.4,
    "detail": 0.3,
}

BULLET_FEATURES = (
    "care words",
    "part",
    "view",
    "colour",
    "use",
    "spec",
    "non-visual",
    "asks to see",
    "evidence",
    "printed",
    "length",
    "names a colour",
)
HERO_FEATURES = (
    "general view",
    "centred",
    "sized",
    "skin",
    "colour range",
    "several pieces",
    "fill",
    "main colour",
    "described colour",
    "repeated view",
    "detail",
    "salient area",
    "cut by frame",
    "salient strength",
    "salient parts",
    "salient centred",
    "close-up",
    "call-outs",
    "facing",
    "whole set",
    "typical view",
)
# Words that say the product is several items sold together: its opening shot shows them all.
SET_WORDS = frozenset(
    word_list("set kit bundle pack pcs pc piece pieces includes included combo duo trio")
)


@dataclass
class ListingFeatures:
    pair: np.ndarray  # (bullets, images, len(PAIR_FEATURES))
    tied: np.ndarray  # (bullets, images, len(TIED)): sources with prior weights
    bullet: np.ndarray  # (bullets, len(BULLET_FEATURES) - 1): all but "evidence" (needs the model)
    image: np.ndarray  # (images, len(HERO_FEATURES))
    wording: np.ndarray  # (bullets, 384): the bullets' sentence embeddings, without the title


def _intent(ctx: MatchContext, kind: str) -> np.ndarray:
    return np.array([i[kind] for i in ctx.intents], np.float32)


def pair_features(
    ctx: MatchContext, evidence: dict[str, Evidence]
) -> tuple[np.ndarray, np.ndarray]:
    nb, ni = ctx.shape
    zero = np.zeros((nb, ni), np.float32)

    def ev(name: str) -> np.ndarray:
        e = evidence.get(name)
        return e.scores.astype(np.float32) if e is not None else zero

    part, spec, colour = (_intent(ctx, k)[:, None] for k in ("part", "spec", "colour"))
    closeup = next(c for c in CUES if c.name == "close-up")
    asks_closeup = np.array([a.strength for a in ctx.cue_affinity(closeup)], np.float32)[:, None]
    edge = np.array([a.salient.edge if a.salient else a.closeup for a in ctx.analyses], np.float32)[
        None, :
    ]
    columns = [ev(s) for s in PAIR_SOURCES] + [
        ev("close-up") * part,
        ev("general view") * part,
        ev("ocr") * spec,
        ev("colour") * colour,
        np.broadcast_to(_main_variant(ctx)[None, :], (nb, ni)),
        np.broadcast_to(_good_general_view(ctx)[None, :], (nb, ni)),
        centred(np.broadcast_to(edge, (nb, ni))) * np.maximum(asks_closeup, part),
    ]
    tied = [ev(s) for s in TIED]
    return np.stack(columns, axis=-1), np.stack(tied, axis=-1)


def _main_variant(ctx: MatchContext) -> np.ndarray:
    """Centred, per photo: the share of the listing's other photos in its main colour. A bullet
    about a part is best shown on the variant the seller photographed most."""
    mains = [a.colours[0][0] if a.colours else "" for a in ctx.analyses]
    n = len(mains)
    votes = Counter(m for m in mains if m)
    share = np.array([(votes[m] - 1) / (n - 1) if n > 1 and m else 0.0 for m in mains], np.float32)
    return share - share.mean() if n else share


def _good_general_view(ctx: MatchContext) -> np.ndarray:
    """Centred, per photo: how good an opening shot it is by the prior hero weights (not the
    fitted ones, which learn from the pair model's own mistakes otherwise). Sellers show a part
    on their best general photo when they have no close-up of it."""
    if not ctx.analyses:
        return np.zeros(0, np.float32)
    quality = image_features(ctx) @ prior_vector(HERO_PRIOR, HERO_FEATURES)
    spread = float(quality.std()) or 1.0
    result: np.ndarray = ((quality - quality.mean()) / spread).astype(np.float32)
    return result


def bullet_features(ctx: MatchContext, evidence: dict[str, Evidence]) -> np.ndarray:
    """Per bullet, everything but "evidence" (how strongly the model prefers one photo)."""
    nb, _ = ctx.shape
    ocr = evidence.get("ocr")
    printed = (
        ocr.scores.max(axis=1) if ocr is not None and ocr.scores.size else np.zeros(nb, np.float32)
    )
    rows = []
    for b, bullet in enumerate(ctx.bullets):
        intent = ctx.intents[b]
        rows.append(
            [
                ctx.non_visual[b].strength,
                intent["part"],
                intent["view"],
                intent["colour"],
                intent["use"],
                intent["spec"],
                intent["non-visual"],
                float(ctx.visual_asks[b]),
                float(printed[b]),
                float(np.log1p(len(content_words(bullet)))),
                1.0 if colour_words(bullet) else 0.0,
            ]
        )
    return np.array(rows, np.float32).reshape(nb, len(BULLET_FEATURES) - 1)


def with_evidence_strength(bullet: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """Insert "evidence": how far the best photo's score stands above the listing's mean."""
    strength = (scores.max(axis=1) - scores.mean(axis=1)) if scores.size else np.zeros(len(bullet))
    k = BULLET_FEATURES.index("evidence")
    return np.insert(bullet, k, strength, axis=1)


def image_features(ctx: MatchContext) -> np.ndarray:
    """Per photo, what makes a good opening shot: a clean, centred, whole view of the main variant."""
    analyses = ctx.analyses
    n = len(analyses)
    mains = [a.colours[0][0] if a.colours else "" for a in analyses]
    votes = Counter(m for m in mains if m)
    described = [t for text in [ctx.title, *ctx.bullets] for t in colour_terms(text)]
    first_shade = np.array(described[0].oklab, np.float32) if described else None
    is_set = any(w in SET_WORDS for text in [ctx.title, *ctx.bullets] for w in tokens(text))
    silhouettes = [a.silhouette_mask() for a in analyses]
    most_detail = max((a.detail for a in analyses), default=0.0) or 1.0
    typical = _typical_view(analyses)
    rows = []
    for i, a in enumerate(analyses):
        box = a.product_box
        area = box.w * box.h
        s = a.salient
        twins = sum(iou(silhouettes[i], silhouettes[j]) >= 0.95 for j in range(n) if j != i)
        rows.append(
            [
                general_view_quality(a),
                1.0 - min(1.0, abs(box.cx - 0.5) * 2 + abs(box.cy - 0.5) * 2),
                1.0 if 0.12 <= area <= 0.9 else 0.0,
                float(np.clip((a.skin - 0.12) / 0.2, 0.0, 1.0)),
                1.0 if a.hues >= 4 else 0.0,
                1.0 if a.pieces >= 2 else 0.0,
                float(np.clip(a.fill / 0.35, 0.0, 1.0)),
                (votes[mains[i]] - 1) / (n - 1) if n > 1 and mains[i] else 0.0,
                float(palette_closeness(a.palette, first_shade)[0])
                if n > 1 and first_shade is not None
                else 0.0,
                min(1.0, twins / 2.0),
                a.detail / most_detail,
                s.area if s else a.fill,
                s.edge if s else a.closeup,
                s.strength if s else 0.0,
                1.0 if s and s.parts >= 2 else 0.0,
                (1.0 - min(1.0, abs(s.box.cx - 0.5) * 2 + abs(s.box.cy - 0.5) * 2)) if s else 0.0,
                a.closeup,
                min(1.0, a.annotation_area / 0.02),
                1.0 if a.facing else 0.0,
                1.0 if is_set and ((s and s.parts >= 2) or a.pieces >= 2) else 0.0,
                float(typical[i]),
            ]
        )
    return np.array(rows, np.float32).reshape(n, len(HERO_FEATURES))


def _typical_view(analyses: list) -> np.ndarray:
    """Centred, per photo: how alike it is to the listing's other photos (mean cosine of the
    image embeddings). The opening shot shows what the other photos show parts of."""
    n = len(analyses)
    vectors = [a.vector() for a in analyses]
    if n < 3 or any(not v.size for v in vectors):
        return np.zeros(n, np.float32)
    m = np.stack(vectors).astype(np.float32)
    sim = m @ m.T
    mean = (sim.sum(axis=1) - np.diag(sim)) / (n - 1)
    spread = float(mean.std()) or 1.0
    return ((mean - mean.mean()) / spread).astype(np.float32)


def listing_features(ctx: MatchContext, evidence: dict[str, Evidence]) -> ListingFeatures:
    pair, tied = pair_features(ctx, evidence)
    wording = ctx.bullet_vectors if ctx.bullets else np.zeros((0, 384), np.float32)
    return ListingFeatures(
        pair,
        tied,
        bullet_features(ctx, evidence),
        image_features(ctx),
        np.asarray(wording, np.float32),
    )


def prior_vector(prior: dict[str, float], names: tuple[str, ...]) -> np.ndarray:
    return np.array([prior.get(n, 0.0) for n in names], float)
