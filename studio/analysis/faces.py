"""Frontal faces with OpenCV's trained Haar cascade, evaluated here in numpy.

OpenCV 5's headless wheel dropped ``CascadeClassifier`` and its data folder, but the trained
cascades are plain XML (Debian's ``opencv-data`` ships them, as older OpenCV wheels did). The
evaluation is the classic Viola-Jones one: integral images, variance-normalised Haar
features, boosted stumps in stages; windows are scored all at once per pyramid level.
Without a cascade file the detector is simply unavailable and views fall back to outlines.
"""

from __future__ import annotations

import threading
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

FRONTAL = "haarcascade_frontalface_default.xml"
SEARCH_DIRS = ("/usr/share/opencv4/haarcascades", "/usr/share/opencv/haarcascades")
DETECT_SIDE = 400  # long side of the grey copy faces are searched in
MIN_FACE = 0.07  # of the long side: smaller faces say nothing about which way the product faces
SCALE_STEP = 1.2
MIN_NEIGHBOURS = 3

_lock = threading.Lock()


@dataclass(frozen=True, eq=False)
class Stage:
    threshold: float
    feature: np.ndarray  # (n,) feature index per stump
    split: np.ndarray  # (n,) stump threshold (times the window's normalisation)
    left: np.ndarray  # (n,) value when the feature is below the threshold
    right: np.ndarray


@dataclass(frozen=True, eq=False)
class Cascade:
    size: tuple[int, int]  # window (width, height)
    stages: tuple[Stage, ...]
    rects: tuple[
        tuple[tuple[int, int, int, int, float], ...], ...
    ]  # per feature: (x, y, w, h, weight)


def cascade_path(name: str = FRONTAL) -> Path | None:
    """Where the trained cascade lives: OpenCV's data folder when it has one, else the system's."""
    dirs: list[str] = []
    try:
        import cv2

        data = getattr(cv2, "data", None)  # OpenCV 5's headless wheel has no data folder
        dirs.append(str(data and data.haarcascades or ""))
    except ImportError:
        pass
    for d in [*dirs, *SEARCH_DIRS]:
        if d and (Path(d) / name).is_file():
            return Path(d) / name
    return None


def _child(el: ET.Element, tag: str, path: Path) -> ET.Element:
    found = el.find(tag)
    if found is None:
        raise ValueError(f"{path.name}: <{tag}> is missing")
    return found


def _text(el: ET.Element, tag: str, path: Path) -> str:
    text = el.findtext(tag)
    if text is None:
        raise ValueError(f"{path.name}: <{tag}> is missing")
    return text


@lru_cache(maxsize=4)
def load_cascade(path: Path) -> Cascade:
    root = ET.parse(path).getroot().find("cascade")
    if root is None or root.findtext("featureType", "").strip() != "HAAR":
        raise ValueError(f"{path.name} is not a Haar cascade")
    size = (int(_text(root, "width", path)), int(_text(root, "height", path)))
    stages = []
    for st in _child(root, "stages", path):
        nodes = [
            [float(v) for v in _text(wc, "internalNodes", path).split()]
            for wc in _child(st, "weakClassifiers", path)
        ]
        leaves = [
            [float(v) for v in _text(wc, "leafValues", path).split()]
            for wc in _child(st, "weakClassifiers", path)
        ]
        if any(len(n) != 4 for n in nodes):
            raise ValueError(f"{path.name}: only stump cascades are supported")
        stages.append(
            Stage(
                float(_text(st, "stageThreshold", path)),
                np.array([int(n[2]) for n in nodes]),
                np.array([n[3] for n in nodes], np.float64),
                np.array([lv[0] for lv in leaves], np.float64),
                np.array([lv[1] for lv in leaves], np.float64),
            )
        )
    rects = []
    for f in _child(root, "features", path):
        if f.findtext("tilted", "0").strip() == "1":
            raise ValueError(f"{path.name}: tilted features are not supported")
        rs = []
        for r in _child(f, "rects", path):
            x, y, w, h, wt = (r.text or "").split()
            rs.append((int(x), int(y), int(w), int(h), float(wt)))
        rects.append(tuple(rs))
    return Cascade(size, tuple(stages), tuple(rects))


def _stage_rects(c: Cascade, stage: Stage) -> tuple[np.ndarray, np.ndarray]:
    """The stage's rectangles as (features, 3, 4) arrays [x, y, w, h] and (features, 3) weights."""
    geo = np.zeros((len(stage.feature), 3, 4), np.int64)
    wt = np.zeros((len(stage.feature), 3))
    for k, f in enumerate(stage.feature):
        for r, (x, y, w, h, weight) in enumerate(c.rects[f]):
            geo[k, r] = (x, y, w, h)
            wt[k, r] = weight
    return geo, wt


