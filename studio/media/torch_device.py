"""Where the analysis models run: the GPU when torch sees one, the CPU otherwise; and how
torch's CPU threads wait."""

from __future__ import annotations

import os


def prepare_torch() -> None:
    """Call before torch is first imported: idle OpenMP threads then sleep instead of spinning.

    A two-thread op on a machine shared with other work waits for whichever of its threads
    was descheduled; with spinning waiters that wait burns the other core too. Measured on
    2 cores under load: EfficientNet and MiniLM ran 3-4x slower (median) with spinning
    threads, and equally fast either way on a quiet machine. An explicit setting wins.
    """
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


def torch_device() -> str:
    prepare_torch()
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"
