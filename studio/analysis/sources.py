"""The built-in evidence sources: text similarity, printed words, file names, colours, the kind
of view a bullet asks for, the side that carries the details, and a general view.

Each is an EvidenceSource (see ``base``); ``registry.default_sources`` lists them.
"""

from __future__ import annotations

import numpy as np

from studio.analysis.base import Evidence, centred
from studio.analysis.colours import colour_terms, colour_words, palette_closeness
from studio.analysis.context import MatchContext, file_name_words
from studio.analysis.cues import CUES, VisualCue, back_view, front_view
from studio.analysis.ocr import OcrLine
from studio.analysis.quality import general_view_quality
from studio.analysis.words import stem, tokens, word_match

MIN_PROMINENCE = (
    0.3  # weight of an OCR hit in the smallest print, relative to the image's tallest line
)


class TextSimilarity:
    """Embedding similarity of the bullet to the image's evidence text."""

    name = "text"

    def collect(self, ctx: MatchContext) -> Evidence:
        raw = ctx.bullet_vectors @ ctx.evidence_vectors.T
        scores = centred(raw)
        ev = Evidence(self.name, scores)
        for (b, i), s in np.ndenumerate(scores):
            if s >= 0.04 and raw[b, i] >= 0.2:
                ev.reasons[(b, i)] = f"text similarity {raw[b, i]:.2f}"
        return ev


class OcrKeywords:
    """Bullet words that OCR read in the image.

    A hit counts more when the word is rarer across the listing's images (a name printed on
    every photo says nothing about which photo fits), when the bullet is short (one word
    among twenty says less), and when the line is prominent in its image: a headline or a
    button label, not the fine print of a screen full of text. Each printed word supports
    one bullet word at most, so "iPhone" and "phone" do not both count one label "Phone".

    Words of the product's own name are kept apart (``title_words``): "iPod shuffle" printed
    on a box says less about which photo shows "the iPod shuffle controls" than another word
    would, while "Author: John Green" is best shown by the cover that prints it. Fusion weighs
    the two kinds separately.
    """

    def __init__(self, title_words: bool = False) -> None:
        self.title_words = title_words
        self.name = "ocr title" if title_words else "ocr"

    def collect(self, ctx: MatchContext) -> Evidence:
        nb, ni = ctx.shape
        title = {stem(t) for t in tokens(ctx.title)}
        scores = np.zeros((nb, ni), np.float32)
        ev = Evidence(self.name, scores)
        image_words = [
            [(w, line) for line in a.ocr for w in tokens(line.text)] for a in ctx.analyses
        ]
        tallest = [max((line.box.h for line in a.ocr), default=0.0) for a in ctx.analyses]
        for b, bullet in enumerate(ctx.bullets):
            words = tokens(bullet)
            # A hit says more in a short bullet than one word among twenty in a long one.
            length = min(1.0, (6.0 / max(1, len(words))) ** 0.5)
            used: list[set[int]] = [set() for _ in range(ni)]
            for word in words:
                if (stem(word) in title) != self.title_words:
                    continue
                hits = [
                    _best_hit(word, iw, taken) for iw, taken in zip(image_words, used, strict=True)
                ]
                found = [i for i, h in enumerate(hits) if h is not None]
                if not found:
                    continue
                weight = (
                    1.0 if len(found) == 1 else max(0.15, 1.0 - (len(found) - 1) / max(1, ni - 1))
                )
                if word.isdigit():
                    weight *= 0.7
                for i in found:
                    k = hits[i]
                    assert k is not None  # found holds the images with a hit
                    used[i].add(k)
                    line = image_words[i][k][1]
                    prominence = float(
                        np.clip(line.box.h / max(tallest[i], 1e-6), MIN_PROMINENCE, 1.0)
                    )
                    before = scores[b, i]
                    scores[b, i] = 1.0 - (1.0 - before) * (1.0 - 0.7 * weight * length * prominence)
                    gain = scores[b, i] - before
                    if (b, i) not in ev.reasons or gain > 0.3:
                        shown = line.text if len(line.text) <= 24 else word
                        ev.reasons[(b, i)] = f'OCR found "{shown}"'
                        ev.focus[(b, i)] = line.box
        return ev


def _best_hit(word: str, printed: list[tuple[str, OcrLine]], taken: set[int]) -> int | None:
    """Index of the most prominent printed word (not yet taken) that says ``word``."""
    best: int | None = None
    for k, (w, line) in enumerate(printed):
        if (
            k not in taken
            and word_match(word, w)
            and (best is None or line.box.h > printed[best][1].box.h)
        ):
            best = k
    return best


class FileNameWords:
    """Bullet words in the image's file name ("pocket-detail.jpg"): weak but cheap evidence."""

    name = "file name"

    def collect(self, ctx: MatchContext) -> Evidence:
        scores = np.zeros(ctx.shape, np.float32)
        ev = Evidence(self.name, scores)
        names = [file_name_words(n) for n in ctx.images]
        for b, bullet in enumerate(ctx.bullets):
            words = tokens(bullet)
            for i, fw in enumerate(names):
                hit = next((w for w in words for f in fw if word_match(w, f)), None)
                if hit:
                    scores[b, i] = 1.0
                    ev.reasons[(b, i)] = f'file name mentions "{hit}"'
        return ev


