"""Optional image-text similarity from a CLIP or SigLIP checkpoint the user has on disk.

Nothing ships with the app and nothing is downloaded: the user points at a local Hugging Face
``transformers`` folder (config.json, weights, tokenizer and image-processor files) and this
source adds its bullet/photo similarity to fusion. Image embeddings are cached per checkpoint
and image content, so a re-plan only embeds the bullets.
"""

from __future__ import annotations

import io
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import numpy as np

from studio.analysis.base import Evidence
from studio.analysis.context import MatchContext, without_title
from studio.core.cache import DiskCache, file_hash, hash_key
from studio.core.errors import StudioError
from studio.media.torch_device import prepare_torch, torch_device

CACHE_NAMESPACE = "clip"
Z_SCALE = 0.15  # a photo one standard deviation above the listing's mean scores this much
REASON_Z = 1.0

_loaded: dict[str, ClipModel] = {}
_load_lock = threading.Lock()
_run_lock = threading.Lock()


class ClipUnavailable(StudioError):
    """The chosen folder does not hold a usable CLIP/SigLIP checkpoint."""


@dataclass
class ClipModel:
    """A loaded checkpoint: the model, its tokenizer and image processor, and an id for caching."""

    model: Any
    tokenizer: Any
    images: Any
    ident: str
    device: str

    def embed_texts(self, texts: list[str]) -> np.ndarray:
        import torch

        max_len = getattr(
            self.model.config, "text_config", self.model.config
        ).max_position_embeddings
        batch = self.tokenizer(
            texts,
            padding="max_length" if "siglip" in self.model.config.model_type else True,
            truncation=True,
            max_length=max_len,
            return_tensors="pt",
        ).to(self.device)
        with _run_lock, torch.no_grad():
            out = self.model.get_text_features(
                input_ids=batch["input_ids"], attention_mask=batch.get("attention_mask")
            )
        return _unit(_tensor(out))

    def embed_images(self, rgbs: list[np.ndarray]) -> np.ndarray:
        import torch
        from PIL import Image

        pixels = self.images(images=[Image.fromarray(x) for x in rgbs], return_tensors="pt")[
            "pixel_values"
        ]
        with _run_lock, torch.no_grad():
            out = self.model.get_image_features(pixel_values=pixels.to(self.device))
        return _unit(_tensor(out))


def _tensor(out: Any) -> np.ndarray:
    """Features as numpy, whether the model returns a tensor or an output object."""
    t = out if hasattr(out, "detach") else getattr(out, "pooler_output", None)
    if t is None:
        t = out[0]
    result: np.ndarray = t.detach().float().cpu().numpy()
    return result


def _unit(m: np.ndarray) -> np.ndarray:
    norms = np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-6)
    result: np.ndarray = (m / norms).astype(np.float32)
    return result


