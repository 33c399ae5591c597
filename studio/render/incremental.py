"""Export by segments: encode only the scenes and crossfades that changed, join the rest.

The video is cut into segments (``studio.render.segments``); each one whose key is in the
cache is reused as it is, the others are rendered and encoded alone, as closed-GOP H.264 with
exactly the encoder arguments of a full export (``encoder.x264_args``), and stored. The
segments are then joined with ffmpeg's concat demuxer without re-encoding (``-c copy``), and
the soundtrack, always mixed for the whole video, is encoded and muxed in the same pass.
Every segment holds whole frames of the same frame grid, so the joined video has exactly the
frames, length and audio sync of a full render; at a join the picture differs from a full
render only by the encoder starting afresh there.

A platform's file-size cap is kept the way the one-pass encoder keeps it, by a VBV rate, with
one difference: each segment starts with a full VBV buffer of its own, so n segments may
together exceed the rate by n buffers. The rate is therefore computed for the video's length
plus one buffer per extra segment (a little lower than one pass would use). The rate is part
of every key, so it is kept from following the length: a loose cap (most platforms') gives
one fixed rate far above what the picture needs, a tight one is rounded down to a coarse
scale, which a small change of length usually leaves alone.
Should the joined file still come out over the cap, or no sensible rate fit, the video is
encoded in one pass (``encoder.encode_job``, which also retries lower).

As there, the video is written under a temporary name and renamed only when complete, so a
cancelled or failed export leaves nothing at the output path; segments finished before a
cancel stay in the cache for the next export.
"""

from __future__ import annotations

import contextlib
import math
import os
import shutil
import time
from collections.abc import Generator
from concurrent.futures import Future, wait
from dataclasses import dataclass, field
from pathlib import Path

from studio.core.errors import MediaError, StudioError
from studio.core.fsutil import make_work_dir, temp_path_for
from studio.core.progress import Progress
from studio.media.ffmpeg import count_frames, ffmpeg_exe
from studio.render.encoder import (
    AUDIO_BITRATE,
    PROGRESS_EVERY,
    STAGE,
    VBV_SECONDS,
    aac_args,
    audio_input,
    capped_rates,
    check_export,
    encode_job,
    ffmpeg_head,
    raw_video_input,
    run_ffmpeg,
    vbv_args,
    x264_args,
)
from studio.render.frame import FrameRenderer
from studio.render.plan import RenderPlan
from studio.render.segment_cache import SegmentCache
from studio.render.segments import Segment, frame_owners, plan_segments

WAIT_SECONDS = 0.05  # between looks at a segment another export is building
RATE_STEPS = 8  # a size-capped rate is rounded down to one of 8 steps per doubling (9 %)
# A VBV rate this high (25 Mbit/s at 1080p30) is never reached at the export's quality, so a
# cap that allows more is kept at this rate: the keys then do not follow the video's length.
MAX_BITS_PER_PIXEL = 0.4


@dataclass
class SegmentedExport:
    video: Path
    reused: list[Segment] = field(default_factory=list)
    built: list[Segment] = field(default_factory=list)


def segment_keys(
    plan: RenderPlan, *, preset: str = "veryfast", crf: int = 20, video_kbps: int | None = None
) -> list[Segment]:
    """The segments an export of ``plan`` with these settings uses (and their keys);
    ``video_kbps``: the VBV rate of a size-capped export."""
    video = [*x264_args(preset, crf), *(vbv_args(video_kbps) if video_kbps else [])]
    return plan_segments(plan, [*video, Path(ffmpeg_exe()).name])


def segment_rates(plan: RenderPlan, max_bytes: int) -> tuple[int, int]:
    """(video, audio) kbit/s that keep the joined segments of ``plan`` under ``max_bytes``
    (see the module docstring); StudioError when none fits."""
    runs = frame_owners(plan)
    count = 1 + sum(1 for a, b in zip(runs, runs[1:], strict=False) if a != b)
    seconds = plan.frame_count / plan.fps + (count - 1) * VBV_SECONDS
    video, audio = capped_rates(seconds, plan.fps, max_bytes)
    ceiling = int(MAX_BITS_PER_PIXEL * plan.width * plan.height * plan.fps / 1000)
    if video >= ceiling:  # a loose cap (Amazon's 500 MB): the same rate whatever the length
        return ceiling, audio
    return int(2 ** (math.floor(math.log2(video) * RATE_STEPS) / RATE_STEPS)), audio


