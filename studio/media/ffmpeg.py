"""The ffmpeg binary (from imageio-ffmpeg, or FFMPEG_BINARY) and probing without ffprobe.

imageio-ffmpeg ships ffmpeg but not ffprobe, so ``probe`` parses ``ffmpeg -i`` and measures
each stream's real duration by remuxing it to the null muxer.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from studio.core.errors import MediaError, StudioError


@functools.cache
def ffmpeg_exe() -> str:
    env = os.environ.get("FFMPEG_BINARY")
    if env and env != "ffmpeg-imageio":
        return env
    try:
        import imageio_ffmpeg
    except ImportError as exc:  # pragma: no cover - a broken install
        raise StudioError("ffmpeg is missing: install the imageio-ffmpeg package") from exc
    result: str = imageio_ffmpeg.get_ffmpeg_exe()
    return result


@dataclass(frozen=True)
class StreamInfo:
    kind: str  # "video" | "audio" | "subtitle" | "data"
    codec: str
    width: int = 0
    height: int = 0
    pix_fmt: str = ""
    fps: float = 0.0
    sample_rate: int = 0
    channels: str = ""


@dataclass(frozen=True)
class MediaInfo:
    duration: float | None
    streams: list[StreamInfo] = field(default_factory=list)
    format: str = ""
    raw: str = ""

    def first(self, kind: str) -> StreamInfo | None:
        return next((s for s in self.streams if s.kind == kind), None)


_DUR = re.compile(r"Duration: (\d+):(\d+):(\d+(?:\.\d+)?)")
_STREAM = re.compile(r"Stream #\d+:\d+(?:\[\w+\])?(?:\(\w+\))?: (Video|Audio|Subtitle|Data): (.*)")
_INPUT = re.compile(r"Input #0, ([\w,]+), from")


def probe(path: Path) -> MediaInfo:
    path = Path(path)
    if not path.exists():
        raise MediaError(path, "file not found")
    proc = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-nostdin", "-i", str(path)],
        capture_output=True,
        text=True,
        errors="replace",
    )
    err = proc.stderr
    if "Invalid data found" in err or "Input #0" not in err:
        raise MediaError(path, "not a media file ffmpeg can read")
    m = _DUR.search(err)
    duration = None
    if m:
        duration = int(m[1]) * 3600 + int(m[2]) * 60 + float(m[3])
    fm = _INPUT.search(err)
    streams = [_parse_stream(kind.lower(), desc) for kind, desc in _STREAM.findall(err)]
    return MediaInfo(duration, streams, fm[1] if fm else "", err)


def _parse_stream(kind: str, desc: str) -> StreamInfo:
    codec = desc.split(" ", 1)[0].rstrip(",")
    if kind == "video":
        size = re.search(r"\b(\d{2,5})x(\d{2,5})\b", desc)
        fps = re.search(r"([\d.]+) fps", desc)
        pix = re.search(r", (yuv\w+|rgb\w+|bgr\w+|gray\w*|nv12)", desc)
        return StreamInfo(
            kind,
            codec,
            width=int(size[1]) if size else 0,
            height=int(size[2]) if size else 0,
            pix_fmt=pix[1] if pix else "",
            fps=float(fps[1]) if fps else 0.0,
        )
    if kind == "audio":
        sr = re.search(r"(\d+) Hz", desc)
        ch = re.search(r"Hz, ([\w.()]+)", desc)
        return StreamInfo(
            kind, codec, sample_rate=int(sr[1]) if sr else 0, channels=ch[1] if ch else ""
        )
    return StreamInfo(kind, codec)


_TIME = re.compile(r"time=(\d+):(\d+):(\d+(?:\.\d+)?)")
_FRAME = re.compile(r"frame=\s*(\d+)")


def stream_duration(path: Path, kind: str) -> float:
    """End time in seconds of the first ``kind`` stream ("v" or "a"): the largest pts + duration
    over its packets, read by remuxing to framecrc. Unlike the progress clock this is not
    shortened by B-frame reordering or the size of the last packet."""
    proc = subprocess.run(
        [
            ffmpeg_exe(),
            "-v",
            "error",
            "-nostdin",
            "-i",
            str(path),
            "-map",
            f"0:{kind}:0",
            "-c",
            "copy",
            "-f",
            "framecrc",
            "-",
        ],
        capture_output=True,
        text=True,
        errors="replace",
    )
    tb = re.search(r"^#tb 0: (\d+)/(\d+)", proc.stdout, re.M)
    end = None
    for line in proc.stdout.splitlines():
        if line.startswith("#"):
            continue
        fields = [f.strip() for f in line.split(",")]
        if len(fields) >= 4:  # noqa: PLR2004 (the sample count is the fourth field)
            stop = int(fields[2]) + int(fields[3])
            end = stop if end is None else max(end, stop)
    if proc.returncode != 0 or tb is None or end is None:
        raise MediaError(path, f"no {kind} stream could be read")
    return end * int(tb[1]) / int(tb[2])


def count_frames(path: Path) -> int:
    proc = subprocess.run(
        [
            ffmpeg_exe(),
            "-hide_banner",
            "-nostdin",
            "-i",
            str(path),
            "-map",
            "0:v:0",
            "-c",
            "copy",
            "-f",
            "null",
            "-",
        ],
        capture_output=True,
        text=True,
        errors="replace",
    )
    frames = _FRAME.findall(proc.stderr)
    if proc.returncode != 0 or not frames:
        raise MediaError(path, "no video stream could be read")
    return int(frames[-1])