def _first_line(exc: BaseException, limit: int = 200) -> str:
    """A loader's complaint shortened to one line (transformers' run to paragraphs)."""
    text = next((t.strip() for t in str(exc).splitlines() if t.strip()), type(exc).__name__)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def load_clip(path: Path | str) -> ClipModel:
    """Load (once per process) the checkpoint in ``path``; raises ClipUnavailable with a reason."""
    path = Path(path).expanduser().resolve()
    key = str(path)
    with _load_lock:
        if key in _loaded:
            return _loaded[key]
        if not (path / "config.json").is_file():
            raise ClipUnavailable(f"{path} is not a model folder (no config.json)")
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        prepare_torch()
        from safetensors import SafetensorError
        from transformers import AutoImageProcessor, AutoModel, AutoTokenizer
        from transformers.utils import logging as hf_logging

        # its load report and progress bars would bury the one line that says what is wrong
        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
        part = "model"  # which of the folder's parts failed, for the message
        try:
            model = AutoModel.from_pretrained(str(path), local_files_only=True)
            part = "tokenizer"
            tokenizer = AutoTokenizer.from_pretrained(str(path), local_files_only=True)
            part = "image processor"
            # transformers leaves AutoImageProcessor.from_pretrained unannotated
            images = cast(Any, AutoImageProcessor).from_pretrained(str(path), local_files_only=True)
        except SafetensorError as exc:
            raise ClipUnavailable(
                f"{path}: its weights file is damaged or cut short ({_first_line(exc)})"
            ) from exc
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            # a damaged config or tokenizer file surfaces as whatever its parser raises
            raise ClipUnavailable(
                f"cannot load a CLIP model from {path}: its {part} ({_first_line(exc)})"
            ) from exc
        except RuntimeError as exc:  # torch: weights whose shapes are not the config's
            said = str(exc)
            why = (
                "their shapes are not the ones config.json gives"
                if "mismatch" in said or "size" in said
                else _first_line(exc)
            )
            raise ClipUnavailable(
                f"{path}: its weights do not fit its config.json ({why})"
            ) from exc
        if not (hasattr(model, "get_text_features") and hasattr(model, "get_image_features")):
            raise ClipUnavailable(f"{path} holds a {type(model).__name__}, not an image-text model")
        device = torch_device()
        weights = sorted(path.glob("*.safetensors")) + sorted(path.glob("*.bin"))
        stamp = ",".join(f"{w.name}:{w.stat().st_size}:{int(w.stat().st_mtime)}" for w in weights)
        loaded = ClipModel(
            model.eval().to(device), tokenizer, images, hash_key("clip", key, stamp), device
        )
        _loaded[key] = loaded
        return loaded


def image_vectors(clip: ClipModel, paths: list[Path]) -> np.ndarray:
    """CLIP embeddings of the images, from the cache when this checkpoint saw the bytes before."""
    from studio.media.images import load_rgb

    cache = DiskCache(CACHE_NAMESPACE)
    keys = [hash_key("clip-image", clip.ident, file_hash(p)) for p in paths]
    out: list[np.ndarray | None] = []
    for key in keys:
        data = cache.get_bytes(key, ".npy")
        try:
            v = np.load(io.BytesIO(data), allow_pickle=False) if data else None
        except (ValueError, OSError, EOFError):  # an entry a killed run left torn
            v = None
        out.append(v if v is not None and v.ndim == 1 else None)
    todo = [i for i, v in enumerate(out) if v is None]
    if todo:
        fresh = clip.embed_images([load_rgb(paths[i], 512) for i in todo])
        for i, v in zip(todo, fresh, strict=True):
            buf = io.BytesIO()
            np.save(buf, v, allow_pickle=False)
            cache.put_bytes(keys[i], ".npy", buf.getvalue())
            out[i] = v
    return np.stack([np.asarray(v, np.float32) for v in out])


class ClipSimilarity:
    """Bullet/photo similarity from a local CLIP or SigLIP checkpoint, standardised per bullet
    across the listing's photos (raw CLIP cosines sit in a narrow band)."""

    name = "clip"

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)

    def collect(self, ctx: MatchContext) -> Evidence:
        nb, ni = ctx.shape
        if not nb or not ni or len(ctx.paths) != ni:
            return Evidence(self.name, np.zeros((nb, ni), np.float32))
        clip = load_clip(self.path)
        texts = clip.embed_texts([without_title(b, ctx.title) or b for b in ctx.bullets])
        raw = texts @ image_vectors(clip, ctx.paths).T
        spread = raw.std(axis=1, keepdims=True)
        z = (raw - raw.mean(axis=1, keepdims=True)) / np.maximum(spread, 0.01)
        scores = (Z_SCALE * z).astype(np.float32)
        ev = Evidence(self.name, scores)
        for b, i in np.ndindex(nb, ni):
            if z[b, i] >= REASON_Z:
                ev.reasons[(b, i)] = f"CLIP similarity {raw[b, i]:.2f}"
        return ev
