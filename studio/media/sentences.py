"""Sentence embeddings (all-MiniLM-L6-v2, shipped inside a PyPI package), cached per text.

Shared by the matcher (bullets against what photos show) and music (moods from product text).

The model (``studio.media.minilm``: torch, ~2 s to import and load) is loaded only when a text
is not already in the memory or disk cache; a re-plan of a known product never loads it at all.
Nothing is ever downloaded: the weights are read from the package folder.
"""

from __future__ import annotations

import io
import threading
from typing import Any

import numpy as np

from studio.core.cache import DiskCache, hash_key
from studio.media.torch_device import prepare_torch, torch_device

MODEL_ID = "all-MiniLM-L6-v2"
DIM = 384
CACHE_NAMESPACE = "embeddings"
# Texts per forward pass. The model sorts texts by length and pads each batch to its longest:
# smaller batches pad short phrases less next to long bullets (measured: 50 mixed texts in
# 0.37 s at 64, 0.21 s at 16).
EMBED_BATCH = 16

_model: Any = None
_load_lock = threading.Lock()
_run_lock = threading.Lock()
_memory: dict[str, np.ndarray] = {}
_memory_lock = threading.Lock()


def get_model() -> Any:
    """The sentence model, loaded once per process (offline, from its package folder)."""
    global _model
    if _model is None:
        with _load_lock:
            if _model is None:
                prepare_torch()
                from studio.media.minilm import MiniLM, model_folder

                _model = MiniLM(model_folder(), device=torch_device())
    return _model


def model_loaded() -> bool:
    return _model is not None


def _key(text: str) -> str:
    return hash_key("embedding", MODEL_ID, text)


def _load_cached(cache: DiskCache, key: str) -> np.ndarray | None:
    data = cache.get_bytes(key, ".npy")
    if data is None:
        return None
    try:
        v = np.load(io.BytesIO(data), allow_pickle=False)
    except (ValueError, OSError, EOFError):  # an entry a killed run left torn or empty
        return None
    return v if v.shape == (DIM,) else None


def _store(cache: DiskCache, key: str, v: np.ndarray) -> None:
    buf = io.BytesIO()
    np.save(buf, v.astype(np.float32), allow_pickle=False)
    cache.put_bytes(key, ".npy", buf.getvalue())


def embed(texts: list[str] | tuple[str, ...]) -> np.ndarray:
    """Unit-length embeddings (len(texts), 384) float32; empty texts embed as zero vectors."""
    out = np.zeros((len(texts), DIM), np.float32)
    missing: dict[str, list[int]] = {}
    cache: DiskCache | None = None
    for i, text in enumerate(texts):
        text = text.strip()
        if not text:
            continue
        key = _key(text)
        with _memory_lock:
            hit = _memory.get(key)
        if hit is None:
            cache = cache or DiskCache(CACHE_NAMESPACE)
            hit = _load_cached(cache, key)
            if hit is not None:
                with _memory_lock:
                    _memory[key] = hit
        if hit is not None:
            out[i] = hit
        else:
            missing.setdefault(text, []).append(i)
    if missing:
        todo = list(missing)
        model = get_model()
        with _run_lock:
            vecs = model.encode(todo, batch_size=EMBED_BATCH)
        cache = cache or DiskCache(CACHE_NAMESPACE)
        for text, v in zip(todo, np.asarray(vecs, np.float32), strict=True):
            key = _key(text)
            with _memory_lock:
                _memory[key] = v
            _store(cache, key, v)
            for i in missing[text]:
                out[i] = v
    return out


def remember(texts: list[str], vectors: np.ndarray) -> None:
    """Vectors computed elsewhere (shipped with the app) for texts, so embedding them later costs
    nothing. Keeps vectors already known."""
    with _memory_lock:
        for text, v in zip(texts, np.asarray(vectors, np.float32), strict=True):
            _memory.setdefault(_key(text.strip()), v)


def forget() -> None:
    """Empty the memory cache (the disk cache stays): what a new process starts with."""
    with _memory_lock:
        _memory.clear()


def similarity(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cosine similarity matrix of two sets of unit vectors (zero vectors give 0)."""
    return np.asarray(a, np.float32) @ np.asarray(b, np.float32).T
