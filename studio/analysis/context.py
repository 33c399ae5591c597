"""What the evidence sources look at: the bullets, the analysed images and their texts.

MatchContext computes the expensive parts (embeddings, word affinities) once, on demand, and
shares them between sources.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePath

import numpy as np

from studio.analysis.affinity import Affinity, WordAffinity
from studio.analysis.colours import colour_words
from studio.analysis.cues import CUES, NON_VISUAL_WORDS, VisualCue
from studio.analysis.image_features import ImageAnalysis
from studio.analysis.intent import PROTOTYPES, Intent, bullet_texts, classify
from studio.analysis.recognition import class_phrases
from studio.analysis.words import content_words, stem, tokens, word_list


@dataclass
class MatchContext:
    """Everything the sources look at, with the expensive parts computed once on demand."""

    title: str
    bullets: list[str]
    images: list[str]  # ImageAsset.path of each analysed image
    analyses: list[ImageAnalysis]
    embed: Callable[[list[str]], np.ndarray]
    paths: list[Path] = field(
        default_factory=list
    )  # files of the analysed images (for pixel models)
    _cue_cache: dict[str, list[Affinity]] = field(default_factory=dict, repr=False)

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.bullets), len(self.images)

    @cached_property
    def bullet_vectors(self) -> np.ndarray:
        return self.embed([without_title(b, self.title) for b in self.bullets])

    @cached_property
    def evidence_texts(self) -> list[str]:
        return [
            without_title(evidence_text(a, name), self.title)
            for a, name in zip(self.analyses, self.images, strict=True)
        ]

    @cached_property
    def evidence_vectors(self) -> np.ndarray:
        return self.embed(self.evidence_texts)

    @cached_property
    def words(self) -> WordAffinity:
        return WordAffinity(self.embed)

    @cached_property
    def intents(self) -> list[Intent]:
        """What each bullet asks the picture to show (part, view, colour, use, spec, nothing)."""
        return classify(self.bullets, self.embed)

    @cached_property
    def non_visual(self) -> list[Affinity]:
        """How much each bullet is about care, service or logistics rather than the product's looks."""
        return [self.words.affinity(b, NON_VISUAL_WORDS) for b in self.bullets]

    def prefetch(self) -> None:
        """Embed every text the sources will ask for in one batch (the sentence model is
        much faster on one batch than on many small calls); later calls hit the memory cache."""
        texts = [without_title(b, self.title) for b in self.bullets]
        texts += self.evidence_texts
        texts += bullet_texts(self.bullets)
        texts += [w for b in self.bullets for w in content_words(b)]
        texts += [p for a in self.analyses for p, _ in class_phrases(a.classes)]
        texts += [n.lower() for a in self.analyses for _, cls in a.regions for n, _ in cls]
        texts += fixed_texts()
        self.embed(list(dict.fromkeys(t for t in texts if t.strip())))

    def cue_affinity(self, cue: VisualCue) -> list[Affinity]:
        if cue.name not in self._cue_cache:
            self._cue_cache[cue.name] = [
                self.words.affinity(b, cue.words, cue.exact, cue.not_before) for b in self.bullets
            ]
        return self._cue_cache[cue.name]

    @cached_property
    def visual_asks(self) -> np.ndarray:
        """0..1 per bullet: how clearly it asks to see something (a colour, a close-up...)."""
        asks = np.zeros(len(self.bullets), np.float32)
        for cue in CUES:
            asks = np.maximum(asks, [a.strength for a in self.cue_affinity(cue)])
        for b, bullet in enumerate(self.bullets):
            if colour_words(bullet):
                asks[b] = max(asks[b], 0.5)
        return asks


def fixed_texts() -> list[str]:
    """The texts every plan embeds whatever the product: cue and care vocabularies and the
    intent prototypes. Embedding them while the models load keeps them off the first plan."""
    words = [w for cue in CUES for w in cue.words] + list(NON_VISUAL_WORDS)
    return list(dict.fromkeys(words + [p for ps in PROTOTYPES.values() for p in ps]))


_GENERIC_NAME_WORDS = frozenset(
    word_list(
        "img image images photo photos picture pic pics dsc dscn dcim product main front copy final "
        "edit edited large small thumb thumbnail web hires lowres new"
    )
)


def file_name_words(name: str) -> list[str]:
    """Words in a file name that could describe the picture (not "IMG_0042" or "final-2")."""
    stem_ = PurePath(name).stem
    words = [w for w in tokens(re.sub(r"[_\-.]+", " ", stem_)) if w.isalpha() and len(w) >= 3]
    return [w for w in words if w not in _GENERIC_NAME_WORDS]


def evidence_text(a: ImageAnalysis, name: str) -> str:
    """The words that describe an image: what OCR read, the cue words, and its file name."""
    parts = []
    if a.text:
        parts.append(a.text)
    parts.extend(a.cue_words())
    fw = file_name_words(name)
    if fw:
        parts.append(" ".join(fw))
    return ". ".join(parts)


def without_title(text: str, title: str) -> str:
    """The text minus the product's own name: it is on every photo and in every bullet, so it
    only makes unrelated texts look alike."""
    names = {stem(t) for t in tokens(title) if t.isalpha()}
    if not names:
        return text
    kept = [w for w in re.split(r"\s+", text) if stem(re.sub(r"[^\w]", "", w).lower()) not in names]
    return " ".join(kept)
