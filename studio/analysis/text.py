"""The sentence embeddings the matcher uses (studio.media.sentences), with the vectors of the
1000 ImageNet class names it compares with bullets known from the start.

Every plan compares recognised classes with bullets, and these names never change, so their
vectors ship with the app (scripts/build_label_vectors.py) instead of being computed on each
first plan.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from studio.media import sentences
from studio.media.sentences import DIM, get_model, model_loaded  # noqa: F401 (the matcher's model)

LABEL_VECTORS = "imagenet_label_vectors.npy"
_seeded = False


def _seed_labels() -> None:
    global _seeded
    if _seeded:
        return
    _seeded = True
    from studio.analysis.effnet import imagenet_labels

    path = Path(__file__).with_name(LABEL_VECTORS)
    try:
        vectors = np.load(path, allow_pickle=False).astype(np.float32)
    except (OSError, ValueError):
        return  # computed on demand like any other text
    names = [n.lower() for n in imagenet_labels()]
    if vectors.shape != (len(names), DIM):
        return
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-6)
    sentences.remember(names, vectors)


def embed(texts: list[str] | tuple[str, ...]) -> np.ndarray:
    """Unit-length embeddings (len(texts), 384) float32 (see studio.media.sentences)."""
    _seed_labels()
    return sentences.embed(texts)


def forget() -> None:
    """Back to a new process's state: memory cache empty, class-name vectors seeded again."""
    global _seeded
    sentences.forget()
    _seeded = False
