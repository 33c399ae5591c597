"""Text printed in product photos (labels, screens, infographics) via RapidOCR (PP-OCRv4).

The engine loads once per process on first use (about half a second) and is shared by all
threads; calls are serialised because ONNX Runtime already uses every core for one image.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any

import numpy as np

from studio.core.geometry import Rect

OCR_MAX_SIDE = 1024  # photos are decoded at most this big for analysis
OCR_PIXELS = 500_000  # text detection runs on about this many pixels: the cost is ~linear in it
MAX_UPSCALE = 2.0  # small images are enlarged (up to this much) so small print stays readable
MIN_SCORE = 0.6  # recognitions below this are mostly noise on fabric and reflections

_engine: Any = None
_load_lock = threading.Lock()
_run_lock = threading.Lock()


@dataclass(frozen=True)
class OcrLine:
    text: str
    box: Rect  # normalised image coordinates
    score: float
    on_background: bool = False  # printed beside the product (an infographic label), not on it

    def to_json(self) -> dict:
        return {"text": self.text, "box": self.box.to_list(), "score": round(self.score, 4),
                "on_background": self.on_background}

    @classmethod
    def from_json(cls, d: dict) -> OcrLine:
        return cls(str(d["text"]), Rect.from_list(d["box"]), float(d["score"]), bool(d.get("on_background", False)))


def _get_engine() -> Any:
    global _engine
    if _engine is None:
        with _load_lock:
            if _engine is None:
                from rapidocr_onnxruntime import RapidOCR

                # We size the input ourselves (see read_text); the detector must not resize again.
                _engine = RapidOCR(det_limit_side_len=4096, det_limit_type="max")
    return _engine


def _plausible(text: str, score: float) -> bool:
    """Drop the lone glyphs OCR hallucinates on textures (a single CJK character, "O")."""
    t = text.strip()
    if score < MIN_SCORE or not t:
        return False
    words = re.findall(r"\w", t)
    if len(words) < 2:
        return False
    cjk = sum(1 for ch in t if "\u4e00" <= ch <= "\u9fff")
    return not (cjk and len(t) < 2 and score < 0.9)


def read_text(rgb: np.ndarray) -> list[OcrLine]:
    """Lines of text in an RGB image (H, W, 3) uint8, top-to-bottom as the engine orders them."""
    import cv2

    h, w = rgb.shape[:2]
    s = min(MAX_UPSCALE, (OCR_PIXELS / float(h * w)) ** 0.5)
    if abs(s - 1.0) > 0.05:
        h, w = max(8, round(h * s)), max(8, round(w * s))
        rgb = cv2.resize(rgb, (w, h), interpolation=cv2.INTER_AREA if s < 1 else cv2.INTER_CUBIC)
    bgr = np.ascontiguousarray(rgb[:, :, ::-1])
    engine = _get_engine()
    with _run_lock:
        result, _ = engine(bgr, use_cls=False)
    lines: list[OcrLine] = []
    for quad, text, score in result or []:
        score = float(score)
        if not _plausible(str(text), score):
            continue
        pts = np.asarray(quad, dtype=np.float32)
        x0, y0 = pts.min(0)
        x1, y1 = pts.max(0)
        box = Rect(float(x0) / w, float(y0) / h, float(x1 - x0) / w, float(y1 - y0) / h).clamped()
        lines.append(OcrLine(str(text).strip(), box, score))
    return lines