@lru_cache(maxsize=4)
def _prepared(c: Cascade) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    return tuple(_stage_rects(c, st) for st in c.stages)


def _level(grey: np.ndarray, c: Cascade, step: int) -> np.ndarray:
    """Windows (x, y) of one pyramid level that pass every stage.

    Every feature of a stage is scored on every surviving window in one gather from the
    flattened integral image, so the Python loop runs per stage, not per feature.
    """
    ww, wh = c.size
    h, w = grey.shape
    if h < wh or w < ww:
        return np.zeros((0, 2), int)
    g = grey.astype(np.float64)
    ii = np.zeros((h + 1, w + 1))
    ii[1:, 1:] = g.cumsum(0).cumsum(1)
    sq = np.zeros((h + 1, w + 1))
    sq[1:, 1:] = (g * g).cumsum(0).cumsum(1)
    stride = w + 1
    flat, flat2 = ii.ravel(), sq.ravel()
    ys, xs = np.mgrid[0 : h - wh + 1 : step, 0 : w - ww + 1 : step]
    base = (ys * stride + xs).ravel()

    def corners(x: np.ndarray, y: np.ndarray, bw: np.ndarray, bh: np.ndarray) -> np.ndarray:
        return np.stack(
            [
                (y + bh) * stride + x + bw,
                y * stride + x + bw,
                (y + bh) * stride + x,
                y * stride + x,
            ],
            -1,
        )

    signs = np.array([1.0, -1.0, -1.0, 1.0])
    norm = corners(np.array(1), np.array(1), np.array(ww - 2), np.array(wh - 2))
    area = (ww - 2) * (wh - 2)
    s = flat[base[:, None] + norm] @ signs
    s2 = flat2[base[:, None] + norm] @ signs
    nf = area * s2 - s * s
    nf = np.where(nf > 0, np.sqrt(np.maximum(nf, 0)), 1.0)
    for stage, (geo, wt) in zip(c.stages, _prepared(c), strict=True):
        offs = corners(geo[..., 0], geo[..., 1], geo[..., 2], geo[..., 3])  # (features, 3, 4)
        sums = flat[base[:, None, None, None] + offs[None]] @ signs  # (windows, features, 3)
        value = (sums * wt[None]).sum(-1)
        votes = np.where(
            value < stage.split[None] * nf[:, None], stage.left[None], stage.right[None]
        )
        keep = votes.sum(1) >= stage.threshold
        base, nf = base[keep], nf[keep]
        if not len(base):
            return np.zeros((0, 2), int)
    return np.stack([base % stride, base // stride], axis=1)


def _group(
    rects: list[tuple[float, float, float]], min_neighbours: int
) -> list[tuple[float, float, float]]:
    """Merge overlapping detections; keep clusters with enough members (false alarms are lonely)."""
    clusters: list[list[tuple[float, float, float]]] = []
    for r in rects:
        for cl in clusters:
            cx, cy, cs = np.mean(cl, axis=0)
            if (
                abs(r[2] - cs) <= 0.3 * cs
                and abs(r[0] - cx) <= 0.3 * cs
                and abs(r[1] - cy) <= 0.3 * cs
            ):
                cl.append(r)
                break
        else:
            clusters.append([r])
    return [tuple(np.mean(cl, axis=0)) for cl in clusters if len(cl) >= min_neighbours]


def detect_faces(
    rgb: np.ndarray,
    cascade: Cascade | None = None,
    min_face: float = MIN_FACE,
    side: int = DETECT_SIDE,
) -> list[tuple[float, float, float]] | None:
    """Frontal faces at least ``min_face`` of the long side, as normalised (x, y, size) of
    their boxes (size relative to the image width), searched in a copy ``side`` pixels long;
    None when no cascade is installed."""
    import cv2

    if cascade is None:
        path = cascade_path()
        if path is None:
            return None
        with _lock:
            cascade = load_cascade(path)
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    h, w = grey.shape
    scale = min(1.0, side / max(h, w))
    grey = cv2.resize(
        grey, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA
    )
    gh, gw = grey.shape
    found: list[tuple[float, float, float]] = []
    factor = max(1.0, min_face * max(gw, gh) / cascade.size[0])
    while gw / factor >= cascade.size[0] and gh / factor >= cascade.size[1]:
        level = cv2.resize(
            grey, (round(gw / factor), round(gh / factor)), interpolation=cv2.INTER_LINEAR
        )
        for x, y in _level(level, cascade, 1 if factor > 2 else 2):
            found.append((x * factor / gw, y * factor / gh, cascade.size[0] * factor / gw))
        factor *= SCALE_STEP
    return _group(found, MIN_NEIGHBOURS)
