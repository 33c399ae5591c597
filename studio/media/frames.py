"""Pictures out of a finished video, and the measurements the upload checks make on them.

Frames are decoded by ffmpeg (seeking before the input, which is exact since ffmpeg 2.1) into
RGB arrays. ``blankness`` says whether a frame is black or empty (nothing but a flat colour or
a soft gradient: a fade-in that starts from nothing, a forgotten leader, a bare background
card); ``bar_widths`` finds letterbox and pillarbox
bars: flat dark bands along the edges that stay on every sampled frame.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from studio.core.errors import MediaError
from studio.media.ffmpeg import ffmpeg_exe

# A frame is "empty" when it holds no detail: the mean absolute difference (luma, 0-255)
# between the frame and a blurred copy of it, on a 160-pixel-wide thumbnail, is below this.
# Measured: photos and captioned cards 3.6-28, the studio's bare gradient background 0.33,
# black 0. A gradient or vignette has no detail, so a bare background card counts as empty.
DETAIL_WIDTH = 160
DETAIL_BLUR = 3.0  # sigma, thumbnail pixels
FLAT_DETAIL = 1.0
BLACK_LUMA = 40.0  # mean luma (0-255) at or below which an empty frame reads as black
BAR_LUMA = 28.0  # a bar row or column is no brighter than this ...
BAR_SPREAD = 6.0  # ... and this flat across its length
MEASURE_WIDTH = 480  # frames for blank/bar checks are decoded this wide: plenty, and fast


@dataclass(frozen=True)
class Blankness:
    mean: float  # luma 0-255
    detail: float  # see FLAT_DETAIL

    @property
    def empty(self) -> bool:
        return self.detail < FLAT_DETAIL

    @property
    def black(self) -> bool:
        return self.empty and self.mean <= BLACK_LUMA


@dataclass(frozen=True)
class Bars:
    """Flat dark bands on each edge, as fractions of the frame's height or width."""

    top: float
    bottom: float
    left: float
    right: float

    @property
    def letterbox(self) -> bool:
        return min(self.top, self.bottom) >= BAR_MIN_FRACTION

    @property
    def pillarbox(self) -> bool:
        return min(self.left, self.right) >= BAR_MIN_FRACTION


BAR_MIN_FRACTION = 0.02  # bands thinner than 2 % of the frame are an edge, not a bar


def read_frame(path: Path, t: float, width: int | None = None) -> np.ndarray:
    """The RGB frame shown at ``t`` seconds (the last one for ``t`` past the end), scaled to
    ``width`` (height kept in proportion, even) or at full size."""
    return _decode(path, ["-ss", f"{max(t, 0.0):.3f}"], width)


def read_last_frame(path: Path, width: int | None = None) -> np.ndarray:
    """The final frame of the video."""
    return _decode(path, ["-sseof", "-1"], width, last=True)


def _decode(path: Path, seek: list[str], width: int | None, last: bool = False) -> np.ndarray:
    path = Path(path)
    size = _probe_size(path, width)
    scale = f"scale={size[0]}:{size[1]}:flags=area" if width else "null"
    cmd = [
        ffmpeg_exe(),
        "-v",
        "error",
        "-nostdin",
        *seek,
        "-i",
        str(path),
        "-map",
        "0:v:0",
        "-vf",
        f"{scale},format=rgb24",
    ]
    if last:
        cmd += ["-f", "image2pipe", "-vcodec", "rawvideo", "-"]
    else:
        cmd += ["-frames:v", "1", "-f", "rawvideo", "-"]
    proc = subprocess.run(cmd, capture_output=True)
    frame_bytes = size[0] * size[1] * 3
    data = proc.stdout
    if proc.returncode != 0 or len(data) < frame_bytes:
        if not last and not data and "-ss" in seek:  # asked past the end: take the last frame
            return read_last_frame(path, width)
        why = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise MediaError(path, f"no frame could be read ({why[-1] if why else 'no output'})")
    frame = np.frombuffer(data[-frame_bytes:], np.uint8)  # the last of the frames decoded
    return frame.reshape(size[1], size[0], 3).copy()


def _probe_size(path: Path, width: int | None) -> tuple[int, int]:
    from studio.media.ffmpeg import probe

    v = probe(path).first("video")
    if v is None or not v.width or not v.height:
        raise MediaError(path, "no video stream")
    if not width:
        return v.width, v.height
    h = int(v.height * width / v.width / 2 + 0.5) * 2  # even, in proportion
    return int(width), max(2, h)


def _luma(rgb: np.ndarray) -> np.ndarray:
    f = rgb.astype(np.float32)
    return 0.299 * f[..., 0] + 0.587 * f[..., 1] + 0.114 * f[..., 2]


def blankness(rgb: np.ndarray) -> Blankness:
    import cv2

    y = _luma(rgb)
    h, w = y.shape
    thumb = cv2.resize(
        y, (DETAIL_WIDTH, max(2, round(h * DETAIL_WIDTH / w))), interpolation=cv2.INTER_AREA
    )
    detail = np.abs(thumb - cv2.GaussianBlur(thumb, (0, 0), DETAIL_BLUR)).mean()
    return Blankness(float(y.mean()), float(detail))


def bar_widths(frames: list[np.ndarray]) -> Bars:
    """The bars every one of ``frames`` shows (the thinnest over the frames, per edge): a
    dark scene has dark edges, but only real bars stay on all of them."""
    if not frames:
        return Bars(0.0, 0.0, 0.0, 0.0)
    per_frame = [_bars(f) for f in frames]
    return Bars(
        min(b.top for b in per_frame),
        min(b.bottom for b in per_frame),
        min(b.left for b in per_frame),
        min(b.right for b in per_frame),
    )


def _bars(rgb: np.ndarray) -> Bars:
    y = _luma(rgb)
    h, w = y.shape
    rows = (y.max(axis=1) <= BAR_LUMA + BAR_SPREAD) & (y.std(axis=1) <= BAR_SPREAD)
    cols = (y.max(axis=0) <= BAR_LUMA + BAR_SPREAD) & (y.std(axis=0) <= BAR_SPREAD)
    return Bars(
        _run(rows) / h,
        _run(rows[::-1]) / h,
        _run(cols) / w,
        _run(cols[::-1]) / w,
    )


def _run(flags: np.ndarray) -> int:
    """How many leading entries are True."""
    if flags.all():
        return int(flags.size)
    return int(np.argmin(flags))
