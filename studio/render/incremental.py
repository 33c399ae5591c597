"""Export by segments: encode only the scenes and crossfades that changed, join the rest.

The video is cut into segments (``studio.render.segments``); each one whose key is in the
cache is reused as it is, the others are rendered and encoded alone, as closed-GOP H.264 with
exactly the encoder arguments of a full export (``encoder.x264_args``), and stored. The
segments are then joined with ffmpeg's concat demuxer without re-encoding (``-c copy``), and
the soundtrack, always mixed for the whole video, is encoded and muxed in the same pass.
Every segment holds whole frames of the same frame grid, so the joined video has exactly the
frames, length and audio sync of a full render; at a join the picture differs from a full
render only by the encoder starting afresh there.

Size-capped encodes (a platform's file-size limit) do not come here: a VBV budget holds for
one continuous stream, and each segment would start with a full buffer of its own, so the
capped export keeps the one-pass path of ``encoder.encode_job``.

As there, the video is written under a temporary name and renamed only when complete, so a
cancelled or failed export leaves nothing at the output path; segments finished before a
cancel stay in the cache for the next export.
"""

from __future__ import annotations

import contextlib
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
    PROGRESS_EVERY,
    STAGE,
    aac_args,
    audio_input,
    check_export,
    ffmpeg_head,
    raw_video_input,
    run_ffmpeg,
    x264_args,
)
from studio.render.frame import FrameRenderer
from studio.render.plan import RenderPlan
from studio.render.segment_cache import SegmentCache
from studio.render.segments import Segment, plan_segments

WAIT_SECONDS = 0.05  # between looks at a segment another export is building


@dataclass
class SegmentedExport:
    video: Path
    reused: list[Segment] = field(default_factory=list)
    built: list[Segment] = field(default_factory=list)


def segment_keys(plan: RenderPlan, *, preset: str = "veryfast", crf: int = 20) -> list[Segment]:
    """The segments an export of ``plan`` with these settings uses (and their keys)."""
    return plan_segments(plan, _encoding(preset, crf))


def segmented_encode_job(
    plan: RenderPlan,
    out_path: Path,
    audio_wav: Path | Future[Path] | None,
    cache: SegmentCache | None = None,
    *,
    preset: str = "veryfast",
    crf: int = 20,
    dedicated: bool = False,
) -> Generator[Progress, None, SegmentedExport]:
    """Render ``plan`` to ``out_path`` like ``encoder.encode_job`` (same streams, frames and
    length), reusing the segments ``cache`` holds; reports which were reused and built.

    ``audio_wav`` may still be being mixed (a Future): the soundtrack is needed only when the
    segments are joined, so mixing it overlaps with encoding the picture."""
    out_path = Path(out_path)
    container = check_export(plan, out_path, None if isinstance(audio_wav, Future) else audio_wav)
    cache = cache or SegmentCache()
    segments = segment_keys(plan, preset=preset, crf=crf)
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
                            renderer, seg, cache, preset, crf, dedicated, done, total
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
        cmd += [*aac_args(), "-t", f"{total / plan.fps:.6f}"]
        cmd += ["-movflags", "+faststart", "-f", container, str(tmp)]
        yield from run_ffmpeg(cmd, None, 0, plan.fps, done_before=total, total=total)
        if not tmp.is_file() or tmp.stat().st_size == 0:
            raise StudioError("Export failed: ffmpeg finished but wrote no video.")
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
    dedicated: bool,
    done: int,
    total: int,
) -> Generator[Progress, None, Path]:
    """Encode one segment into the cache (checked to hold all its frames); its path."""
    plan = renderer.plan
    tmp = cache.temp_path(seg.key)
    try:
        cmd = [*ffmpeg_head(), *raw_video_input(plan), "-map", "0:v:0", *x264_args(preset, crf)]
        cmd += ["-an", "-f", "mp4", str(tmp)]
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


def _encoding(preset: str, crf: int) -> list[str]:
    """What of the encoder goes into a segment's key: its arguments and the ffmpeg build
    (whose name carries its version), since segments are joined as they were encoded."""
    return [*x264_args(preset, crf), Path(ffmpeg_exe()).name]