class ColourMatch:
    """Colour words in the bullet against the product colours seen in each image."""

    name = "colour"

    def collect(self, ctx: MatchContext) -> Evidence:
        nb, ni = ctx.shape
        raw = np.zeros((nb, ni), np.float32)
        said: dict[int, list[tuple[str, str]]] = {}
        for b, bullet in enumerate(ctx.bullets):
            words = colour_words(bullet)
            if not words:
                continue
            said[b] = words
            weights = np.array([1.0] + [0.5] * (len(words) - 1), np.float32)
            shares = np.array(
                [[a.colour_share(n) for _, n in words] for a in ctx.analyses], np.float32
            )
            raw[b] = shares @ weights / weights.sum()
        scores = np.zeros_like(raw)
        ev = Evidence(self.name, scores)
        for b, words in said.items():
            scores[b] = raw[b] - raw[b].mean()
            for i, a in enumerate(ctx.analyses):
                if scores[b, i] <= 0.05:
                    continue
                word, name = max(words, key=lambda wn: a.colour_share(wn[1]))
                if a.colour_share(name) >= 0.15:
                    ev.reasons[(b, i)] = (
                        f'matches colour "{name}"'
                        if word == name
                        else f'matches colour "{word}" ({name})'
                    )
        return ev


class ShadeMatch:
    """How close each photo's product colours come to the shade a bullet names, measured in
    OKLab rather than by colour name: "mint" finds a pale aqua-green top that the pixel namer
    calls teal, and "light green" prefers it to a dark green one."""

    name = "shade"

    def collect(self, ctx: MatchContext) -> Evidence:
        nb, ni = ctx.shape
        scores = np.zeros((nb, ni), np.float32)
        ev = Evidence(self.name, scores)
        for b, bullet in enumerate(ctx.bullets):
            terms = colour_terms(bullet)
            if not terms:
                continue
            weights = np.array([1.0] + [0.5] * (len(terms) - 1), np.float32)
            shades = np.array([t.oklab for t in terms], np.float32)
            close = np.array(
                [palette_closeness(a.palette, shades) for a in ctx.analyses], np.float32
            )
            raw = close @ weights / weights.sum()
            scores[b] = raw - raw.mean()
            for i in range(ni):
                if scores[b, i] >= 0.05 and raw[i] >= 0.1:
                    term = terms[int(np.argmax(close[i]))]
                    ev.reasons[(b, i)] = f'matches colour "{term.words}"'
        return ev


class CueMatch:
    """A bullet that asks for a kind of view (close-up, in hand...) against how much each image shows it."""

    def __init__(self, cue: VisualCue) -> None:
        self.cue = cue
        self.name = cue.name

    def collect(self, ctx: MatchContext) -> Evidence:
        aff = ctx.cue_affinity(self.cue)
        measure = np.array([self.cue.measure(a, ctx.analyses) for a in ctx.analyses], np.float32)
        centred = measure - measure.mean() if measure.size else measure
        strength = np.array([a.strength for a in aff], np.float32)
        scores = strength[:, None] * centred[None, :]
        ev = Evidence(self.name, scores)
        for b, i in np.ndindex(*scores.shape):
            if strength[b] >= 0.3 and centred[i] >= 0.15:
                ev.reasons[(b, i)] = self.cue.reason.format(word=aff[b].word)
        return ev


class DetailSide:
    """A bullet about a part (a zip, a pocket, a screen) is best shown from the side that carries
    the details: a model facing the camera, or the more detailed of two shots with one outline.
    Bullets that ask for the back are left to the back-view cue."""

    name = "detail side"

    def collect(self, ctx: MatchContext) -> Evidence:
        # Already relative (to siblings of the same outline): images with no twin and no
        # model stay at 0 instead of being pushed down by centring.
        centred = np.array(
            [front_view(a, ctx.analyses) - back_view(a, ctx.analyses) for a in ctx.analyses],
            np.float32,
        )
        back = next(c for c in CUES if c.name == "back view")
        asks_back = np.array([a.strength for a in ctx.cue_affinity(back)], np.float32)
        part = np.array([i["part"] for i in ctx.intents], np.float32) * (1.0 - asks_back)
        scores = part[:, None] * centred[None, :]
        ev = Evidence(self.name, scores)
        for b, i in np.ndindex(*scores.shape):
            word = ctx.intents[b].word.get("part", "")
            if part[b] >= 0.5 and centred[i] >= 0.2 and word:
                ev.reasons[(b, i)] = f'front side shows the "{word}"'
        return ev


class GeneralView:
    """Bullets that ask for nothing specific are best served by a clean view of the whole product."""

    name = "general view"

    def collect(self, ctx: MatchContext) -> Evidence:
        quality = np.array([general_view_quality(a) for a in ctx.analyses], np.float32)
        centred = quality - quality.mean() if quality.size else quality
        return Evidence(self.name, (1.0 - ctx.visual_asks)[:, None] * centred[None, :])
