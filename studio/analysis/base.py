"""The shape of evidence: what every evidence source returns, and the protocol it follows.

A source scores every (bullet, image) pair from one kind of evidence: positive favours the pair,
0 means "no opinion". It adds a short human reason for the pairs it speaks for and, where the
evidence sits in one part of the photo, that region. Sources know nothing of each other; fusion
weighs them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

import numpy as np

from studio.core.geometry import Rect

if TYPE_CHECKING:
    from studio.analysis.context import MatchContext

Cell = tuple[int, int]  # (bullet index, image index)


@dataclass
class Evidence:
    source: str
    scores: np.ndarray  # (bullets, images)
    reasons: dict[Cell, str] = field(default_factory=dict)
    focus: dict[Cell, Rect] = field(default_factory=dict)


class EvidenceSource(Protocol):
    name: str

    def collect(self, ctx: MatchContext) -> Evidence: ...


def centred(m: np.ndarray) -> np.ndarray:
    """Per bullet, minus its mean over the images: only differences between images say which
    image fits a bullet."""
    return m - m.mean(axis=1, keepdims=True) if m.size else m