def segmented_encode_job(
    plan: RenderPlan,
    out_path: Path,
    audio_wav: Path | Future[Path] | None,
    cache: SegmentCache | None = None,
    *,
    preset: str = "veryfast",
    crf: int = 20,
    dedicated: bool = False,
    max_bytes: int | None = None,
) -> Generator[Progress, None, SegmentedExport]:
    """Render ``plan`` to ``out_path`` like ``encoder.encode_job`` (same streams, frames and
    length), reusing the segments ``cache`` holds; reports which were reused and built.

    ``audio_wav`` may still be being mixed (a Future): the soundtrack is needed only when the
    segments are joined, so mixing it overlaps with encoding the picture.

    ``max_bytes``: a file-size cap (see the module docstring)."""
    out_path = Path(out_path)
    container = check_export(plan, out_path, None if isinstance(audio_wav, Future) else audio_wav)

    def one_pass(wav: Path | None) -> Generator[Progress, None, SegmentedExport]:
        """The whole video in one encode, when segments cannot meet the size cap."""
        yield from encode_job(
            plan, out_path, wav, preset=preset, crf=crf, dedicated=dedicated, max_bytes=max_bytes
        )
        return SegmentedExport(out_path)

    rates = None
    if max_bytes is not None:
        try:
            rates = segment_rates(plan, max_bytes)
        except StudioError:  # one pass may still fit: it needs no buffer per segment
            wav = yield from _soundtrack(audio_wav, 0)
            return (yield from one_pass(wav))
    cache = cache or SegmentCache()
    segments = segment_keys(plan, preset=preset, crf=crf, video_kbps=rates[0] if rates else None)
    total = plan.frame_count
    result = SegmentedExport(out_path)
    renderer = FrameRenderer(plan)
    work = make_work_dir()
    tmp = temp_path_for(out_path)
    try:
        yield Progress(STAGE, 0, total, "Starting…")
        joined: dict[int, Path] = {}
        done = 0
        pending = list(range(len(segments)))
        while pending:
            busy: list[int] = []
            for k in pending:
                seg = segments[k]
                with cache.try_lock(seg.key) as mine:
                    if not mine:  # another export is building it: come back to it
                        busy.append(k)
                        continue
                    found = cache.lookup(seg.key, seg.frames)
                    if found is None:
                        found = yield from _build(
                            renderer,
                            seg,
                            cache,
                            preset,
                            crf,
                            rates[0] if rates else None,
                            dedicated,
                            done,
                            total,
                        )
                        result.built.append(seg)
                    else:
                        result.reused.append(seg)
                    joined[k] = cache.use_in(found, work, f"{k:05d}.mp4")
                done += seg.frames
                yield Progress(STAGE, done, total, f"Frame {done} of {total}")
            pending = busy
            if pending:
                time.sleep(WAIT_SECONDS)
                yield Progress(STAGE, done, total, "Waiting for another export's segments…")
        listing = work / "segments.ffconcat"
        listing.write_text(
            "ffconcat version 1.0\n" + "".join(f"file {joined[k].name}\n" for k in sorted(joined)),
            encoding="utf-8",
        )
        wav = yield from _soundtrack(audio_wav, total)
        cmd = [*ffmpeg_head(), "-f", "concat", "-safe", "0", "-i", str(listing)]
        cmd += [*audio_input(wav), "-map", "0:v:0", "-map", "1:a:0", "-c:v", "copy"]
        cmd += [*aac_args(f"{rates[1]}k" if rates else AUDIO_BITRATE)]
        cmd += ["-t", f"{total / plan.fps:.6f}"]
        cmd += ["-movflags", "+faststart", "-f", container, str(tmp)]
        yield from run_ffmpeg(cmd, None, 0, plan.fps, done_before=total, total=total)
        if not tmp.is_file() or tmp.stat().st_size == 0:
            raise StudioError("Export failed: ffmpeg finished but wrote no video.")
        if max_bytes is not None and tmp.stat().st_size > max_bytes:
            yield Progress(STAGE, 0, total, "Over the size limit: encoding again, in one pass")
            redone = yield from one_pass(wav)
            cache.evict()
            return redone
        try:
            os.replace(tmp, out_path)
        except OSError as exc:
            raise StudioError(f"Could not save {out_path.name}: {exc.strerror or exc}.") from exc
        cache.evict()
        yield Progress(STAGE, total, total, "Done")
        return result
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        shutil.rmtree(work, ignore_errors=True)


def _soundtrack(
    audio: Path | Future[Path] | None, total: int
) -> Generator[Progress, None, Path | None]:
    """The soundtrack's file, once its mixing (if it still runs) is done."""
    if not isinstance(audio, Future):
        return audio
    while not audio.done():
        yield Progress(STAGE, total, total, "Mixing the soundtrack…")
        wait([audio], timeout=PROGRESS_EVERY)
    wav = audio.result()
    if not Path(wav).is_file():
        raise MediaError(Path(wav), "audio file not found")
    return wav


def _build(
    renderer: FrameRenderer,
    seg: Segment,
    cache: SegmentCache,
    preset: str,
    crf: int,
    video_kbps: int | None,
    dedicated: bool,
    done: int,
    total: int,
) -> Generator[Progress, None, Path]:
    """Encode one segment into the cache (checked to hold all its frames); its path."""
    plan = renderer.plan
    tmp = cache.temp_path(seg.key)
    try:
        cmd = [*ffmpeg_head(), *raw_video_input(plan), "-map", "0:v:0", *x264_args(preset, crf)]
        cmd += [*(vbv_args(video_kbps) if video_kbps else []), "-an", "-f", "mp4", str(tmp)]
        frames = renderer.iter_yuv(seg.first, seg.stop)
        yield from run_ffmpeg(
            cmd, frames, seg.frames, plan.fps, dedicated=dedicated, done_before=done, total=total
        )
        written = count_frames(tmp)
        if written != seg.frames:
            raise StudioError(
                f"Export failed: a segment came out with {written} frames instead of {seg.frames}."
            )
        return cache.store(seg.key, tmp, seg.frames)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
