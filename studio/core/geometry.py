"""Normalised rectangles: positions inside an image independent of its pixel size."""

from __future__ import annotations

from dataclasses import dataclass

RECT_FIELDS = ("x", "y", "w", "h")


@dataclass(frozen=True)
class Rect:
    """A rectangle in normalised image coordinates (0..1 on both axes), origin top-left."""

    x: float
    y: float
    w: float
    h: float

    @classmethod
    def full(cls) -> Rect:
        return cls(0.0, 0.0, 1.0, 1.0)

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    def clamped(self) -> Rect:
        w = min(max(self.w, 1e-3), 1.0)
        h = min(max(self.h, 1e-3), 1.0)
        x = min(max(self.x, 0.0), 1.0 - w)
        y = min(max(self.y, 0.0), 1.0 - h)
        return Rect(x, y, w, h)

    def lerp(self, other: Rect, a: float) -> Rect:
        return Rect(
            self.x + (other.x - self.x) * a,
            self.y + (other.y - self.y) * a,
            self.w + (other.w - self.w) * a,
            self.h + (other.h - self.h) * a,
        )

    def to_list(self) -> list[float]:
        return [round(self.x, 5), round(self.y, 5), round(self.w, 5), round(self.h, 5)]

    @classmethod
    def from_list(cls, v: list[float] | tuple[float, ...]) -> Rect:
        if len(v) != len(RECT_FIELDS):
            raise ValueError("a rectangle needs four numbers: x, y, w, h")
        x, y, w, h = (float(n) for n in v)
        return cls(x, y, w, h).clamped()
