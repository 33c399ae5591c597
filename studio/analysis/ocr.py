"""Text printed in product photos (labels, screens, infographics) via RapidOCR (PP-OCRv4).

The engine loads once per process on first use (about half a second) and is shared by all
threads; calls are serialised because ONNX Runtime already uses both cores for one image.
Detection and recognition run as two steps so that boxes too small to read are never sent to
the (costlier per box) recogniser, and the boxes of one image are recognised in few batches.
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
GRID = 32  # the detector's output stride: crops start on it
MIN_BOX_HEIGHT = 8  # px at detection scale: smaller boxes are specks, and unreadable in a video
THREADS = 2  # ONNX Runtime threads per session: one image at a time uses both cores
REC_BATCH = 12  # text boxes per recogniser run (the engine's default of 6 makes more, smaller runs)

_engine: Any = None
_load_lock = threading.Lock()
_run_lock = threading.Lock()


@dataclass(frozen=True)
class OcrLine:
    text: str
    box: Rect  # normalised image coordinates
    score: float
    on_background: bool = False  # printed beside the product (an infographic label), not on it

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "box": self.box.to_list(),
            "score": round(self.score, 4),
            "on_background": self.on_background,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> OcrLine:
        return cls(
            str(d["text"]),
            Rect.from_list(d["box"]),
            float(d["score"]),
            bool(d.get("on_background", False)),
        )


def get_engine() -> Any:
    """The OCR engine, loaded once per process."""
    global _engine
    if _engine is None:
        with _load_lock:
            if _engine is None:
                from rapidocr_onnxruntime import RapidOCR

                # We size the input ourselves (see read_text); the detector must not resize again.
                engine = RapidOCR(
                    det_limit_side_len=4096,
                    det_limit_type="max",
                    intra_op_num_threads=THREADS,
                    inter_op_num_threads=1,
                    rec_batch_num=REC_BATCH,
                )
                _without_spinning(engine)
                _engine = engine
    return _engine


def _without_spinning(engine: Any) -> None:
    """Rebuild the detector's and recogniser's sessions so idle worker threads sleep.

    By default ONNX Runtime's threads spin between operators; on a machine shared with other
    work a spinning thread holds a core the other thread of the same run is waiting for, and
    detection ran 2-3x slower under load (measured on 2 cores); without spinning it costs
    nothing measurable when the machine is quiet. The engine's own config has no such switch.
    """
    import onnxruntime as ort

    for holder in (engine.text_det.infer, engine.text_rec.session):
        model_path = getattr(holder.session, "_model_path", None)
        if not model_path:
            continue  # keep the engine's own session
        options = ort.SessionOptions()
        options.log_severity_level = 4
        options.enable_cpu_mem_arena = False
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.intra_op_num_threads = THREADS
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        holder.session = ort.InferenceSession(
            str(model_path), sess_options=options, providers=["CPUExecutionProvider"]
        )


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


def read_text(rgb: np.ndarray, region: Rect | None = None) -> list[OcrLine]:
    """Lines of text in an RGB image (H, W, 3) uint8, top-to-bottom as the engine orders them.

    ``region`` (normalised) limits detection to where text can be, e.g. what is not a flat
    backdrop: text is read at the same scale as in the whole image, at a fraction of the cost.
    Boxes are in whole-image coordinates either way.
    """
    import cv2

    h, w = rgb.shape[:2]
    s = min(MAX_UPSCALE, (OCR_PIXELS / float(h * w)) ** 0.5)
    # Sides on the detector's 32-pixel grid (it would resize to that itself), so that a crop
    # cut on the same grid shows it exactly the pixels, aligned, it would see in the whole
    # image: small print is sensitive to both.
    sw, sh = max(GRID, round(w * s / GRID) * GRID), max(GRID, round(h * s / GRID) * GRID)
    if (sw, sh) != (w, h):
        rgb = cv2.resize(rgb, (sw, sh), interpolation=cv2.INTER_AREA if s < 1 else cv2.INTER_CUBIC)
    w, h = sw, sh
    x0, y0, x1, y1 = 0, 0, w, h
    if region is not None:
        r = region.clamped()
        x0, y0 = int(r.x * w) // GRID * GRID, int(r.y * h) // GRID * GRID
        x1 = min(w, max(x0 + GRID, -(-int(np.ceil((r.x + r.w) * w)) // GRID) * GRID))
        y1 = min(h, max(y0 + GRID, -(-int(np.ceil((r.y + r.h) * h)) // GRID) * GRID))
    crop = rgb[y0:y1, x0:x1]
    bgr = np.ascontiguousarray(crop[:, :, ::-1])
    engine = get_engine()
    with _run_lock:
        result = _detect_and_read(engine, bgr)
    lines: list[OcrLine] = []
    for quad, text, score in result:
        score = float(score)
        if not _plausible(str(text), score):
            continue
        pts = np.asarray(quad, dtype=np.float32)
        qx0, qy0 = pts.min(0)
        qx1, qy1 = pts.max(0)
        box = Rect(
            (x0 + float(qx0)) / w, (y0 + float(qy0)) / h, float(qx1 - qx0) / w, float(qy1 - qy0) / h
        ).clamped()
        lines.append(OcrLine(str(text).strip(), box, score))
    return lines


def _readable(quad: np.ndarray) -> bool:
    """A detected box worth recognising: at least MIN_BOX_HEIGHT pixels across its short side."""
    q = np.asarray(quad, dtype=np.float32)
    width = max(np.linalg.norm(q[0] - q[1]), np.linalg.norm(q[2] - q[3]))
    height = max(np.linalg.norm(q[0] - q[3]), np.linalg.norm(q[1] - q[2]))
    return bool(min(width, height) >= MIN_BOX_HEIGHT)


def _detect_and_read(engine: Any, bgr: np.ndarray) -> list[tuple[list[list[float]], str, float]]:
    """(quad, text, score) per text box: the engine's detector, then its recogniser on the
    readable boxes only. Banners the engine would letterbox go through its own pipeline."""
    h, w = bgr.shape[:2]
    if h <= engine.min_height or w / h > engine.width_height_ratio:
        result, _ = engine(bgr, use_cls=False)
        return [(q, str(t), float(s)) for q, t, s in result or []]
    boxes, _ = engine.text_det(bgr)
    if boxes is None or len(boxes) == 0:
        return []
    boxes = [b for b in engine.sorted_boxes(boxes) if _readable(b)]
    if not boxes:
        return []
    crops = engine.get_crop_img_list(bgr, boxes)
    read, _ = engine.text_rec(crops)
    return [(b.tolist(), str(r[0]), float(r[1])) for b, r in zip(boxes, read, strict=True)]
