"""Where the analysis models run: the GPU when torch sees one, the CPU otherwise."""
from __future__ import annotations


def torch_device() -> str:
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"
